import { type Request, type Response, Router } from 'express';
import type { Clock } from '../clock';
import type { Caches } from '../caches';
import type { DraftView } from '../drafts/service';
import type { RoundsService } from '../rounds/service';
import type { PublicCommentsService } from '../public-comments/service';
import type { ConsultationsService } from './service';
import { clauseName } from './present';
import { clauseParams, idParam } from './schemas';

const PAGE_KEPT_MS = 60_000;
const LATEST_PUBLIC = 10;

/** Public pages: the list of consultations, one consultation with its draft, one clause. */
export function consultationPages(service: ConsultationsService, options: { baseUrl: string; caches: Pick<Caches, 'publicPages' | 'draftHtml'>; clock: Clock; rounds: RoundsService; publicComments: PublicCommentsService }): Router {
  const { baseUrl, clock, rounds } = options;
  const router = Router();
  const pages = options.caches.publicPages;
  // Days left are counted in whole days, and a deadline closes the consultation: a kept page lasts a
  // minute at most, and never past the next deadline.
  const keepUntil = (deadlines: string[]): number => {
    const now = clock.now().getTime();
    return Math.min(now + PAGE_KEPT_MS, ...deadlines.map((d) => new Date(d).getTime()).filter((at) => at > now));
  };
  // The rendered draft is most of the page's cost and never changes for a published version.
  const documents = options.caches.draftHtml;

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

  router.get('/', async (req, res) => {
    if (await pages.send(req, res)) return;
    const generation = await pages.generation();
    const { open, closed } = await service.listPublic();
    await pages.render(req, res, 'consultations/index', { title: res.locals.t('home.title'), open, closed }, keepUntil(open.map((c) => c.deadlineAt)), generation);
  });

  router.get('/consultations/:id', async (req, res, next) => {
    if (await pages.send(req, res)) return;
    const generation = await pages.generation();
    const params = idParam.safeParse(req.params);
    const detail = params.success ? await service.getPublic(params.data.id) : null;
    if (!detail) return next();
    const document = await documentHtml(req, res, detail.draft, detail.consultation.id);
    // The draft document's published rounds: a round published later changes the consultations table, so the kept page with it.
    const roundList = await rounds.publicRounds(detail.consultation.id);
    // The latest published public comments: publishing one bumps the kept pages' counter, a comment merely received does not.
    const publicList = detail.consultation.public_comments === 'off' ? null : await options.publicComments.published(detail.consultation.id, { limit: LATEST_PUBLIC, offset: 0 });
    const locals = { title: detail.consultation.draft_title ?? detail.consultation.subject, ...detail, baseUrl, documentHtml: document, rounds: roundList, publicList };
    await pages.render(req, res, 'consultations/show', locals, keepUntil([detail.consultation.deadline_at]), generation);
  });

  router.get('/consultations/:id/clauses/:anchor', async (req, res, next) => {
    const params = clauseParams.safeParse(req.params);
    const detail = params.success ? await service.getPublic(params.data.id) : null;
    const clause = params.success ? detail?.draft?.flat.find((c) => c.anchor === params.data.anchor) : undefined;
    if (!detail || !clause) return next();
    const name = clauseName(clause);
    // On a follow-up: how this clause compares with the round before, and where its earlier wording is.
    const comparison = await rounds.publicComparison(detail.consultation.id);
    const pair = comparison?.clauses.find((p) => p.after?.anchor === clause.anchor);
    const change = comparison && pair ? { pair, from: comparison.from, to: comparison.to } : null;
    res.render('consultations/clause', { title: `${name} — ${detail.consultation.draft_title ?? detail.consultation.subject}`, ...detail, clause, clauseName: name, baseUrl, change });
  });

  return router;
}
