import { recordAudit } from '../audit/repository';
import type { StaffUser } from '../auth/repository';
import type { Clock } from '../clock';
import type { Db } from '../db/database';
import type { ResponseDecision } from '../db/tables';
import { groupKeyOf } from '../reports/grouping';
import { createResponsesRepository } from './repository';
import { NotFound, Conflict } from '../errors';

/** How the office handles each comment: tiếp thu / tiếp thu một phần / giải trình, không tiếp thu / ghi nhận. */
export function createResponsesService(deps: { db: Db; clock: Clock }) {
  const { db, clock } = deps;

  async function ownConsultation(user: StaffUser, consultationId: number) {
    const c = await db.selectFrom('consultations').select(['id', 'status']).where('id', '=', consultationId).where('office_id', '=', user.officeId).executeTakeFirst();
    if (!c) throw new NotFound('consultation.not_found');
    if (c.status === 'report_published') throw new Conflict({ _form: { key: 'consultation.report_done' } });
    return c;
  }

  return {
    /** Answers one comment, or a group together (they then share a group key). Logged. */
    async respond(user: StaffUser, consultationId: number, commentIds: number[], decision: ResponseDecision, explanation: string | null): Promise<number> {
      await ownConsultation(user, consultationId);
      const found = await createResponsesRepository(db).submittedCommentIds(consultationId, commentIds);
      if (found.length !== commentIds.length || found.length === 0) throw new NotFound('response.comment_not_found');
      const at = clock.now().toISOString();
      await db.transaction().execute(async (trx) => {
        await createResponsesRepository(trx).upsert(found, {
          decision,
          explanation,
          groupKey: found.length > 1 ? groupKeyOf(found) : null,
          decidedBy: user.id,
          decidedAt: at,
        });
        await recordAudit(trx, { actorKind: 'user', actorId: user.id, action: 'response.set', entity: 'consultation', entityId: consultationId, details: { commentIds: found, decision, explanation }, at });
      });
      return found.length;
    },

    /** The API's form: one comment by its id, found through the officer's own office. */
    async respondToComment(user: StaffUser, commentId: number, decision: ResponseDecision, explanation: string | null) {
      const owner = await createResponsesRepository(db).consultationOfComment(commentId);
      if (!owner || owner.office_id !== user.officeId) throw new NotFound('response.comment_not_found');
      await this.respond(user, owner.id, [commentId], decision, explanation);
      return owner.id;
    },
  };
}

export type ResponsesService = ReturnType<typeof createResponsesService>;
