import { Router } from 'express';
import type { ConsultationsService } from './service';
import { clauseParams, idParam } from './schemas';

/** Public pages: the list of consultations, one consultation with its draft, one clause. */
export function consultationPages(service: ConsultationsService, baseUrl: string): Router {
  const router = Router();

  router.get('/', async (_req, res) => {
    const { open, closed } = await service.listPublic();
    res.render('consultations/index', { title: res.locals.t('home.title'), open, closed });
  });

  router.get('/consultations/:id', async (req, res, next) => {
    const params = idParam.safeParse(req.params);
    const detail = params.success ? await service.getPublic(params.data.id) : null;
    if (!detail) return next();
    res.render('consultations/show', { title: detail.consultation.draft_title ?? detail.consultation.subject, ...detail, baseUrl });
  });

  router.get('/consultations/:id/clauses/:anchor', async (req, res, next) => {
    const params = clauseParams.safeParse(req.params);
    const detail = params.success ? await service.getPublic(params.data.id) : null;
    const clause = params.success ? detail?.draft?.flat.find((c) => c.anchor === params.data.anchor) : undefined;
    if (!detail || !clause) return next();
    res.render('consultations/clause', { title: `${[clause.label, clause.heading].filter(Boolean).join(' ')} — ${detail.consultation.draft_title ?? detail.consultation.subject}`, ...detail, clause, baseUrl });
  });

  return router;
}
