import { type RequestHandler, Router } from 'express';
import { currentUser } from '../auth/middleware';
import { toVnIso } from '../time';
import type { OfficeConsultationsService } from './office-service';

/** The officer API under /api/v1; each route requires the bearer token (`authed`). */
export function officeConsultationsApi(service: OfficeConsultationsService, authed: RequestHandler): Router {
  const router = Router();

  router.get('/office/consultations', authed, async (_req, res) => {
    const items = await service.list(currentUser(res));
    res.json({
      items: items.map((c) => ({
        id: c.id,
        number: c.number,
        subject: c.subject,
        status: c.status,
        deadline: toVnIso(c.deadlineAt),
        deadlineRule: c.deadlineRule,
        invited: c.invited,
        replied: c.replied,
      })),
    });
  });

  return router;
}
