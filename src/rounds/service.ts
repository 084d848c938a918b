import type { Caches } from '../caches';
import type { StaffUser } from '../auth/repository';
import type { Clock } from '../clock';
import { publicStatus } from '../consultations/service';
import type { ClauseChange, ConsultationStatus } from '../db/tables';
import { diffWords, type WordChange } from '../drafts/word-diff';
import { Conflict, Invalid, NotFound } from '../errors';
import type { Owned } from '../office/owned';
import type { ConsultationFields } from '../office/schemas';
import type { OfficeConsultationsService, RecipientChoice } from '../office/service';
import type { Upload } from '../office/files';
import type { Repositories, Uow } from '../repositories';
import { type Corrected, storeLinks, versionsCompared } from './rematch';

export interface ClauseSide {
  id: number;
  label: string | null;
  heading: string | null;
  text: string;
  anchor: string;
}

export interface ChangeRow {
  change: ClauseChange;
  renumbered: boolean;
  corrected: boolean;
  before: ClauseSide | null;
  after: ClauseSide | null;
}

export interface RoundRef {
  consultationId: number;
  round: number;
  /** N of the draft's "Dự thảo lần N", as stored with its version. */
  version: number | null;
}

export interface Comparison {
  from: RoundRef;
  to: RoundRef;
  clauses: ChangeRow[];
  counts: Record<ClauseChange, number> & { renumbered: number };
}

/** A comment an agency made on a clause in the round before, with the office's answer. */
export interface EarlierComment {
  consultationId: number;
  version: number | null;
  round: number;
  label: string | null;
  text: string;
  proposedText: string | null;
  decision: string | null;
  explanation: string | null;
  /** Where the office applied it in this round's draft, once it says so. */
  appliedLabel: string | null;
}

const CHANGES: ClauseChange[] = ['unchanged', 'modified', 'moved', 'added', 'removed'];
const APPLIED_DECISIONS = new Set(['accepted', 'partly_accepted']);

type PairRow = Awaited<ReturnType<Repositories['rounds']['pairsOf']>>[number];
const side = (row: PairRow, p: 'a' | 'b'): ClauseSide | null => {
  const id = row[`${p}_id`];
  if (id === null || id === undefined) return null;
  return { id, label: row[`${p}_label`], heading: row[`${p}_heading`], text: row[`${p}_text`] ?? '', anchor: row[`${p}_anchor`] ?? '' };
};

/** The text of a side as the word diff reads it: heading, then text. */
export const ownWords = (c: ClauseSide | null): string => (c ? [c.heading, c.text].filter(Boolean).join('\n') : '');

/** The words of a pair marked as the changes page shows them. */
export function wordChanges(row: ChangeRow): WordChange[] {
  return diffWords(ownWords(row.before), ownWords(row.after));
}

const visible = (status: ConsultationStatus) => status !== 'draft';

/**
 * Rounds of a draft document ("Dự thảo lần 1", "lần 2"): the comparison between a follow-up and the
 * round it follows, the officer's corrections to it, an agency's earlier comments beside the new
 * text, and where the office applied a comment.
 */
export function createRoundsService(deps: {
  uow: Uow;
  owned: Owned;
  clock: Clock;
  published: Pick<Caches['publishedComparisons'], 'get' | 'set'>;
  /** The office's new-consultation use case, which makes a follow-up when told which round it follows. */
  createConsultation: OfficeConsultationsService['create'];
}) {
  const { uow, owned, clock } = deps;

  async function comparisonOf(consultationId: number): Promise<Comparison | null> {
    return uow.read(async (r) => {
      const rounds = await r.rounds.roundsOf(consultationId);
      const to = rounds.find((c) => c.id === consultationId);
      const from = to ? rounds.find((c) => c.round === to.round - 1) : undefined;
      if (!to || !from) return null;
      const rows = (await r.rounds.pairsOf(consultationId)).map((p) => ({ change: p.change, renumbered: p.renumbered === 1, corrected: p.corrected === 1, before: side(p, 'b'), after: side(p, 'a') }));
      const counts = Object.fromEntries(CHANGES.map((c) => [c, 0])) as Comparison['counts'];
      counts.renumbered = 0;
      for (const row of rows) {
        counts[row.change] += 1;
        if (row.renumbered) counts.renumbered += 1;
      }
      return {
        from: { consultationId: from.id, round: from.round, version: from.draft_version ?? null },
        to: { consultationId: to.id, round: to.round, version: to.draft_version ?? null },
        clauses: rows,
        counts,
      };
    });
  }

  return {
    /** The draft document's rounds, first to last; for the public only those published. */
    async rounds(consultationId: number, options: { publicOnly: boolean }) {
      const rows = await uow.read((r) => r.rounds.roundsOf(consultationId));
      return rows.filter((c) => !options.publicOnly || visible(c.status)).map((c) => ({ ...c, current: c.id === consultationId }));
    },

    /**
     * The published rounds of the draft document a published consultation belongs to, first to last,
     * each with the status people see: what its public page lists. Empty for an unpublished one.
     */
    async publicRounds(consultationId: number) {
      const rows = await uow.read((r) => r.rounds.roundsOf(consultationId));
      if (!rows.some((c) => c.id === consultationId && visible(c.status))) return [];
      const now = clock.now();
      return rows
        .filter((c) => visible(c.status))
        .map((c) => ({ id: c.id, round: c.round, version: c.draft_version ?? null, number: c.number, letterDate: c.letter_date, status: publicStatus(c, now), current: c.id === consultationId }));
    },

    /** For everyone, once the follow-up is published; null when the consultation follows no round. */
    async publicComparison(consultationId: number): Promise<Comparison | null> {
      const status = await uow.read((r) => r.office.statusOf(consultationId));
      if (!status || !visible(status)) throw new NotFound('consultation.not_found');
      const kept = deps.published.get(consultationId);
      if (kept) return kept.comparison;
      const comparison = await comparisonOf(consultationId);
      deps.published.set(consultationId, { comparison });
      return comparison;
    },

    async officeComparison(user: StaffUser, consultationId: number): Promise<Comparison | null> {
      await owned(user, consultationId);
      return comparisonOf(consultationId);
    },

    /**
     * Sets pairs by hand before the follow-up is published: each `{ before, after }` links two
     * clauses (dropping whatever either was paired with), or with one side null leaves the other
     * added or removed. Every other pair stays; each is judged again (moved, renumbered).
     */
    async correct(user: StaffUser, consultationId: number, pairs: ReadonlyArray<{ before: number | null; after: number | null }>): Promise<Comparison> {
      const c = await owned(user, consultationId);
      if (c.status !== 'draft') throw new Conflict({ pairs: { key: 'round.pairs_published' } });
      await uow.write(async (r) => {
        // Locked, then checked: a publish or another correction cannot slip in between.
        await r.rounds.lock(consultationId);
        if ((await r.office.statusOf(consultationId)) !== 'draft') throw new Conflict({ pairs: { key: 'round.pairs_published' } });
        const versions = await versionsCompared(r, consultationId);
        if (!versions) throw new NotFound('round.not_follow_up');
        const beforeIds = new Set(versions.before.map((x) => x.id));
        const afterIds = new Set(versions.after.map((x) => x.id));
        const corrected = { before: new Set<number>(), after: new Set<number>() };
        for (const p of pairs) {
          if ((p.before === null && p.after === null) || (p.before !== null && !beforeIds.has(p.before)) || (p.after !== null && !afterIds.has(p.after))) {
            throw new Invalid({ pairs: { key: 'round.pair_unknown' } });
          }
          if ((p.before !== null && corrected.before.has(p.before)) || (p.after !== null && corrected.after.has(p.after))) throw new Invalid({ pairs: { key: 'round.pair_repeated' } });
          if (p.before !== null) corrected.before.add(p.before);
          if (p.after !== null) corrected.after.add(p.after);
        }
        const kept = (await r.rounds.pairsOf(consultationId))
          .filter((p) => p.b_id !== null && p.a_id !== null && !corrected.before.has(p.b_id) && !corrected.after.has(p.a_id))
          .map((p) => [p.b_id!, p.a_id!] as const);
        const given = pairs.filter((p) => p.before !== null && p.after !== null).map((p) => [p.before!, p.after!] as const);
        await storeLinks(r, consultationId, versions.before, versions.after, [...given, ...kept], corrected as Corrected);
        await r.audit.record({ actorKind: 'user', actorId: user.id, action: 'round.pairs_correct', entity: 'consultation', entityId: consultationId, details: { pairs }, at: clock.now().toISOString() });
      });
      return (await comparisonOf(consultationId))!;
    },

    /**
     * What a follow-up starts from: the letter's fields of the round it follows (not its number,
     * date or deadline, which a new letter has of its own) and its recipients.
     */
    async followUpDefaults(user: StaffUser, consultationId: number): Promise<{ fields: Omit<ConsultationFields, 'number' | 'letterDate' | 'deadlineAt'>; recipients: RecipientChoice; round: number }> {
      const c = await owned(user, consultationId);
      if (c.status === 'draft') throw new Conflict({ _form: { key: 'round.previous_unpublished' } });
      const next = await uow.read((r) => r.rounds.followUpOf(consultationId));
      if (next) throw new Conflict({ _form: { key: 'round.exists', vars: { id: String(next.id) } } });
      const lines = await uow.read((r) => r.consultations.recipientLines(consultationId));
      return {
        round: c.round + 1,
        fields: {
          place: c.place,
          subject: c.subject,
          draftTitle: c.draft_title,
          summary: c.summary,
          legalBasis: c.legal_basis,
          signerPrefix: c.signer_prefix,
          signerAuthority: c.signer_authority,
          signerTitle: c.signer_title,
          signerName: c.signer_name,
          contactName: c.contact_name,
          contactTitle: c.contact_title,
          contactPhone: c.contact_phone,
          contactEmail: c.contact_email,
          websiteSection: c.website_section,
          deadlineRule: c.deadline_rule,
          latePolicy: c.late_policy,
          letterRequired: c.letter_required === 1,
          publicComments: c.public_comments,
          publicNames: c.public_names === 1,
        },
        recipients: {
          agencyIds: lines.flatMap((l) => (l.agency_id === null ? [] : [l.agency_id])),
          groupIds: lines.flatMap((l) => (l.group_id === null ? [] : [l.group_id])),
        },
      };
    },

    /**
     * The next round of a consultation: its letter's fields, recipients and contact kept, `sent`
     * (the new letter's number, date and deadline, and whatever else the officer changed) over them.
     */
    async followUp(user: StaffUser, consultationId: number, sent: Partial<ConsultationFields>, draft: Upload | undefined): Promise<{ id: number; round: number }> {
      const defaults = await this.followUpDefaults(user, consultationId);
      const fields = { ...defaults.fields, ...sent } as ConsultationFields;
      return { id: await deps.createConsultation(user, fields, defaults.recipients, { draft }, consultationId), round: defaults.round };
    },

    /**
     * An agency's comments of the round before, by the clause of this round they were matched to:
     * what its page and its API show beside each clause. Empty on a first round.
     */
    async earlierComments(consultationId: number, agencyId: number): Promise<Map<number, EarlierComment[]>> {
      return uow.read(async (r) => {
        const byClause = new Map<number, EarlierComment[]>();
        const previous = await r.rounds.previousOf(consultationId);
        if (previous === null) return byClause;
        const [comments, pairs, rounds] = await Promise.all([r.rounds.agencyComments(previous, agencyId), r.rounds.pairsOf(consultationId), r.rounds.roundsOf(previous)]);
        if (comments.length === 0) return byClause;
        const round = rounds.find((x) => x.id === previous)!;
        // The office's answers are its own until it publishes that round's report.
        const answered = round.status === 'report_published';
        const afterOf = new Map(pairs.filter((p) => p.b_id !== null && p.a_id !== null).map((p) => [p.b_id!, { after: p.a_id!, label: p.b_label }]));
        for (const c of comments) {
          const match = c.clause_id === null ? undefined : afterOf.get(c.clause_id);
          if (!match) continue;
          const list = byClause.get(match.after) ?? [];
          list.push({ consultationId: previous, version: round.draft_version ?? null, round: round.round, label: match.label, text: c.text, proposedText: c.proposed_text, decision: answered ? c.decision : null, explanation: answered ? c.explanation : null, appliedLabel: answered ? c.applied_label : null });
          byClause.set(match.after, list);
        }
        return byClause;
      });
    },

    /** Clauses of the follow-up's draft a comment of this round may be pointed to; null when there is no follow-up yet. */
    async appliedTargets(user: StaffUser, consultationId: number) {
      await owned(user, consultationId);
      return uow.read(async (r) => {
        const next = await r.rounds.followUpOf(consultationId);
        // Its clauses are stored afresh by every edit until it is published: only then can a comment point to one.
        const versionId = next && next.status !== 'draft' ? await r.drafts.latestVersionId(next.id) : undefined;
        if (!next || versionId === undefined) return null;
        const clauses = await r.drafts.clausesOf(versionId);
        const version = await r.drafts.latestVersion(next.id);
        return { consultationId: next.id, round: next.round, version: version?.version ?? null, clauses: clauses.map((c) => ({ id: c.id, label: c.label, heading: c.heading, depth: c.depth, text: c.text })) };
      });
    },

    async checkOwn(user: StaffUser, consultationId: number): Promise<void> {
      await owned(user, consultationId);
    },

    /** The consultation a comment belongs to, if it is the officer's office's; another office's is as unknown as a missing one. */
    async roundOfComment(user: StaffUser, commentId: number): Promise<number> {
      const found = await uow.read((r) => r.rounds.commentWithAnswer(commentId));
      if (!found) throw new NotFound('consultation.not_found');
      await owned(user, found.consultation_id);
      return found.consultation_id;
    },

    /**
     * Points an accepted (or partly accepted) comment of this round to the clause of the next
     * round's draft where it was applied, or clears it. It changes no decision, so it stays possible
     * after this round's report is published.
     */
    async setApplied(user: StaffUser, commentId: number, clauseId: number | null): Promise<{ consultationId: number }> {
      const consultationId = await this.roundOfComment(user, commentId);
      await uow.write(async (r) => {
        const comment = (await r.rounds.commentWithAnswer(commentId))!;
        if (!comment.decision || !APPLIED_DECISIONS.has(comment.decision)) throw new Invalid({ appliedClauseId: { key: 'round.applied_not_accepted' } });
        if (clauseId !== null) {
          const next = await r.rounds.followUpOf(consultationId);
          const versionId = next && next.status !== 'draft' ? await r.drafts.latestVersionId(next.id) : undefined;
          const clauses = versionId === undefined ? [] : await r.drafts.clausesOf(versionId);
          if (!clauses.some((c) => c.id === clauseId)) throw new Invalid({ appliedClauseId: { key: 'round.applied_unknown' } });
        }
        await r.rounds.setApplied(commentId, clauseId);
        await r.audit.record({ actorKind: 'user', actorId: user.id, action: 'response.applied_at', entity: 'consultation', entityId: consultationId, details: { commentId, clauseId }, at: clock.now().toISOString() });
      });
      return { consultationId };
    },
  };
}

export type RoundsService = ReturnType<typeof createRoundsService>;
