import { Router } from 'express';
import { detailJson, summaryJson } from './present';
import { idParam } from './schemas';
import type { ConsultationsService } from './service';

/** Public read API under /api/v1. */
export function consultationsApi(service: ConsultationsService, baseUrl: string): Router {
  const router = Router();

  router.get('/consultations', async (_req, res) => {
    const { open, closed } = await service.listPublic();
    res.json({ items: [...open, ...closed].map(summaryJson) });
  });

  router.get('/consultations/:id', async (req, res) => {
    const params = idParam.safeParse(req.params);
    if (!params.success) {
      res.status(404).json({ error: res.locals.t('api.bad_id') });
      return;
    }
    const detail = await service.getPublic(params.data.id);
    if (!detail) {
      res.status(404).json({ error: res.locals.t('api.not_found', { id: params.data.id }) });
      return;
    }
    res.json(detailJson(detail, baseUrl));
  });

  return router;
}
