import { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import { currentUser, requireUser } from '../auth/middleware';
import type { ReportsService } from '../reports/service';
import { keptValues, listOf } from '../web/form-values';
import { type FieldErrors, parseForm, translatedFields, paramsOf } from '../web/validate';
import { responseForm } from './schemas';
import type { ResponsesService } from './service';
import type { RoundsService } from '../rounds/service';
import { isFormRefusal, statusOf } from '../web/errors';

const idParam = z.object({ id: z.coerce.number().int().positive() });

/** The review page: every comment in the draft's order, answered one by one or by group. */
export function reviewPages(deps: { responses: ResponsesService; reports: ReportsService; appliedTargets: RoundsService['appliedTargets'] }): Router {
  const router = Router();
  const path = '/office/consultations/:id/review';
  const idOf = (req: Request) => {
    return paramsOf(idParam, req).id;
  };

  const render = async (req: Request, res: Response, status: number, errors: FieldErrors = {}, values: Record<string, unknown> = {}) => {
    const [model, applied] = await Promise.all([deps.reports.forOffice(currentUser(res), idOf(req)), deps.appliedTargets(currentUser(res), idOf(req))]);
    res.status(status).render('office/review', {
      title: res.locals.t('review.title'),
      model,
      applied,
      appliedSaved: Number(req.query.applied) || null,
      pendingOnly: req.query.pending === '1',
      errors,
      values,
    });
  };

  router.get(path, requireUser, (req, res) => render(req, res, 200));

  router.post('/office/consultations/:id/responses', requireUser, async (req, res, next) => {
    const id = idOf(req);
    const t = res.locals.t;
    const parsed = parseForm(responseForm, req.body, t);
    const first = (listOf(req.body?.ids)[0] ?? '').split(',')[0];
    // Errors are shown at the group's own fields: explanation-<first id>.
    const atGroup = (errors: FieldErrors) => Object.fromEntries(Object.entries(errors).map(([k, v]) => [`${k}-${first}`, v]));
    if (!parsed.ok) return render(req, res, 400, atGroup(parsed.errors), { [first]: keptValues(req.body) });
    try {
      await deps.responses.respond(currentUser(res), id, parsed.data.ids, parsed.data.decision, parsed.data.explanation);
      res.redirect(303, `/office/consultations/${id}/review${req.query.pending === '1' ? '?pending=1' : ''}#g-${first}`);
    } catch (err) {
      if (isFormRefusal(err)) return render(req, res, statusOf(err), atGroup(translatedFields(err, t)), { [first]: keptValues(req.body) });
      next(err);
    }
  });

  return router;
}
