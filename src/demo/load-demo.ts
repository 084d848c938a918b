import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { demoSeedDir } from '../paths';
import type { FileStorage } from '../attachments/storage';
import type { Clock } from '../clock';
import { type DraftNode, childOfKind, pickDraft } from '../drafts/clause-tree';
import { parseDraft } from '../drafts/parser';
import type { DraftsService } from '../drafts/service';
import type { Repositories, Uow } from '../repositories';
import { addDays, deadlineInstant, vnDate } from '../time';
import { demoAgencies, demoGroups, demoLetter, demoOffice } from './gia-lai';

export const DEMO_SEED_FILE = path.join(demoSeedDir, demoLetter.sourceFilename);

export interface DemoDeps {
  uow: Uow;
  drafts: DraftsService;
  storage: FileStorage;
  clock: Clock;
}

/**
 * Loads the Gia Lai case into an empty portal. The letter's deadline has long passed, so the
 * demo keeps its six-day window counted from today and keeps the printed deadline beside it.
 * Returns the consultation's id, or null when the portal already holds data.
 */
export async function loadDemo(deps: DemoDeps): Promise<number | null> {
  if ((await deps.uow.read((r) => r.agencies.countOffices())) > 0) return null;
  const source = await readFile(DEMO_SEED_FILE);
  const parsed = parseDraft(source.toString('utf8'));
  const letter = parsed.documents[0];
  const draft = pickDraft(parsed);
  if (!letter || !draft || letter === draft) throw new Error('The demo seed no longer holds a letter and a draft');
  const stored = await deps.storage.put(source);
  return deps.uow.write((r) => storeDemo(r, deps, { source, parsed, letter, draft, stored }));
}

/** The demo's office, directory, letter and draft, in the caller's transaction: all of it or nothing. */
async function storeDemo(
  r: Repositories,
  deps: DemoDeps,
  { source, parsed, letter, draft, stored }: { source: Buffer; parsed: ReturnType<typeof parseDraft>; letter: DraftNode; draft: DraftNode; stored: Awaited<ReturnType<FileStorage['put']>> },
): Promise<number> {
  const { agencies, consultations, attachments } = r;

  const officeId = await agencies.insertOffice(demoOffice);
  const lines: { label: string; agencyId: number | null; groupId: number | null }[] = [];
  for (const a of demoAgencies) {
    lines.push({ label: a.line, agencyId: await agencies.insertAgency(officeId, a.name, [a.email]), groupId: null });
  }
  for (const g of demoGroups) {
    const memberIds: number[] = [];
    for (const m of g.members) memberIds.push(await agencies.insertAgency(officeId, m.name, [m.email]));
    lines.push({ label: g.line, agencyId: null, groupId: await agencies.insertGroup(officeId, g.name, g.description, memberIds) });
  }

  const today = vnDate(deps.clock.now());
  const now = deps.clock.now().toISOString();
  const consultationId = await consultations.insert({
    office_id: officeId,
    number: demoLetter.number,
    letter_date: demoLetter.letterDate,
    place: demoLetter.place,
    subject: headerText(letter, 'subject'),
    draft_title: demoLetter.draftTitle,
    summary: letterSummary(letter),
    legal_basis: demoLetter.legalBasis,
    signer_prefix: demoLetter.signerPrefix,
    signer_authority: demoLetter.signerAuthority,
    signer_title: demoLetter.signerTitle,
    signer_name: demoLetter.signerName,
    contact_name: demoLetter.contactName,
    contact_title: demoLetter.contactTitle,
    contact_phone: demoLetter.contactPhone,
    contact_email: demoLetter.contactEmail,
    website_section: demoLetter.websiteSection,
    deadline_rule: 'before_date',
    deadline_at: deadlineInstant('before_date', addDays(today, demoLetter.windowDays)).toISOString(),
    original_deadline_at: deadlineInstant('before_date', demoLetter.deadlineDate).toISOString(),
    original_deadline_rule: 'before_date',
    late_policy: 'refuse',
    letter_required: 0,
    // The letter says the draft is also posted for anyone to comment on ("Lấy ý kiến về dự thảo văn bản").
    public_comments: 'before_moderation',
    status: 'open',
    is_demo: 1,
    published_at: now,
  });
  await consultations.insertRecipients(consultationId, lines);

  const attachmentId = await attachments.insert({
    consultationId,
    kind: 'draft_source',
    title: 'Công văn 532/STTTT-BCVT và Dự thảo lần 1 (văn bản trích từ bản PDF)',
    filename: demoLetter.sourceFilename,
    contentType: 'text/plain; charset=utf-8',
    size: stored.size,
    sha256: stored.sha256,
    storageKey: stored.key,
    isPublic: true,
  });
  await deps.drafts.saveParsed(r, consultationId, parsed.version ?? 1, draft, attachmentId, { text: source.toString('utf8'), kind: 'txt' });
  return consultationId;
}

function headerText(doc: DraftNode, kind: DraftNode['kind']): string {
  const header = childOfKind(doc, 'header');
  const part = header ? childOfKind(header, kind) : undefined;
  if (!part) throw new Error(`The demo letter has no ${kind}`);
  return part.text;
}

/** The letter's body, without the contact paragraph (shown on its own, with a demo address). */
function letterSummary(doc: DraftNode): string {
  const paragraphs = childOfKind(doc, 'preamble')?.children ?? [];
  return paragraphs
    .map((p) => p.text)
    .filter((t) => !/^\*?\s*Thông tin liên hệ/u.test(t) && !/@/u.test(t))
    .join('\n');
}
