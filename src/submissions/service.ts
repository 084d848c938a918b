import type { EarlierComment } from '../rounds/service';
import type { Caches } from '../caches';
import type { FileStorage } from '../attachments/storage';
import type { StaffUser } from '../auth/repository';
import type { Clock } from '../clock';
import { ACCEPTED, type Upload, checkUpload, storeUpload } from '../office/files';
import type { ConsultationsService } from '../consultations/service';
import { type InvitationAccess, resolveInvitation } from '../invitations/access';
import type { InvitationsService } from '../invitations/service';
import type { DraftView } from '../drafts/service';
import { closesAt, deadlineDisplayDate, formatVnDate, formatVnDateTime, vnDate } from '../time';
import { relatedClauseIds } from './related';
import type { SubmissionContent } from './repository';
import type { Owned } from '../office/owned';
import type { Repositories, Uow } from '../repositories';
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
  uow: Uow;
  caches: Pick<Caches, 'clauseIds' | 'relatedClauses'>;
  /** The one tenant check: the officer's own consultation, or NotFound. */
  owned: Owned;
  clock: Clock;
  storage: FileStorage;
  consultations: ConsultationsService;
  invitations: InvitationsService;
  /** An agency's comments of the round before, shown beside the clauses of a follow-up. */
  earlierComments: (consultationId: number, agencyId: number) => Promise<Map<number, EarlierComment[]>>;
  deliverNow: () => void;
}) {
  const { uow, clock, storage, invitations } = deps;
  const now = () => clock.now();

  async function consultationOf(agency: Pick<Agency, 'consultationId'>) {
    const c = await uow.read((r) => r.office.findWithOffice(agency.consultationId));
    if (!c) throw new NotFound('invite.not_found.text');
    return c;
  }

  // The clauses a comment may name, kept by draft version: once published, a version's clauses no
  // longer change (edits and re-imports are refused, also inside their transaction).
  const publishedClauseIds = deps.caches.clauseIds;
  async function clauseIdsOf(consultationId: number, published: boolean): Promise<Set<number>> {
    const versionId = await uow.read((r) => r.drafts.latestVersionId(consultationId));
    if (versionId === undefined) return new Set<number>();
    const cached = published ? publishedClauseIds.get(versionId) : undefined;
    if (cached) return cached;
    const ids = await uow.read((r) => r.submissions.clauseIdsOf(versionId));
    if (published) publishedClauseIds.set(versionId, ids);
    return ids;
  }

  // Which clauses name an agency reads every heading of the draft: kept per published version and
  // names (the agency's and its groups'), so a view of a large draft does not read them all again.
  const relatedKept = deps.caches.relatedClauses;
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
    r: Repositories,
    c: Awaited<ReturnType<typeof consultationOf>>,
    agency: Pick<Agency, 'invitationId' | 'agencyId' | 'agencyName'>,
    content: SubmissionContent,
    meta: { at: Date; late: boolean; enteredBy: StaffUser | null },
  ): Promise<Receipt> {
    const revision = (await r.submissions.lastRevision(agency.invitationId)) + 1;
    const submittedAt = meta.at.toISOString();
    const day = vnDate(meta.at);
    const serial = await r.submissions.nextReceiptNumber(c.office_id, Number(day.slice(0, 4)));
    const { receiptNumber } = await r.submissions.insertSubmitted(agency.invitationId, content, {
      revision,
      submittedAt,
      late: meta.late,
      enteredByUserId: meta.enteredBy?.id ?? null,
      receiptNumber: receiptNumberOf(day, serial),
    });
    const labels = await r.submissions.clauseLabels(content.comments.map((x) => x.clauseId));
    const summary = receiptSummary({
      agreeWithoutComments: content.agreeWithoutComments,
      generalComment: content.generalComment,
      commentLabels: content.comments.map((x) => labels.find((l) => l.id === x.clauseId)?.label ?? null),
      letterNumber: content.letter.number,
      letterDate: content.letter.date,
    });
    await invitations.sendReceipt(r, c, { id: agency.invitationId, agencyId: agency.agencyId, agencyName: agency.agencyName }, {
      receiptNumber,
      submittedAt,
      revision,
      late: meta.late,
      summary,
      enteredBy: meta.enteredBy?.name ?? null,
      comments: content.comments.length + (content.generalComment ? 1 : 0),
      agreeWithoutComments: content.agreeWithoutComments,
    });
    await r.audit.record({
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
    /** Who a personal link belongs to, or why it opens nothing. */
    access: (token: string): Promise<InvitationAccess> => uow.read((r) => resolveInvitation(r.invitations, token)),

    /** The agency opened its page: the first time is kept, for the office's progress table. */
    opened: (agency: Agency): Promise<void> => uow.write((r) => r.invitations.markOpened(agency.invitationId, now().toISOString())),

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
      const { draftRow, draftComments, versions, letter, groups } = await uow.read(async (r) => {
        const draftRow = await r.submissions.findDraft(agency.invitationId);
        const submitted = await r.submissions.submitted(agency.invitationId);
        return {
          draftRow,
          draftComments: draftRow ? await r.submissions.comments(draftRow.id) : [],
          versions: await Promise.all(
            submitted.map(async (s) => ({ ...s, comments: await r.submissions.comments(s.id), letter: (s.letter_attachment_id ? await r.submissions.attachment(s.letter_attachment_id) : undefined) ?? null })),
          ),
          letter: draftRow?.letter_attachment_id ? await r.submissions.attachment(draftRow.letter_attachment_id) : undefined,
          groups: await r.agencies.groupNamesOf(agency.agencyId),
        };
      });
      const related = detail.draft ? relatedOf(detail.draft, [agency.agencyName, ...groups]) : [];
      const earlier = await deps.earlierComments(c.id, agency.agencyId);
      return {
        consultation: c,
        detail,
        agency,
        window: replyWindow(c, now()),
        draft: draftRow ? { ...draftRow, comments: draftComments, letter: letter ?? null } : null,
        submissions: versions,
        related,
        earlier,
      };
    },

    /** Saves the working draft; the last save wins. A new letter file replaces the previous one. */
    async save(agency: Agency, input: SubmissionInput, letterUpload?: Upload): Promise<{ savedAt: string }> {
      const c = await consultationOf(agency);
      if (replyWindow(c, now()) === 'closed') throw closedError(c);
      const current = await uow.read((r) => r.submissions.findDraft(agency.invitationId));
      const content = await checkedContent(c, input, current?.letter_attachment_id ?? null);
      const letter = await storeLetter(letterUpload);
      const savedAt = now().toISOString();
      await uow.write(async (r) => {
            if (letter) content.letter.attachmentId = await r.submissions.insertLetter(c.id, letter);
        await r.submissions.saveDraft(agency.invitationId, content, savedAt);
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
      const draftRow = await uow.read((r) => r.submissions.findDraft(agency.invitationId));
      if (!draftRow) throw new Invalid({ _form: { key: 'submission.empty' } });
      const comments = await uow.read((r) => r.submissions.comments(draftRow.id));
      const content: SubmissionContent = {
        generalComment: draftRow.general_comment,
        agreeWithoutComments: draftRow.agree_without_comments === 1,
        comments: comments.map((x) => ({ clauseId: x.clause_id!, text: x.text, proposedText: x.proposed_text })),
        letter: { number: draftRow.letter_number, date: draftRow.letter_date, signer: draftRow.letter_signer, title: draftRow.letter_signer_title, attachmentId: draftRow.letter_attachment_id },
        savedBy: draftRow.saved_by,
      };
      submitRules(content, c.letter_required === 1);
      const receipt = await uow.write((r) => writeSubmitted(r, c, agency, content, { at: now(), late: window === 'late', enteredBy: null }));
      deps.deliverNow();
      return receipt;
    },

    /** The saved draft as input again (to submit it with only a new letter file). */
    async currentInput(agency: Agency): Promise<SubmissionInput> {
      const draftRow = await uow.read((r) => r.submissions.findDraft(agency.invitationId));
      const comments = draftRow ? await uow.read((r) => r.submissions.comments(draftRow.id)) : [];
      return {
        generalComment: draftRow?.general_comment ?? null,
        agreeWithoutComments: draftRow?.agree_without_comments === 1,
        comments: comments.map((x) => ({ clauseId: x.clause_id!, text: x.text, proposedText: x.proposed_text })),
        letter: { number: draftRow?.letter_number ?? null, date: draftRow?.letter_date ?? null, signer: draftRow?.letter_signer ?? null, title: draftRow?.letter_signer_title ?? null },
        savedBy: draftRow?.saved_by ?? null,
      };
    },

    async letterFile(agency: Agency, attachmentId: number) {
      const draftRow = await uow.read((r) => r.submissions.findDraft(agency.invitationId));
      const submitted = await uow.read((r) => r.submissions.submitted(agency.invitationId));
      const own = [draftRow?.letter_attachment_id, ...submitted.map((s) => s.letter_attachment_id)].includes(attachmentId);
      return own ? uow.read((r) => r.submissions.attachment(attachmentId)) : undefined;
    },

    /** An agency's draft and submitted versions, as its office sees them (another office's: not found). */
    async replyForOffice(user: StaffUser, consultationId: number, invitationId: number) {
      await deps.owned(user, consultationId);
      const invitation = await uow.read((r) => r.invitations.withAgency(consultationId, invitationId));
      if (!invitation) throw new NotFound('consultation.not_found');
      return this.workspace({ kind: 'ok', invitationId: invitation.id, consultationId, agencyId: invitation.agency_id, agencyName: invitation.name });
    },

    /**
     * A reply that came on paper or by e-mail, entered by an officer of the consultation's office
     * with its scanned letter; it counts like any other and is marked as entered by the office.
     * Late or not is decided from when it was received.
     */
    async enterForAgency(user: StaffUser, consultationId: number, invitationId: number, input: SubmissionInput, receivedAt: Date, letterUpload?: Upload): Promise<Receipt> {
      const c = await deps.owned(user, consultationId);
      if (c.status === 'draft') throw new Conflict({ _form: { key: 'consultation.not_open' } });
      if (c.status === 'report_published') throw new Conflict({ _form: { key: 'consultation.report_done' } });
      if (receivedAt.getTime() > now().getTime()) throw new Invalid({ receivedDate: { key: 'submission.received_future' } });
      const invitation = await uow.read((r) => r.invitations.withAgency(consultationId, invitationId));
      if (!invitation) throw new NotFound('consultation.not_found');
      const letter = await storeLetter(letterUpload);
      const content = await checkedContent(c, { ...input, savedBy: user.name }, null);
      const late = replyWindow({ ...c, status: 'open' }, receivedAt) !== 'open';
      const receipt = await uow.write(async (r) => {
        if (letter) content.letter.attachmentId = await r.submissions.insertLetter(c.id, letter);
        submitRules(content, c.letter_required === 1);
        return writeSubmitted(r, c, { invitationId: invitation.id, agencyId: invitation.agency_id, agencyName: invitation.name }, content, {
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
