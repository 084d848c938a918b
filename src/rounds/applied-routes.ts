import { Router } from 'express';
import { z } from 'zod';
import { currentUser, requireUser } from '../auth/middleware';
import { isFormRefusal } from '../web/errors';
import { paramsOf, parseForm, translatedFields } from '../web/validate';
import { appliedForm } from './schemas';
import type { RoundsService } from './service';

const params = z.object({ id: z.coerce.number().int().positive(), commentId: z.coerce.number().int().positive() });

/** The review page's "đã tiếp thu tại …" form: where an accepted comment was applied in the next round's draft. */
export function appliedPages(deps: { rounds: RoundsService }): Router {
  const router = Router();

  router.post('/office/consultations/:id/comments/:commentId/applied', requireUser, async (req, res, next) => {
    const { id, commentId } = paramsOf(params, req);
    const back = `/office/consultations/${id}/review`;
    // Another office's comment is not found, whatever the form holds.
    await deps.rounds.roundOfComment(currentUser(res), commentId);
    const parsed = parseForm(appliedForm, req.body ?? {}, res.locals.t);
    if (!parsed.ok) {
      res.status(400).render('errors/error', { title: res.locals.t('round.applied.save'), message: Object.values(parsed.errors).flat()[0], stack: null, back });
      return;
    }
    try {
      const { consultationId } = await deps.rounds.setApplied(currentUser(res), commentId, parsed.data.clauseId);
      res.redirect(303, `/office/consultations/${consultationId}/review?applied=${commentId}#g-${commentId}`);
    } catch (err) {
      if (isFormRefusal(err)) {
        const message = Object.values(translatedFields(err, res.locals.t)).flat()[0];
        res.status(400).render('errors/error', { title: res.locals.t('round.applied.save'), message, stack: null, back });
        return;
      }
      next(err);
    }
  });

  return router;
}
