import { type NextFunction, type Request, type Response, Router } from 'express';
import { z } from 'zod';
import type { AgenciesService } from '../agencies/service';
import { currentUser, requireUser } from '../auth/middleware';
import type { FileStorage } from '../attachments/storage';
import { type Translate, isMessageKey } from '../i18n';
import { createUpload, throwIfUploadFailed, uploadedFiles } from '../web/upload';
import { type FieldErrors, parseForm, translatedFields, paramsOf } from '../web/validate';
import { keptValues } from '../web/form-values';
import { formValuesOf, prefilledValues } from './form-values';
import { clauseEditForm } from './page-schemas';
import { type PickerState, pickerState } from './picker-form';
import { consultationForm, deadlineForm } from './schemas';
import type { OfficeConsultationsService } from './service';
import type { ConsultationsService } from '../consultations/service';
import type { RoundsService } from '../rounds/service';
import { isFormRefusal, statusOf } from '../web/errors';
import { Invalid } from '../errors';

const BASE = '/office/consultations';
const ids = z.object({ id: z.coerce.number().int().positive(), sub: z.coerce.number().int().positive().optional() });
const tOf = (res: Response) => res.locals.t;
const savedQuery = z.object({ saved: z.coerce.number().int().positive(), op: z.string().max(20) }).transform((q) => ({ id: q.saved, op: q.op }));

/** How the review page names a clause: "Điều 5." or "Chương I" as printed, "mục 3.1." for a bare number, else its first words. */
function clauseName(t: Translate, clause: { label: string | null; heading: string | null; text: string }): string {
  const label = clause.label?.trim();
  if (label) return /^\p{L}{2,}/u.test(label) ? label : t('draft.clause_name', { label });
  const words = (clause.heading || clause.text).split(/\s+/u).filter(Boolean);
  return `“${words.slice(0, 6).join(' ')}${words.length > 6 ? '…' : ''}”`;
}
/** An irreversible action runs only from its confirmation page's button: a bare POST (an old one-click form) is sent to that page. */
const confirmed = (req: Request) => (req.body as Record<string, unknown> | undefined)?.confirm === 'yes';

/** The new-consultation form's fields that carry several values. */
const PICKED = ['agencyIds', 'groupIds'];

interface NewFormState {
  refreshed?: boolean;
  prefill?: { name: string; filled: string[]; chosen: number; unmatched: string[] };
}

/** The drafting office's pages under /office: thin handlers over the office service. */
export function officeConsultationPages(deps: {
  service: OfficeConsultationsService;
  consultations: ConsultationsService;
  agencies: AgenciesService;
  storage: FileStorage;
  rounds: RoundsService;
  dataDir: string;
}): Router {
  const { service, agencies, storage } = deps;
  const router = Router();
  router.use('/office', requireUser);
  // Every agency and group of a large directory is a checkbox: allow thousands of fields.
  const uploadNew = createUpload(
    deps.dataDir,
    [
      { name: 'draft', maxCount: 1 },
      { name: 'requestLetter', maxCount: 1 },
      { name: 'others', maxCount: 10 },
      { name: 'source', maxCount: 1 },
    ],
    { maxFields: 10_000 },
  );
  const uploadDraft = createUpload(deps.dataDir, [{ name: 'draft', maxCount: 1 }]);
  const uploadAttachments = createUpload(deps.dataDir, [
    { name: 'requestLetter', maxCount: 1 },
    { name: 'others', maxCount: 10 },
  ]);

  /** The draft document's rounds around this one, for its page: all of them, the one before and the follow-up. Read after the office's `get` has checked ownership. */
  const roundsOf = async (id: number) => {
    const all = await deps.rounds.rounds(id, { publicOnly: false });
    const current = all.find((r) => r.current);
    return {
      all,
      current: current ?? null,
      previous: current ? (all.find((r) => r.round === current.round - 1) ?? null) : null,
      next: current ? (all.find((r) => r.round === current.round + 1) ?? null) : null,
    };
  };

  const idsOf = (req: Request) => {
    return paramsOf(ids, req);
  };

  /** A refused form goes back to its page with the messages at the fields and the answers kept. */
  const onInputError = (render: (errors: FieldErrors, status: number) => Promise<void> | void) => async (err: unknown, res: Response, next: NextFunction): Promise<void> => {
    if (isFormRefusal(err)) return render(translatedFields(err, tOf(res)), statusOf(err));
    next(err);
  };

  const pickerFor = (res: Response, state: Pick<PickerState, 'agencyIds' | 'q' | 'page'>) =>
    agencies.picker(currentUser(res).officeId, { chosen: state.agencyIds, q: state.q, page: state.page });

  /** The new-consultation form, from what was posted (or its defaults); `prefill` when a file filled it in. */
  const renderNew = async (res: Response, status: number, body: unknown, errors: FieldErrors = {}, shown: NewFormState = {}) => {
    const values = keptValues(body, PICKED);
    const choice = pickerState(values);
    const picker = await pickerFor(res, choice);
    res.status(status).render('office/consultation-new', {
      title: tOf(res)('cf.new.title'),
      values,
      choice,
      errors,
      picker,
      refreshed: shown.refreshed ?? false,
      prefill: shown.prefill ?? null,
      prefilledFields: shown.prefill?.filled ?? [],
    });
  };

  router.get('/office', async (_req, res) => {
    const { items, since, newSubmissions } = await service.dashboard(currentUser(res));
    res.render('office/index', { title: tOf(res)('office.title'), items, since, newSubmissions });
  });

  router.get(`${BASE}/new`, (_req, res) => renderNew(res, 200, { deadlineRule: 'before_date', latePolicy: 'refuse', publicComments: 'off', publicNames: true }));

  router.post(BASE, uploadNew, async (req, res, next) => {
    const files = uploadedFiles(req);
    const failed = res.locals.uploadError;
    if (failed) return renderNew(res, statusOf(failed), req.body, translatedFields(failed, tOf(res)));
    if (pickerState(req.body).refresh) return renderNew(res, 200, req.body, {}, { refreshed: true });
    if (req.body?.action === 'prefill') {
      const source = files.source?.[0];
      try {
        const found = await service.prefill(currentUser(res), source);
        const { values, filled } = prefilledValues(keptValues(req.body, PICKED), found);
        const chosen = found.agencyIds.length + found.groupIds.length;
        return await renderNew(res, 200, values, {}, { prefill: { name: source!.originalname, filled, chosen, unmatched: found.unmatched } });
      } catch (err) {
        return onInputError((errors, status) => renderNew(res, status, req.body, errors))(err, res, next);
      }
    }
    const parsed = parseForm(consultationForm, req.body, tOf(res));
    if (!parsed.ok) return renderNew(res, 400, req.body, parsed.errors);
    try {
      const id = await service.create(currentUser(res), parsed.data.fields, parsed.data, {
        draft: files.draft?.[0],
        requestLetter: files.requestLetter?.[0],
        others: files.others,
      });
      res.redirect(303, `${BASE}/${id}/draft`);
    } catch (err) {
      return onInputError((errors, status) => renderNew(res, status, req.body, errors))(err, res, next);
    }
  });

  router.get(`${BASE}/:id`, async (req, res) => {
    const view = await service.get(currentUser(res), idsOf(req).id);
    const notice = typeof req.query.notice === 'string' && (isMessageKey(`dash.notice.${req.query.notice}`) || req.query.notice === 'follow_up') ? req.query.notice : null;
    res.render('office/consultation', { title: view.consultation.number, view, errors: {}, notice, rounds: await roundsOf(view.consultation.id) });
  });

  // --- the letter's fields ---
  const renderEdit = async (res: Response, id: number, status: number, values: Record<string, unknown> | null, errors: FieldErrors = {}) => {
    const view = await service.get(currentUser(res), id);
    res.status(status).render('office/consultation-edit', { title: tOf(res)('cf.edit.title'), view, values: values ?? formValuesOf(view.consultation), errors });
  };
  router.get(`${BASE}/:id/edit`, (req, res) => renderEdit(res, idsOf(req).id, 200, null));
  router.post(`${BASE}/:id/edit`, async (req, res, next) => {
    const { id } = idsOf(req);
    const parsed = parseForm(consultationForm, req.body, tOf(res));
    if (!parsed.ok) return renderEdit(res, id, 400, keptValues(req.body), parsed.errors);
    try {
      await service.update(currentUser(res), id, parsed.data.fields);
      res.redirect(303, `${BASE}/${id}?notice=saved`);
    } catch (err) {
      return onInputError((errors, status) => renderEdit(res, id, status, keptValues(req.body), errors))(err, res, next);
    }
  });

  // --- the draft's clause tree ---
  const renderDraft = async (res: Response, id: number, status: number, errors: FieldErrors = {}, saved: { id: number; op: string } | null = null) => {
    const view = await service.get(currentUser(res), id);
    const clause = saved ? view.draft?.flat.find((c) => c.id === saved.id) : undefined;
    const key = `draft.saved.${saved?.op ?? ''}`;
    // A label printed with its final dot ("3.1.") also ends the sentence.
    const savedNotice = clause && isMessageKey(key) ? tOf(res)(key, { name: clauseName(tOf(res), clause) }).replace(/\.\.$/u, '.') : null;
    res.status(status).render('office/draft-review', { title: view.consultation.number, view, errors, openId: clause?.id ?? null, savedNotice });
  };
  router.get(`${BASE}/:id/draft`, (req, res) => {
    const saved = savedQuery.safeParse(req.query);
    return renderDraft(res, idsOf(req).id, 200, {}, saved.success ? saved.data : null);
  });
  router.post(`${BASE}/:id/draft`, uploadDraft, async (req, res, next) => {
    const { id } = idsOf(req);
    const draft = uploadedFiles(req).draft?.[0];
    try {
      throwIfUploadFailed(res);
      if (!draft) throw new Invalid({ draft: { key: 'upload.draft_required' } });
      await service.replaceDraft(currentUser(res), id, draft);
      res.redirect(303, `${BASE}/${id}/draft`);
    } catch (err) {
      return onInputError((errors, status) => renderDraft(res, id, status, errors))(err, res, next);
    }
  });
  router.post(`${BASE}/:id/clauses/:sub`, async (req, res, next) => {
    const { id, sub } = idsOf(req);
    const parsed = parseForm(clauseEditForm, req.body, tOf(res));
    if (!parsed.ok) return renderDraft(res, id, 400, parsed.errors);
    try {
      const shown = await service.editClause(currentUser(res), id, sub!, parsed.data);
      res.redirect(303, shown ? `${BASE}/${id}/draft?saved=${shown.id}&op=${parsed.data.op}#c-${shown.anchor}` : `${BASE}/${id}/draft#tree`);
    } catch (err) {
      return onInputError((errors, status) => renderDraft(res, id, status, errors))(err, res, next);
    }
  });

  // --- recipients, files, publishing ---
  const renderRecipients = async (res: Response, id: number, status: number, state: PickerState | null, errors: FieldErrors = {}) => {
    const view = await service.get(currentUser(res), id);
    const chosen = state ?? {
      agencyIds: view.lines.flatMap((l) => (l.agency_id ? [l.agency_id] : [])),
      groupIds: view.lines.flatMap((l) => (l.group_id ? [l.group_id] : [])),
      q: '',
      page: 1,
      refresh: false,
    };
    const picker = await pickerFor(res, chosen);
    res.status(status).render('office/recipients', { title: tOf(res)('cf.section.recipients'), view, picker, choice: chosen, errors, refreshed: chosen.refresh });
  };
  router.get(`${BASE}/:id/recipients`, (req, res) => renderRecipients(res, idsOf(req).id, 200, null));
  router.post(`${BASE}/:id/recipients`, async (req, res, next) => {
    const { id } = idsOf(req);
    const state = pickerState(req.body);
    if (state.refresh) return renderRecipients(res, id, 200, state);
    const choice = { agencyIds: state.agencyIds, groupIds: state.groupIds };
    try {
      await service.setRecipients(currentUser(res), id, choice);
      res.redirect(303, `${BASE}/${id}?notice=recipients`);
    } catch (err) {
      return onInputError((errors, status) => renderRecipients(res, id, status, state, errors))(err, res, next);
    }
  });

  router.post(`${BASE}/:id/attachments`, uploadAttachments, async (req, res) => {
    const { id } = idsOf(req);
    const files = uploadedFiles(req);
    throwIfUploadFailed(res);
    await service.addAttachments(currentUser(res), id, { requestLetter: files.requestLetter?.[0], others: files.others });
    res.redirect(303, `${BASE}/${id}?notice=attached`);
  });

  router.get(`${BASE}/:id/attachments/:sub/:filename`, async (req, res, next) => {
    const { id, sub } = idsOf(req);
    const attachment = await service.attachment(currentUser(res), id, sub!);
    if (!attachment) return next();
    res.setHeader('Content-Type', attachment.content_type);
    res.attachment(attachment.filename);
    res.sendFile(storage.pathOf(attachment.storage_key));
  });

  const renderDashboardError = (req: Request, res: Response) => async (errors: FieldErrors, status: number) => {
    const view = await service.get(currentUser(res), idsOf(req).id);
    res.status(status).render('office/consultation', { title: view.consultation.number, view, errors, notice: null, rounds: await roundsOf(view.consultation.id) });
  };

  // --- publishing and ending now: each shown first, done from its confirmation page ---
  const renderPublishConfirm = async (res: Response, id: number, status: number, errors: FieldErrors = {}) => {
    const t = tOf(res);
    const preview = await service.publishPreview(currentUser(res), id, t('confirm.link_placeholder'));
    const refused = preview.refusal ? translatedFields(preview.refusal, t) : {};
    res.status(status).render('office/confirm-publish', { title: t('confirm.publish.title'), preview, errors: { ...refused, ...errors }, canConfirm: !preview.refusal });
  };
  router.get(`${BASE}/:id/publish`, (req, res) => renderPublishConfirm(res, idsOf(req).id, 200));

  router.get(`${BASE}/:id/publish/preview`, async (req, res, next) => {
    const { id } = idsOf(req);
    await service.checkOwn(currentUser(res), id);
    const detail = await deps.consultations.previewPublic(id);
    if (!detail) return next();
    const documentHtml = detail.draft
      ? await new Promise<string>((resolve, reject) => {
          req.app.render('consultations/document', { ...res.locals, draft: detail.draft, consultationId: id }, (err, html) => (err ? reject(err) : resolve(html)));
        })
      : '';
    res.render('consultations/show', { title: detail.consultation.draft_title ?? detail.consultation.subject, ...detail, documentHtml, preview: { back: `${BASE}/${id}/publish` } });
  });

  router.post(`${BASE}/:id/publish`, async (req, res, next) => {
    const { id } = idsOf(req);
    try {
      if (!confirmed(req)) {
        await service.checkOwn(currentUser(res), id);
        return res.redirect(303, `${BASE}/${id}/publish`);
      }
      await service.publish(currentUser(res), id);
      res.redirect(303, `${BASE}/${id}?notice=published`);
    } catch (err) {
      return onInputError((errors, status) => renderPublishConfirm(res, id, status, errors))(err, res, next);
    }
  });

  const renderEndConfirm = async (res: Response, id: number, status: number, errors: FieldErrors = {}) => {
    const t = tOf(res);
    const preview = await service.endNowPreview(currentUser(res), id, t('confirm.link_placeholder'));
    const refused = preview.refusal ? translatedFields(preview.refusal, t) : {};
    res.status(status).render('office/confirm-end', { title: t('confirm.end.title'), preview, errors: { ...refused, ...errors }, canConfirm: !preview.refusal });
  };
  router.get(`${BASE}/:id/end-now`, (req, res) => renderEndConfirm(res, idsOf(req).id, 200));

  router.post(`${BASE}/:id/deadline`, async (req, res, next) => {
    const { id } = idsOf(req);
    const parsed = parseForm(deadlineForm, req.body, tOf(res));
    const endingNow = parsed.ok && parsed.data.action === 'end_now';
    try {
      if (!parsed.ok) return await renderDashboardError(req, res)(parsed.errors, 400);
      if (endingNow && !confirmed(req)) {
        await service.checkOwn(currentUser(res), id);
        return res.redirect(303, `${BASE}/${id}/end-now`);
      }
      if (parsed.data.deadline) await service.update(currentUser(res), id, parsed.data.deadline);
      else await service.endNow(currentUser(res), id);
      res.redirect(303, `${BASE}/${id}?notice=${endingNow ? 'ended' : 'deadline'}`);
    } catch (err) {
      const render = endingNow ? (errors: FieldErrors, status: number) => renderEndConfirm(res, id, status, errors) : renderDashboardError(req, res);
      return onInputError(render)(err, res, next);
    }
  });

  router.post(`${BASE}/:id/remind`, async (req, res, next) => {
    const { id } = idsOf(req);
    try {
      await service.remind(currentUser(res), id);
      res.redirect(303, `${BASE}/${id}?notice=reminded`);
    } catch (err) {
      return onInputError(renderDashboardError(req, res))(err, res, next);
    }
  });

  router.post(`${BASE}/:id/invitations/:sub/resend`, async (req, res, next) => {
    const { id, sub } = idsOf(req);
    try {
      await service.resend(currentUser(res), id, sub!);
      res.redirect(303, `${BASE}/${id}?notice=resent#recipients`);
    } catch (err) {
      return onInputError(renderDashboardError(req, res))(err, res, next);
    }
  });

  router.post(`${BASE}/:id/invitations/:sub/revoke`, async (req, res) => {
    const { id, sub } = idsOf(req);
    await service.revoke(currentUser(res), id, sub!);
    res.redirect(303, `${BASE}/${id}?notice=revoked#recipients`);
  });

  return router;
}
