import type { StaffUser } from '../auth/repository';
import type { Clock } from '../clock';
import { clauseName } from '../consultations/present';
import { Conflict, Invalid, NotFound } from '../errors';
import { renderPublicCommentRejected } from '../mail/templates';
import type { Owned } from '../office/owned';
import { PAGE_SIZE, type Pager, pagerOf } from '../pagination';
import { storedFlags } from '../public-comments/flags';
import { LISTED_STATES, type ListedState } from '../public-comments/states';
import type { Uow } from '../repositories';
import { REASON_LABELS, type Reason, isReason } from './reasons';

export type { ListedState };
/** The states a moderator lists: an unconfirmed comment is nobody's yet. */
export const STATES = LISTED_STATES;

export const DECISIONS = ['publish', 'reject', 'hide'] as const;
export type Decision = (typeof DECISIONS)[number];

/** Comments decided at once, at most: a page's worth many times over, and one API call's. */
export const MAX_DECIDED_IDS = 1000;
/** The moderator's note, at most. */
export const MAX_NOTE_CHARS = 2000;

/**
 * Which states each decision moves a comment from. Publishing also takes back a rejection or a
 * hiding made by mistake (the comment keeps its first publication time); rejecting is the answer to
 * a comment waiting for moderation; hiding takes a published one off the public pages.
 */
const FROM: Record<Decision, readonly ListedState[]> = {
  publish: ['pending', 'rejected', 'hidden'],
  reject: ['pending'],
  hide: ['published'],
};
const TO: Record<Decision, ListedState> = { publish: 'published', reject: 'rejected', hide: 'hidden' };

/** The decisions that move a comment out of `state`: what the queue of that state offers. */
export const decisionsFrom = (state: ListedState): Decision[] => DECISIONS.filter((d) => FROM[d].includes(state));

const shortName = (name: string) => {
  const one = name.replace(/\s+/gu, ' ').trim();
  return one.length > 60 ? `${one.slice(0, 60)}…` : one;
};

type ClauseBits = { label: string | null; heading: string | null; text: string | null; anchor: string | null };
const clauseLabelOf = (k: ClauseBits): string | null => (k.anchor === null ? null : clauseName({ label: k.label, heading: k.heading, text: k.text ?? '', anchor: k.anchor }, 8));

/**
 * Moderation of public comments (kiểm duyệt): the queue of each state, and the moderator's
 * decisions — publish, reject with a reason (mailed to the commenter), hide with a reason — each
 * logged, on the moderator's own office's consultations only.
 */
export function createModerationService(deps: { uow: Uow; owned: Owned; clock: Clock; deliverNow: () => void }) {
  const { uow, clock } = deps;

  /** The consultation, if it is the user's office's and still open to moderation. */
  async function ownConsultation(user: StaffUser, consultationId: number, forChange: boolean) {
    const c = await deps.owned(user, consultationId);
    if (forChange && c.status === 'report_published') throw new Conflict({ _form: { key: 'consultation.report_done' } });
    return c;
  }

  async function rowsOf(consultationId: number, state: ListedState, limit: number, offset: number) {
    const rows = await uow.read((r) => r.moderation.queue(consultationId, state, limit, offset));
    return rows.map((p) => ({
      id: p.id,
      clauseId: p.clause_id,
      clauseLabel: clauseLabelOf({ label: p.clause_label, heading: p.clause_heading, text: p.clause_text, anchor: p.clause_anchor }),
      clauseAnchor: p.clause_anchor,
      name: p.name,
      email: p.email,
      organisation: p.organisation,
      text: p.text,
      showName: p.show_name === 1,
      state: p.state as ListedState,
      flags: storedFlags(p.flags),
      lang: p.lang,
      createdAt: p.created_at,
      confirmedAt: p.confirmed_at,
      publishedAt: p.published_at,
      moderatedAt: p.moderated_at,
      reason: isReason(p.reason) ? p.reason : null,
      note: p.reason_note,
    }));
  }

  const service = {
    /** The user's office's consultation, or NotFound: what every moderation route checks first. */
    async consultation(user: StaffUser, consultationId: number) {
      const c = await ownConsultation(user, consultationId, false);
      return { id: c.id, number: c.number, subject: c.subject, draftTitle: c.draft_title, status: c.status, mode: c.public_comments, reportDone: c.status === 'report_published' };
    },

    /** The consultation of a (listed) comment, if it is the user's office's: NotFound otherwise, another office's or unknown alike. */
    async consultationOfComment(user: StaffUser, commentId: number): Promise<number> {
      const owner = await uow.read((r) => r.publicComments.consultationOf(commentId));
      if (!owner || owner.office_id !== user.officeId) throw new NotFound('moderation.comment_not_found');
      return owner.id;
    },

    /** One state's comments, a page of the office's list at a time, with the counts of every state. */
    async queue(user: StaffUser, consultationId: number, state: ListedState, page: number, size = PAGE_SIZE) {
      const consultation = await service.consultation(user, consultationId);
      const counts = await uow.read((r) => r.publicComments.counts(consultationId));
      const pager: Pager = pagerOf(page, counts[state], size);
      const items = await rowsOf(consultationId, state, pager.limit, pager.offset);
      return { consultation, state, counts, pager, items };
    },

    /** The API's list: one state from `offset`, at most `limit`, with the total and the counts. */
    async list(user: StaffUser, consultationId: number, state: ListedState, limit: number, offset: number) {
      await service.consultation(user, consultationId);
      const counts = await uow.read((r) => r.publicComments.counts(consultationId));
      const items = await rowsOf(consultationId, state, limit, offset);
      return { total: counts[state], counts, items };
    },

    /**
     * The moderator's decision on comments of one consultation, all or none, in one transaction:
     * every comment must be in a state the decision moves from (else a Conflict naming it). Logged;
     * a rejection is mailed to each commenter.
     */
    async decide(user: StaffUser, consultationId: number, ids: readonly number[], decision: Decision, reason?: string | null, note?: string | null): Promise<{ decided: number; state: ListedState }> {
      const c = await ownConsultation(user, consultationId, true);
      const unique = [...new Set(ids)];
      if (unique.length === 0) throw new Invalid({ ids: { key: 'moderation.none_selected' } });
      if (unique.length > MAX_DECIDED_IDS) throw new Invalid({ ids: { key: 'form.too_many_items', vars: { max: MAX_DECIDED_IDS } } });
      const noteText = note?.trim() || null;
      let why: Reason | null = null;
      if (decision !== 'publish') {
        if (!reason) throw new Invalid({ reason: { key: 'moderation.reason_required' } });
        if (!isReason(reason)) throw new Invalid({ reason: { key: 'moderation.reason_unknown' } });
        if (reason === 'other' && !noteText) throw new Invalid({ note: { key: 'moderation.note_required' } });
        why = reason;
      }
      if (noteText && noteText.length > MAX_NOTE_CHARS) throw new Invalid({ note: { key: 'form.too_long' } });
      const keptNote = decision === 'publish' ? null : noteText;
      const at = clock.now().toISOString();
      const subject = c.draft_title ?? c.subject;

      const mailed = await uow.write(async (r) => {
        const rows = await r.publicComments.ofConsultation(consultationId, unique);
        if (rows.length !== unique.length) throw new NotFound({ ids: { key: 'moderation.comment_not_found' } });
        const wrong = rows.find((p) => !FROM[decision].includes(p.state as ListedState));
        if (wrong) throw new Conflict({ ids: { key: `moderation.cannot.${decision}`, vars: { id: wrong.id, name: shortName(wrong.name) } } });
        const moved = await r.publicComments.moderate(consultationId, unique, { state: TO[decision], from: FROM[decision], at, by: user.id, reason: why, note: keptNote, ...(decision === 'publish' ? { publishedAt: at } : {}) });
        // Another moderator decided on one of them meanwhile: nothing of this decision is kept.
        if (moved !== unique.length) throw new Conflict({ ids: { key: 'moderation.changed_meanwhile' } });
        await r.audit.record({ actorKind: 'user', actorId: user.id, action: `public_comment.${decision}`, entity: 'consultation', entityId: consultationId, details: { ids: unique, reason: why, note: keptNote }, at });
        // What the public sees changed: kept public pages are dropped, on every instance.
        if (decision !== 'reject') {
          await r.changes.bumpPublicPages();
          return 0;
        }
        const clauseRows = await r.moderation.clauses(rows.flatMap((p) => (p.clause_id === null ? [] : [p.clause_id])));
        const clauses = new Map(clauseRows.map((k) => [k.id, k]));
        for (const p of rows) {
          const k = p.clause_id === null ? undefined : clauses.get(p.clause_id);
          const mail = renderPublicCommentRejected({
            name: p.name,
            subject,
            officeName: c.office_name,
            on: k ? clauseName(k) : 'Toàn bộ dự thảo',
            text: p.text,
            lang: p.lang,
            reason: REASON_LABELS[why!],
            note: keptNote,
          });
          await r.outbox.enqueue({ template: 'public_comment_rejected', to: p.email, subject: mail.subject, text: mail.text, html: mail.html });
        }
        return rows.length;
      });
      if (mailed > 0) deps.deliverNow();
      return { decided: unique.length, state: TO[decision] };
    },

    /** The API's form: one comment by its id, found through the moderator's own office. */
    async decideOne(user: StaffUser, commentId: number, decision: Decision, reason?: string | null, note?: string | null): Promise<{ id: number; state: ListedState }> {
      const consultationId = await service.consultationOfComment(user, commentId);
      const result = await service.decide(user, consultationId, [commentId], decision, reason, note);
      return { id: commentId, state: result.state };
    },
  };
  return service;
}

export type ModerationService = ReturnType<typeof createModerationService>;
export type ModerationItem = Awaited<ReturnType<ModerationService['queue']>>['items'][number];
