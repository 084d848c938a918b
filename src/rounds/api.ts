import { type Request, type RequestHandler, type Response, Router } from 'express';
import { currentUser } from '../auth/middleware';
import { apiDeadline, apiLetterFields } from '../office/schemas';
import { NotFound } from '../errors';
import { createUpload, throwIfUploadFailed, uploadedFiles } from '../web/upload';
import { paramsOf, parseForm } from '../web/validate';
import { comparisonJson } from './present';
import { appliedBody, consultationId, pairsBody } from './schemas';
import type { RoundsService } from './service';

/** The letter's fields a follow-up must bring: its own number and date; the rest are kept from the round before. */
const followUpLetter = apiLetterFields.partial().required({ number: true, letterDate: true });

/**
 * Rounds under /api/v1: a follow-up round (officer), the comparison with the round before (the
 * office's, with a token, before publishing; anyone's once published), corrections to it.
 */
export function roundsApi(deps: { rounds: RoundsService; authed: RequestHandler; dataDir: string; baseUrl: string }): Router {
  const { rounds, authed, baseUrl } = deps;
  const router = Router();
  const upload = createUpload(deps.dataDir, [{ name: 'draft', maxCount: 1 }]);
  const idOf = (req: Request) => paramsOf(consultationId, req, { key: 'api.bad_id' }, 'id').id;
  const refuse = (res: Response, errors: Record<string, string[]>) => res.status(400).json({ error: Object.values(errors).flat()[0], fields: errors });
  // A token makes it the office's view; without one it is the public's.
  const authedIfToken: RequestHandler = (req, res, next) => (req.get('authorization') ? authed(req, res, next) : next());

  router.post('/consultations/:id/follow-up', authed, upload, async (req, res) => {
    throwIfUploadFailed(res);
    const id = idOf(req);
    const user = currentUser(res);
    // Owned, published and without a follow-up, or refused before the body is read.
    await rounds.followUpDefaults(user, id);
    const letter = parseForm(followUpLetter, req.body ?? {}, res.locals.t);
    const deadline = parseForm(apiDeadline, req.body ?? {}, res.locals.t);
    if (!letter.ok || !deadline.ok) return refuse(res, { ...(letter.ok ? {} : letter.errors), ...(deadline.ok ? {} : deadline.errors) });
    const { signer, ...sent } = letter.data;
    const given = Object.fromEntries(Object.entries({ ...sent, signerName: signer }).filter(([, v]) => v !== undefined));
    const { id: newId, round } = await rounds.followUp(user, id, { ...given, ...deadline.data }, uploadedFiles(req).draft?.[0]);
    const comparison = await rounds.officeComparison(user, newId);
    res
      .status(201)
      .location(`/api/v1/consultations/${newId}`)
      .json({ id: newId, round, changes: comparison?.counts ?? null, changesUrl: `${baseUrl}/api/v1/consultations/${newId}/changes`, url: `${baseUrl}/office/consultations/${newId}` });
  });

  router.get('/consultations/:id/changes', authedIfToken, async (req, res) => {
    const id = idOf(req);
    const comparison = res.locals.user ? await rounds.officeComparison(currentUser(res), id) : await rounds.publicComparison(id);
    if (!comparison) throw new NotFound({ id: { key: 'round.not_follow_up' } });
    res.json(comparisonJson(comparison));
  });

  router.patch('/consultations/:id/changes', authed, async (req, res) => {
    const id = idOf(req);
    // Another office's consultation is not found, whatever the body holds.
    await rounds.checkOwn(currentUser(res), id);
    const body = parseForm(pairsBody, req.body ?? {}, res.locals.t);
    if (!body.ok) return refuse(res, body.errors);
    const comparison = await rounds.correct(currentUser(res), id, body.data.pairs);
    res.json(comparisonJson(comparison));
  });

  // Where an accepted comment was applied in the next round's draft: possible after the report is published.
  router.put('/comments/:id/applied', authed, async (req, res) => {
    const commentId = idOf(req);
    // Another office's comment is not found, whatever the body holds.
    await rounds.roundOfComment(currentUser(res), commentId);
    const body = parseForm(appliedBody, req.body ?? {}, res.locals.t);
    if (!body.ok) return refuse(res, body.errors);
    const clauseId = body.data.appliedClauseId;
    const { consultationId: id } = await rounds.setApplied(currentUser(res), commentId, clauseId);
    res.json({ id: commentId, consultationId: id, appliedClauseId: clauseId });
  });

  return router;
}
