import { type Kysely, type Selectable, sql } from 'kysely';
import type { Clock } from '../clock';
import { isPostgres } from '../db/schema';
import type { Database, OutboxTable } from '../db/tables';

export type OutboxRow = Selectable<OutboxTable>;

export interface NewOutboxMessage {
  template: string;
  to: string;
  cc?: string | null;
  subject: string;
  text: string;
  html?: string | null;
  consultationId?: number | null;
  invitationId?: number | null;
}

const MAX_ERROR_LENGTH = 2000;

/** All SQL over the outbox. Instants are ISO-8601 UTC text, so text order is time order. */
const PERSONAL_LINK_RE = /\/(invite|public-comments\/confirm)\/[A-Za-z0-9_-]{43}/gu;

export function redactPersonalLinks(body: string): string {
  return body.replace(PERSONAL_LINK_RE, '/$1/[đã ẩn sau khi gửi]');
}

export type OutboxListRow = Pick<OutboxRow, 'id' | 'template' | 'to_address' | 'subject' | 'state' | 'attempts' | 'last_error' | 'next_attempt_at' | 'created_at'>;

export function createOutboxRepository(db: Kysely<Database>, clock: Clock) {
  /**
   * The office's messages; `q` matches the recipient or the subject case-insensitively: for ASCII
   * with SQLite's LIKE, for every letter with PostgreSQL's ILIKE (its LIKE tells cases apart).
   */
  const ofOffice = (officeId: number, q: string | null) => {
    let query = db.selectFrom('outbox').where('consultation_id', 'in', db.selectFrom('consultations').select('id').where('office_id', '=', officeId));
    if (q) {
      const pattern = `%${q.replace(/[\\%_]/gu, (c) => `\\${c}`)}%`;
      const like = isPostgres(db) ? sql`ilike` : sql`like`;
      query = query.where((eb) => eb.or([sql<boolean>`to_address ${like} ${pattern} escape '\\'`, sql<boolean>`subject ${like} ${pattern} escape '\\'`]));
    }
    return query;
  };

  return {
    /**
     * Writes a pending message, due now. Built on a service's transaction (the unit of work's
     * `write`), the mail exists if and only if the change that caused it was committed.
     */
    async enqueue(message: NewOutboxMessage): Promise<number> {
      const now = clock.now().toISOString();
      const row = await db
        .insertInto('outbox')
        .values({
          template: message.template,
          to_address: message.to,
          cc_address: message.cc ?? null,
          subject: message.subject,
          body_text: message.text,
          body_html: message.html ?? null,
          consultation_id: message.consultationId ?? null,
          invitation_id: message.invitationId ?? null,
          state: 'pending',
          next_attempt_at: now,
          created_at: now,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      return row.id;
    },

    /**
     * Takes up to `limit` messages due at `now` for one sender, by moving their next attempt to
     * `leaseUntil`, in one statement: whichever instances run, each message goes to one of them. On
     * PostgreSQL rows another sender is claiming are skipped (FOR UPDATE SKIP LOCKED), not waited
     * for; SQLite has one writer at a time. Should the sender die mid-send, a message is due again
     * once the lease ends.
     */
    async claimDue(now: Date, leaseUntil: Date, limit: number): Promise<OutboxRow[]> {
      const due = db
        .selectFrom('outbox')
        .select('id')
        .where('state', '=', 'pending')
        .where('next_attempt_at', '<=', now.toISOString())
        .orderBy('next_attempt_at')
        .orderBy('id')
        .limit(limit)
        .$if(isPostgres(db), (qb) => qb.forUpdate().skipLocked());
      // The outer conditions again: a row another sender claimed between the two reads is not taken twice.
      const rows = await db
        .updateTable('outbox')
        .set({ next_attempt_at: leaseUntil.toISOString() })
        .where('id', 'in', due)
        .where('state', '=', 'pending')
        .where('next_attempt_at', '<=', now.toISOString())
        .returningAll()
        .execute();
      return rows.sort((a, b) => a.id - b.id);
    },

    /** Hands claimed messages back, due at `at`, unless something else has happened to them since. */
    async release(ids: readonly number[], leaseUntil: Date, at: Date): Promise<void> {
      if (ids.length === 0) return;
      await db
        .updateTable('outbox')
        .set({ next_attempt_at: at.toISOString() })
        .where('id', 'in', [...ids])
        .where('state', '=', 'pending')
        .where('next_attempt_at', '=', leaseUntil.toISOString())
        .execute();
    },

    /**
     * Once a message is out, the personal link it carried is blanked in the stored copy: invitation
     * tokens are kept only as hashes, and the outbox must not become a second place to find them.
     */
    async markSent(id: number, at: Date): Promise<void> {
      const row = await db.selectFrom('outbox').select(['body_text', 'body_html']).where('id', '=', id).executeTakeFirst();
      await db
        .updateTable('outbox')
        .set((eb) => ({
          state: 'sent',
          sent_at: at.toISOString(),
          attempts: eb('attempts', '+', 1),
          last_error: null,
          ...(row ? { body_text: redactPersonalLinks(row.body_text), body_html: row.body_html === null ? null : redactPersonalLinks(row.body_html) } : {}),
        }))
        .where('id', '=', id)
        .execute();
    },

    /** Counts a failed attempt; with no next attempt the message is given up ('failed'). */
    async markAttemptFailed(id: number, error: string, nextAttemptAt: Date | null): Promise<void> {
      await db
        .updateTable('outbox')
        .set((eb) => ({
          attempts: eb('attempts', '+', 1),
          last_error: error.slice(0, MAX_ERROR_LENGTH),
          ...(nextAttemptAt ? { next_attempt_at: nextAttemptAt.toISOString() } : { state: 'failed' as const }),
        }))
        .where('id', '=', id)
        .where('state', '=', 'pending')
        .execute();
    },

    async find(id: number): Promise<OutboxRow | undefined> {
      return db.selectFrom('outbox').selectAll().where('id', '=', id).executeTakeFirst();
    },

    async listForConsultation(consultationId: number): Promise<OutboxRow[]> {
      return db.selectFrom('outbox').selectAll().where('consultation_id', '=', consultationId).orderBy('id').execute();
    },

    /** One page of the office's mail (about its consultations), newest first, optionally searched by recipient or subject. */
    async pageForOffice(officeId: number, filter: { q: string | null }, page: { limit: number; offset: number }): Promise<OutboxListRow[]> {
      return ofOffice(officeId, filter.q)
        .select(['id', 'template', 'to_address', 'subject', 'state', 'attempts', 'last_error', 'next_attempt_at', 'created_at'])
        .orderBy('outbox.id', 'desc')
        .limit(page.limit)
        .offset(page.offset)
        .execute();
    },

    async countForOffice(officeId: number, filter: { q: string | null }): Promise<number> {
      const row = await ofOffice(officeId, filter.q).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async findForOffice(officeId: number, id: number): Promise<OutboxRow | undefined> {
      return db
        .selectFrom('outbox')
        .selectAll('outbox')
        .where('outbox.id', '=', id)
        .where('consultation_id', 'in', db.selectFrom('consultations').select('id').where('office_id', '=', officeId))
        .executeTakeFirst();
    },

    async listRecent(limit: number): Promise<OutboxRow[]> {
      return db.selectFrom('outbox').selectAll().orderBy('id', 'desc').limit(limit).execute();
    },

    /**
     * An officer's "send again" of a message that was given up: pending, due now, with a fresh
     * series of attempts (the last error stays until the next attempt). False if it was not 'failed'.
     */
    async retryNow(id: number): Promise<boolean> {
      const result = await db
        .updateTable('outbox')
        .set({ state: 'pending', attempts: 0, next_attempt_at: clock.now().toISOString() })
        .where('id', '=', id)
        .where('state', '=', 'failed')
        .executeTakeFirst();
      return result.numUpdatedRows === 1n;
    },
  };
}

export type OutboxRepository = ReturnType<typeof createOutboxRepository>;
