import { type NextFunction, type Request, type Response, Router } from 'express';
import { z } from 'zod';
import { currentUser, requireUser } from '../auth/middleware';
import type { OfficeConsultationsService } from '../office/service';
import type { Clock } from '../clock';
import type { ConsultationsService } from '../consultations/service';
import { vnMidnight, vnDate, formatVnDate, formatVnDateTime } from '../time';
import { keptValues } from '../web/form-values';
import { createUpload, uploadedFiles } from '../web/upload';
import { type FieldErrors, parseForm, translatedFields, paramsOf } from '../web/validate';
import { RECEIVED_AT_FIELDS, agencyForm, agencyFormMaxFields, receivedAtForm } from './schemas';
import type { SubmissionsService } from './service';
import { isFormRefusal, statusOf } from '../web/errors';
import { NotFound } from '../errors';

const ids = z.object({ id: z.coerce.number().int().positive(), invitation: z.coerce.number().int().positive() });

/**
 * The office's side of replies: an agency's draft and versions as received, and clerk entry of a
 * reply that came on paper or by e-mail.
 */
export function officeReplyPages(deps: { service: SubmissionsService; office: OfficeConsultationsService; consultations: ConsultationsService; clock: Clock; dataDir: string }): Router {
  const router = Router();
  const clauseIdsOf = (res: Response) => res.locals.clauseIds!;
  const upload = createUpload(deps.dataDir, [{ name: 'letterFile', maxCount: 1 }], { maxFields: (res) => agencyFormMaxFields(clauseIdsOf(res).size, RECEIVED_AT_FIELDS) });
  const path = '/office/consultations/:id/invitations/:invitation/entry';
  router.use('/office/consultations/:id/invitations/:invitation/entry', requireUser);

  const idsOf = (req: Request) => {
    return paramsOf(ids, req);
  };

  const render = async (req: Request, res: Response, status: number, errors: FieldErrors = {}, values: Record<string, unknown> | null = null) => {
    const { id, invitation } = idsOf(req);
    const view = await deps.office.get(currentUser(res), id);
    const recipient = view.progress.recipients.find((r) => r.invitationId === invitation);
    const detail = await deps.consultations.getPublic(id);
    if (!recipient || !detail) throw new NotFound({ _form: { key: 'consultation.not_found' } });
    const now = deps.clock.now();
    res.status(status).render('office/entry', {
      title: res.locals.t('clerk.title', { agency: recipient.agencyName }),
      view,
      recipient,
      detail,
      errors,
      values: values ?? { receivedDate: formatVnDate(vnDate(now)), receivedTime: formatVnDateTime(now).slice(0, 5) },
    });
  };

  router.get(path, (req, res) => render(req, res, 200));

  router.get('/office/consultations/:id/invitations/:invitation', requireUser, async (req, res) => {
    const { id, invitation } = idsOf(req);
    const ws = await deps.service.replyForOffice(currentUser(res), id, invitation);
    res.render('office/reply', { title: ws.agency.agencyName, ws });
  });

  const withClauses = async (req: Request, res: Response, next: NextFunction) => {
    res.locals.clauseIds = await deps.service.formClauseIds(idsOf(req).id);
    next();
  };

  router.post(path, withClauses, upload, async (req, res, next) => {
    const { id, invitation } = idsOf(req);
    const t = res.locals.t;
    const failed = res.locals.uploadError;
    if (failed) return render(req, res, statusOf(failed), translatedFields(failed, t), keptValues(req.body));
    const form = parseForm(agencyForm(clauseIdsOf(res), RECEIVED_AT_FIELDS), req.body, t);
    const when = parseForm(receivedAtForm, req.body, t);
    if (!form.ok || !when.ok) return render(req, res, 400, { ...(form.ok ? {} : form.errors), ...(when.ok ? {} : when.errors) }, keptValues(req.body));
    const [h, m] = (when.data.receivedTime || '12:00').split(':').map(Number);
    const receivedAt = new Date(vnMidnight(when.data.receivedDate).getTime() + (h! * 60 + m!) * 60_000);
    try {
      await deps.service.enterForAgency(currentUser(res), id, invitation, form.data.input, receivedAt, uploadedFiles(req).letterFile?.[0]);
      res.redirect(303, `/office/consultations/${id}?notice=entered#recipients`);
    } catch (err) {
      if (isFormRefusal(err)) return render(req, res, statusOf(err), translatedFields(err, t), keptValues(req.body));
      next(err);
    }
  });

  return router;
}
