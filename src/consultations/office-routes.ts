import { Router } from 'express';
import { currentUser, requireUser } from '../auth/middleware';
import type { Translate } from '../web/i18n';
import type { OfficeConsultationsService } from './office-service';

/** The drafting office's pages under /office. */
export function officeConsultationPages(service: OfficeConsultationsService): Router {
  const router = Router();
  router.use('/office', requireUser);

  router.get('/office', async (_req, res) => {
    const t = res.locals.t as Translate;
    const items = await service.list(currentUser(res));
    res.render('office/index', { title: t('office.title'), items });
  });

  return router;
}
