import { type ColumnDefinitionBuilder, type Kysely, PostgresAdapter, type RawBuilder, sql } from 'kysely';

/** What differs between the engines in a migration; the rest of every migration is the same for both. */
export function isPostgres(db: Pick<Kysely<unknown>, 'getExecutor'>): boolean {
  return db.getExecutor().adapter instanceof PostgresAdapter;
}

/**
 * A column default: the moment the row is written, as ISO-8601 UTC text with milliseconds
 * (2026-11-29T03:04:05.678Z), the form the portal writes itself, so instants compare as text on
 * both engines. SQLite's is the expression the first migrations always had.
 */
export function nowDefault(db: Kysely<unknown>): RawBuilder<string> {
  return isPostgres(db)
    ? sql`(to_char(statement_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))`
    : sql`(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))`;
}

/** An integer primary key the database numbers: SQLite's autoincrement, PostgreSQL's identity column. */
export function generatedId(db: Kysely<unknown>): (c: ColumnDefinitionBuilder) => ColumnDefinitionBuilder {
  return isPostgres(db) ? (c) => c.primaryKey().generatedByDefaultAsIdentity() : (c) => c.primaryKey().autoIncrement();
}
