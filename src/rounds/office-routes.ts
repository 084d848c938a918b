import { type Request, type Response, Router } from 'express';
import { z } from 'zod';
import { currentUser, requireUser } from '../auth/middleware';
import { NotFound } from '../errors';
import { calendarDate, deadlineForm } from '../office/schemas';
import type { OfficeConsultationsService } from '../office/service';
import { isFormRefusal, statusOf } from '../web/errors';
import { keptValues } from '../web/form-values';
import { createUpload, uploadedFiles } from '../web/upload';
import { type FieldErrors, paramsOf, parseForm, translatedFields } from '../web/validate';
import { pairForm } from './schemas';
import { type ChangeRow, type ClauseSide, type Comparison, type RoundsService, wordChanges } from './service';

const BASE = '/office/consultations';
const ids = z.object({ id: z.coerce.number().int().positive() });
const tOf = (res: Response) => res.locals.t;

/** The follow-up form's own fields: the new letter's number and date; the deadline is read by the dashboard's deadline schema. */
const followUpLetter = z.object({
  number: z.string().trim().max(100, 'form.too_long').min(1, 'consultation.number_required'),
  letterDate: calendarDate,
});

/** Above this many clauses on either side, a row's correction form opens on request (`?edit=`), not on every row. */
const FORMS_ON_EVERY_ROW = 150;

/** Where a row of the comparison is on the page: by its clause of the new draft, or of the earlier one when removed. */
export const rowAnchor = (row: { before: { id: number } | null; after: { id: number } | null }) => (row.after ? `row-a${row.after.id}` : `row-b${row.before!.id}`);

/** A clause as a choice in a correction's list: its label and the start of its text. */
function choiceText(c: ClauseSide): string {
  const words = [c.heading, c.text].filter(Boolean).join(' ').split(/\s+/u).filter(Boolean);
  const start = `${words.slice(0, 10).join(' ')}${words.length > 10 ? '…' : ''}`;
  return [c.label, start].filter(Boolean).join(' ');
}

/** The clauses of each side of a comparison, in document order (their ids follow the draft's order). */
function sidesOf(comparison: Comparison) {
  const collect = (pick: (r: ChangeRow) => ClauseSide | null) =>
    comparison.clauses
      .map(pick)
      .filter((c): c is ClauseSide => c !== null)
      .sort((a, b) => a.id - b.id)
      .map((c) => ({ id: c.id, text: choiceText(c) }));
  return { before: collect((r) => r.before), after: collect((r) => r.after) };
}

/**
 * The officer's pages for rounds of a draft document: the form that starts the next round
 * (Dự thảo lần N+1) from a published consultation, and the review of its comparison with the round
 * before, with a form on each row to correct a pair while the follow-up is a draft.
 */
export function roundsOfficePages(deps: { rounds: RoundsService; office: OfficeConsultationsService; dataDir: string }): Router {
  const { rounds, office } = deps;
  const router = Router();
  router.use('/office', requireUser);
  const uploadDraft = createUpload(deps.dataDir, [{ name: 'draft', maxCount: 1 }]);
  const idOf = (req: Request) => paramsOf(ids, req).id;

  // --- the next round ---
  const renderFollowUp = async (res: Response, id: number, status: number, values: Record<string, unknown>, errors: FieldErrors = {}) => {
    const user = currentUser(res);
    const view = await office.get(user, id);
    const t = tOf(res);
    let defaults: Awaited<ReturnType<RoundsService['followUpDefaults']>> | null = null;
    let refusal: FieldErrors = {};
    try {
      defaults = await rounds.followUpDefaults(user, id);
    } catch (err) {
      if (!isFormRefusal(err)) throw err;
      refusal = translatedFields(err, t);
      status = statusOf(err);
    }
    const all = await rounds.rounds(id, { publicOnly: false });
    const current = all.find((r) => r.current);
    const next = current ? all.find((r) => r.round === current.round + 1) : undefined;
    res.status(status).render('rounds/follow-up', {
      title: t('round.follow_up.title', { n: defaults?.round ?? (current ? current.round + 1 : 2) }),
      view,
      defaults,
      next: next ?? null,
      values,
      errors: { ...refusal, ...errors },
    });
  };

  router.get(`${BASE}/:id/follow-up`, (req, res) => renderFollowUp(res, idOf(req), 200, { deadlineRule: 'before_date' }));

  router.post(`${BASE}/:id/follow-up`, uploadDraft, async (req, res, next) => {
    const id = idOf(req);
    const user = currentUser(res);
    const t = tOf(res);
    const values = keptValues(req.body);
    const failed = res.locals.uploadError;
    if (failed) return renderFollowUp(res, id, statusOf(failed), values, translatedFields(failed, t));
    try {
      // Owned, published and without a follow-up, or refused before the form is read.
      await rounds.followUpDefaults(user, id);
      const letter = parseForm(followUpLetter, req.body ?? {}, t);
      const deadline = parseForm(deadlineForm, { ...(req.body ?? {}), action: 'change' }, t);
      const draft = uploadedFiles(req).draft?.[0];
      const errors: FieldErrors = { ...(letter.ok ? {} : letter.errors), ...(deadline.ok ? {} : deadline.errors), ...(draft ? {} : { draft: [t('upload.draft_required')] }) };
      if (!letter.ok || !deadline.ok || !draft) return await renderFollowUp(res, id, 400, values, errors);
      const { id: newId } = await rounds.followUp(user, id, { ...letter.data, ...deadline.data.deadline! }, draft);
      res.redirect(303, `${BASE}/${newId}?notice=follow_up`);
    } catch (err) {
      if (isFormRefusal(err)) return renderFollowUp(res, id, statusOf(err), values, translatedFields(err, t));
      next(err);
    }
  });

  // --- the comparison with the round before ---
  const renderChanges = async (req: Request, res: Response, id: number, status: number, errors: FieldErrors = {}) => {
    const user = currentUser(res);
    const comparison = await rounds.officeComparison(user, id);
    if (!comparison) throw new NotFound({ _form: { key: 'round.not_follow_up' } });
    const all = await rounds.rounds(id, { publicOnly: false });
    const current = all.find((r) => r.current)!;
    const previous = all.find((r) => r.id === comparison.from.consultationId);
    const sides = sidesOf(comparison);
    const editable = current.status === 'draft';
    const edit = typeof req.query.edit === 'string' ? req.query.edit : null;
    res.status(status).render('rounds/review', {
      title: tOf(res)('round.changes.review', { n: comparison.from.version ?? comparison.from.round }),
      consultation: current,
      previous: previous ?? null,
      comparison,
      sides,
      editable,
      formsOnEveryRow: sides.before.length <= FORMS_ON_EVERY_ROW && sides.after.length <= FORMS_ON_EVERY_ROW,
      edit,
      rowAnchor,
      diffOf: wordChanges,
      saved: req.query.saved === '1',
      errors,
    });
  };

  router.get(`${BASE}/:id/changes`, (req, res) => renderChanges(req, res, idOf(req), 200));

  router.post(`${BASE}/:id/changes`, async (req, res, next) => {
    const id = idOf(req);
    const t = tOf(res);
    const parsed = parseForm(pairForm, req.body ?? {}, t);
    if (!parsed.ok) {
      // Owned first: another office's officer learns nothing from a refused form.
      await rounds.officeComparison(currentUser(res), id);
      return renderChanges(req, res, id, 400, { _form: Object.values(parsed.errors).flat() });
    }
    try {
      await rounds.correct(currentUser(res), id, [parsed.data]);
      const pair = parsed.data;
      const anchor = pair.after !== null ? `row-a${pair.after}` : `row-b${pair.before}`;
      res.redirect(303, `${BASE}/${id}/changes?saved=1#${anchor}`);
    } catch (err) {
      if (isFormRefusal(err)) return renderChanges(req, res, id, statusOf(err), { _form: Object.values(translatedFields(err, t)).flat() });
      next(err);
    }
  });

  return router;
}
