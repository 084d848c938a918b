import { type Kysely, sql } from 'kysely';
import { generatedId, nowDefault } from '../src/db/schema';

/**
 * The whole domain of DESIGN.md in one step, so that later work adds columns, not a redesign.
 * Instants are ISO-8601 UTC text; calendar dates (a letter's date) are YYYY-MM-DD text.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  const now = nowDefault(db);

  await db.schema
    .createTable('offices')
    .addColumn('id', 'integer', generatedId(db))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('parent_name', 'text') // cơ quan chủ quản, printed above the office in a letter's header
    .addColumn('short_name', 'text') // ký hiệu, e.g. STTTT
    .addColumn('place', 'text') // địa danh, e.g. Gia Lai
    .addColumn('website', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'integer', generatedId(db))
    .addColumn('office_id', 'integer', (c) => c.references('offices.id').onDelete('restrict'))
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('admin', 'officer')`))
    .addColumn('password_hash', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .addColumn('disabled_at', 'text')
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('csrf_secret', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .addColumn('expires_at', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'integer', generatedId(db))
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();

  await db.schema
    .createTable('agencies')
    .addColumn('id', 'integer', generatedId(db))
    .addColumn('office_id', 'integer', (c) => c.notNull().references('offices.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('short_name', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .addColumn('archived_at', 'text')
    .execute();
  await db.schema.createIndex('agencies_office_name').on('agencies').columns(['office_id', 'name']).unique().execute();

  await db.schema
    .createTable('agency_emails')
    .addColumn('id', 'integer', generatedId(db))
    .addColumn('agency_id', 'integer', (c) => c.notNull().references('agencies.id').onDelete('cascade'))
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('agency_emails_unique').on('agency_emails').columns(['agency_id', 'email']).unique().execute();

  await db.schema
    .createTable('agency_groups')
    .addColumn('id', 'integer', generatedId(db))
    .addColumn('office_id', 'integer', (c) => c.notNull().references('offices.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('description', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex('agency_groups_office_name').on('agency_groups').columns(['office_id', 'name']).unique().execute();

  await db.schema
    .createTable('agency_group_members')
    .addColumn('group_id', 'integer', (c) => c.notNull().references('agency_groups.id').onDelete('cascade'))
    .addColumn('agency_id', 'integer', (c) => c.notNull().references('agencies.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('agency_group_members_pk', ['group_id', 'agency_id'])
    .execute();

  await db.schema
    .createTable('consultations')
    .addColumn('id', 'integer', generatedId(db))
    .addColumn('office_id', 'integer', (c) => c.notNull().references('offices.id').onDelete('restrict'))
    .addColumn('number', 'text', (c) => c.notNull()) // số/ký hiệu of the request letter, e.g. 532/STTTT-BCVT
    .addColumn('letter_date', 'text', (c) => c.notNull())
    .addColumn('place', 'text')
    .addColumn('subject', 'text', (c) => c.notNull()) // V/v …
    .addColumn('draft_title', 'text') // the draft's own name, when it differs from the subject
    .addColumn('summary', 'text') // the request letter's body
    .addColumn('legal_basis', 'text')
    .addColumn('signer_prefix', 'text', (c) => c.check(sql`signer_prefix is null or signer_prefix in ('KT.', 'TM.', 'Q.', 'TL.', 'TUQ.')`))
    .addColumn('signer_authority', 'text') // e.g. GIÁM ĐỐC, after KT.
    .addColumn('signer_title', 'text') // e.g. PHÓ GIÁM ĐỐC
    .addColumn('signer_name', 'text')
    .addColumn('contact_name', 'text')
    .addColumn('contact_title', 'text')
    .addColumn('contact_phone', 'text')
    .addColumn('contact_email', 'text')
    .addColumn('website_section', 'text') // where the office also posts the draft
    .addColumn('deadline_at', 'text', (c) => c.notNull()) // the instant comments stop being on time
    .addColumn('original_deadline_at', 'text') // the deadline the letter printed, when the portal's differs (demo, extension)
    .addColumn('deadline_rule', 'text', (c) => c.notNull().check(sql`deadline_rule in ('before_date', 'by_end_of_date', 'at_time')`))
    .addColumn('late_policy', 'text', (c) => c.notNull().defaultTo('refuse').check(sql`late_policy in ('refuse', 'accept_late')`))
    .addColumn('letter_required', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('draft').check(sql`status in ('draft', 'open', 'report_published')`))
    .addColumn('is_demo', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .addColumn('published_at', 'text')
    .addColumn('report_published_at', 'text')
    .execute();
  await db.schema.createIndex('consultations_office').on('consultations').column('office_id').execute();

  // The "Kính gửi" lines as printed; a line names one agency or a whole group.
  await db.schema
    .createTable('consultation_recipients')
    .addColumn('id', 'integer', generatedId(db))
    .addColumn('consultation_id', 'integer', (c) => c.notNull().references('consultations.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('agency_id', 'integer', (c) => c.references('agencies.id').onDelete('set null'))
    .addColumn('group_id', 'integer', (c) => c.references('agency_groups.id').onDelete('set null'))
    .execute();

  await db.schema
    .createTable('attachments')
    .addColumn('id', 'integer', generatedId(db))
    .addColumn('consultation_id', 'integer', (c) => c.references('consultations.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('draft_source', 'request_letter', 'other', 'reply_letter', 'report')`))
    .addColumn('title', 'text')
    .addColumn('filename', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('size', 'integer', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('storage_key', 'text', (c) => c.notNull())
    .addColumn('is_public', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .execute();

  await db.schema
    .createTable('draft_versions')
    .addColumn('id', 'integer', generatedId(db))
    .addColumn('consultation_id', 'integer', (c) => c.notNull().references('consultations.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull()) // lần N
    .addColumn('source_attachment_id', 'integer', (c) => c.references('attachments.id').onDelete('set null'))
    .addColumn('frame_json', 'text', (c) => c.notNull().defaultTo('[]')) // header, preamble and closing as parsed
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .execute();
  await db.schema.createIndex('draft_versions_unique').on('draft_versions').columns(['consultation_id', 'version']).unique().execute();

  await db.schema
    .createTable('clauses')
    .addColumn('id', 'integer', generatedId(db))
    .addColumn('draft_version_id', 'integer', (c) => c.notNull().references('draft_versions.id').onDelete('cascade'))
    .addColumn('parent_id', 'integer', (c) => c.references('clauses.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull()) // document order across the whole tree
    .addColumn('depth', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('label', 'text')
    .addColumn('heading', 'text')
    .addColumn('text', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('anchor', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('clauses_version_position').on('clauses').columns(['draft_version_id', 'position']).unique().execute();
  await db.schema.createIndex('clauses_version_anchor').on('clauses').columns(['draft_version_id', 'anchor']).unique().execute();

  await db.schema
    .createTable('invitations')
    .addColumn('id', 'integer', generatedId(db))
    .addColumn('consultation_id', 'integer', (c) => c.notNull().references('consultations.id').onDelete('cascade'))
    .addColumn('agency_id', 'integer', (c) => c.notNull().references('agencies.id').onDelete('restrict'))
    .addColumn('token_hash', 'text', (c) => c.unique())
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .addColumn('sent_at', 'text')
    .addColumn('opened_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('invitations_consultation_agency').on('invitations').columns(['consultation_id', 'agency_id']).unique().execute();

  await db.schema
    .createTable('submissions')
    .addColumn('id', 'integer', generatedId(db))
    .addColumn('invitation_id', 'integer', (c) => c.notNull().references('invitations.id').onDelete('cascade'))
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('draft', 'submitted')`))
    .addColumn('revision', 'integer', (c) => c.notNull().defaultTo(0)) // 0 for the draft, 1.. for each submitted version
    .addColumn('general_comment', 'text')
    .addColumn('agree_without_comments', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('letter_number', 'text')
    .addColumn('letter_date', 'text')
    .addColumn('letter_signer', 'text')
    .addColumn('letter_signer_title', 'text')
    .addColumn('letter_attachment_id', 'integer', (c) => c.references('attachments.id').onDelete('set null'))
    .addColumn('saved_by', 'text')
    .addColumn('saved_at', 'text', (c) => c.notNull().defaultTo(now))
    .addColumn('submitted_at', 'text')
    .addColumn('late', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('receipt_number', 'text', (c) => c.unique())
    .addColumn('entered_by_user_id', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .execute();
  await db.schema.createIndex('submissions_invitation').on('submissions').columns(['invitation_id', 'state', 'revision']).execute();

  await db.schema
    .createTable('comments')
    .addColumn('id', 'integer', generatedId(db))
    .addColumn('submission_id', 'integer', (c) => c.notNull().references('submissions.id').onDelete('cascade'))
    .addColumn('clause_id', 'integer', (c) => c.references('clauses.id').onDelete('restrict'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('proposed_text', 'text')
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.createIndex('comments_submission').on('comments').column('submission_id').execute();
  await db.schema.createIndex('comments_clause').on('comments').column('clause_id').execute();

  await db.schema
    .createTable('responses')
    .addColumn('id', 'integer', generatedId(db))
    .addColumn('comment_id', 'integer', (c) => c.notNull().unique().references('comments.id').onDelete('cascade'))
    .addColumn('group_key', 'text') // comments answered together share a key
    .addColumn('decision', 'text', (c) => c.notNull().check(sql`decision in ('accepted', 'partly_accepted', 'not_accepted', 'noted')`))
    .addColumn('explanation', 'text')
    .addColumn('decided_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('decided_at', 'text', (c) => c.notNull().defaultTo(now))
    .execute();

  await db.schema
    .createTable('outbox')
    .addColumn('id', 'integer', generatedId(db))
    .addColumn('consultation_id', 'integer', (c) => c.references('consultations.id').onDelete('set null'))
    .addColumn('invitation_id', 'integer', (c) => c.references('invitations.id').onDelete('set null'))
    .addColumn('template', 'text', (c) => c.notNull())
    .addColumn('to_address', 'text', (c) => c.notNull())
    .addColumn('cc_address', 'text')
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body_text', 'text', (c) => c.notNull())
    .addColumn('body_html', 'text')
    .addColumn('state', 'text', (c) => c.notNull().defaultTo('pending').check(sql`state in ('pending', 'sent', 'failed')`))
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('next_attempt_at', 'text', (c) => c.notNull().defaultTo(now))
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull().defaultTo(now))
    .addColumn('sent_at', 'text')
    .execute();
  await db.schema.createIndex('outbox_due').on('outbox').columns(['state', 'next_attempt_at']).execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'integer', generatedId(db))
    .addColumn('at', 'text', (c) => c.notNull().defaultTo(now))
    .addColumn('actor_kind', 'text', (c) => c.notNull().check(sql`actor_kind in ('system', 'user', 'agency', 'cli')`))
    .addColumn('actor_id', 'integer')
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'integer')
    .addColumn('details_json', 'text')
    .execute();
  await db.schema.createIndex('audit_log_entity').on('audit_log').columns(['entity', 'entity_id']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  const tables = [
    'audit_log', 'outbox', 'responses', 'comments', 'submissions', 'invitations', 'clauses', 'draft_versions', 'attachments',
    'consultation_recipients', 'consultations', 'agency_group_members', 'agency_groups', 'agency_emails', 'agencies',
    'api_tokens', 'sessions', 'users', 'offices',
  ];
  for (const table of tables) await db.schema.dropTable(table).execute();
}
