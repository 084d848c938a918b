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

/**
 * The draft among the documents of one file: the one with the most clauses
 * (a request letter and its draft often arrive as one PDF), the last on a tie.
 */
export function pickDraft(result: ParseResult): DraftNode | undefined {
  let best: DraftNode | undefined;
  let bestCount = -1;
  for (const doc of result.documents) {
    const count = [...walk(bodyOf(doc))].length;
    if (count >= bestCount) {
      best = doc;
      bestCount = count;
    }
  }
  return best;
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
  }
  return out;
}
