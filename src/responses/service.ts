import type { StaffUser } from '../auth/repository';
import type { Clock } from '../clock';
import type { ResponseDecision } from '../db/tables';
import { groupKeyOf } from '../reports/grouping';
import type { Owned } from '../office/owned';
import type { Uow } from '../repositories';
import { NotFound, Conflict } from '../errors';

/** How the office handles each comment: tiếp thu / tiếp thu một phần / giải trình, không tiếp thu / ghi nhận. */
export function createResponsesService(deps: { uow: Uow; owned: Owned; clock: Clock }) {
  const { uow, clock } = deps;

  async function ownConsultation(user: StaffUser, consultationId: number) {
    const c = await deps.owned(user, consultationId);
    if (c.status === 'report_published') throw new Conflict({ _form: { key: 'consultation.report_done' } });
    return c;
  }

  return {
    /** Answers one comment, or a group together (they then share a group key). Logged. */
    async respond(user: StaffUser, consultationId: number, commentIds: number[], decision: ResponseDecision, explanation: string | null): Promise<number> {
      await ownConsultation(user, consultationId);
      const found = await uow.read((r) => r.responses.submittedCommentIds(consultationId, commentIds));
      if (found.length !== commentIds.length || found.length === 0) throw new NotFound('response.comment_not_found');
      const at = clock.now().toISOString();
      await uow.write(async (r) => {
        await r.responses.upsert(found, {
          decision,
          explanation,
          groupKey: found.length > 1 ? groupKeyOf(found) : null,
          decidedBy: user.id,
          decidedAt: at,
        });
        await r.audit.record({ actorKind: 'user', actorId: user.id, action: 'response.set', entity: 'consultation', entityId: consultationId, details: { commentIds: found, decision, explanation }, at });
      });
      return found.length;
    },

    /** The API's form: one comment by its id, found through the officer's own office. */
    async respondToComment(user: StaffUser, commentId: number, decision: ResponseDecision, explanation: string | null) {
      const owner = await uow.read((r) => r.responses.consultationOfComment(commentId));
      if (!owner || owner.office_id !== user.officeId) throw new NotFound('response.comment_not_found');
      await this.respond(user, owner.id, [commentId], decision, explanation);
      return owner.id;
    },
  };
}

export type ResponsesService = ReturnType<typeof createResponsesService>;
