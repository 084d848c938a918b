import { Router } from 'express';
import { bodyOf, paramsOf, validate } from '../web/validate';
import { toVnIso } from '../time';
import { confirmBody, consultationParam, publicCommentBody, publicListQuery } from './schemas';
import type { PublicCommentsService } from './service';

/**
 * The public API of public comments: anyone may send one (it counts once confirmed from the mail)
 * and read the published ones. A request with a bearer token is the office's, served further on.
 */
export function publicCommentsApi(service: PublicCommentsService): Router {
  const router = Router();

  router.post('/consultations/:id/public-comments', validate(publicCommentBody), async (req, res) => {
    const { id } = paramsOf(consultationParam, req, { key: 'api.bad_id' });
    const input = bodyOf(res, publicCommentBody);
    const result = await service.submit(id, input, { address: req.ip ?? 'unknown', lang: res.locals.lang, citizen: null });
    res.status(202).json({ status: result.status });
  });

  router.get('/consultations/:id/public-comments', async (req, res, next) => {
    if (req.get('authorization')) return next();
    const { id } = paramsOf(consultationParam, req, { key: 'api.bad_id' });
    const page = publicListQuery.parse(req.query);
    const list = await service.published(id, page);
    res.json({
      total: list.total,
      limit: page.limit,
      offset: page.offset,
      items: list.items.map((p) => ({
        id: p.id,
        clauseId: p.clauseId,
        text: p.text,
        ...(p.name !== null ? { name: p.name } : {}),
        ...(p.organisation !== null ? { organisation: p.organisation } : {}),
        publishedAt: toVnIso(p.publishedAt),
        ...(p.answer ? { answer: p.answer } : {}),
      })),
    });
  });

  router.post('/public-comments/confirm', validate(confirmBody), async (_req, res) => {
    const result = await service.confirm(bodyOf(res, confirmBody).token);
    res.json({ status: result.status, consultationId: result.consultationId });
  });

  return router;
}
