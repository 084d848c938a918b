import { type RequestHandler, type Response, Router } from 'express';
import { z } from 'zod';
import { currentUser } from '../auth/middleware';
import type { ReportRow } from '../reports/model';
import type { ReportsService } from '../reports/service';
import { toVnIso } from '../time';
import { parseForm } from '../web/validate';
import { responseBody } from './schemas';
import type { ResponsesService } from './service';
import { NotFound } from '../errors';

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
  response: r.response && { decision: r.response.decision, explanation: r.response.explanation, decidedBy: r.response.decidedBy, decidedAt: toVnIso(r.response.decidedAt) },
});

/** The officer API for comments and their responses (bearer token, own office only). */
export function responsesApi(deps: { responses: ResponsesService; reports: ReportsService; authed: RequestHandler }): Router {
  const router = Router();
  const idOf = (params: unknown) => {
    const parsed = idParam.safeParse(params);
    if (!parsed.success) throw new NotFound({ id: { key: 'api.bad_id' } });
    return parsed.data.id;
  };

  router.get('/consultations/:id/comments', deps.authed, async (req, res) => {
    const model = await deps.reports.forOffice(currentUser(res), idOf(req.params));
    res.json({
      total: model.counts.comments,
      answered: model.counts.answered,
      items: [...model.general.map((r) => commentJson(r, 'general')), ...model.byClause.map((r) => commentJson(r, 'clause'))],
    });
  });

  router.put('/comments/:id/response', deps.authed, async (req, res: Response) => {
    const id = idOf(req.params);
    const body = parseForm(responseBody, req.body ?? {}, res.locals.t);
    if (!body.ok) {
      res.status(400).json({ error: Object.values(body.errors).flat()[0], fields: body.errors });
      return;
    }
    const consultationId = await deps.responses.respondToComment(currentUser(res), id, body.data.decision, body.data.explanation);
    const model = await deps.reports.forOffice(currentUser(res), consultationId);
    const row = [...model.general, ...model.byClause].find((r) => r.commentId === id)!;
    res.json(commentJson(row, row.clause ? 'clause' : 'general'));
  });

  return router;
}
