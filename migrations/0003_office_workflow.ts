import type { Kysely } from 'kysely';

/**
 * What the office's workflow needs beyond the first schema: the draft's text as extracted from its
 * file (shown beside the clause tree while the officer reviews it), and when the automatic reminder
 * went out (so it goes out once, whichever process runs the job).
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('draft_versions').addColumn('source_text', 'text').execute();
  await db.schema.alterTable('draft_versions').addColumn('source_kind', 'text').execute();
  await db.schema.alterTable('consultations').addColumn('auto_reminder_at', 'text').execute();
  await db.schema.alterTable('invitations').addColumn('last_reminded_at', 'text').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('invitations').dropColumn('last_reminded_at').execute();
  await db.schema.alterTable('consultations').dropColumn('auto_reminder_at').execute();
  await db.schema.alterTable('draft_versions').dropColumn('source_kind').execute();
  await db.schema.alterTable('draft_versions').dropColumn('source_text').execute();
}
