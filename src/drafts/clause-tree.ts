/** Node kinds that make up the body of a draft: the clauses people comment on. */
export const CLAUSE_KINDS = [
  'part', // Phần
  'chapter', // Chương
  'section', // Mục
  'subsection', // Tiểu mục
  'article', // Điều
  'clause', // khoản "1."
  'item', // decimal item "1.1.", "1.1.1."
  'point', // điểm "a)"
  'dash', // "-" or "+"
  'appendix', // "PHỤ LỤC I", at the end of the body of the document it belongs to
  'attached_document', // a document issued by the draft (the Quy chế of a Quyết định): its body as children
] as const;
export type ClauseKind = (typeof CLAUSE_KINDS)[number];

/** Parts of a letter that are recognised but are not clauses. */
export type FrameKind =
  | 'document'
  | 'header'
  | 'issuer'
  | 'number'
  | 'national_title'
  | 'motto'
  | 'place_date'
  | 'title'
  | 'authority'
  | 'subject'
  | 'recipients'
  | 'recipient'
  | 'preamble'
  | 'paragraph'
  | 'body'
  | 'closing'
  | 'distribution'
  | 'signature';

export type NodeKind = ClauseKind | FrameKind;

/** A footnote or endnote of a DOCX, kept on the node whose label, heading or text cites it. */
export interface NoteRef {
  /** The mark as Word shows it: "1", "2" for footnotes, "i", "ii" for endnotes, or a custom mark ("*"). */
  mark: string;
  text: string;
}

/** A comment a drafter left in a DOCX (word/comments.xml), on the node its range starts in. Office only. */
export interface DrafterComment {
  author: string;
  text: string;
}

export interface DraftNode {
  kind: NodeKind;
  /** The label as printed: "Chương II", "Điều 5.", "1.2.", "a)", "-". */
  label: string | null;
  heading: string | null;
  text: string;
  children: DraftNode[];
  /** Only on a node that cites any, in citation order. */
  footnotes?: NoteRef[];
  endnotes?: NoteRef[];
  /** A table the node holds: rows of cell strings, as printed (a DOCX w:tbl, a "|" table of a text). */
  rows?: string[][];
  /** Word comments; shown to the drafting office only, never on public or agency pages. */
  comments?: DrafterComment[];
}

export interface ParseResult {
  /** N of the "Dự thảo lần N" stamp, or null when the text carries none. */
  version: number | null;
  /** The stamp's lines as printed, kept out of the body text. */
  stamp: string[];
  /** Page numbers dropped from the text, as printed. */
  pageNumbers: string[];
  documents: DraftNode[];
}

export function isClauseKind(kind: NodeKind): kind is ClauseKind {
  return (CLAUSE_KINDS as readonly string[]).includes(kind);
}

export function node(kind: NodeKind, label: string | null = null, heading: string | null = null, text = ''): DraftNode {
  return { kind, label, heading, text, children: [] };
}

export function* walk(nodes: readonly DraftNode[]): Generator<DraftNode> {
  for (const n of nodes) {
    yield n;
    yield* walk(n.children);
  }
}

export function childOfKind(parent: DraftNode, kind: NodeKind): DraftNode | undefined {
  return parent.children.find((c) => c.kind === kind);
}

/** The body clauses of a document (empty when it has none). */
export function bodyOf(doc: DraftNode): DraftNode[] {
  return childOfKind(doc, 'body')?.children ?? [];
}

/** "(Ban hành kèm theo Quyết định số …)" in a document's header or preamble: it is issued by the one before. */
export function isIssuedDocument(doc: DraftNode): boolean {
  const lines = [...(childOfKind(doc, 'header')?.children ?? []), ...(childOfKind(doc, 'preamble')?.children ?? [])];
  return lines.some((n) => ISSUED_WITH.test(n.text));
}
const ISSUED_WITH = /^\(?\s*(?:Ban hành\s+)?kèm theo\s+(?:Quyết định|Thông tư|Nghị định|Nghị quyết|Chỉ thị)/iu;

/**
 * The documents of one file grouped into drafts: a document with the ones it issues after it (a
 * Quyết định and its Quy chế). A request letter before its draft is a group of its own.
 */
export function draftGroups(result: ParseResult): DraftNode[][] {
  const groups: DraftNode[][] = [];
  for (const doc of result.documents) {
    const last = groups[groups.length - 1];
    if (last && isIssuedDocument(doc)) last.push(doc);
    else groups.push([doc]);
  }
  return groups;
}

/**
 * The draft among the documents of one file, as its parts in order: the group with the most clauses
 * (a request letter and its draft often arrive as one PDF), the last on a tie.
 */
export function draftParts(result: ParseResult): DraftNode[] {
  let best: DraftNode[] = [];
  let bestCount = -1;
  for (const group of draftGroups(result)) {
    let count = 0;
    for (const doc of group) count += [...walk(bodyOf(doc))].length;
    if (count >= bestCount) {
      best = group;
      bestCount = count;
    }
  }
  return best;
}

/** The draft's first part (the document that issues the others), or undefined for an empty file. */
export function pickDraft(result: ParseResult): DraftNode | undefined {
  return draftParts(result)[0];
}

/** The lines of a part's header that are its title ("QUY CHẾ", "Quản lý …"). */
export function titleLines(doc: DraftNode): string[] {
  return (childOfKind(doc, 'header')?.children ?? []).filter((n) => n.kind === 'title').map((n) => n.text);
}

/**
 * The clause tree the portal stores for a draft: the first part's body, then each further part as
 * one `attached_document` node — its label the first line of its title as printed ("QUY CHẾ"), its
 * heading the rest — holding that part's body. Appendices are already at the end of their part's body.
 */
export function partClauses(parts: readonly DraftNode[]): DraftNode[] {
  const [first, ...rest] = parts;
  if (!first) return [];
  return [
    ...bodyOf(first),
    ...rest.map((doc) => {
      const [label, ...heading] = titleLines(doc);
      const part = node('attached_document', label ?? null, heading.length ? heading.join(' ') : null);
      part.children = bodyOf(doc);
      return part;
    }),
  ];
}

/** Words as compared by the no-text-lost invariant: letters and digits only, NFC. */
export function words(text: string): string[] {
  return text
    .normalize('NFC')
    .split(/\s+/u)
    .map((w) => w.replace(/[^\p{L}\p{N}\p{M}]/gu, ''))
    .filter((w) => w.length > 0);
}

export function wordsOfNodes(nodes: readonly DraftNode[]): string[] {
  const out: string[] = [];
  for (const n of walk(nodes)) {
    out.push(...words(n.label ?? ''), ...words(n.heading ?? ''), ...words(n.text));
    for (const note of [...(n.footnotes ?? []), ...(n.endnotes ?? [])]) out.push(...words(note.text));
    for (const row of n.rows ?? []) for (const cell of row) out.push(...words(cell));
  }
  return out;
}
