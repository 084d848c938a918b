import { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import { currentUser, requireUser } from '../auth/middleware';
import { type FieldErrors, translatedFields, paramsOf } from '../web/validate';
import { sendReport } from './send';
import type { ReportsService } from './service';
import { isReportFormat } from './writers';
import { reportOptionsOf } from './options';
import { openingParagraphs } from './writers/opening';
import { isFormRefusal, statusOf } from '../web/errors';
import { NotFound } from '../errors';

const idParam = z.object({ id: z.coerce.number().int().positive() });

/** The report for the office (any time after publishing) and, once published, for everyone. */
export function reportPages(reports: ReportsService): Router {
  const router = Router();
  const idOf = (req: Request) => {
    return paramsOf(idParam, req).id;
  };
  const formatOf = (req: Request) => {
    const format = req.params.format ?? 'html';
    if (!isReportFormat(format)) throw new NotFound({ format: { key: 'report.format_invalid' } });
    return format;
  };

  router.get(['/office/consultations/:id/report', '/office/consultations/:id/report.:format'], requireUser, async (req, res) => {
    await sendReport(res, await reports.forOffice(currentUser(res), idOf(req), reportOptionsOf(req.query)), formatOf(req));
  });

  const renderConfirm = async (res: Response, id: number, status: number, errors: FieldErrors = {}) => {
    const t = res.locals.t;
    const { model, refusal } = await reports.publishPreview(currentUser(res), id);
    res.status(status).render('office/confirm-report', {
      title: t('confirm.report.title'),
      model,
      opening: openingParagraphs(model),
      errors: { ...(refusal ? translatedFields(refusal, t) : {}), ...errors },
      canConfirm: !refusal,
    });
  };

  router.get('/office/consultations/:id/report/publish', requireUser, (req, res) => renderConfirm(res, idOf(req), 200));

  router.post('/office/consultations/:id/report/publish', requireUser, async (req, res, next) => {
    const id = idOf(req);
    try {
      // Only the confirmation page's button publishes: a bare POST (an old one-click form) is sent to that page.
      if ((req.body as Record<string, unknown> | undefined)?.confirm !== 'yes') {
        await reports.checkOwn(currentUser(res), id);
        return res.redirect(303, `/office/consultations/${id}/report/publish`);
      }
      await reports.publish(currentUser(res), id);
      res.redirect(303, `/office/consultations/${id}?notice=report`);
    } catch (err) {
      if (!isFormRefusal(err)) return next(err);
      await renderConfirm(res, id, statusOf(err), translatedFields(err, res.locals.t));
    }
  });

  router.get(['/consultations/:id/report', '/consultations/:id/report.:format'], async (req, res, next) => {
    const model = await reports.published(idOf(req), reportOptionsOf(req.query));
    if (!model) return next();
    await sendReport(res, model, formatOf(req));
  });

  return router;
}
