import { type Request, type Response, Router } from 'express';
import { LRUCache } from 'lru-cache';
import type { DraftView } from '../drafts/service';
import type { ConsultationsService } from './service';
import { clauseParams, idParam } from './schemas';

/** Public pages: the list of consultations, one consultation with its draft, one clause. */
export function consultationPages(service: ConsultationsService, baseUrl: string): Router {
  const router = Router();
  // The rendered draft is most of the page's cost and never changes for a published version.
  const documents = new LRUCache<string, string>({ max: 100 });

  const documentHtml = async (req: Request, res: Response, draft: DraftView | null, consultationId: number): Promise<string> => {
    if (!draft) return '';
    const key = `${draft.id}:${String(res.locals.lang)}`;
    const cached = documents.get(key);
    if (cached !== undefined) return cached;
    const html = await new Promise<string>((resolve, reject) => {
      req.app.render('consultations/document', { ...res.locals, draft, consultationId }, (err, out) => (err ? reject(err) : resolve(out)));
    });
    documents.set(key, html);
    return html;
  };

  router.get('/', async (_req, res) => {
    const { open, closed } = await service.listPublic();
    res.render('consultations/index', { title: res.locals.t('home.title'), open, closed });
  });

  router.get('/consultations/:id', async (req, res, next) => {
    const params = idParam.safeParse(req.params);
    const detail = params.success ? await service.getPublic(params.data.id) : null;
    if (!detail) return next();
    const document = await documentHtml(req, res, detail.draft, detail.consultation.id);
    res.render('consultations/show', { title: detail.consultation.draft_title ?? detail.consultation.subject, ...detail, baseUrl, documentHtml: document });
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
