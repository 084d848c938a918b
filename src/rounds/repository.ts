import type { Db } from '../db/database';
import { isPostgres } from '../db/schema';
import type { ClauseChange } from '../db/tables';
import { lastSubmittedId } from '../submissions/last-version';

export interface PairInsert {
  change: ClauseChange;
  renumbered: boolean;
  beforeClauseId: number | null;
  afterClauseId: number | null;
  corrected?: boolean;
}

const clauseColumns = (alias: 'b' | 'a') =>
  [`${alias}.id as ${alias}_id`, `${alias}.label as ${alias}_label`, `${alias}.heading as ${alias}_heading`, `${alias}.text as ${alias}_text`, `${alias}.anchor as ${alias}_anchor`, `${alias}.kind as ${alias}_kind`, `${alias}.depth as ${alias}_depth`] as const;

/** All SQL over rounds of a draft document, the comparison between two rounds, and where comments were applied. */
export function createRoundsRepository(db: Db) {
  return {
    /** Every round of the draft document a consultation belongs to, first to last. */
    async roundsOf(consultationId: number) {
      const c = await db.selectFrom('consultations').select(['id', 'first_round_id']).where('id', '=', consultationId).executeTakeFirst();
      if (!c) return [];
      const first = c.first_round_id ?? c.id;
      return db
        .selectFrom('consultations as c')
        .leftJoin('draft_versions as v', (join) => join.onRef('v.consultation_id', '=', 'c.id').on('v.id', '=', (eb) => eb.selectFrom('draft_versions as x').select((e) => e.fn.max('x.id').as('m')).whereRef('x.consultation_id', '=', 'c.id')))
        .select(['c.id', 'c.round', 'c.status', 'c.number', 'c.letter_date', 'c.deadline_at', 'c.deadline_rule', 'c.closed_at', 'c.draft_title', 'c.subject', 'c.published_at', 'c.report_published_at', 'v.version as draft_version'])
        .where((eb) => eb.or([eb('c.id', '=', first), eb('c.first_round_id', '=', first)]))
        .orderBy('c.round')
        .execute();
    },

    /**
     * Holds a consultation's row until the transaction ends, so that writes about its round (a
     * follow-up made from it, its pairs) take turns. SQLite's write transactions already do (they
     * begin immediate); PostgreSQL's need the row lock.
     */
    async lock(consultationId: number): Promise<void> {
      if (isPostgres(db)) await db.selectFrom('consultations').select('id').where('id', '=', consultationId).forUpdate().execute();
    },

    async previousOf(consultationId: number): Promise<number | null> {
      return (await db.selectFrom('consultations').select('previous_round_id').where('id', '=', consultationId).executeTakeFirst())?.previous_round_id ?? null;
    },

    /** The follow-up made from a consultation, if any (a round has at most one). */
    async followUpOf(consultationId: number) {
      return db.selectFrom('consultations').select(['id', 'round', 'status']).where('previous_round_id', '=', consultationId).executeTakeFirst();
    },

    async replacePairs(consultationId: number, pairs: readonly PairInsert[]): Promise<void> {
      await db.deleteFrom('clause_pairs').where('consultation_id', '=', consultationId).execute();
      const CHUNK = 200;
      for (let i = 0; i < pairs.length; i += CHUNK) {
        await db
          .insertInto('clause_pairs')
          .values(
            pairs.slice(i, i + CHUNK).map((p, j) => ({
              consultation_id: consultationId,
              position: i + j,
              change: p.change,
              renumbered: p.renumbered ? 1 : 0,
              before_clause_id: p.beforeClauseId,
              after_clause_id: p.afterClauseId,
              corrected: p.corrected ? 1 : 0,
            })),
          )
          .execute();
      }
    },

    /** The comparison in the follow-up's order, each side with its clause. */
    async pairsOf(consultationId: number) {
      return db
        .selectFrom('clause_pairs as p')
        .leftJoin('clauses as b', 'b.id', 'p.before_clause_id')
        .leftJoin('clauses as a', 'a.id', 'p.after_clause_id')
        .select(['p.position', 'p.change', 'p.renumbered', 'p.corrected'])
        .select(clauseColumns('b'))
        .select(clauseColumns('a'))
        .where('p.consultation_id', '=', consultationId)
        .orderBy('p.position')
        .execute();
    },

    /**
     * One agency's comments in a round, from its last submitted version, with the office's answer:
     * what round N+1 shows that agency beside the matched clauses.
     */
    async agencyComments(consultationId: number, agencyId: number) {
      return db
        .selectFrom('invitations as i')
        .innerJoin('submissions as s', (join) => join.onRef('s.invitation_id', '=', 'i.id').on('s.id', '=', lastSubmittedId('i.id')))
        .innerJoin('comments as c', 'c.submission_id', 's.id')
        .leftJoin('responses as r', 'r.comment_id', 'c.id')
        .leftJoin('clauses as k', 'k.id', 'r.applied_clause_id')
        .select(['c.id', 'c.clause_id', 'c.text', 'c.proposed_text', 'r.decision', 'r.explanation', 'k.label as applied_label', 'k.anchor as applied_anchor'])
        .where('i.consultation_id', '=', consultationId)
        .where('i.agency_id', '=', agencyId)
        .where('c.clause_id', 'is not', null)
        .orderBy('c.position')
        .orderBy('c.id')
        .execute();
    },

    /** A comment with its round and its answer. */
    async commentWithAnswer(commentId: number) {
      return db
        .selectFrom('comments as c')
        .innerJoin('submissions as s', 's.id', 'c.submission_id')
        .innerJoin('invitations as i', 'i.id', 's.invitation_id')
        .leftJoin('responses as r', 'r.comment_id', 'c.id')
        .select(['c.id', 'c.clause_id', 'i.consultation_id', 'r.id as response_id', 'r.decision', 'r.applied_clause_id'])
        .where('c.id', '=', commentId)
        .executeTakeFirst();
    },

    async setApplied(commentId: number, clauseId: number | null): Promise<void> {
      await db.updateTable('responses').set({ applied_clause_id: clauseId }).where('comment_id', '=', commentId).execute();
    },
  };
}

export type RoundsRepository = ReturnType<typeof createRoundsRepository>;
