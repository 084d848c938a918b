import { type RequestHandler, Router } from 'express';
import { currentUser } from '../auth/middleware';
import { toVnIso } from '../time';
import { parseForm, paramsOf } from '../web/validate';
import { apiListQuery, commentParam, consultationParam, decideBody } from './schemas';
import type { ModerationItem, ModerationService } from './service';

const iso = (at: string | null) => (at ? toVnIso(at) : null);

const itemJson = (p: ModerationItem) => ({
  id: p.id,
  clauseId: p.clauseId,
  clauseLabel: p.clauseLabel,
  name: p.name,
  email: p.email,
  organisation: p.organisation,
  text: p.text,
  showName: p.showName,
  state: p.state,
  flags: p.flags,
  createdAt: iso(p.createdAt),
  confirmedAt: iso(p.confirmedAt),
  publishedAt: iso(p.publishedAt),
  moderatedAt: iso(p.moderatedAt),
  reason: p.reason,
  note: p.note,
});

/**
 * The moderator's API (bearer token, own office only): the list of one state with e-mail addresses,
 * and a decision on one comment. Mounted after the public list, which hands on a request with a token.
 */
export function moderationApi(deps: { moderation: ModerationService; authed: RequestHandler }): Router {
  const { moderation } = deps;
  const router = Router();

  router.get('/consultations/:id/public-comments', deps.authed, async (req, res) => {
    const { id } = paramsOf(consultationParam, req, { key: 'api.bad_id' });
    // Another office's consultation is not found, whatever the query.
    await moderation.consultation(currentUser(res), id);
    const query = parseForm(apiListQuery, req.query, res.locals.t);
    if (!query.ok) {
      res.status(400).json({ error: Object.values(query.errors).flat()[0], fields: query.errors });
      return;
    }
    const { status, limit, offset } = query.data;
    const list = await moderation.list(currentUser(res), id, status, limit, offset);
    res.json({ status, total: list.total, counts: list.counts, limit, offset, items: list.items.map(itemJson) });
  });

  router.post('/public-comments/:commentId/moderation', deps.authed, async (req, res) => {
    const { commentId } = paramsOf(commentParam, req, { key: 'moderation.comment_not_found' });
    // Ownership before the body: another office's comment is not found, whatever was sent.
    await moderation.consultationOfComment(currentUser(res), commentId);
    const body = parseForm(decideBody, req.body ?? {}, res.locals.t);
    if (!body.ok) {
      res.status(400).json({ error: Object.values(body.errors).flat()[0], fields: body.errors });
      return;
    }
    res.json(await moderation.decideOne(currentUser(res), commentId, body.data.decision, body.data.reason, body.data.note));
  });

  return router;
}
