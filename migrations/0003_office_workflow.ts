import type { Kysely } from 'kysely';
import { generatedId, nowDefault } from '../src/db/schema';

/**
 * What the office's workflow needs beyond the first schema: the draft's text as extracted from its
 * file (shown beside the clause tree while the officer reviews it), and when the automatic reminder
 * went out (so it goes out once, whichever process runs the job), and one token per mail sent to an
 * agency: a reminder carries a fresh personal link while the invitation's link keeps working, and
 * every one of them is stored only as a hash.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('draft_versions').addColumn('source_text', 'text').execute();
  await db.schema.alterTable('draft_versions').addColumn('source_kind', 'text').execute();
  await db.schema.alterTable('consultations').addColumn('auto_reminder_at', 'text').execute();
  await db.schema.alterTable('invitations').addColumn('last_reminded_at', 'text').execute();
  await db.schema
    .createTable('invitation_tokens')
    .addColumn('id', 'integer', generatedId(db))
    .addColumn('invitation_id', 'integer', (c) => c.notNull().references('invitations.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(nowDefault(db)))
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('invitation_tokens_invitation').on('invitation_tokens').column('invitation_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('invitation_tokens').execute();
  await db.schema.alterTable('invitations').dropColumn('last_reminded_at').execute();
  await db.schema.alterTable('consultations').dropColumn('auto_reminder_at').execute();
  await db.schema.alterTable('draft_versions').dropColumn('source_kind').execute();
  await db.schema.alterTable('draft_versions').dropColumn('source_text').execute();
}
