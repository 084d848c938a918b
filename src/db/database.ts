import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Config } from '../config';
import { ensurePrivateFile, narrowToOwner } from '../private-files';
import { openPostgres, type PostgresDatabase } from './postgres';
import { type QueryPlans, createQueryPlans } from './prepared';
import type { Database } from './tables';

export type Db = Kysely<Database>;
export type Engine = 'sqlite' | 'postgres';

interface OpenDatabaseBase {
  engine: Engine;
  db: Db;
  /** The prepared queries' compiled plans for this database (src/db/prepared.ts). */
  plans: QueryPlans;
  close(): Promise<void>;
}

export interface SqliteDatabase extends OpenDatabaseBase {
  engine: 'sqlite';
  sqlite: BetterSqlite3.Database;
}

export type { PostgresDatabase };
export type OpenDatabase = SqliteDatabase | PostgresDatabase;

/** The database the configuration names: PostgreSQL at DATABASE_URL, or the SQLite file DATA_DIR/gopy.sqlite. */
export function openConfiguredDatabase(config: Pick<Config, 'databaseUrl' | 'dbPoolSize' | 'dataDir' | 'dbBusyTimeoutMs'>): OpenDatabase {
  if (config.databaseUrl) return openPostgres(config.databaseUrl, { poolSize: config.dbPoolSize, lockTimeoutMs: config.dbBusyTimeoutMs });
  return openDatabase(path.join(config.dataDir, 'gopy.sqlite'), { busyTimeoutMs: config.dbBusyTimeoutMs });
}

/** Where the configured database is, for messages (never the password). */
export function describeDatabase(config: Pick<Config, 'databaseUrl' | 'dataDir'>): string {
  if (!config.databaseUrl) return path.join(config.dataDir, 'gopy.sqlite');
  const url = new URL(config.databaseUrl);
  return `${url.protocol}//${url.host}${url.pathname}`;
}

const STATEMENT_CACHE_SIZE = 500;

/**
 * Kysely prepares every query afresh; preparing costs about as much as running a small query, so
 * statements are kept by their SQL text (least recently used out first). Kysely runs one query at
 * a time on its single connection, so a cached statement is never in use twice — except one still
 * being iterated by a streamed query, which `busy` tells apart.
 */
function withStatementCache(sqlite: BetterSqlite3.Database) {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => sqlite.close(),
    prepare(text: string): BetterSqlite3.Statement {
      const cached = cache.get(text);
      if (cached && !cached.busy) {
        cache.delete(text);
        cache.set(text, cached);
        return cached;
      }
      const statement = sqlite.prepare(text);
      if (cached) return statement;
      if (cache.size >= STATEMENT_CACHE_SIZE) cache.delete(cache.keys().next().value!);
      cache.set(text, statement);
      return statement;
    },
  };
}

/** Opens (and creates) the SQLite file with WAL, foreign keys and a busy timeout. ':memory:' works for tests. */
export function openDatabase(file: string, options: { busyTimeoutMs?: number } = {}): SqliteDatabase {
  const onDisk = file !== ':memory:' && file !== '';
  // SQLite gives the -wal and -shm files the database file's mode when it makes them.
  if (onDisk) ensurePrivateFile(file);
  const sqlite = new BetterSqlite3(file);
  sqlite.pragma('journal_mode = WAL');
  if (onDisk) narrowToOwner(`${file}-wal`, `${file}-shm`);
  sqlite.pragma('foreign_keys = ON');
  // better-sqlite3 waits for a lock synchronously, holding up every request meanwhile: keep it short
  // and let the error handler answer 503 with Retry-After (src/web/errors.ts).
  sqlite.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 5000)}`);
  sqlite.pragma('synchronous = NORMAL');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return {
    engine: 'sqlite',
    db,
    sqlite,
    plans: createQueryPlans(),
    close: async () => {
      await db.destroy(); // closes the better-sqlite3 handle too
    },
  };
}
