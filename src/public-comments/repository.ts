import { type Insertable, type Selectable, sql } from 'kysely';
import type { Db } from '../db/database';
import type { PublicCommentState, PublicCommentsTable, ResponseDecision } from '../db/tables';
import type { ListedState } from './states';

export type PublicCommentRow = Selectable<PublicCommentsTable>;
export type NewPublicComment = Insertable<PublicCommentsTable>;

/** Ids a moderation statement names at most: far below SQLite's 32,766 variables. */
const MODERATE_CHUNK = 500;

/** What the public list shows of a comment: never the e-mail address. */
const PUBLIC_COLUMNS = ['id', 'clause_id', 'text', 'name', 'organisation', 'show_name', 'published_at', 'decision', 'explanation'] as const;

/** All SQL over public comments. Instants are ISO-8601 UTC text. */
export function createPublicCommentsRepository(db: Db) {
  return {
    /** Several comments in one statement (a group commit), returning their ids in the same order. */
    async insertMany(rows: readonly NewPublicComment[]): Promise<number[]> {
      if (rows.length === 0) return [];
      // SQLite allows 32,766 variables a statement; 26 columns a row.
      const ids: number[] = [];
      for (let i = 0; i < rows.length; i += 500) {
        const inserted = await db.insertInto('public_comments').values(rows.slice(i, i + 500)).returning('id').execute();
        ids.push(...inserted.map((r) => Number(r.id)));
      }
      return ids;
    },

    /** Comments by this address in the consultation that count against its cap: confirmed, or awaiting confirmation and not yet expired. */
    async countForAuthor(consultationId: number, emailKey: string, now: string): Promise<number> {
      const row = await db
        .selectFrom('public_comments')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('consultation_id', '=', consultationId)
        .where('email_key', '=', emailKey)
        .where((eb) => eb.or([eb('state', '!=', 'unconfirmed'), eb('expires_at', '>', now)]))
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    async byTokenHash(hash: string) {
      return db
        .selectFrom('public_comments as p')
        .innerJoin('consultations as c', 'c.id', 'p.consultation_id')
        .select(['p.id', 'p.consultation_id', 'p.state', 'p.expires_at', 'p.clause_id', 'c.public_comments as mode'])
        .where('p.confirm_token_hash', '=', hash)
        .executeTakeFirst();
    },

    /** Confirms an unconfirmed comment; false if it was confirmed meanwhile (two clicks). The link is spent. */
    async confirm(id: number, state: 'pending' | 'published', at: string): Promise<boolean> {
      const result = await db
        .updateTable('public_comments')
        .set({ state, confirmed_at: at, published_at: state === 'published' ? at : null, confirm_token_hash: null, expires_at: null })
        .where('id', '=', id)
        .where('state', '=', 'unconfirmed')
        .executeTakeFirst();
      return Number(result.numUpdatedRows) === 1;
    },

    /** Published comments, newest first, as anyone may see them. */
    async published(consultationId: number, limit: number, offset: number) {
      return db
        .selectFrom('public_comments')
        .select(PUBLIC_COLUMNS)
        .where('consultation_id', '=', consultationId)
        .where('state', '=', 'published')
        .orderBy('published_at', 'desc')
        .orderBy('id', 'desc')
        .limit(limit)
        .offset(offset)
        .execute();
    },

    async countInState(consultationId: number, state: PublicCommentState): Promise<number> {
      const row = await db
        .selectFrom('public_comments')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('consultation_id', '=', consultationId)
        .where('state', '=', state)
        .executeTakeFirstOrThrow();
      return Number(row.n);
    },

    /** How many comments the consultation holds in each listed state. */
    async counts(consultationId: number): Promise<Record<ListedState, number>> {
      const rows = await db
        .selectFrom('public_comments')
        .select(['state', (eb) => eb.fn.countAll<number>().as('n')])
        .where('consultation_id', '=', consultationId)
        .where('state', '!=', 'unconfirmed')
        .groupBy('state')
        .execute();
      const counts = { pending: 0, published: 0, rejected: 0, hidden: 0 };
      for (const r of rows) counts[r.state as ListedState] = Number(r.n);
      return counts;
    },

    /** The moderation queue: one state, oldest first, a page at a time. */
    async inState(consultationId: number, state: ListedState, limit: number, offset: number) {
      return db
        .selectFrom('public_comments')
        .selectAll()
        .where('consultation_id', '=', consultationId)
        .where('state', '=', state)
        .orderBy('id')
        .limit(limit)
        .offset(offset)
        .execute();
    },

    /** The comments among `ids` that belong to the consultation and are listed (never an unconfirmed one). */
    async ofConsultation(consultationId: number, ids: readonly number[]) {
      const rows = [];
      for (let i = 0; i < ids.length; i += MODERATE_CHUNK) {
        rows.push(
          ...(await db
            .selectFrom('public_comments')
            .select(['id', 'state', 'email', 'name', 'lang', 'text', 'clause_id'])
            .where('consultation_id', '=', consultationId)
            .where('id', 'in', ids.slice(i, i + MODERATE_CHUNK))
            .where('state', '!=', 'unconfirmed')
            .execute()),
        );
      }
      return rows;
    },

    async consultationOf(commentId: number) {
      return db
        .selectFrom('public_comments as p')
        .innerJoin('consultations as c', 'c.id', 'p.consultation_id')
        .select(['c.id', 'c.office_id'])
        .where('p.id', '=', commentId)
        .where('p.state', '!=', 'unconfirmed')
        .executeTakeFirst();
    },

    /**
     * A moderator's decision on several comments of one consultation at once, each moved only from
     * one of the `from` states (a concurrent decision meanwhile makes the count fall short). In
     * chunks, so SQLite's limit on a statement's variables is never reached. Returns how many moved.
     */
    async moderate(
      consultationId: number,
      ids: readonly number[],
      change: { state: ListedState; from: readonly ListedState[]; at: string; by: number; reason: string | null; note: string | null; publishedAt?: string },
    ): Promise<number> {
      let n = 0;
      for (let i = 0; i < ids.length; i += MODERATE_CHUNK) {
        const result = await db
          .updateTable('public_comments')
          .set({
            state: change.state,
            moderated_at: change.at,
            moderated_by: change.by,
            reason: change.reason,
            reason_note: change.note,
            ...(change.publishedAt ? { published_at: sql<string>`coalesce(published_at, ${change.publishedAt})` } : {}),
          })
          .where('consultation_id', '=', consultationId)
          .where('state', 'in', change.from)
          .where('id', 'in', ids.slice(i, i + MODERATE_CHUNK))
          .executeTakeFirst();
        n += Number(result.numUpdatedRows);
      }
      return n;
    },

    /** Published comments' texts, for grouping: only what grouping needs, in order. */
    async publishedTexts(consultationId: number) {
      return db
        .selectFrom('public_comments')
        .select(['id', 'clause_id', 'text', 'decision', 'explanation', 'name', 'organisation', 'show_name'])
        .where('consultation_id', '=', consultationId)
        .where('state', '=', 'published')
        .orderBy('id')
        .execute();
    },

    /** The clauses published comments are on, once each, with their place in the draft (for document order). */
    async publishedClauses(consultationId: number) {
      return db
        .selectFrom('clauses')
        .select(['id', 'label', 'heading', 'text', 'anchor', 'draft_version_id', 'position'])
        .where('id', 'in', (eb) =>
          eb.selectFrom('public_comments').select('clause_id').where('consultation_id', '=', consultationId).where('state', '=', 'published').where('clause_id', 'is not', null),
        )
        .execute();
    },

    /** The office's answer, written to every comment of a group. */
    async answer(consultationId: number, ids: readonly number[], answer: { decision: ResponseDecision; explanation: string | null; by: number; at: string }): Promise<number> {
      let n = 0;
      for (let i = 0; i < ids.length; i += 5000) {
        const result = await db
          .updateTable('public_comments')
          .set({ decision: answer.decision, explanation: answer.explanation, decided_by: answer.by, decided_at: answer.at })
          .where('consultation_id', '=', consultationId)
          .where('state', '=', 'published')
          .where('id', 'in', ids.slice(i, i + 5000))
          .executeTakeFirst();
        n += Number(result.numUpdatedRows);
      }
      return n;
    },

    /** Drops comments never confirmed whose link has run out. */
    async deleteExpired(now: string): Promise<number> {
      const result = await db.deleteFrom('public_comments').where('state', '=', 'unconfirmed').where('expires_at', '<=', now).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}

export type PublicCommentsRepository = ReturnType<typeof createPublicCommentsRepository>;
