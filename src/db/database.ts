import BetterSqlite3 from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { Database } from './tables';

export type Db = Kysely<Database>;

export interface OpenDatabase {
  db: Db;
  sqlite: BetterSqlite3.Database;
  close(): Promise<void>;
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
export function openDatabase(file: string, options: { busyTimeoutMs?: number } = {}): OpenDatabase {
  const sqlite = new BetterSqlite3(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('foreign_keys = ON');
  // better-sqlite3 waits for a lock synchronously, holding up every request meanwhile: keep it short
  // and let the error handler answer 503 with Retry-After (src/web/errors.ts).
  sqlite.pragma(`busy_timeout = ${Math.trunc(options.busyTimeoutMs ?? 5000)}`);
  sqlite.pragma('synchronous = NORMAL');
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(sqlite) }) });
  return {
    db,
    sqlite,
    close: async () => {
      await db.destroy(); // closes the better-sqlite3 handle too
    },
  };
}
