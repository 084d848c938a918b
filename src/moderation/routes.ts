import { type Request, type Response, Router } from 'express';
import { currentUser, requireUser } from '../auth/middleware';
import { isFormRefusal, statusOf } from '../web/errors';
import { keptValues } from '../web/form-values';
import { type FieldErrors, paramsOf, parseForm, translatedFields } from '../web/validate';
import { REASONS } from './reasons';
import { consultationParam, decideForm, queueQuery } from './schemas';
import { DECISIONS, type ListedState, type ModerationService, STATES, decisionsFrom } from './service';

const queueUrl = (id: number, state: ListedState, extra: Record<string, string> = {}) => `/office/consultations/${id}/public-comments?${new URLSearchParams({ status: state, ...extra }).toString()}`;

/**
 * The moderator's pages: the queue of one state, with tabs for the others, and one form whose
 * buttons publish, reject or hide the ticked comments. Works without JavaScript; PRG after a decision.
 */
export function moderationPages(service: ModerationService): Router {
  const router = Router();
  const path = '/office/consultations/:id/public-comments';

  const render = async (req: Request, res: Response, view: { status: number; state: ListedState; page: number; errors?: FieldErrors; values?: Record<string, string | string[]> }) => {
    const { id } = paramsOf(consultationParam, req);
    const queue = await service.queue(currentUser(res), id, view.state, view.page);
    const done = typeof req.query.done === 'string' && (DECISIONS as readonly string[]).includes(req.query.done) ? req.query.done : null;
    res.status(view.status).render('moderation/queue', {
      title: res.locals.t('moderation.title'),
      ...queue,
      states: STATES,
      offered: queue.consultation.reportDone ? [] : decisionsFrom(view.state),
      reasons: REASONS,
      done,
      doneCount: Number(req.query.n) || 0,
      errors: view.errors ?? {},
      values: view.values ?? { ids: [] },
      hrefFor: (n: number) => queueUrl(id, view.state, { page: String(n) }),
      tabHref: (state: ListedState) => queueUrl(id, state),
    });
  };

  router.get(path, requireUser, async (req, res) => {
    const q = queueQuery.parse(req.query);
    await render(req, res, { status: 200, state: q.status, page: q.page });
  });

  router.post(`${path}/moderation`, requireUser, async (req, res, next) => {
    const { id } = paramsOf(consultationParam, req);
    const t = res.locals.t;
    // Another office's consultation is not found before anything posted is read.
    await service.consultation(currentUser(res), id);
    const values = keptValues(req.body, ['ids']);
    const state = queueQuery.parse(req.body ?? {}).status;
    const page = queueQuery.parse(req.body ?? {}).page;
    const parsed = parseForm(decideForm, req.body ?? {}, t);
    if (!parsed.ok) return render(req, res, { status: 400, state, page, errors: parsed.errors, values });
    const { ids, decision, reason, note } = parsed.data;
    try {
      const result = await service.decide(currentUser(res), id, ids, decision, reason, note);
      res.redirect(303, queueUrl(id, state, { done: decision, n: String(result.decided) }));
    } catch (err) {
      if (isFormRefusal(err)) return render(req, res, { status: statusOf(err), state, page, errors: translatedFields(err, t), values });
      next(err);
    }
  });

  return router;
}
