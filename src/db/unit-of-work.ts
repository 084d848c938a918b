import { SqliteAdapter, sql } from 'kysely';
import type { Db } from './database';
import { WrittenTablesRecorder } from './written-tables';

/**
 * How services reach the database: `read` hands them repositories on the database, `write` the same
 * repositories bound to one transaction, committed when `work` resolves and rolled back if it throws.
 * Services never hold a database handle, so a query cannot escape its transaction by mistake.
 */
export interface UnitOfWork<R> {
  read<T>(work: (repositories: R) => Promise<T>): Promise<T>;
  /** `durable`: the commit reaches the disk before `write` resolves (see WriteOptions). */
  write<T>(work: (repositories: R) => Promise<T>, options?: WriteOptions): Promise<T>;
}

export interface WriteOptions {
  /**
   * For a write whose author is told "saved" at once: SQLite syncs its log on this commit
   * (synchronous=FULL) instead of at the next checkpoint, so a power cut cannot take it back.
   * On PostgreSQL the commit waits for its log on disk (synchronous_commit=on for this transaction,
   * whatever the server's default). Group many such writes in one transaction to keep it cheap.
   */
  durable?: boolean;
}

export interface UnitOfWorkOptions<R> {
  /** Runs in the transaction after `work`, with the tables it wrote: for what must change with them. */
  beforeCommit?: (repositories: R, written: ReadonlySet<string>) => Promise<void>;
}

/** `bind` builds every repository on a database or a transaction; it knows the features, this does not. */
export function createUnitOfWork<R>(db: Db, bind: (db: Db) => R, options: UnitOfWorkOptions<R> = {}): UnitOfWork<R> {
  const onDatabase = bind(db);
  const inTransaction = async <T>(handle: Db, work: (repositories: R) => Promise<T>): Promise<T> => {
    const recorder = new WrittenTablesRecorder();
    const repositories = bind(handle.withPlugin(recorder));
    const result = await work(repositories);
    if (options.beforeCommit && recorder.tables.size > 0) await options.beforeCommit(repositories, recorder.tables);
    return result;
  };
  return {
    read: (work) => work(onDatabase),
    write:
      db.getExecutor().adapter instanceof SqliteAdapter
        ? (work, writeOptions) => immediateWrite(db, (handle) => inTransaction(handle, work), writeOptions?.durable === true)
        : (work, writeOptions) =>
            db.transaction().execute(async (trx) => {
              // A server may run with synchronous_commit off (fast, losing the last commits on a crash): not for these.
              if (writeOptions?.durable) await sql`set local synchronous_commit = on`.execute(trx);
              return inTransaction(trx, work);
            }),
  };
}

/**
 * SQLite: a write transaction takes the write lock when it begins (BEGIN IMMEDIATE), waiting up to
 * the busy timeout for another process (a `gopy` command, a second instance on the file). A deferred
 * one would take it at its first write, and two of them that had both read could not both go on:
 * SQLite then fails one at once rather than wait.
 */
async function immediateWrite<T>(db: Db, work: (handle: Db) => Promise<T>, durable: boolean): Promise<T> {
  return db.connection().execute(async (connection) => {
    // The connection is this write's alone until it returns: the setting covers this commit only.
    if (durable) await sql`pragma synchronous = FULL`.execute(connection);
    try {
      await sql`begin immediate`.execute(connection);
      try {
        const result = await work(connection);
        await sql`commit`.execute(connection);
        return result;
      } catch (err) {
        await sql`rollback`.execute(connection).catch(() => undefined);
        throw err;
      }
    } finally {
      if (durable) await sql`pragma synchronous = NORMAL`.execute(connection);
    }
  });
}
