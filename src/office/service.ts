import { presentTrail } from '../audit/trail';
import type { AgenciesService } from '../agencies/service';
import type { FileStorage } from '../attachments/storage';
import type { StaffUser } from '../auth/repository';
import type { Clock } from '../clock';
import type { ConsultationUpdate, NewConsultation } from '../db/tables';
import { childOfKind, draftParts, pickDraft } from '../drafts/clause-tree';
import { type LetterFacts, draftTitleOf, letterFacts } from '../drafts/letter-facts';
import type { DraftFrame } from '../drafts/service';
import { type DraftImporter, ImportError, type ImportedDraft } from '../drafts/import';
import type { ClauseView, DraftsService } from '../drafts/service';
import { type ClauseEdit, EditRefused, type EditableNode, applyEdit } from '../drafts/editing';
import { awaitingReply, progressOf } from '../invitations/progress';
import type { InvitationsService } from '../invitations/service';
import { closesAt, closingDeadline, daysLeft, isPastDeadline } from '../time';
import { ACCEPTED, type Upload, checkUpload, storeUpload } from './files';
import type { ConsultationFields } from './schemas';
import { publicStatus } from '../consultations/service';
import type { Repositories, Uow } from '../repositories';
import type { Owned } from './owned';
import { DomainError, Invalid, NotFound, Conflict } from '../errors';
import { rematch } from '../rounds/rematch';

export interface ConsultationFiles {
  draft?: Upload;
  requestLetter?: Upload;
  others?: Upload[];
}

export interface RecipientChoice {
  agencyIds: number[];
  groupIds: number[];
}

/** A letter's "Kính gửi" is a few dozen lines; a file listing thousands is not looked up line by line. */
const MAX_PREFILL_LINES = 500;

const toRow = (f: Partial<ConsultationFields>): ConsultationUpdate => {
  const row: ConsultationUpdate = {
    number: f.number,
    letter_date: f.letterDate,
    place: f.place,
    subject: f.subject,
    draft_title: f.draftTitle,
    summary: f.summary,
    legal_basis: f.legalBasis,
    signer_prefix: f.signerPrefix,
    signer_authority: f.signerAuthority,
    signer_title: f.signerTitle,
    signer_name: f.signerName,
    contact_name: f.contactName,
    contact_title: f.contactTitle,
    contact_phone: f.contactPhone,
    contact_email: f.contactEmail,
    website_section: f.websiteSection,
    deadline_at: f.deadlineAt,
    deadline_rule: f.deadlineRule,
    late_policy: f.latePolicy,
    letter_required: f.letterRequired === undefined ? undefined : f.letterRequired ? 1 : 0,
    public_comments: f.publicComments,
    public_names: f.publicNames === undefined ? undefined : f.publicNames ? 1 : 0,
  };
  return Object.fromEntries(Object.entries(row).filter(([, v]) => v !== undefined)) as ConsultationUpdate;
};

/** The clauses of a tree in document order, as they are stored (parents before their children). */
const preorder = (nodes: readonly EditableNode[]): EditableNode[] => nodes.flatMap((n) => [n, ...preorder(n.children)]);
const findNode = (roots: readonly EditableNode[], id: number) => preorder(roots).find((n) => n.id === id);
function previousSibling(nodes: readonly EditableNode[], id: number): EditableNode | undefined {
  const index = nodes.findIndex((n) => n.id === id);
  if (index >= 0) return nodes[index - 1];
  for (const n of nodes) {
    const found = previousSibling(n.children, id);
    if (found) return found;
  }
  return undefined;
}

/**
 * The drafting office's use cases. Every one starts from the officer's own office: another office's
 * consultation is "not found", never "forbidden", so ids reveal nothing.
 */
export function createOfficeConsultationsService(deps: {
  uow: Uow;
  owned: Owned;
  clock: Clock;
  storage: FileStorage;
  agencies: AgenciesService;
  invitations: InvitationsService;
  drafts: DraftsService;
  importer: DraftImporter;
  deliverNow: () => void;
}) {
  const { uow, clock, storage, invitations, drafts } = deps;
  const now = () => clock.now();
  const audit = (r: Repositories, user: StaffUser, action: string, id: number, details?: Record<string, unknown>) =>
    r.audit.record({ actorKind: 'user', actorId: user.id, action, entity: 'consultation', entityId: id, details, at: now().toISOString() });

  const own = deps.owned;

  async function editable(user: StaffUser, id: number) {
    const c = await own(user, id);
    if (c.status !== 'draft') throw new Conflict({ _form: { key: 'consultation.already_published' } });
    return c;
  }

  /** Checked again inside a write's transaction: a publish may have committed since `editable`. */
  async function stillDraft(r: Repositories, id: number) {
    if ((await r.office.statusOf(id)) !== 'draft') throw new Conflict({ _form: { key: 'consultation.already_published' } });
  }

  /**
   * Announces a changed cut-off to the agencies that owe a reply, in the caller's transaction: the
   * consultation as it now stands (an early end stated as a time of day) beside the one it replaces.
   */
  async function announceToPending(r: Repositories, user: StaffUser, id: number, previous: ReturnType<typeof closingDeadline>): Promise<number> {
    const after = (await r.office.ownedBy(user.officeId, id))!;
    const current = closingDeadline(after);
    const pending = awaitingReply(progressOf(await r.invitations.listWithProgress(id), false).recipients);
    return invitations.announceDeadline(r, { ...after, deadline_at: current.deadlineAt, deadline_rule: current.deadlineRule }, previous, pending);
  }

  function futureDeadline(deadlineAt: string, field = 'deadlineDate') {
    if (isPastDeadline({ deadline_at: deadlineAt, closed_at: null }, now())) throw new Invalid({ [field]: { key: 'consultation.deadline_past' } });
  }

  async function readDraft(upload: Upload, field = 'draft'): Promise<ImportedDraft> {
    await checkUpload(upload, field, ACCEPTED.draft);
    try {
      return await deps.importer.importDraft(upload.path);
    } catch (err) {
      if (err instanceof ImportError) throw new Invalid({ [field]: { key: field === 'draft' ? 'upload.import_failed' : 'prefill.unreadable', vars: { detail: err.message } } });
      throw err;
    }
  }

  /** The title printed on the draft stands in for an empty "Tên dự thảo", rather than the letter's subject. */
  function titleOrPrinted(title: string | null | undefined, imported: ImportedDraft): string | null {
    const doc = pickDraft(imported.result);
    return title || (doc ? draftTitleOf(childOfKind(doc, 'header')) : null);
  }

  async function checkRecipients(user: StaffUser, choice: RecipientChoice) {
    const [agencies, groups] = await Promise.all([uow.read((r) => r.office.ownAgencies(user.officeId, choice.agencyIds)), uow.read((r) => r.office.ownGroups(user.officeId, choice.groupIds))]);
    if (agencies.length !== choice.agencyIds.length || groups.length !== choice.groupIds.length) {
      throw new Invalid({ recipients: { key: 'consultation.recipient_unknown' } });
    }
    const byAgency = new Map(agencies.map((a) => [a.id, a]));
    const byGroup = new Map(groups.map((g) => [g.id, g]));
    return [
      ...choice.agencyIds.map((id) => ({ label: byAgency.get(id)!.name, agencyId: id, groupId: null })),
      ...choice.groupIds.map((id) => ({ label: byGroup.get(id)!.name, agencyId: null, groupId: id })),
    ];
  }

  /** `round` stands in for the draft's "Dự thảo lần N" when the file carries no stamp. */
  async function saveDraft(r: Repositories, consultationId: number, imported: ImportedDraft, stored: Awaited<ReturnType<typeof storeUpload>>, round: number) {
    const attachmentId = await r.office.insertAttachment(consultationId, { ...stored, title: null }, true);
    // Every part of the draft: a decision and the regulation it issues, each with its appendices.
    const parts = draftParts(imported.result);
    if (parts.length === 0) throw new Invalid({ draft: { key: 'upload.import_failed', vars: { detail: 'không tìm thấy nội dung' } } });
    await drafts.saveParsed(r, consultationId, imported.result.version ?? round, parts, attachmentId, {
      text: imported.text,
      kind: imported.kind,
    });
  }

  /** Every reason a consultation cannot be published yet, as the first refusal. */
  async function publishable(c: { deadline_at: string }, id: number) {
    futureDeadline(c.deadline_at, '_form');
    const draft = await drafts.latestDraft(id);
    if (!draft || draft.flat.length === 0) throw new Invalid({ _form: { key: 'consultation.publish_no_draft' } });
    const agencies = await uow.read((r) => r.office.recipientAgencies(id));
    if (agencies.length === 0) throw new Invalid({ _form: { key: 'consultation.publish_no_recipients' } });
    const missing = await uow.read((r) => r.office.agenciesWithoutEmail(agencies.map((a) => a.id)));
    if (missing.length) throw new Invalid({ _form: { key: 'consultation.publish_no_email', vars: { names: missing.map((m) => m.name).join(', ') } } });
  }

  async function printedTitle(consultationId: number): Promise<string | null> {
    const version = await uow.read((r) => r.drafts.latestVersion(consultationId));
    return version ? draftTitleOf((JSON.parse(version.frame_json) as DraftFrame).header) : null;
  }

  /** Publishing and adding recipients later share this: invitations and their mail, in the caller's transaction. */
  async function inviteAll(r: Repositories, consultationId: number) {
    const office = r.office;
    const c = (await office.findWithOffice(consultationId))!;
    // A revoked agency stays revoked: only an explicit re-send reinstates it.
    const existing = new Set((await r.invitations.listWithProgress(consultationId)).map((i) => i.agency_id));
    const fresh = (await office.recipientAgencies(consultationId)).filter((a) => !existing.has(a.id));
    return invitations.invite(r, c, fresh);
  }

  return {
    async list(user: StaffUser) {
      const at = now();
      const rows = await uow.read((r) => r.office.listForOffice(user.officeId));
      return rows.map((c) => ({
        id: c.id,
        number: c.number,
        subject: c.subject,
        status: publicStatus(c, at),
        deadlineAt: c.deadline_at,
        deadlineRule: c.deadline_rule,
        daysLeft: daysLeft(closesAt(c), at),
        isDemo: c.is_demo === 1,
        invited: Number(c.invited),
        replied: Number(c.replied),
      }));
    },

    /**
     * The officer's dashboard: the office's consultations with the replies received since this
     * officer's last visit, which this visit then becomes.
     */
    async dashboard(user: StaffUser) {
      const since = await uow.read((r) => r.office.officeSeenAt(user.id));
      const [items, fresh] = await Promise.all([this.list(user), since ? uow.read((r) => r.office.submissionsSince(user.officeId, since)) : new Map<number, number>()]);
      await uow.write((r) => r.office.recordOfficeVisit(user.id, now().toISOString()));
      const withNew = items.map((c) => ({ ...c, newSubmissions: fresh.get(c.id) ?? 0 }));
      return { items: withNew, since, newSubmissions: withNew.reduce((n, c) => n + c.newSubmissions, 0) };
    },

    async get(user: StaffUser, id: number) {
      const consultation = await own(user, id);
      const at = now();

      const [lines, members, attachments, draft, version, invitationRows, mail, trail] = await Promise.all([
        uow.read((r) => r.consultations.recipientLines(id)),
        uow.read((r) => r.consultations.groupMembers(id)),
        uow.read((r) => r.office.attachments(id)),
        // The office's own page: the drafter's Word comments are shown on the review page.
        drafts.latestDraft(id, { withComments: true }),
        uow.read((r) => r.drafts.latestVersion(id)),
        uow.read((r) => r.invitations.listWithProgress(id)),
        uow.read((r) => r.outbox.listForConsultation(id)),
        uow.read((r) => r.audit.trail('consultation', id)),
      ]);
      const source = version ? await uow.read((r) => r.drafts.source(version.id)) : undefined;
      const status = publicStatus(consultation, at);
      return {
        consultation,
        status,
        daysLeft: daysLeft(closesAt(consultation), at),
        lines: lines.map((l) => ({ ...l, members: members.filter((m) => m.line_id === l.id).map((m) => m.agency_name) })),
        attachments,
        draft,
        sourceText: source?.source_text ?? null,
        sourceKind: source?.source_kind ?? null,
        progress: progressOf(invitationRows, isPastDeadline(consultation, at)),
        mail,
        trail: presentTrail(trail),
        editable: consultation.status === 'draft',
      };
    },

    /**
     * Reads a request letter or a draft for the new-consultation form to offer its facts: number,
     * date, subject, signer, and the "Kính gửi" lines matched to the directory. Parsed by the import
     * workers, within their limits; nothing is kept.
     */
    async prefill(user: StaffUser, upload: Upload | undefined): Promise<{ facts: LetterFacts; agencyIds: number[]; groupIds: number[]; unmatched: string[] }> {
      if (!upload) throw new Invalid({ source: { key: 'prefill.file_required' } });
      const facts = letterFacts((await readDraft(upload, 'source')).result);
      if (!facts.number && !facts.subject && !facts.letterDate && facts.recipients.length === 0) throw new Invalid({ source: { key: 'prefill.nothing_found' } });
      const matched = await deps.agencies.matchNames(user.officeId, facts.recipients.slice(0, MAX_PREFILL_LINES));
      return { facts, ...matched };
    },

    /**
     * A new consultation, a draft until published. With `follows`, the next round of that
     * consultation's draft document (Dự thảo lần N+1): its draft is matched to the round before.
     */
    async create(user: StaffUser, fields: ConsultationFields, recipients: RecipientChoice, files: ConsultationFiles, follows?: number): Promise<number> {
      const previous = follows === undefined ? null : await own(user, follows);
      futureDeadline(fields.deadlineAt);
      const lines = await checkRecipients(user, recipients);
      const requestLetter = files.requestLetter ? await checkUpload(files.requestLetter, 'requestLetter', ACCEPTED.requestLetter) : null;
      const others = await Promise.all((files.others ?? []).map((f) => checkUpload(f, 'others', ACCEPTED.others)));
      if (!files.draft) throw new Invalid({ draft: { key: 'upload.draft_required' } });
      const imported = await readDraft(files.draft);
      const draftFile = await storeUpload(storage, await checkUpload(files.draft, 'draft', ACCEPTED.draft), 'draft_source');
      const letterFile = requestLetter ? await storeUpload(storage, requestLetter, 'request_letter') : null;
      const otherFiles = await Promise.all(others.map((f) => storeUpload(storage, f, 'other')));

      return uow.write(async (r) => {
        if (previous) {
          // Checked in the transaction, the round locked: another officer may have started the next round meanwhile.
          await r.rounds.lock(previous.id);
          if (previous.status === 'draft') throw new Conflict({ _form: { key: 'round.previous_unpublished' } });
          const next = await r.rounds.followUpOf(previous.id);
          if (next) throw new Conflict({ _form: { key: 'round.exists', vars: { id: String(next.id) } } });
        }
        const values: NewConsultation = {
          ...(toRow({ ...fields, draftTitle: titleOrPrinted(fields.draftTitle, imported) }) as NewConsultation),
          office_id: user.officeId,
          status: 'draft',
          created_by: user.id,
          ...(previous ? { previous_round_id: previous.id, first_round_id: previous.first_round_id ?? previous.id, round: previous.round + 1 } : {}),
        };
        const id = await r.consultations.insert(values);
        await r.consultations.insertRecipients(id, lines);
        await saveDraft(r, id, imported, draftFile, previous ? previous.round + 1 : 1);
        if (previous) {
          await rematch(r, id);
          await audit(r, user, 'round.follow_up', previous.id, { n: previous.round + 1, id });
        }
        const office = r.office;
        if (letterFile) await office.insertAttachment(id, letterFile, true);
        for (const f of otherFiles) await office.insertAttachment(id, f, true);
        await audit(r, user, 'consultation.create', id, { number: fields.number });
        return id;
      });
    },

    /**
     * Changes the letter's fields; a new deadline on an open consultation is announced to those who
     * owe a reply. The deadline the letter printed is kept, with its wording, the first time it changes;
     * a new deadline reopens a consultation that was ended early.
     */
    async update(user: StaffUser, id: number, changes: Partial<ConsultationFields>): Promise<{ announced: number }> {
      const before = await own(user, id);
      if (before.status === 'report_published') throw new Conflict({ _form: { key: 'consultation.report_done' } });
      const deadlineChanged = changes.deadlineAt !== undefined && (changes.deadlineAt !== before.deadline_at || before.closed_at !== null);
      if (deadlineChanged && (before.status === 'draft' || before.closed_at !== null)) futureDeadline(changes.deadlineAt!);
      const row = toRow(changes);
      if (changes.draftTitle === null) row.draft_title = await printedTitle(id);
      const previous = closingDeadline(before);
      // Nothing to change (an API call carrying only a new draft, or `{}`): nothing written, nothing logged.
      if (Object.keys(row).length === 0) return { announced: 0 };
      const announced = await uow.write(async (r) => {
        if (deadlineChanged && before.status === 'open' && before.original_deadline_at === null) {
          row.original_deadline_at = before.deadline_at;
          row.original_deadline_rule = before.deadline_rule;
        }
        if (deadlineChanged) row.closed_at = null;
        const office = r.office;
        await office.update(id, row);
        await audit(r, user, deadlineChanged ? 'consultation.deadline_change' : 'consultation.update', id, {
          fields: Object.keys(row).filter((f) => f !== 'original_deadline_at' && f !== 'original_deadline_rule' && f !== 'closed_at'),
          ...(deadlineChanged ? { from: previous.deadlineAt, fromRule: previous.deadlineRule, to: changes.deadlineAt, rule: changes.deadlineRule ?? before.deadline_rule } : {}),
        });
        if (!deadlineChanged || before.status !== 'open') return 0;
        return announceToPending(r, user, id, previous);
      });
      if (announced) deps.deliverNow();
      return { announced };
    },

    /**
     * Ends the consultation early: it closes now, recorded as its own fact; the deadline the letter
     * printed stays as written. Logged and announced to those who owe a reply, like any change.
     */
    async endNow(user: StaffUser, id: number): Promise<{ announced: number }> {
      const c = await own(user, id);
      if (c.status !== 'open' || isPastDeadline(c, now())) throw new Conflict({ _form: { key: 'consultation.not_open' } });
      const closedAt = now().toISOString();
      const announced = await uow.write(async (r) => {
        const office = r.office;
        await office.update(id, { closed_at: closedAt });
        await audit(r, user, 'consultation.end_now', id, { closedAt, deadline: c.deadline_at, rule: c.deadline_rule });
        return announceToPending(r, user, id, { deadlineAt: c.deadline_at, deadlineRule: c.deadline_rule });
      });
      if (announced) deps.deliverNow();
      return { announced };
    },

    async replaceDraft(user: StaffUser, id: number, upload: Upload) {
      const before = await editable(user, id);
      const imported = await readDraft(upload);
      const stored = await storeUpload(storage, await checkUpload(upload, 'draft', ACCEPTED.draft), 'draft_source');
      await uow.write(async (r) => {
        await stillDraft(r, id);
        await r.drafts.deleteVersions(id);
        await r.office.withdrawDraftSources(id);
        await saveDraft(r, id, imported, stored, before.round);
        await rematch(r, id);
        if (!before.draft_title) await r.office.update(id, { draft_title: titleOrPrinted(null, imported) });
        await audit(r, user, 'draft.replace', id, { filename: stored.filename });
      });
    },

    /**
     * One fix to the parsed tree before publishing: edit, split, merge, move. Returns the clause the
     * officer should see next — the one edited, or the one it was merged into — under its id after the
     * rewrite (every clause is stored afresh).
     */
    async editClause(user: StaffUser, id: number, clauseId: number, edit: ClauseEdit): Promise<{ id: number; anchor: string; label: string | null; heading: string | null } | null> {
      await editable(user, id);
      // With the drafter's comments: the rewrite stores every clause afresh, extras included.
      const draft = await drafts.latestDraft(id, { withComments: true });
      if (!draft) throw new NotFound('consultation.clause_not_found');
      const toEditable = (c: ClauseView): EditableNode => ({
        id: c.id,
        kind: c.kind as EditableNode['kind'],
        label: c.label,
        heading: c.heading,
        text: c.text,
        ...(c.rows ? { rows: c.rows } : {}),
        ...(c.footnotes ? { footnotes: c.footnotes } : {}),
        ...(c.endnotes ? { endnotes: c.endnotes } : {}),
        ...(c.comments ? { comments: c.comments } : {}),
        children: c.children.map(toEditable),
      });
      const roots = draft.clauses.map(toEditable);
      const target = edit.op === 'merge_previous' ? previousSibling(roots, clauseId) : findNode(roots, clauseId);
      try {
        applyEdit(roots, clauseId, edit);
      } catch (err) {
        if (!(err instanceof EditRefused)) throw err;
        if (err.reason === 'not_found') throw new NotFound('consultation.clause_not_found');
        throw new Invalid({ _form: { key: `consultation.edit.${err.reason}` } });
      }
      await uow.write(async (r) => {
        await stillDraft(r, id);
        await drafts.rewriteClauses(r, draft.id, roots);
        await rematch(r, id);
        await audit(r, user, 'draft.edit', id, { op: edit.op, clauseId });
      });
      const position = target ? preorder(roots).indexOf(target) : -1;
      const shown = position < 0 ? undefined : (await drafts.latestDraft(id))?.flat[position];
      return shown ? { id: shown.id, anchor: shown.anchor, label: shown.label, heading: shown.heading } : null;
    },

    async addAttachments(user: StaffUser, id: number, files: { requestLetter?: Upload; others?: Upload[] }) {
      await own(user, id);
      const letter = files.requestLetter ? await checkUpload(files.requestLetter, 'requestLetter', ACCEPTED.requestLetter) : null;
      const others = await Promise.all((files.others ?? []).map((f) => checkUpload(f, 'others', ACCEPTED.others)));
      const stored = [
        ...(letter ? [await storeUpload(storage, letter, 'request_letter')] : []),
        ...(await Promise.all(others.map((f) => storeUpload(storage, f, 'other')))),
      ];
      await uow.write(async (r) => {
        for (const f of stored) await r.office.insertAttachment(id, f, true);
        await audit(r, user, 'attachment.add', id, { files: stored.map((f) => f.filename) });
      });
      return stored.length;
    },

    async attachment(user: StaffUser, id: number, attachmentId: number) {
      await own(user, id);
      return uow.read((r) => r.office.findAttachment(id, attachmentId));
    },

    /** Recipients from the directory. Before publishing they replace the list; afterwards they are added and invited at once. */
    async setRecipients(user: StaffUser, id: number, choice: RecipientChoice) {
      const c = await own(user, id);
      const lines = await checkRecipients(user, choice);
      const invited = await uow.write(async (r) => {
        const office = r.office;
        const current = await r.consultations.recipientLines(id);
        if (c.status === 'draft') await office.deleteRecipients(id);
        const kept = c.status === 'draft' ? [] : current;
        const fresh = lines.filter((l) => !kept.some((k) => (l.agencyId !== null && k.agency_id === l.agencyId) || (l.groupId !== null && k.group_id === l.groupId)));
        await r.consultations.insertRecipients(id, fresh, kept.length);
        await audit(r, user, 'recipients.set', id, { lines: fresh.map((l) => l.label) });
        return c.status === 'open' ? inviteAll(r, id) : 0;
      });
      if (invited) deps.deliverNow();
      return { invited };
    },

    /** The API's recipients: agencies by name and e-mail (found or added to the directory), ids, and groups. */
    async addRecipients(user: StaffUser, id: number, input: { agencies?: { name: string; email: string }[]; agencyIds?: number[]; groupIds?: number[] }) {
      await own(user, id);
      // Unknown ids are refused before any agency is added to the directory.
      await checkRecipients(user, { agencyIds: input.agencyIds ?? [], groupIds: input.groupIds ?? [] });
      const ids = [...(input.agencyIds ?? [])];
      for (const a of input.agencies ?? []) ids.push((await deps.agencies.findOrCreateByEmail(user.officeId, a)).id);
      const current = await uow.read((r) => r.consultations.recipientLines(id));
      const agencyIds = [...new Set(ids)].filter((a) => !current.some((l) => l.agency_id === a));
      const groupIds = [...new Set(input.groupIds ?? [])].filter((g) => !current.some((l) => l.group_id === g));
      const c = await own(user, id);
      if (c.status === 'draft') {
        const keep = { agencyIds: current.flatMap((l) => (l.agency_id ? [l.agency_id] : [])), groupIds: current.flatMap((l) => (l.group_id ? [l.group_id] : [])) };
        return this.setRecipients(user, id, { agencyIds: [...keep.agencyIds, ...agencyIds], groupIds: [...keep.groupIds, ...groupIds] });
      }
      return this.setRecipients(user, id, { agencyIds, groupIds });
    },

    /** Refuses, as NotFound, an officer of another office: a confirmation page is only offered to the consultation's own office. */
    async checkOwn(user: StaffUser, id: number): Promise<void> {
      await own(user, id);
    },

    /**
     * What publishing would do, written nowhere: who will be mailed at which addresses, the invitation
     * as the first of them would get it (its link a placeholder, no token made), and why publishing
     * would be refused, if it would.
     */
    async publishPreview(user: StaffUser, id: number, linkPlaceholder: string) {
      const c = await own(user, id);
      const agencies = await uow.read((r) => r.office.recipientAgencies(id));
      const emails = await uow.read((r) => r.invitations.agencyEmails(agencies.map((a) => a.id)));
      const recipients = agencies.map((a) => ({ ...a, emails: emails.filter((e) => e.agency_id === a.id).map((e) => e.email) }));
      let refusal: DomainError | null = null;
      try {
        if (c.status !== 'draft') throw new Conflict({ _form: { key: 'consultation.already_published' } });
        await publishable(c, id);
      } catch (err) {
        if (!(err instanceof DomainError)) throw err;
        refusal = err;
      }
      const sample = recipients.find((r) => r.emails.length > 0) ?? null;
      const mail = sample ? invitations.previewInvitation(c, sample.name, linkPlaceholder) : null;
      return { consultation: c, recipients, sample, mail, refusal };
    },

    /**
     * What ending now would do, written nowhere: the closing time it would record (the moment of the
     * confirmation; now, as the page is shown), who has not replied, and who of them will be told, with
     * the notice as the first of them would get it.
     */
    async endNowPreview(user: StaffUser, id: number, linkPlaceholder: string) {
      const c = await own(user, id);
      const at = now();
      const refusal = c.status !== 'open' || isPastDeadline(c, at) ? new Conflict({ _form: { key: 'consultation.not_open' } }) : null;
      const pending = awaitingReply(progressOf(await uow.read((r) => r.invitations.listWithProgress(id)), false).recipients);
      const emails = await uow.read((r) => r.invitations.agencyEmails(pending.map((p) => p.agencyId)));
      const notReplied = pending.map((p) => ({ ...p, emails: emails.filter((e) => e.agency_id === p.agencyId).map((e) => e.email) }));
      const told = notReplied.filter((p) => p.emails.length > 0);
      const ended = { ...c, closed_at: at.toISOString() };
      const current = closingDeadline(ended);
      const mail = told[0]
        ? invitations.previewDeadlineChanged({ ...ended, deadline_at: current.deadlineAt, deadline_rule: current.deadlineRule }, closingDeadline(c), told[0].agencyName, linkPlaceholder)
        : null;
      return { consultation: c, closesAt: at.toISOString(), notReplied, told, mail, refusal };
    },

    async publish(user: StaffUser, id: number) {
      const c = await editable(user, id);
      await publishable(c, id);
      const invited = await uow.write(async (r) => {
        // Locked and checked again: a correction of its pairs, or another publish, takes its turn.
        await r.rounds.lock(id);
        await stillDraft(r, id);
        await r.office.update(id, { status: 'open', published_at: now().toISOString() });
        const n = await inviteAll(r, id);
        await audit(r, user, 'consultation.publish', id, { invited: n });
        return n;
      });
      deps.deliverNow();
      return { invited };
    },

    async resend(user: StaffUser, id: number, invitationId: number) {
      const c = await own(user, id);
      if (c.status === 'draft') throw new Conflict({ _form: { key: 'consultation.not_open' } });
      const invitation = (await uow.read((r) => r.invitations.listWithProgress(id))).find((i) => i.id === invitationId);
      if (!invitation) throw new NotFound('consultation.not_found');
      const sent = await uow.write(async (r) => {
        const ok = await invitations.resend(r, c, { id: invitation.id, agencyId: invitation.agency_id, agencyName: invitation.agency_name });
        await audit(r, user, 'invitation.resend', id, { agency: invitation.agency_name });
        return ok;
      });
      deps.deliverNow();
      return sent;
    },

    async revoke(user: StaffUser, id: number, invitationId: number) {
      await own(user, id);
      const invitation = (await uow.read((r) => r.invitations.listWithProgress(id))).find((i) => i.id === invitationId);
      if (!invitation) throw new NotFound('consultation.not_found');
      await uow.write(async (r) => {
        await invitations.revoke(r, invitation.id);
        await audit(r, user, 'invitation.revoke', id, { agency: invitation.agency_name });
      });
    },

    /** Reminds every agency that has not submitted, now. */
    async remind(user: StaffUser | null, id: number) {
      const c = user ? await own(user, id) : (await uow.read((r) => r.office.openConsultations())).find((o) => o.id === id);
      if (!c || c.status !== 'open' || isPastDeadline(c, now())) throw new Conflict({ _form: { key: 'consultation.not_open' } });
      const reminded = await uow.write(async (r) => {
        // The automatic reminder is claimed first, in its transaction: with several instances running
        // the same job, only the one whose claim took sends it.
        if (!user && !(await r.office.claimAutoReminder(id, now().toISOString()))) return 0;
        const pending = awaitingReply(progressOf(await r.invitations.listWithProgress(id), false).recipients);
        const n = await invitations.remind(r, c, pending);
        if (user) await audit(r, user, 'reminder.send', id, { reminded: n });
        else {
          await r.audit.record({ actorKind: 'system', action: 'reminder.auto', entity: 'consultation', entityId: id, details: { reminded: n }, at: now().toISOString() });
        }
        return n;
      });
      if (reminded) deps.deliverNow();
      return reminded;
    },

    /** The automatic reminder: once per consultation, `days` days before its deadline; returns the consultations this run reminded. */
    async remindDue(days: number): Promise<number[]> {
      if (days <= 0) return [];
      const at = now();
      const due = (await uow.read((r) => r.office.openConsultations())).filter(
        (c) => c.auto_reminder_at === null && !isPastDeadline(c, at) && new Date(closesAt(c)).getTime() - at.getTime() <= days * 86_400_000,
      );
      // Only the consultations whose reminder this run sent: another instance may have claimed one first.
      const reminded: number[] = [];
      for (const c of due) if ((await this.remind(null, c.id)) > 0) reminded.push(c.id);
      return reminded;
    },

    /** Invites every recipient not yet invited, without an officer (the demo's published letter). */
    async inviteAllRecipients(id: number): Promise<number> {
      const n = await uow.write((r) => inviteAll(r, id));
      if (n) deps.deliverNow();
      return n;
    },

    /** GET /api/v1/consultations/:id/status */
    async status(user: StaffUser, id: number) {
      const c = await own(user, id);
      const at = now();
      const progress = progressOf(await uow.read((r) => r.invitations.listWithProgress(id)), isPastDeadline(c, at));
      return { consultation: c, status: publicStatus(c, at), ...progress };
    },
  };
}

export type OfficeConsultationsService = ReturnType<typeof createOfficeConsultationsService>;
export type OfficeConsultationItem = Awaited<ReturnType<OfficeConsultationsService['list']>>[number];
export type OfficeConsultationView = Awaited<ReturnType<OfficeConsultationsService['get']>>;
