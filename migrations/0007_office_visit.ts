import type { Kysely } from 'kysely';

/**
 * When each officer last looked at the office's dashboard, so it can show what came in since
 * (null until the first visit after this release: nothing is marked new then).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').addColumn('office_seen_at', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').dropColumn('office_seen_at').execute();
}
