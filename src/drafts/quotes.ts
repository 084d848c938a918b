import type { DraftNode } from './clause-tree';

const OPENING = '\u201c';
const CLOSING = '\u201d';
/** ‘ ’: some offices quote the amended text with single curly marks. */
const SINGLE_OPENING = '\u2018';
const SINGLE_CLOSING = '\u2019';
const STRAIGHT = '"';

export interface QuoteScan {
  /** Quotations still open at the end of the text. */
  depth: number;
  /** Where the outermost quotation still open began, or -1. */
  openedAt: number;
}

/**
 * Follows the quotation marks of one paragraph from `depth`. A straight mark closes a quotation
 * when one is open, whichever mark opened it, since typists mix “ with ".
 */
export function scanQuotes(text: string, depth: number): QuoteScan {
  let openedAt = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const opens = c === OPENING || c === SINGLE_OPENING || (c === STRAIGHT && depth === 0);
    if (opens) {
      if (depth === 0) openedAt = i;
      depth++;
    } else if ((c === CLOSING || c === SINGLE_CLOSING || c === STRAIGHT) && depth > 0) {
      depth--;
      if (depth === 0) openedAt = -1;
    }
  }
  return { depth, openedAt };
}

export interface QuotedLabel {
  kind: string;
  rank: number;
  numbers: number[];
}

/** A quotation running over several paragraphs: its words belong to the clause that quotes it. */
export class OpenQuote {
  /** Per rank, the last number of a label read inside the quotation (0 for labels without one). */
  private readonly seen = new Map<number, number>();

  constructor(
    readonly holder: DraftNode,
    /** The quoting clause's rank: only a label at this level or above can resume the document. */
    readonly rank: number,
    private depth: number,
  ) {}

  noteLabel(label: QuotedLabel): void {
    for (const rank of this.seen.keys()) if (rank > label.rank) this.seen.delete(rank);
    this.seen.set(label.rank, label.numbers[label.numbers.length - 1] ?? 0);
  }

  /** Whether the label reads as the quoted text's own next label. */
  continuedBy(label: QuotedLabel): boolean {
    const prev = this.seen.get(label.rank);
    if (label.numbers.length === 0) return prev !== undefined;
    const last = label.numbers[label.numbers.length - 1];
    if (prev === undefined) return last === (label.kind === 'point' ? 0 : 1);
    return last === prev + 1;
  }

  /** Takes one more paragraph of the quotation; false once its closing mark is read. */
  continueWith(text: string): boolean {
    this.depth = scanQuotes(text, this.depth).depth;
    return this.depth > 0;
  }
}
