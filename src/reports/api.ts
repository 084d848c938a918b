import { type RequestHandler, Router } from 'express';
import { z } from 'zod';
import { currentUser } from '../auth/middleware';
import { sendReport } from './send';
import type { ReportsService } from './service';
import { isReportFormat } from './writers';
import { reportOptionsOf } from './options';
import { Invalid, NotFound } from '../errors';

const idParam = z.object({ id: z.coerce.number().int().positive() });

/** GET /api/v1/consultations/:id/report?format=json|html|docx|xlsx|csv, and publishing it. */
export function reportsApi(deps: { reports: ReportsService; authed: RequestHandler }): Router {
  const router = Router();
  const idOf = (params: unknown) => {
    const parsed = idParam.safeParse(params);
    if (!parsed.success) throw new NotFound({ id: { key: 'api.bad_id' } });
    return parsed.data.id;
  };

  router.get('/consultations/:id/report', deps.authed, async (req, res) => {
    const format = req.query.format ?? 'json';
    if (!isReportFormat(format)) throw new Invalid({ format: { key: 'report.format_invalid' } });
    await sendReport(res, await deps.reports.forOffice(currentUser(res), idOf(req.params), reportOptionsOf(req.query)), format);
  });

  router.post('/consultations/:id/report/publish', deps.authed, async (req, res) => {
    const model = await deps.reports.publish(currentUser(res), idOf(req.params));
    res.json({ id: model.consultation.id, publishedAt: model.publishedAt, counts: model.counts });
  });

  return router;
}
