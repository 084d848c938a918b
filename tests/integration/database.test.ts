import { type Kysely, Migrator, sql } from 'kysely';
import { migrations } from '../../migrations';
import { runCli } from '../../src/cli';
import { openDatabase } from '../../src/db/database';
import { migrateToLatest } from '../../src/db/migrate';
import { loadDemo } from '../../src/demo/load-demo';
import { type TestApp, startTestApp } from '../helpers/app';
import { openEmptyTestDatabase } from '../helpers/database';
import { onPostgres } from '../helpers/test-engine';
import path from 'node:path';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';

const DOMAIN_TABLES = [
  'agencies', 'agency_emails', 'agency_group_members', 'agency_groups', 'api_tokens', 'attachments', 'audit_log', 'change_counters', 'clause_pairs', 'clauses',
  'comments', 'consultation_recipients', 'consultations', 'draft_versions', 'invitation_tokens', 'invitations', 'offices', 'outbox', 'public_comments', 'rate_limits', 'receipt_counters', 'responses',
  'sessions', 'submissions', 'users',
];

describe('schema', () => {
  it('migrates a fresh database to the whole domain, and a second run changes nothing', async () => {
    const database = await openEmptyTestDatabase();
    try {
      expect(await migrateToLatest(database.db)).toEqual(['0001_domain', '0003_office_workflow', '0004_lookup_indexes', '0005_agency_search', '0005_session_office', '0006_record', '0007_office_visit', '0008_draft_parts', '0009_shared_state', '0010_rounds', '0011_public_comments']);
      expect(await migrateToLatest(database.db)).toEqual([]);
      const tables =
        database.engine === 'postgres'
          ? await sql<{ name: string }>`select table_name as name from information_schema.tables where table_schema = current_schema() and table_name not like 'kysely_%' order by table_name`.execute(database.db)
          : await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'kysely_%' order by name`.execute(database.db);
      expect(tables.rows.map((r) => r.name)).toEqual(DOMAIN_TABLES);
    } finally {
      await database.close();
    }
  });

  // SQLite's own settings; PostgreSQL has WAL and foreign keys always.
  if (!onPostgres) {
    it('opens SQLite with WAL and foreign keys', async () => {
      const database = openDatabase(':memory:');
      try {
        await migrateToLatest(database.db);
        expect(database.sqlite.pragma('foreign_keys', { simple: true })).toBe(1);
      } finally {
        await database.close();
      }
    });
  }
});

describe('upgrading a database made by the previous release', () => {
  it('when 0006 runs then receipts continue after the highest number given, letters keep their wording, office entries stay marked and replaced drafts leave the public', async () => {
    const database = await openEmptyTestDatabase();
    try {
      const migrator = new Migrator({ db: database.db as unknown as Kysely<unknown>, provider: { getMigrations: async () => migrations } });
      expect((await migrator.migrateTo('0005_session_office')).error).toBeUndefined();
      const q = (text: string) => sql.raw(text).execute(database.db);
      await q(`insert into offices (id, name) values (1, 'Sở A'), (2, 'Sở B')`);
      await q(`insert into users (id, office_id, email, name, role, password_hash) values (1, 1, 'a@a.example', 'Cán bộ A', 'officer', 'x')`);
      await q(`insert into agencies (id, office_id, name) values (1, 1, 'Công an tỉnh'), (2, 2, 'Tỉnh đoàn')`);
      const consultation = (id: number, office: number, rule: string, original: string | null) =>
        `insert into consultations (id, office_id, number, letter_date, subject, deadline_at, original_deadline_at, deadline_rule, status) values (${id}, ${office}, '${id}/X', '2026-01-05', 's', '2026-02-01T08:38:00.000Z', ${original ? `'${original}'` : 'null'}, '${rule}', 'open')`;
      // Ended early by the previous release: the rule became at_time, the letter said "trước ngày 10/02/2026".
      await q(consultation(1, 1, 'at_time', '2026-02-09T17:00:00.000Z'));
      await q(consultation(2, 2, 'by_end_of_date', '2026-02-09T17:00:00.000Z'));
      await q(`insert into invitations (id, consultation_id, agency_id) values (1, 1, 1), (2, 2, 2)`);
      await q(`insert into submissions (id, invitation_id, state, revision, submitted_at, receipt_number, entered_by_user_id) values
        (3, 1, 'draft', 0, null, null, null),
        (4, 1, 'submitted', 1, '2026-01-20T03:00:00.000Z', 'BN-20260120-000004', 1),
        (9, 2, 'submitted', 1, '2026-01-21T03:00:00.000Z', 'BN-20260121-000009', null)`);
      await q(`insert into attachments (id, consultation_id, kind, filename, content_type, size, sha256, storage_key, is_public) values
        (1, 1, 'draft_source', 'cu.pdf', 'application/pdf', 1, 'x', 'k1', 1),
        (2, 1, 'draft_source', 'moi.pdf', 'application/pdf', 1, 'x', 'k2', 1)`);
      await q(`insert into draft_versions (consultation_id, version, source_attachment_id) values (1, 1, 2)`);

      expect(await migrateToLatest(database.db)).toEqual(['0006_record', '0007_office_visit', '0008_draft_parts', '0009_shared_state', '0010_rounds', '0011_public_comments']);
      const { db } = database;
      expect(await db.selectFrom('receipt_counters').selectAll().orderBy('office_id').execute()).toEqual([
        { office_id: 1, year: 2026, last_number: 4 },
        { office_id: 2, year: 2026, last_number: 9 },
      ]);
      const rules = await db.selectFrom('consultations').select(['id', 'original_deadline_rule', 'closed_at']).orderBy('id').execute();
      expect(rules).toEqual([{ id: 1, original_deadline_rule: 'before_date', closed_at: null }, { id: 2, original_deadline_rule: 'by_end_of_date', closed_at: null }]);
      expect(await db.selectFrom('submissions').select(['id', 'entered_by_office']).orderBy('id').execute()).toEqual([
        { id: 3, entered_by_office: 0 }, { id: 4, entered_by_office: 1 }, { id: 9, entered_by_office: 0 },
      ]);
      expect(await db.selectFrom('attachments').select(['filename', 'is_public']).orderBy('id').execute()).toEqual([{ filename: 'cu.pdf', is_public: 0 }, { filename: 'moi.pdf', is_public: 1 }]);
    } finally {
      await database.close();
    }
  });
});

describe('demo', () => {
  let t: TestApp;
  afterEach(async () => t.close());

  it('loads once: the office, 6 agencies, 2 groups of 17 and 3 members, and Draft 1 with 9 sections and 25 items', async () => {
    t = await startTestApp();
    const { db } = t.deps;
    const count = async (table: 'agencies' | 'agency_groups' | 'consultations' | 'offices') =>
      Number((await db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    expect(await count('offices')).toBe(1);
    expect(await count('agencies')).toBe(6 + 17 + 3);
    expect(await count('agency_groups')).toBe(2);
    const clauses = await db.selectFrom('clauses').select(['kind', 'label', 'depth']).orderBy('position').execute();
    expect(clauses.filter((c) => c.depth === 0)).toHaveLength(9);
    expect(clauses.filter((c) => c.depth === 1)).toHaveLength(25);
    const emails = await db.selectFrom('agency_emails').select('email').execute();
    for (const { email } of emails) expect(email).toMatch(/@gialai\.example$/u);

    const again = await loadDemo({ uow: t.deps.uow, drafts: t.deps.services.drafts, storage: t.deps.storage, clock: t.deps.clock });
    expect(again).toBeNull();
    expect(await count('consultations')).toBe(1);
  });

  it('is not loaded when DEMO is off', async () => {
    t = await startTestApp({ demo: false });
    expect(t.demoId).toBeNull();
    expect(await t.repos.consultations.countAll()).toBe(0);
  });
});

describe('gopy CLI', () => {
  const captured = () => {
    const lines: string[] = [];
    const errors: string[] = [];
    return { out: { log: (s: string) => lines.push(s), error: (s: string) => errors.push(s) }, lines, errors };
  };

  it('parse prints the seed tree as JSON', async () => {
    const { out, lines } = captured();
    expect(await runCli(['parse', path.join(__dirname, '../../src/demo/seed/532-STTTT-BCVT-du-thao-lan-1.txt')], out)).toBe(0);
    const tree = JSON.parse(lines.join('\n'));
    expect(tree.version).toBe(1);
    expect(tree.clauses.map((c: { label: string }) => c.label)).toEqual(['1.', '2.', '3.', '4.', '5.', '6.', '7.', '8.', '9.']);
    expect(tree.clauses[0].children[0]).toEqual({ kind: 'item', label: '1.1.', heading: null, text: expect.stringMatching(/^Tăng cường công tác/u), children: [] });
  });

  it('parse refuses a missing file, an unknown type and no file with a clear message', async () => {
    const a = captured();
    expect(await runCli(['parse', '/nonexistent/du-thao.txt'], a.out)).toBe(1);
    expect(a.errors[0]).toContain('cannot read');
    const b = captured();
    const png = path.join(mkdtempSync(path.join(tmpdir(), 'gopy-cli-')), 'scan.docx');
    writeFileSync(png, Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'));
    expect(await runCli(['parse', png], b.out)).toBe(2);
    expect(b.errors.join(' ')).toMatch(/không phải văn bản.*DOCX, PDF hoặc TXT/u);
    const c = captured();
    expect(await runCli(['parse'], c.out)).toBe(2);
    const d = captured();
    expect(await runCli(['frobnicate'], d.out)).toBe(2);
  });

  it('migrate creates the database and backup copies it while it is open', async () => {
    const t2 = await startTestApp();
    try {
      const env = t2.env;
      const { out, lines, errors } = captured();
      expect(await runCli(['migrate'], out, env)).toBe(0);
      expect(lines[0]).toBe('The database is up to date.');
      const target = path.join(t2.dataDir, 'backup.sqlite');
      if (t2.deps.database.engine === 'postgres') {
        // Copying the database is PostgreSQL's own tools' work: the command says which, in both languages.
        expect(await runCli(['backup', target], out, env)).toBe(1);
        expect(errors.join('\n')).toMatch(/cơ sở dữ liệu là PostgreSQL.*pg_dump[\s\S]*the database is PostgreSQL.*pg_dump[\s\S]*pg_dump --format=custom/u);
        expect(errors.join('\n')).not.toContain('gopy:gopy@');
        expect(await runCli(['restore', target], out, env)).toBe(1);
        expect(errors.join('\n')).toContain('pg_restore');
        expect(existsSync(target)).toBe(false);
        return;
      }
      expect(await runCli(['backup', target], out, env)).toBe(0);
      expect(existsSync(target)).toBe(true);
      const copy = openDatabase(target);
      try {
        const row = await copy.db.selectFrom('consultations').select('number').executeTakeFirstOrThrow();
        expect(row.number).toBe('532/STTTT-BCVT');
      } finally {
        await copy.close();
      }
    } finally {
      await t2.close();
    }
  });
});
