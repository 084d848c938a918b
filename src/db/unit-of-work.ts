import type { Db } from './database';

/**
 * How services reach the database: `read` hands them repositories on the database, `write` the same
 * repositories bound to one transaction, committed when `work` resolves and rolled back if it throws.
 * Services never hold a database handle, so a query cannot escape its transaction by mistake.
 */
export interface UnitOfWork<R> {
  read<T>(work: (repositories: R) => Promise<T>): Promise<T>;
  write<T>(work: (repositories: R) => Promise<T>): Promise<T>;
}

/** `bind` builds every repository on a database or a transaction; it knows the features, this does not. */
export function createUnitOfWork<R>(db: Db, bind: (db: Db) => R): UnitOfWork<R> {
  const onDatabase = bind(db);
  return {
    read: (work) => work(onDatabase),
    write: (work) => db.transaction().execute((trx) => work(bind(trx))),
  };
}
