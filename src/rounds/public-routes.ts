import { type NextFunction, type Request, type Response, Router } from 'express';
import type { ConsultationsService } from '../consultations/service';
import { idParam } from '../consultations/schemas';
import { NotFound } from '../errors';
import { comparisonPage, type ComparisonPage } from './present';
import type { RoundsService } from './service';
import { renderComparisonDocx } from './writers/docx';

/** The published consultation with its comparison to the round before; null when either is not there. */
async function publicChanges(consultations: ConsultationsService, rounds: RoundsService, req: Request) {
  const params = idParam.safeParse({ id: req.params.id });
  if (!params.success) return null;
  const detail = await consultations.getPublic(params.data.id);
  if (!detail) return null;
  const comparison = await rounds.publicComparison(params.data.id).catch((err: unknown) => {
    if (err instanceof NotFound) return null;
    throw err;
  });
  return comparison ? { detail, page: comparisonPage(comparison) } : null;
}

/**
 * What citizens see of a follow-up round: the changes since the round before (HTML, filterable
 * without JavaScript by `?only=changed`) and the bản so sánh as a DOCX. Not kept in the public page
 * cache: they are read far less than the consultation's own page.
 */
export function roundPages(deps: { consultations: ConsultationsService; rounds: RoundsService }): Router {
  const { consultations, rounds } = deps;
  const router = Router();

  router.get('/consultations/:id/changes', async (req: Request, res: Response, next: NextFunction) => {
    const found = await publicChanges(consultations, rounds, req);
    if (!found) return next();
    const onlyChanged = req.query.only === 'changed';
    const page: ComparisonPage = found.page;
    const c = found.detail.consultation;
    res.render('rounds/changes', {
      title: `${res.locals.t('round.changes.title', { n: page.fromVersion })} — ${c.draft_title ?? c.subject}`,
      consultation: c,
      page,
      onlyChanged,
    });
  });

  router.get('/consultations/:id/changes.docx', async (req: Request, res: Response, next: NextFunction) => {
    const found = await publicChanges(consultations, rounds, req);
    if (!found) return next();
    const { page } = found;
    const c = found.detail.consultation;
    const docx = await renderComparisonDocx(page, { title: c.draft_title ?? c.subject, office: c.office_name });
    res.setHeader('Content-Type', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    res.setHeader('Cache-Control', 'public, max-age=300');
    res.attachment(`ban-so-sanh-du-thao-lan-${page.fromVersion}-lan-${page.toVersion}-${c.id}.docx`);
    res.send(docx);
  });

  return router;
}
