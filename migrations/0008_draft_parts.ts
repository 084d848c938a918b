import type { Kysely } from 'kysely';

/**
 * What a clause holds besides its words (issue 13): a table's `rows`, Word `footnotes` and
 * `endnotes`, and the drafter's `comments` (the office's alone), as one JSON object, null when the
 * clause has none. A draft of several parts needs no column: each further part is a clause of kind
 * `attached_document`, and draft_versions.frame_json keeps the other parts' frames under `parts`.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('clauses').addColumn('extras_json', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('clauses').dropColumn('extras_json').execute();
}
