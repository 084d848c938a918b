import { type DraftNode, type ParseResult, childOfKind, pickDraft } from './clause-tree';

const SIGNER_PREFIXES = ['KT.', 'TM.', 'Q.', 'TL.', 'TUQ.'] as const;
export type SignerPrefix = (typeof SIGNER_PREFIXES)[number];

/** What a request letter (or a draft) says about itself, as the new-consultation form asks for it. */
export interface LetterFacts {
  number: string | null;
  /** YYYY-MM-DD, only when the day, month and year are all printed. */
  letterDate: string | null;
  place: string | null;
  subject: string | null;
  draftTitle: string | null;
  signerPrefix: SignerPrefix | null;
  signerAuthority: string | null;
  signerTitle: string | null;
  signerName: string | null;
  /** The "Kính gửi" lines as printed, without their dash and closing punctuation. */
  recipients: string[];
}

const headerPart = (doc: DraftNode, kind: DraftNode['kind']) => {
  const header = childOfKind(doc, 'header');
  return header ? childOfKind(header, kind) : undefined;
};

const tidy = (text: string) => text.normalize('NFC').replace(/\s+/gu, ' ').trim();

/** "532 /STTTT-BCVT" as printed in a PDF; a number left blank until signing ("/UBND-KGVX") is none. */
function numberOf(doc: DraftNode): string | null {
  const text = tidy(headerPart(doc, 'number')?.text ?? '').replace(/\s*\/\s*/gu, '/');
  return /^\d/u.test(text) ? text : null;
}

/** "Gia Lai, ngày 21 tháng 4 năm 2020": the place, and the date when none of it is left blank. */
function placeAndDate(doc: DraftNode): { place: string | null; letterDate: string | null } {
  const text = tidy(headerPart(doc, 'place_date')?.text ?? '');
  if (!text) return { place: null, letterDate: null };
  const place = text.split(',')[0]!.trim() || null;
  const m = /ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})/iu.exec(text);
  if (!m) return { place, letterDate: null };
  const iso = `${m[3]}-${m[2]!.padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
  const real = new Date(`${iso}T00:00:00Z`);
  return { place, letterDate: !Number.isNaN(real.getTime()) && real.toISOString().startsWith(iso) ? iso : null };
}

/** "KT. GIÁM ĐỐC / PHÓ GIÁM ĐỐC / Lê Thị Thu Hương": the prefix, on whose behalf, the title, the name. */
function signerOf(doc: DraftNode): Pick<LetterFacts, 'signerPrefix' | 'signerAuthority' | 'signerTitle' | 'signerName'> {
  const lines = (childOfKind(childOfKind(doc, 'closing') ?? doc, 'signature')?.text ?? '').split('\n').map(tidy).filter(Boolean);
  const none = { signerPrefix: null, signerAuthority: null, signerTitle: null, signerName: null };
  if (lines.length === 0) return none;
  const capitals = (line: string) => line === line.toLocaleUpperCase('vi');
  const name = lines.length > 1 && !capitals(lines[lines.length - 1]!) ? lines.pop()! : null;
  const prefix = SIGNER_PREFIXES.find((p) => lines[0]!.startsWith(p)) ?? null;
  if (prefix) {
    const authority = lines.shift()!.slice(prefix.length).trim() || null;
    return { signerPrefix: prefix, signerAuthority: authority, signerTitle: lines.join(' ') || null, signerName: name };
  }
  return { ...none, signerTitle: lines.join(' ') || null, signerName: name };
}

/**
 * The draft's own name: its title as printed ("LUẬT" "TIẾP CẬN THÔNG TIN"), or for a letter-like
 * draft its subject after "V/v", starting with a capital.
 */
export function draftTitleOf(header: DraftNode | null | undefined): string | null {
  const titles = (header?.children ?? []).filter((n) => n.kind === 'title').map((n) => tidy(n.text));
  if (titles.length) return titles.join(' ');
  const subject = tidy((header ? childOfKind(header, 'subject') : undefined)?.text ?? '');
  return subject ? subject.charAt(0).toLocaleUpperCase('vi') + subject.slice(1) : null;
}

/**
 * The facts of the letter a file holds: the request letter when it comes with its draft (the letter
 * is the first document that is not the draft), otherwise the one document, draft or letter.
 */
export function letterFacts(result: ParseResult): LetterFacts {
  const draft = pickDraft(result);
  const letter = result.documents.find((d) => d !== draft) ?? draft;
  if (!letter) {
    return { number: null, letterDate: null, place: null, subject: null, draftTitle: null, signerPrefix: null, signerAuthority: null, signerTitle: null, signerName: null, recipients: [] };
  }
  const recipients = (headerPart(letter, 'recipients')?.children ?? [])
    .map((r) => tidy(r.text).replace(/[;.,]+$/u, '').trim())
    .filter(Boolean);
  const subject = tidy(headerPart(letter, 'subject')?.text ?? '') || null;
  return {
    number: numberOf(letter),
    ...placeAndDate(letter),
    subject,
    draftTitle: draft && draft !== letter ? draftTitleOf(childOfKind(draft, 'header')) : null,
    ...signerOf(letter),
    recipients,
  };
}
