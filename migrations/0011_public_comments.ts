import { type Kysely, sql } from 'kysely';
import { generatedId } from '../src/db/schema';

/**
 * Public comments ("ý kiến của tổ chức, cá nhân trên cổng"): whether a consultation takes them and
 * how (moderated before or after they are shown, names shown or not), and the comments themselves.
 * A comment is `unconfirmed` until its author opens the mailed link (it then expires at
 * `expires_at` unless confirmed), then `pending` or `published`, and a moderator may make it
 * `rejected` or, once published, `hidden`. The office's answer is kept on each comment: a group of
 * near-identical comments (a campaign) is answered once and the answer written to every member.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .alterTable('consultations')
    .addColumn('public_comments', 'text', (c) => c.notNull().defaultTo('off').check(sql`public_comments in ('off', 'before_moderation', 'after_moderation')`))
    .execute();
  await db.schema.alterTable('consultations').addColumn('public_names', 'integer', (c) => c.notNull().defaultTo(1)).execute();

  await db.schema
    .createTable('public_comments')
    .addColumn('id', 'integer', generatedId(db))
    .addColumn('consultation_id', 'integer', (c) => c.notNull().references('consultations.id').onDelete('cascade'))
    .addColumn('clause_id', 'integer', (c) => c.references('clauses.id').onDelete('restrict'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('email_key', 'text', (c) => c.notNull())
    .addColumn('organisation', 'text')
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('show_name', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('lang', 'text', (c) => c.notNull().defaultTo('vi'))
    .addColumn('state', 'text', (c) => c.notNull().check(sql`state in ('unconfirmed', 'pending', 'published', 'rejected', 'hidden')`))
    .addColumn('via', 'text', (c) => c.notNull().defaultTo('mail').check(sql`via in ('mail', 'oidc', 'office')`))
    .addColumn('confirm_token_hash', 'text')
    .addColumn('expires_at', 'text')
    .addColumn('flags', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('confirmed_at', 'text')
    .addColumn('published_at', 'text')
    .addColumn('moderated_at', 'text')
    .addColumn('moderated_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('reason', 'text')
    .addColumn('reason_note', 'text')
    .addColumn('decision', 'text', (c) => c.check(sql`decision in ('accepted', 'partly_accepted', 'not_accepted', 'noted')`))
    .addColumn('explanation', 'text')
    .addColumn('decided_by', 'integer', (c) => c.references('users.id').onDelete('set null'))
    .addColumn('decided_at', 'text')
    .execute();
  await db.schema.createIndex('public_comments_queue').on('public_comments').columns(['consultation_id', 'state', 'id']).execute();
  // The public list: published, newest first.
  await db.schema.createIndex('public_comments_published').on('public_comments').columns(['consultation_id', 'state', 'published_at', 'id']).execute();
  await db.schema.createIndex('public_comments_author').on('public_comments').columns(['consultation_id', 'email_key']).execute();
  await db.schema.createIndex('public_comments_token').on('public_comments').column('confirm_token_hash').unique().execute();
  await db.schema.createIndex('public_comments_expiry').on('public_comments').columns(['state', 'expires_at']).execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('public_comments').execute();
  await db.schema.alterTable('consultations').dropColumn('public_names').execute();
  await db.schema.alterTable('consultations').dropColumn('public_comments').execute();
}
