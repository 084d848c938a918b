import { Router } from 'express';
import { idParam } from '../consultations/schemas';
import type { ConsultationsService } from '../consultations/service';
import type { FileStorage } from './storage';

/** Downloads of public attachments; the name in the URL is for people, the id decides. */
export function attachmentRoutes(consultations: ConsultationsService, storage: FileStorage): Router {
  const router = Router();
  router.get('/attachments/:id/:filename', async (req, res, next) => {
    const params = idParam.safeParse({ id: req.params.id });
    const attachment = params.success ? await consultations.publicAttachment(params.data.id) : undefined;
    if (!attachment) return next();
    res.setHeader('Content-Type', attachment.content_type);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.attachment(attachment.filename);
    res.sendFile(storage.pathOf(attachment.storage_key));
  });
  return router;
}
