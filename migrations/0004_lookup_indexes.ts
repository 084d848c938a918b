import type { Kysely } from 'kysely';

/**
 * Indexes for lookups the first schemas left to table scans: a consultation's "Kính gửi" lines and
 * attachments (read by every public page), and the foreign keys SQLite checks when a parent row is
 * deleted (clauses of a re-imported draft, sessions and tokens of a user, an agency's invitations).
 */
const INDEXES: [name: string, table: string, columns: string[]][] = [
  ['consultation_recipients_consultation', 'consultation_recipients', ['consultation_id', 'position']],
  ['attachments_consultation', 'attachments', ['consultation_id']],
  ['clauses_parent', 'clauses', ['parent_id']],
  ['invitations_agency', 'invitations', ['agency_id']],
  ['agency_group_members_agency', 'agency_group_members', ['agency_id']],
  ['sessions_user', 'sessions', ['user_id']],
  ['api_tokens_user', 'api_tokens', ['user_id']],
  ['outbox_consultation', 'outbox', ['consultation_id']],
  ['outbox_invitation', 'outbox', ['invitation_id']],
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const [name, table, columns] of INDEXES) await db.schema.createIndex(name).on(table).columns(columns).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const [name] of INDEXES) await db.schema.dropIndex(name).execute();
}
