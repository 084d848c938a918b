import { type Request, type RequestHandler, Router } from 'express';
import { paramsOf } from '../web/validate';
import { z } from 'zod';
import { currentUser } from '../auth/middleware';
import { sendReport } from './send';
import type { ReportsService } from './service';
import { isReportFormat } from './writers';
import { reportOptionsOf } from './options';
import { Invalid } from '../errors';

const idParam = z.object({ id: z.coerce.number().int().positive() });

/** GET /api/v1/consultations/:id/report?format=json|html|docx|xlsx|csv, and publishing it. */
export function reportsApi(deps: { reports: ReportsService; authed: RequestHandler }): Router {
  const router = Router();
  const idOf = (req: Request) => paramsOf(idParam, req, { key: 'api.bad_id' }, 'id').id;

  router.get('/consultations/:id/report', deps.authed, async (req, res) => {
    const format = req.query.format ?? 'json';
    if (!isReportFormat(format)) throw new Invalid({ format: { key: 'report.format_invalid' } });
    await sendReport(res, await deps.reports.forOffice(currentUser(res), idOf(req), reportOptionsOf(req.query)), format);
  });

  router.post('/consultations/:id/report/publish', deps.authed, async (req, res) => {
    const model = await deps.reports.publish(currentUser(res), idOf(req));
    res.json({ id: model.consultation.id, publishedAt: model.publishedAt, counts: model.counts });
  });

  return router;
}
