import { LRUCache } from 'lru-cache';
import type { FileStorage } from '../attachments/storage';
import { recordAudit } from '../audit/repository';
import type { StaffUser } from '../auth/repository';
import type { Clock } from '../clock';
import { ACCEPTED, type Upload, checkUpload, storeUpload } from '../consultations/office-files';
import { createOfficeConsultationsRepository } from '../consultations/office-repository';
import type { ConsultationsService } from '../consultations/service';
import type { Db } from '../db/database';
import type { InvitationAccess } from '../invitations/access';
import type { InvitationsService } from '../invitations/service';
import { createDraftsRepository } from '../drafts/repository';
import type { DraftView } from '../drafts/service';
import { closesAt, deadlineDisplayDate, formatVnDate, formatVnDateTime, vnDate } from '../time';
import { relatedClauseIds } from './related';
import { type SubmissionContent, createSubmissionsRepository } from './repository';
import { receiptSummary } from './summary';
import { type ReplyWindow, replyWindow } from './window';
import { Invalid, NotFound, Conflict } from '../errors';

export type Agency = Extract<InvitationAccess, { kind: 'ok' }>;

/** BN-YYYYMMDD-NNNNNN: the day received (Vietnam time) and the office's running number of that year. */
export function receiptNumberOf(day: string, serial: number): string {
  return `BN-${day.replaceAll('-', '')}-${String(serial).padStart(6, '0')}`;
}

/** What an agency (or a clerk for it) sends: the same shape from the page and the API. */
export interface SubmissionInput {
  generalComment: string | null;
  agreeWithoutComments: boolean;
  comments: { clauseId: number; text: string; proposedText: string | null }[];
  letter: { number: string | null; date: string | null; signer: string | null; title: string | null };
  savedBy: string | null;
}

export interface Receipt {
  receiptNumber: string;
  submittedAt: string;
  late: boolean;
  revision: number;
  summary: string;
}

/**
 * Replies to a consultation. Every save and submit commits before it answers; a refused submit
 * leaves the saved draft as it was; one agency's link reaches only its own invitation.
 */
export function createSubmissionsService(deps: {
  db: Db;
  clock: Clock;
  storage: FileStorage;
  consultations: ConsultationsService;
  invitations: InvitationsService;
  deliverNow: () => void;
}) {
  const { db, clock, storage, invitations } = deps;
  const repo = createSubmissionsRepository(db);
  const now = () => clock.now();

  async function consultationOf(agency: Pick<Agency, 'consultationId'>) {
    const c = await createOfficeConsultationsRepository(db).findWithOffice(agency.consultationId);
    if (!c) throw new NotFound('invite.not_found.text');
    return c;
  }

  // The clauses a comment may name, kept by draft version: once published, a version's clauses no
  // longer change (edits and re-imports are refused, also inside their transaction).
  const publishedClauseIds = new LRUCache<number, Set<number>>({ max: 200 });
  async function clauseIdsOf(consultationId: number, published: boolean): Promise<Set<number>> {
    const versionId = await createDraftsRepository(db).latestVersionId(consultationId);
    if (versionId === undefined) return new Set<number>();
    const cached = published ? publishedClauseIds.get(versionId) : undefined;
    if (cached) return cached;
    const ids = await repo.clauseIdsOf(versionId);
    if (published) publishedClauseIds.set(versionId, ids);
    return ids;
  }

  // Which clauses name an agency reads every heading of the draft: kept per published version and
  // names (the agency's and its groups'), so a view of a large draft does not read them all again.
  const relatedKept = new LRUCache<string, number[]>({ max: 5000 });
  function relatedOf(draft: DraftView, names: string[]): number[] {
    const key = `${draft.id}\n${names.join('\n')}`;
    let ids = relatedKept.get(key);
    if (!ids) {
      ids = relatedClauseIds(draft.flat, names);
      relatedKept.set(key, ids);
    }
    return ids;
  }

  function closedError(c: { deadline_at: string; closed_at: string | null; deadline_rule: 'before_date' | 'by_end_of_date' | 'at_time'; status: string }) {
    if (c.status !== 'open') return new Conflict({ _form: { key: 'submission.not_open' } });
    if (closesAt(c) !== c.deadline_at) {
      return new Conflict({ _form: { key: 'submission.closed.early', vars: { closed: formatVnDateTime(closesAt(c)), deadline: formatVnDateTime(c.deadline_at) } } });
    }
    const vars = { date: formatVnDate(deadlineDisplayDate(c.deadline_rule, c.deadline_at)), cutoff: formatVnDateTime(c.deadline_at) };
    return new Conflict({ _form: { key: `submission.closed.${c.deadline_rule}`, vars } });
  }

  /** Comments may only name clauses of the consultation's current draft; empty ones are dropped. */
  async function checkedContent(c: { id: number; status: string }, input: SubmissionInput, letterAttachmentId: number | null): Promise<SubmissionContent> {
    const known = await clauseIdsOf(c.id, c.status !== 'draft');
    // Even an empty comment must name a clause of the draft: a body naming others is refused, not trimmed.
    const foreign = input.comments.find((c) => !known.has(c.clauseId));
    const comments = input.comments.filter((c) => c.text.trim() || c.proposedText?.trim());
    if (foreign) throw new Invalid({ comments: { key: 'submission.clause_unknown', vars: { id: foreign.clauseId } } });
    const seen = new Set<number>();
    const twice = comments.find((c) => seen.has(c.clauseId) || !seen.add(c.clauseId));
    if (twice) throw new Invalid({ comments: { key: 'submission.clause_twice', vars: { id: twice.clauseId } } });
    return {
      generalComment: input.generalComment,
      agreeWithoutComments: input.agreeWithoutComments,
      comments,
      letter: { ...input.letter, attachmentId: letterAttachmentId },
      savedBy: input.savedBy,
    };
  }

  async function storeLetter(upload: Upload | undefined) {
    if (!upload) return null;
    return storeUpload(storage, await checkUpload(upload, 'letterFile', ACCEPTED.requestLetter), 'reply_letter');
  }

  function submitRules(content: SubmissionContent, letterRequired: boolean) {
    const hasComments = content.comments.length > 0 || Boolean(content.generalComment?.trim());
    if (content.agreeWithoutComments && hasComments) throw new Invalid({ agreeWithoutComments: { key: 'submission.agree_with_comments' } });
    if (!hasComments && !content.agreeWithoutComments) throw new Invalid({ _form: { key: 'submission.empty' } });
    if (letterRequired && !content.letter.attachmentId) throw new Invalid({ letterFile: { key: 'submission.letter_required' } });
  }

  async function writeSubmitted(
    trx: Db,
    c: Awaited<ReturnType<typeof consultationOf>>,
    agency: Pick<Agency, 'invitationId' | 'agencyId' | 'agencyName'>,
    content: SubmissionContent,
    meta: { at: Date; late: boolean; enteredBy: StaffUser | null },
  ): Promise<Receipt> {
    const r = createSubmissionsRepository(trx);
    const revision = (await r.lastRevision(agency.invitationId)) + 1;
    const submittedAt = meta.at.toISOString();
    const day = vnDate(meta.at);
    const serial = await r.nextReceiptNumber(c.office_id, Number(day.slice(0, 4)));
    const { receiptNumber } = await r.insertSubmitted(agency.invitationId, content, {
      revision,
      submittedAt,
      late: meta.late,
      enteredByUserId: meta.enteredBy?.id ?? null,
      receiptNumber: receiptNumberOf(day, serial),
    });
    const labels = await trx.selectFrom('clauses').select(['id', 'label']).where('id', 'in', content.comments.length ? content.comments.map((x) => x.clauseId) : [0]).execute();
    const summary = receiptSummary({
      agreeWithoutComments: content.agreeWithoutComments,
      generalComment: content.generalComment,
      commentLabels: content.comments.map((x) => labels.find((l) => l.id === x.clauseId)?.label ?? null),
      letterNumber: content.letter.number,
      letterDate: content.letter.date,
    });
    await invitations.sendReceipt(trx, c, { id: agency.invitationId, agencyId: agency.agencyId, agencyName: agency.agencyName }, {
      receiptNumber,
      submittedAt,
      revision,
      late: meta.late,
      summary,
      enteredBy: meta.enteredBy?.name ?? null,
      comments: content.comments.length + (content.generalComment ? 1 : 0),
      agreeWithoutComments: content.agreeWithoutComments,
    });
    await recordAudit(trx, {
      actorKind: meta.enteredBy ? 'user' : 'agency',
      actorId: meta.enteredBy?.id ?? agency.agencyId,
      agencyId: agency.agencyId,
      action: meta.enteredBy ? 'submission.enter' : 'submission.submit',
      entity: 'consultation',
      entityId: c.id,
      details: { agency: agency.agencyName, receiptNumber, revision, late: meta.late },
      at: submittedAt,
    });
    return { receiptNumber, submittedAt, late: meta.late, revision, summary };
  }

  return {
    /** The clauses a reply to this consultation may comment on: the agency form names its boxes by them. */
    formClauseIds: async (consultationId: number): Promise<ReadonlySet<number>> => {
      const c = await consultationOf({ consultationId });
      return clauseIdsOf(c.id, c.status !== 'draft');
    },

    replyWindowOf: async (agency: Agency): Promise<ReplyWindow> => replyWindow(await consultationOf(agency), now()),

    /** Everything the agency's page and GET /api/v1/invitation show. */
    async workspace(agency: Agency) {
      const c = await consultationOf(agency);
      const detail = await deps.consultations.getPublic(agency.consultationId);
      if (!detail) throw new NotFound('invite.not_found.text');
      const draftRow = await repo.findDraft(agency.invitationId);
      const draftComments = draftRow ? await repo.comments(draftRow.id) : [];
      const submitted = await repo.submitted(agency.invitationId);
      const versions = await Promise.all(
        submitted.map(async (s) => ({ ...s, comments: await repo.comments(s.id), letter: (s.letter_attachment_id ? await repo.attachment(s.letter_attachment_id) : undefined) ?? null })),
      );
      const letter = draftRow?.letter_attachment_id ? await repo.attachment(draftRow.letter_attachment_id) : undefined;
      const groups = await db
        .selectFrom('agency_group_members as m')
        .innerJoin('agency_groups as g', 'g.id', 'm.group_id')
        .select('g.name')
        .where('m.agency_id', '=', agency.agencyId)
        .execute();
      const related = detail.draft ? relatedOf(detail.draft, [agency.agencyName, ...groups.map((g) => g.name)]) : [];
      return {
        consultation: c,
        detail,
        agency,
        window: replyWindow(c, now()),
        draft: draftRow ? { ...draftRow, comments: draftComments, letter: letter ?? null } : null,
        submissions: versions,
        related,
      };
    },

    /** Saves the working draft; the last save wins. A new letter file replaces the previous one. */
    async save(agency: Agency, input: SubmissionInput, letterUpload?: Upload): Promise<{ savedAt: string }> {
      const c = await consultationOf(agency);
      if (replyWindow(c, now()) === 'closed') throw closedError(c);
      const current = await repo.findDraft(agency.invitationId);
      const content = await checkedContent(c, input, current?.letter_attachment_id ?? null);
      const letter = await storeLetter(letterUpload);
      const savedAt = now().toISOString();
      await db.transaction().execute(async (trx) => {
        const r = createSubmissionsRepository(trx);
        if (letter) content.letter.attachmentId = await r.insertLetter(c.id, letter);
        await r.saveDraft(agency.invitationId, content, savedAt);
      });
      return { savedAt };
    },

    /** Submits what is saved (saving the given input first): a new version, a receipt, a mail. */
    async submit(agency: Agency, input: SubmissionInput | null, letterUpload?: Upload): Promise<Receipt> {
      if (input || letterUpload) {
        const saved = input ?? (await this.currentInput(agency));
        await this.save(agency, saved, letterUpload);
      }
      const c = await consultationOf(agency);
      const window = replyWindow(c, now());
      if (window === 'closed') throw closedError(c);
      const draftRow = await repo.findDraft(agency.invitationId);
      if (!draftRow) throw new Invalid({ _form: { key: 'submission.empty' } });
      const comments = await repo.comments(draftRow.id);
      const content: SubmissionContent = {
        generalComment: draftRow.general_comment,
        agreeWithoutComments: draftRow.agree_without_comments === 1,
        comments: comments.map((x) => ({ clauseId: x.clause_id!, text: x.text, proposedText: x.proposed_text })),
        letter: { number: draftRow.letter_number, date: draftRow.letter_date, signer: draftRow.letter_signer, title: draftRow.letter_signer_title, attachmentId: draftRow.letter_attachment_id },
        savedBy: draftRow.saved_by,
      };
      submitRules(content, c.letter_required === 1);
      const receipt = await db.transaction().execute((trx) => writeSubmitted(trx, c, agency, content, { at: now(), late: window === 'late', enteredBy: null }));
      deps.deliverNow();
      return receipt;
    },

    /** The saved draft as input again (to submit it with only a new letter file). */
    async currentInput(agency: Agency): Promise<SubmissionInput> {
      const draftRow = await repo.findDraft(agency.invitationId);
      const comments = draftRow ? await repo.comments(draftRow.id) : [];
      return {
        generalComment: draftRow?.general_comment ?? null,
        agreeWithoutComments: draftRow?.agree_without_comments === 1,
        comments: comments.map((x) => ({ clauseId: x.clause_id!, text: x.text, proposedText: x.proposed_text })),
        letter: { number: draftRow?.letter_number ?? null, date: draftRow?.letter_date ?? null, signer: draftRow?.letter_signer ?? null, title: draftRow?.letter_signer_title ?? null },
        savedBy: draftRow?.saved_by ?? null,
      };
    },

    async letterFile(agency: Agency, attachmentId: number) {
      const draftRow = await repo.findDraft(agency.invitationId);
      const submitted = await repo.submitted(agency.invitationId);
      const own = [draftRow?.letter_attachment_id, ...submitted.map((s) => s.letter_attachment_id)].includes(attachmentId);
      return own ? repo.attachment(attachmentId) : undefined;
    },

    /** An agency's draft and submitted versions, as its office sees them (another office's: not found). */
    async replyForOffice(user: StaffUser, consultationId: number, invitationId: number) {
      const invitation = await db
        .selectFrom('invitations as i')
        .innerJoin('consultations as c', 'c.id', 'i.consultation_id')
        .innerJoin('agencies as a', 'a.id', 'i.agency_id')
        .select(['i.id', 'i.agency_id', 'a.name'])
        .where('i.id', '=', invitationId)
        .where('i.consultation_id', '=', consultationId)
        .where('c.office_id', '=', user.officeId)
        .executeTakeFirst();
      if (!invitation) throw new NotFound('consultation.not_found');
      return this.workspace({ kind: 'ok', invitationId: invitation.id, consultationId, agencyId: invitation.agency_id, agencyName: invitation.name });
    },

    /**
     * A reply that came on paper or by e-mail, entered by an officer of the consultation's office
     * with its scanned letter; it counts like any other and is marked as entered by the office.
     * Late or not is decided from when it was received.
     */
    async enterForAgency(user: StaffUser, consultationId: number, invitationId: number, input: SubmissionInput, receivedAt: Date, letterUpload?: Upload): Promise<Receipt> {
      const c = await createOfficeConsultationsRepository(db).findForOffice(user.officeId, consultationId);
      if (!c) throw new NotFound('consultation.not_found');
      if (c.status === 'draft') throw new Conflict({ _form: { key: 'consultation.not_open' } });
      if (c.status === 'report_published') throw new Conflict({ _form: { key: 'consultation.report_done' } });
      if (receivedAt.getTime() > now().getTime()) throw new Invalid({ receivedDate: { key: 'submission.received_future' } });
      const invitation = await db
        .selectFrom('invitations as i')
        .innerJoin('agencies as a', 'a.id', 'i.agency_id')
        .select(['i.id', 'i.agency_id', 'a.name'])
        .where('i.id', '=', invitationId)
        .where('i.consultation_id', '=', consultationId)
        .executeTakeFirst();
      if (!invitation) throw new NotFound('consultation.not_found');
      const letter = await storeLetter(letterUpload);
      const content = await checkedContent(c, { ...input, savedBy: user.name }, null);
      const late = replyWindow({ ...c, status: 'open' }, receivedAt) !== 'open';
      const receipt = await db.transaction().execute(async (trx) => {
        if (letter) content.letter.attachmentId = await createSubmissionsRepository(trx).insertLetter(c.id, letter);
        submitRules(content, c.letter_required === 1);
        return writeSubmitted(trx, c, { invitationId: invitation.id, agencyId: invitation.agency_id, agencyName: invitation.name }, content, {
          at: receivedAt,
          late,
          enteredBy: user,
        });
      });
      deps.deliverNow();
      return receipt;
    },
  };
}

export type SubmissionsService = ReturnType<typeof createSubmissionsService>;
export type AgencyWorkspace = Awaited<ReturnType<SubmissionsService['workspace']>>;
