import {
  type CompiledQuery,
  type DatabaseConnection,
  type DatabaseIntrospector,
  type DatabaseMetadata,
  type Driver,
  Kysely,
  PostgresDialect,
  type QueryCompiler,
  type QueryResult,
  type SchemaMetadata,
  type TableMetadata,
  type TransactionSettings,
  sql,
} from 'kysely';
import pg from 'pg';
import { type QueryPlans, createQueryPlans } from './prepared';
import type { Database } from './tables';

export interface PostgresDatabase {
  engine: 'postgres';
  db: Kysely<Database>;
  pool: pg.Pool;
  /** The prepared queries' compiled plans for this database (src/db/prepared.ts). */
  plans: QueryPlans;
  close(): Promise<void>;
}

export interface PostgresOptions {
  /** Connections kept at most (DB_POOL_SIZE). */
  poolSize?: number;
  /** Tables are looked up (and made) in this schema first: each test app gets its own. */
  searchPath?: string;
  /**
   * How long a statement waits for a lock another transaction holds (lock_timeout) before failing
   * with lock_not_available, which the portal answers 503 with Retry-After (DB_BUSY_TIMEOUT_MS, as
   * SQLite's busy timeout); 0 waits without end.
   */
  lockTimeoutMs?: number;
}

const INT8_OID = 20;
const NUMERIC_OID = 1700;

/**
 * count(*) and sum() of integers come back as int8, which pg gives as a string because it may pass
 * 2^53; the portal's counts and sums are far below that, so they are read as numbers, as SQLite
 * gives them. Every other type keeps pg's parser.
 */
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID || oid === NUMERIC_OID) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format ?? 'text');
  },
} as unknown as pg.CustomTypesConfig;

/**
 * PostgreSQL's text cannot hold U+0000, which SQLite keeps and the portal keeps as typed (hostile
 * text is stored whole and shown inert). On the way in it becomes U+10FFFF, a noncharacter no
 * keyboard or form produces, and on the way out it turns back; every other character is untouched.
 */
const NUL = '\u0000';
const NUL_STAND_IN = '\u{10FFFF}';

function encodeParameter(value: unknown): unknown {
  return typeof value === 'string' && value.includes(NUL) ? value.split(NUL).join(NUL_STAND_IN) : value;
}

function decodeRows<R>(result: QueryResult<R>): QueryResult<R> {
  for (const row of result.rows as Record<string, unknown>[]) {
    for (const key in row) {
      const value = row[key];
      if (typeof value === 'string' && value.includes(NUL_STAND_IN)) row[key] = value.split(NUL_STAND_IN).join(NUL);
    }
  }
  return result;
}

function encodeQuery(query: CompiledQuery): CompiledQuery {
  return query.parameters.some((p) => typeof p === 'string' && p.includes(NUL)) ? { ...query, parameters: query.parameters.map(encodeParameter) } : query;
}

/** Kysely's PostgreSQL driver with U+0000 carried through (encodeQuery, decodeRows). */
class NulSafeDriver implements Driver {
  readonly #inner: Driver;
  readonly #unwrapped = new WeakMap<DatabaseConnection, DatabaseConnection>();

  constructor(inner: Driver) {
    this.#inner = inner;
  }

  init(): Promise<void> {
    return this.#inner.init();
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    const inner = await this.#inner.acquireConnection();
    const wrapper: DatabaseConnection = {
      executeQuery: async <R>(query: CompiledQuery): Promise<QueryResult<R>> => decodeRows(await inner.executeQuery<R>(encodeQuery(query))),
      streamQuery: async function* <R>(query: CompiledQuery, chunkSize?: number) {
        for await (const chunk of inner.streamQuery<R>(encodeQuery(query), chunkSize)) yield decodeRows(chunk);
      },
    };
    this.#unwrapped.set(wrapper, inner);
    return wrapper;
  }

  #inner_(connection: DatabaseConnection): DatabaseConnection {
    return this.#unwrapped.get(connection) ?? connection;
  }

  beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    return this.#inner.beginTransaction(this.#inner_(connection), settings);
  }

  commitTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#inner.commitTransaction(this.#inner_(connection));
  }

  rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    return this.#inner.rollbackTransaction(this.#inner_(connection));
  }

  async savepoint(connection: DatabaseConnection, name: string, compileQuery: QueryCompiler['compileQuery']): Promise<void> {
    await this.#inner.savepoint?.(this.#inner_(connection), name, compileQuery);
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string, compileQuery: QueryCompiler['compileQuery']): Promise<void> {
    await this.#inner.rollbackToSavepoint?.(this.#inner_(connection), name, compileQuery);
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string, compileQuery: QueryCompiler['compileQuery']): Promise<void> {
    await this.#inner.releaseSavepoint?.(this.#inner_(connection), name, compileQuery);
  }

  releaseConnection(connection: DatabaseConnection): Promise<void> {
    return this.#inner.releaseConnection(this.#inner_(connection));
  }

  destroy(): Promise<void> {
    return this.#inner.destroy();
  }
}

/**
 * What Kysely's migrator asks of the database (which schemas and tables exist), from the schemas of
 * the search path only. Kysely's own introspector reads every table of every schema with their
 * columns, which fails when another schema is dropped meanwhile (tests drop theirs as they end) and
 * would take a table of another schema for the portal's.
 */
class SearchPathIntrospector implements DatabaseIntrospector {
  readonly #db: Kysely<unknown>;

  constructor(db: Kysely<unknown>) {
    this.#db = db;
  }

  async getSchemas(): Promise<SchemaMetadata[]> {
    const { rows } = await sql<{ name: string }>`select nspname as name from pg_catalog.pg_namespace`.execute(this.#db);
    return rows;
  }

  async getTables(): Promise<TableMetadata[]> {
    const { rows } = await sql<{ name: string; schema: string; is_view: boolean }>`
      select c.relname as name, n.nspname as schema, c.relkind = 'v' as is_view
      from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace
      where c.relkind in ('r', 'p', 'v') and n.nspname = any (current_schemas(false))`.execute(this.#db);
    return rows.map((r) => ({ name: r.name, schema: r.schema, isView: r.is_view, columns: [] }));
  }

  async getMetadata(): Promise<DatabaseMetadata> {
    return { tables: await this.getTables() };
  }
}

class PortalPostgresDialect extends PostgresDialect {
  constructor(pool: pg.Pool) {
    super({ pool });
  }

  override createDriver(): Driver {
    return new NulSafeDriver(super.createDriver());
  }

  override createIntrospector(db: Kysely<unknown>): DatabaseIntrospector {
    return new SearchPathIntrospector(db);
  }
}

/** A quoted identifier, for a schema name given by a test. */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/gu, '""')}"`;
}

/** PostgreSQL through a `pg` pool; the role needs no rights beyond owning its database (or schema). */
export function openPostgres(url: string, options: PostgresOptions = {}): PostgresDatabase {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    types,
    ...(options.searchPath ? { options: `-c search_path=${quoteIdent(options.searchPath)}` } : {}),
  });
  // An idle connection the server drops (a restart) must not crash the process: the next query reconnects.
  pool.on('error', () => undefined);
  const lockTimeout = Math.max(0, Math.trunc(options.lockTimeoutMs ?? 0));
  // Queued on the new connection before any query of the portal's, which pg runs in order.
  if (lockTimeout > 0) pool.on('connect', (client) => void client.query(`set lock_timeout = ${lockTimeout}`).catch(() => undefined));
  const db = new Kysely<Database>({ dialect: new PortalPostgresDialect(pool) });
  return {
    engine: 'postgres',
    db,
    pool,
    plans: createQueryPlans(),
    close: async () => {
      await db.destroy(); // ends the pool too
    },
  };
}
