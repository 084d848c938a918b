import type { Db } from '../db/database';
import type { ResponseDecision } from '../db/tables';
import { lastSubmittedId } from '../submissions/last-version';

export function createResponsesRepository(db: Db) {
  return {
    /** Of these comment ids, the ones submitted to this consultation (drafts' comments are not answered). */
    async submittedCommentIds(consultationId: number, ids: number[]): Promise<number[]> {
      if (ids.length === 0) return [];
      const rows = await db
        .selectFrom('comments as c')
        .innerJoin('submissions as s', 's.id', 'c.submission_id')
        .innerJoin('invitations as i', 'i.id', 's.invitation_id')
        .select('c.id')
        .where('i.consultation_id', '=', consultationId)
        .where('s.state', '=', 'submitted')
        // Only the last submitted version of each agency is in the report, so only it is answered.
        .where('s.id', '=', lastSubmittedId('s.invitation_id'))
        .where('c.id', 'in', ids)
        .execute();
      return rows.map((r) => r.id);
    },

    async consultationOfComment(commentId: number) {
      return db
        .selectFrom('comments as c')
        .innerJoin('submissions as s', 's.id', 'c.submission_id')
        .innerJoin('invitations as i', 'i.id', 's.invitation_id')
        .innerJoin('consultations as k', 'k.id', 'i.consultation_id')
        .select(['k.id', 'k.office_id'])
        .where('c.id', '=', commentId)
        .where('s.state', '=', 'submitted')
        .executeTakeFirst();
    },

    async upsert(commentIds: number[], answer: { decision: ResponseDecision; explanation: string | null; groupKey: string | null; decidedBy: number; decidedAt: string }) {
      for (const id of commentIds) {
        await db
          .insertInto('responses')
          .values({ comment_id: id, decision: answer.decision, explanation: answer.explanation, group_key: answer.groupKey, decided_by: answer.decidedBy, decided_at: answer.decidedAt })
          .onConflict((oc) =>
            oc.column('comment_id').doUpdateSet({ decision: answer.decision, explanation: answer.explanation, group_key: answer.groupKey, decided_by: answer.decidedBy, decided_at: answer.decidedAt }),
          )
          .execute();
      }
    },
  };
}
