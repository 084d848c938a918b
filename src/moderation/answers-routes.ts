import { type NextFunction, type Request, type RequestHandler, type Response, Router } from 'express';
import { z } from 'zod';
import { currentUser, requireUser } from '../auth/middleware';
import { pageNumber } from '../pagination';
import { isFormRefusal, statusOf } from '../web/errors';
import { keptValues } from '../web/form-values';
import { bodyOf, type FieldErrors, paramsOf, parseForm, translatedFields, validate } from '../web/validate';
import { publicAnswerBody, publicAnswerForm } from './answers-schemas';
import type { PublicAnswersService } from './answers-service';

const idParam = z.object({ id: z.coerce.number().int().positive() });

/** The office's page answering published public comments once per group. */
export function publicAnswerPages(deps: { answers: PublicAnswersService }): Router {
  const router = Router();
  const path = '/office/consultations/:id/public-answers';
  const idOf = (req: Request) => paramsOf(idParam, req).id;

  const render = async (req: Request, res: Response, status: number, page: number, errors: FieldErrors = {}, values: Record<string, unknown> = {}) => {
    const view = await deps.answers.page(currentUser(res), idOf(req), page);
    res.status(status).render('moderation/answers', {
      title: res.locals.t('public_answers.title'),
      ...view,
      saved: Number(req.query.saved) || null,
      errors,
      values,
    });
  };

  router.get(path, requireUser, (req, res) => render(req, res, 200, pageNumber.parse(req.query.page)));

  router.post(path, requireUser, async (req, res, next) => {
    const id = idOf(req);
    const t = res.locals.t;
    const page = pageNumber.parse(req.body?.page);
    const parsed = parseForm(publicAnswerForm, req.body, t);
    const first = String(Number(req.body?.firstId) || 0);
    // Errors are shown at the group's own fields: explanation-<first id>.
    const atGroup = (errors: FieldErrors) => Object.fromEntries(Object.entries(errors).map(([k, v]) => [k === '_form' ? k : `${k}-${first}`, v]));
    if (!parsed.ok) return render(req, res, 400, page, atGroup(parsed.errors), { [first]: keptValues(req.body) });
    try {
      const n = await deps.answers.answerGroup(currentUser(res), id, { firstId: parsed.data.firstId, key: parsed.data.key }, parsed.data);
      res.redirect(303, `/office/consultations/${id}/public-answers?page=${page}&saved=${parsed.data.firstId}&n=${n}#pg-${parsed.data.firstId}`);
    } catch (err) {
      if (isFormRefusal(err)) return render(req, res, statusOf(err), page, atGroup(translatedFields(err, t)), { [first]: keptValues(req.body) });
      next(err);
    }
  });

  return router;
}

/** PUT /api/v1/consultations/:id/public-answers: answers the whole group a comment belongs to (bearer token, own office only). */
export function publicAnswersApi(deps: { answers: PublicAnswersService; authed: RequestHandler }): Router {
  const router = Router();
  const idOf = (req: Request) => paramsOf(idParam, req, { key: 'api.bad_id' }, 'id').id;
  // Another office's consultation is "not found" whatever the body holds: checked before the body is.
  const owned = async (req: Request, res: Response, next: NextFunction) => {
    await deps.answers.checkOwn(currentUser(res), idOf(req));
    next();
  };

  router.put('/consultations/:id/public-answers', deps.authed, owned, validate(publicAnswerBody), async (req, res) => {
    const body = bodyOf(res, publicAnswerBody);
    const answered = await deps.answers.answerGroupOf(currentUser(res), idOf(req), body.commentId, { decision: body.decision, explanation: body.explanation });
    res.json({ answered });
  });

  return router;
}
