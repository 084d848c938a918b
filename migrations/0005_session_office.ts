import { type Kysely, sql } from 'kysely';

/**
 * A session remembers the office its user belonged to when it was opened: a session is only
 * honoured while the user is still in that office, so an officer moved to another office can
 * never reach the new office's consultations with a cookie from the old one. Open sessions take
 * their user's present office.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sessions').addColumn('office_id', 'integer').execute();
  await sql`update sessions set office_id = (select users.office_id from users where users.id = sessions.user_id)`.execute(db);
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('sessions').dropColumn('office_id').execute();
}
