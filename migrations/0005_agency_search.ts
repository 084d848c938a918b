import { type Kysely, sql } from 'kysely';
import { searchKey } from '../src/agencies/names';

/**
 * The directory is searched and sorted in SQL: each agency keeps its name (and short name) as the
 * search matches them, lower-cased and without diacritics ("Chư Păh" → "chu pah"). SQLite's lower()
 * and LIKE fold ASCII only, so the key is computed by the portal when a name is written.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('agencies').addColumn('name_search', 'text', (c) => c.notNull().defaultTo('')).execute();
  await db.schema.alterTable('agencies').addColumn('short_search', 'text').execute();
  const rows = await sql<{ id: number; name: string; short_name: string | null }>`select id, name, short_name from agencies`.execute(db);
  for (const row of rows.rows) {
    await sql`update agencies set name_search = ${searchKey(row.name)}, short_search = ${row.short_name === null ? null : searchKey(row.short_name)} where id = ${row.id}`.execute(db);
  }
  await db.schema.createIndex('agencies_office_search').on('agencies').columns(['office_id', 'archived_at', 'name_search', 'name']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropIndex('agencies_office_search').execute();
  await db.schema.alterTable('agencies').dropColumn('short_search').execute();
  await db.schema.alterTable('agencies').dropColumn('name_search').execute();
}
