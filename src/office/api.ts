import { type Request, type RequestHandler, type Response, Router } from 'express';
import { z } from 'zod';
import { currentUser } from '../auth/middleware';
import { createUpload, throwIfUploadFailed, uploadedFiles } from '../web/upload';
import { parseForm, paramsOf } from '../web/validate';
import { clauseJson } from '../consultations/present';
import { apiDeadline, apiLetterFields, apiNewLetterFields, recipientsBody } from './schemas';
import type { ConsultationFields } from './schemas';
import type { OfficeConsultationView, OfficeConsultationsService } from './service';
import { toVnIso } from '../time';
import { DomainError, renamedFields } from '../errors';

const idParam = z.object({ id: z.coerce.number().int().positive() });

/** The service names fields as the page's form does; the API reports them under its own names. */
const API_NAMES: Record<string, string> = { deadlineDate: 'deadline', deadlineTime: 'deadline', signerName: 'signer' };
async function withApiNames<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if (!(err instanceof DomainError)) throw err;
    throw renamedFields(err, Object.fromEntries(Object.entries(err.fields).map(([k, m]) => [API_NAMES[k] ?? k, m])));
  }
}

/** The API's names for the letter's fields, mapped to the service's. */
function fieldsOf(data: Partial<z.output<typeof apiLetterFields>>): Partial<ConsultationFields> {
  const { signer, ...rest } = data;
  return { ...rest, signerName: signer };
}

function consultationJson(view: OfficeConsultationView, baseUrl: string) {
  const c = view.consultation;
  return {
    id: c.id,
    number: c.number,
    letterDate: c.letter_date,
    subject: c.subject,
    status: view.status,
    deadline: toVnIso(c.deadline_at),
    deadlineRule: c.deadline_rule,
    originalDeadline: c.original_deadline_at ? toVnIso(c.original_deadline_at) : null,
    originalDeadlineRule: c.original_deadline_at ? (c.original_deadline_rule ?? c.deadline_rule) : null,
    closedAt: c.closed_at ? toVnIso(c.closed_at) : null,
    latePolicy: c.late_policy,
    letterRequired: c.letter_required === 1,
    publicComments: c.public_comments,
    publicNames: c.public_names === 1,
    signer: { prefix: c.signer_prefix, authority: c.signer_authority, title: c.signer_title, name: c.signer_name },
    contact: { name: c.contact_name, phone: c.contact_phone, email: c.contact_email },
    legalBasis: c.legal_basis,
    url: `${baseUrl}/office/consultations/${c.id}`,
    publicUrl: c.status === 'draft' ? null : `${baseUrl}/consultations/${c.id}`,
    recipients: view.lines.map((l) => ({ label: l.label, agencyId: l.agency_id, groupId: l.group_id, members: l.members })),
    draft: view.draft ? { version: view.draft.version, clauses: view.draft.clauses.map(clauseJson) } : null,
  };
}

/**
 * The officer API under /api/v1: bearer token only (`authed`), JSON errors `{ error, fields? }`.
 * It goes through the same service as the pages, so the same rules hold.
 */
export function officeConsultationsApi(deps: { service: OfficeConsultationsService; authed: RequestHandler; dataDir: string; baseUrl: string }): Router {
  const { service, authed, baseUrl } = deps;
  const router = Router();
  const upload = createUpload(deps.dataDir, [{ name: 'draft', maxCount: 1 }]);
  const t = (res: Response) => res.locals.t;
  const idOf = (req: Request) => paramsOf(idParam, req, { key: 'api.bad_id' }, 'id').id;
  const refuse = (res: Response, errors: Record<string, string[]>) => res.status(400).json({ error: Object.values(errors).flat()[0], fields: errors });

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

  router.post('/consultations', authed, upload, async (req, res) => {
    throwIfUploadFailed(res);
    const letter = parseForm(apiNewLetterFields, req.body, t(res));
    const deadline = parseForm(apiDeadline, req.body, t(res));
    if (!letter.ok || !deadline.ok) return refuse(res, { ...(letter.ok ? {} : letter.errors), ...(deadline.ok ? {} : deadline.errors) });
    const draft = uploadedFiles(req).draft?.[0];
    const fields = { ...fieldsOf(letter.data), ...deadline.data } as ConsultationFields;
    const id = await withApiNames(() => service.create(currentUser(res), fields, { agencyIds: [], groupIds: [] }, { draft }));
    res.status(201).location(`/api/v1/consultations/${id}`).json(consultationJson(await service.get(currentUser(res), id), baseUrl));
  });

  router.patch('/consultations/:id', authed, upload, async (req, res) => {
    throwIfUploadFailed(res);
    const id = idOf(req);
    const letter = parseForm(apiLetterFields.partial(), req.body ?? {}, t(res));
    const hasDeadline = typeof req.body?.deadline === 'string';
    const deadline = hasDeadline ? parseForm(apiDeadline, req.body, t(res)) : null;
    if (!letter.ok || (deadline && !deadline.ok)) return refuse(res, { ...(letter.ok ? {} : letter.errors), ...(deadline && !deadline.ok ? deadline.errors : {}) });
    const changes: Partial<ConsultationFields> = { ...fieldsOf(letter.data), ...(deadline?.ok ? deadline.data : {}) };
    // Unsent optional fields must stay as they are, not be cleared.
    for (const key of Object.keys(changes) as (keyof ConsultationFields)[]) {
      const sentName = key === 'signerName' ? 'signer' : key === 'deadlineAt' || key === 'deadlineRule' ? 'deadline' : key;
      if (!(sentName in (req.body ?? {}))) delete changes[key];
    }
    // A new draft goes first: if it is refused, no field has changed yet.
    const draft = uploadedFiles(req).draft?.[0];
    if (draft) await service.replaceDraft(currentUser(res), id, draft);
    const result = await withApiNames(() => service.update(currentUser(res), id, changes));
    res.json({ ...consultationJson(await service.get(currentUser(res), id), baseUrl), announced: result.announced });
  });

  router.post('/consultations/:id/recipients', authed, async (req, res) => {
    const id = idOf(req);
    await service.status(currentUser(res), id); // another office's consultation is not found, whatever the body
    const body = parseForm(recipientsBody, req.body ?? {}, t(res));
    if (!body.ok) return refuse(res, body.errors);
    const result = await service.addRecipients(currentUser(res), id, body.data);
    const view = await service.get(currentUser(res), id);
    res.status(201).json({ recipients: consultationJson(view, baseUrl).recipients, invited: result.invited });
  });

  router.post('/consultations/:id/publish', authed, async (req, res) => {
    const id = idOf(req);
    const result = await service.publish(currentUser(res), id);
    res.json({ ...consultationJson(await service.get(currentUser(res), id), baseUrl), invited: result.invited });
  });

  router.get('/consultations/:id/status', authed, async (req, res) => {
    const status = await service.status(currentUser(res), idOf(req));
    res.json({
      id: status.consultation.id,
      status: status.status,
      deadline: toVnIso(status.consultation.deadline_at),
      total: status.total,
      replied: status.replied,
      counts: status.counts,
      recipients: status.recipients.map((r) => ({
        agencyId: r.agencyId,
        agency: r.agencyName,
        state: r.state,
        mailError: r.mailError,
        openedAt: r.openedAt && toVnIso(r.openedAt),
        draftSavedAt: r.draftSavedAt && toVnIso(r.draftSavedAt),
        submittedAt: r.submittedAt && toVnIso(r.submittedAt),
        receiptNumber: r.receiptNumber,
      })),
    });
  });

  return router;
}
