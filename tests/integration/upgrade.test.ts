import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import request from 'supertest';
import { createApp } from '../../src/app';
import { fixedClock } from '../../src/clock';
import { loadConfig } from '../../src/config';
import { openDatabase } from '../../src/db/database';
import { migrateToLatest } from '../../src/db/migrate';
import { prepare } from '../../src/startup';
import { sql } from 'kysely';
import { openTestDatabase } from '../helpers/database';
import { onPostgres } from '../helpers/test-engine';

/**
 * tests/fixtures/release-0.1-9eb74b6.sqlite was made by the release before PostgreSQL support
 * (commit 9eb74b6; tests/fixtures/make-release-db.js says how), with rows in every table. The
 * migrations were rewritten to serve both engines since; a SQLite database of that release must
 * open, migrate and serve with nothing lost. There is no PostgreSQL database of an earlier release:
 * with TEST_DB=postgres, the same migrations must give PostgreSQL the release's tables and columns.
 */
const FIXTURE = path.join(__dirname, '..', 'fixtures', 'release-0.1-9eb74b6.sqlite');

type Rows = Record<string, string[]>;

// Using the old API token below notes when it was used: the one column serving is meant to change.
const TOUCHED_BY_USE = new Set(['last_used_at']);
const rowText = (row: unknown) => JSON.stringify(Object.fromEntries(Object.entries(row as object).filter(([k]) => !TOUCHED_BY_USE.has(k))));

function columnsOf(file: string): Record<string, string[]> {
  const sqlite = new BetterSqlite3(file, { readonly: true });
  try {
    const tables = sqlite.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%' order by name").pluck().all() as string[];
    return Object.fromEntries(tables.map((t) => [t, (sqlite.prepare(`select name from pragma_table_info(?)`).pluck().all(t) as string[])]));
  } finally {
    sqlite.close();
  }
}

/** Every row of every table, as text; with `columns`, only those tables and columns. */
function everyRow(file: string, columns?: Record<string, string[]>): Rows {
  const sqlite = new BetterSqlite3(file, { readonly: true });
  try {
    const tables = columns
      ? Object.keys(columns)
      : (sqlite.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%' order by name").pluck().all() as string[]);
    const select = (t: string) => (columns ? columns[t]!.map((c) => `"${c}"`).join(', ') : '*');
    return Object.fromEntries(tables.map((t) => [t, (sqlite.prepare(`select ${select(t)} from "${t}"`).all() as unknown[]).map(rowText).sort()]));
  } finally {
    sqlite.close();
  }
}

function schemaOf(file: string): string[] {
  const sqlite = new BetterSqlite3(file, { readonly: true });
  try {
    return sqlite.prepare("select type || ' ' || name || ': ' || coalesce(sql, '') from sqlite_master where name not like 'sqlite_%' order by type, name").pluck().all() as string[];
  } finally {
    sqlite.close();
  }
}

function columnsOfSqlite(file: string): string[] {
  const sqlite = new BetterSqlite3(file, { readonly: true });
  try {
    const tables = sqlite.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%'").pluck().all() as string[];
    return tables.flatMap((t) => (sqlite.prepare(`select name from pragma_table_info('${t}')`).pluck().all() as string[]).map((c) => `${t}.${c}`)).sort();
  } finally {
    sqlite.close();
  }
}

if (onPostgres) {
  describe('a PostgreSQL database made by the same migrations', () => {
    it('has every table and column of the SQLite database of the release before PostgreSQL support, once that is migrated', async () => {
      const dir = mkdtempSync(path.join(tmpdir(), 'gopy-upgrade-'));
      const database = await openTestDatabase();
      try {
        copyFileSync(FIXTURE, path.join(dir, 'old.sqlite'));
        const old = openDatabase(path.join(dir, 'old.sqlite'));
        await migrateToLatest(old.db);
        await old.close();
        const { rows } = await sql<{ c: string }>`select table_name || '.' || column_name as c from information_schema.columns where table_schema = current_schema() and table_name not like 'kysely_%'`.execute(database.db);
        expect(rows.map((r) => r.c).sort()).toEqual(columnsOfSqlite(path.join(dir, 'old.sqlite')));
      } finally {
        await database.close();
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
} else {
  describe('a SQLite database made by the release before PostgreSQL support', () => {
    let dir: string;
    beforeEach(() => {
      dir = mkdtempSync(path.join(tmpdir(), 'gopy-upgrade-'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('once migrated, has the schema the rewritten migrations make on SQLite today, statement for statement', async () => {
      const fresh = openDatabase(path.join(dir, 'fresh.sqlite'));
      await migrateToLatest(fresh.db);
      await fresh.close();
      copyFileSync(FIXTURE, path.join(dir, 'old.sqlite'));
      const old = openDatabase(path.join(dir, 'old.sqlite'));
      await migrateToLatest(old.db);
      await old.close();
      expect(schemaOf(path.join(dir, 'fresh.sqlite'))).toEqual(schemaOf(path.join(dir, 'old.sqlite')));
    });

    it('when the portal starts on it then every row survives and the portal serves them', async () => {
      const before = everyRow(FIXTURE);
      for (const [table, rows] of Object.entries(before)) expect([table, rows.length > 0]).toEqual([table, true]);
      const dataDir = path.join(dir, 'data');
      const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, BASE_URL: 'http://gopy.test', DEMO: 'true', OVERLOAD_MAX_LAG_MS: '0' });
      mkdirSync(dataDir, { mode: 0o700 });
      copyFileSync(FIXTURE, path.join(dataDir, 'gopy.sqlite'));
      const { deps, demoId } = await prepare(config, fixedClock('2026-11-20T03:00:00.000Z'), () => undefined);
      try {
        expect(demoId).toBeNull(); // the demo is there already: not loaded again
        const app = createApp(deps, { log: () => undefined });
        const list = await request(app).get('/').expect(200);
        expect(list.text).toContain('532/STTTT-BCVT');
        const consultation = await deps.db.selectFrom('consultations').select('id').executeTakeFirstOrThrow();
        await request(app).get(`/consultations/${consultation.id}`).expect(200);
        // The API token and the submitted reply written by the old release still work and count.
        const token = { Authorization: 'Bearer api-token-of-the-fixture' };
        const mine = await request(app).get('/api/v1/office/consultations').set(token).expect(200);
        expect(JSON.stringify(mine.body)).toContain('532/STTTT-BCVT');
        const report = await request(app).get(`/api/v1/consultations/${consultation.id}/report`).set(token).expect(200);
        expect(JSON.stringify(report.body)).toContain('Đề nghị làm rõ đầu mối phối hợp.');
        expect(JSON.stringify(report.body)).toContain('Tiếp thu, đã sửa mục 2.3.');
      } finally {
        await deps.mail.delivery.stop();
        await deps.database.close();
      }
      // Compared on the release's own columns: later migrations may add columns (clauses.extras_json).
      const after = everyRow(path.join(dataDir, 'gopy.sqlite'), columnsOf(FIXTURE));
      for (const [table, rows] of Object.entries(before)) {
        const kept = new Set(after[table]);
        expect([table, rows.filter((r) => !kept.has(r))]).toEqual([table, []]);
      }
    });
  });
}
