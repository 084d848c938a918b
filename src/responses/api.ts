import { type Request, type RequestHandler, type Response, Router } from 'express';
import { z } from 'zod';
import { currentUser } from '../auth/middleware';
import type { ReportRow } from '../reports/model';
import type { ReportsService } from '../reports/service';
import { toVnIso } from '../time';
import { bodyOf, validate, paramsOf } from '../web/validate';
import { responseBody } from './schemas';
import type { ResponsesService } from './service';

const idParam = z.object({ id: z.coerce.number().int().positive() });

const commentJson = (r: ReportRow, section: 'general' | 'clause') => ({
  id: r.commentId,
  section,
  clause: r.clause && { id: r.clause.id, label: r.clause.label, heading: r.clause.heading, anchor: r.clause.anchor },
  agency: r.agency,
  text: r.text,
  proposedText: r.proposedText,
  letter: { number: r.letterNumber, date: r.letterDate },
  late: r.late,
  groupKey: r.groupKey,
  response: r.response && {
    decision: r.response.decision,
    explanation: r.response.explanation,
    decidedBy: r.response.decidedBy,
    decidedAt: toVnIso(r.response.decidedAt),
    appliedAt: r.response.appliedAt ? { clauseId: r.response.appliedAt.clauseId, label: r.response.appliedAt.label, version: r.response.appliedAt.version } : null,
  },
});

/** The officer API for comments and their responses (bearer token, own office only). */
export function responsesApi(deps: { responses: ResponsesService; reports: ReportsService; authed: RequestHandler }): Router {
  const router = Router();
  const idOf = (req: Request) => paramsOf(idParam, req, { key: 'api.bad_id' }, 'id').id;

  router.get('/consultations/:id/comments', deps.authed, async (req, res) => {
    const model = await deps.reports.forOffice(currentUser(res), idOf(req));
    res.json({
      total: model.counts.comments,
      answered: model.counts.answered,
      items: [...model.general.map((r) => commentJson(r, 'general')), ...model.byClause.map((r) => commentJson(r, 'clause'))],
    });
  });

  router.put('/comments/:id/response', deps.authed, validate(responseBody), async (req, res: Response) => {
    const id = idOf(req);
    const body = bodyOf(res, responseBody);
    const consultationId = await deps.responses.respondToComment(currentUser(res), id, body.decision, body.explanation);
    const model = await deps.reports.forOffice(currentUser(res), consultationId);
    const row = [...model.general, ...model.byClause].find((r) => r.commentId === id)!;
    res.json(commentJson(row, row.clause ? 'clause' : 'general'));
  });

  return router;
}
