import { type Request, type Response, Router } from 'express';
import { clauseName } from '../consultations/present';
import { isFormRefusal, statusOf } from '../web/errors';
import { TryLater } from '../errors';
import { keptValues } from '../web/form-values';
import { parseForm, paramsOf, translatedFields } from '../web/validate';
import { pageNumber, pagerOf } from '../pagination';
import type { FormStamp } from './form-stamp';
import { consultationParam, publicCommentForm, tokenParam } from './schemas';
import { type Citizen, PUBLIC_PAGE_SIZE, type PublicCommentsService } from './service';

const MAX_CLAUSE_CHOICES = 300;
const STAMP_REFUSALS = { too_fast: 'public.too_fast', stale: 'public.form_stale', invalid: 'public.form_stale' } as const;

/**
 * The citizen's pages: the comment form (on the whole draft or one clause), the confirmation link's
 * page with its one button, and the list of published comments. All work without JavaScript.
 */
export function publicCommentPages(deps: { service: PublicCommentsService; stamp: FormStamp; confirmHours: number; citizenOf?: (req: Request) => Citizen | null; providerName?: string; signInUrl?: (returnTo: string) => string | null }): Router {
  const { service, stamp } = deps;
  const router = Router();
  const citizenOf = deps.citizenOf ?? (() => null);

  async function showForm(req: Request, res: Response, status: number, values: Record<string, unknown>, errors: Record<string, string[]> = {}) {
    const { id } = paramsOf(consultationParam, req);
    const form = await service.form(id);
    const clauseId = Number(values.clauseId) || null;
    const clause = clauseId ? form.draft?.flat.find((k) => k.id === clauseId) : undefined;
    const path = `/consultations/${id}/comment${clause ? `?clause=${clause.id}` : ''}`;
    res.status(status).render('public-comments/form', {
      title: res.locals.t('public.form.title'),
      ...form,
      clause: clause ? { id: clause.id, name: clauseName(clause), anchor: clause.anchor } : null,
      // A choice among every clause helps on a letter's few dozen; on a long law the clause's own page links here.
      clauses: form.draft && form.draft.flat.length <= MAX_CLAUSE_CHOICES ? form.draft.flat.map((k) => ({ id: k.id, name: clauseName(k, 8) })) : [],
      values,
      errors,
      stamp: stamp.issue(),
      citizen: citizenOf(req),
      signInUrl: deps.signInUrl?.(path) ?? null,
      providerName: deps.providerName ?? null,
    });
  }

  router.get('/consultations/:id/comment', async (req, res) => {
    await showForm(req, res, 200, { clauseId: typeof req.query.clause === 'string' ? req.query.clause : '', showName: true });
  });

  router.post('/consultations/:id/comment', async (req, res) => {
    const { id } = paramsOf(consultationParam, req);
    const t = res.locals.t;
    const values = keptValues(req.body, ['showName']);
    const citizen = citizenOf(req);
    const body = { ...(req.body as Record<string, unknown>), ...(citizen ? { name: citizen.name, email: citizen.email } : {}) };
    const parsed = parseForm(publicCommentForm, body, t);
    if (!parsed.ok) return showForm(req, res, 400, values, parsed.errors);
    // A person never fills the box hidden from them; software filling every field does.
    if (parsed.data.website) return showForm(req, res, 400, values, { _form: [t('public.honeypot')] });
    const stampCheck = stamp.check(parsed.data.stamp);
    if (stampCheck !== 'ok') return showForm(req, res, 400, values, { _form: [t(STAMP_REFUSALS[stampCheck])] });
    try {
      const { clauseId, name, email, organisation, text, showName } = parsed.data;
      const input = { clauseId, name, email, organisation, text, showName };
      const result = await service.submit(id, input, { address: req.ip ?? 'unknown', lang: res.locals.lang, citizen });
      res.status(200).render('public-comments/sent', { title: t(result.status === 'awaiting_confirmation' ? 'public.sent.title' : 'public.sent.signed_in'), consultationId: id, status: result.status, email: input.email, hours: deps.confirmHours });
    } catch (err) {
      if (!isFormRefusal(err)) throw err;
      if (err instanceof TryLater) res.set('Retry-After', String(err.retryAfterSeconds));
      return showForm(req, res, statusOf(err), values, translatedFields(err, t));
    }
  });

  router.get('/consultations/:id/public-comments', async (req, res) => {
    const { id } = paramsOf(consultationParam, req);
    const requested = pageNumber.parse(req.query.page);
    const first = await service.published(id, { limit: PUBLIC_PAGE_SIZE, offset: (requested - 1) * PUBLIC_PAGE_SIZE });
    const pager = pagerOf(requested, first.total, PUBLIC_PAGE_SIZE);
    // A page past the end shows the last one.
    const list = pager.offset === (requested - 1) * PUBLIC_PAGE_SIZE ? first : await service.published(id, pager);
    res.render('public-comments/list', { title: res.locals.t('public.list.title'), ...list, pager });
  });

  router.get('/public-comments/confirm/:token', async (req, res) => {
    const { token } = paramsOf(tokenParam, req, { key: 'public.link_invalid' });
    const found = await service.confirmable(token);
    res.set('Cache-Control', 'no-store').set('Referrer-Policy', 'no-referrer');
    res.render('public-comments/confirm', { title: res.locals.t('public.confirm.title'), ...found, token, status: null });
  });

  router.post('/public-comments/confirm/:token', async (req, res) => {
    const { token } = paramsOf(tokenParam, req, { key: 'public.link_invalid' });
    const found = await service.confirmable(token);
    res.set('Cache-Control', 'no-store').set('Referrer-Policy', 'no-referrer');
    if (found.confirmed) return res.render('public-comments/confirm', { title: res.locals.t('public.confirmed.title'), ...found, token: null, status: 'already' });
    const result = await service.confirm(token);
    res.render('public-comments/confirm', { title: res.locals.t('public.confirmed.title'), consultationId: result.consultationId, confirmed: true, token: null, status: result.status });
  });

  return router;
}
