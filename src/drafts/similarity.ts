/** Text as compared by the matching: NFC, runs of white space folded to one space, trimmed. */
export function foldSpace(text: string | null): string {
  return (text ?? '').normalize('NFC').replace(/\s+/gu, ' ').trim();
}

/** A label as compared for renumbering: "Điều 5." and "Điều 5" are the same label. */
export function labelKey(label: string | null): string {
  return foldSpace(label).replace(/[.:]+$/u, '');
}

/** The lower-cased words of a text (letters, marks and digits), NFC. */
export function wordsOf(text: string): string[] {
  return text.normalize('NFC').toLowerCase().match(/[\p{L}\p{M}\p{N}]+/gu) ?? [];
}

/** A bag of words: each word with how often it occurs, and the total. */
export interface WordBag {
  counts: Map<string, number>;
  size: number;
}

export function bagOf(words: readonly string[]): WordBag {
  const counts = new Map<string, number>();
  for (const w of words) counts.set(w, (counts.get(w) ?? 0) + 1);
  return { counts, size: words.length };
}

/**
 * Dice coefficient of two bags (2·shared / (|a| + |b|)), from 0 to 1; two empty bags are alike. A
 * khoản split in two keeps about 2/3 with each half, an edited sentence most of its words.
 */
export function dice(a: WordBag, b: WordBag): number {
  if (a.size === 0 && b.size === 0) return 1;
  if (a.size === 0 || b.size === 0) return 0;
  const [small, large] = a.counts.size <= b.counts.size ? [a, b] : [b, a];
  let shared = 0;
  for (const [w, n] of small.counts) shared += Math.min(n, large.counts.get(w) ?? 0);
  return (2 * shared) / (a.size + b.size);
}

/** The shingles a candidate index keys a text by: its words and its pairs of neighbouring words. */
export function shinglesOf(words: readonly string[]): Set<string> {
  const out = new Set<string>(words);
  for (let i = 1; i < words.length; i++) out.add(`${words[i - 1]} ${words[i]}`);
  return out;
}

/**
 * An inverted index from shingle to the items holding it. A shingle held by more than `cap` items
 * ("quy định", "của") says nothing about which one is meant and is dropped, so that a lookup costs
 * at most (shingles of the query) × cap.
 */
export class CandidateIndex {
  private readonly postings = new Map<string, number[]>();

  constructor(private readonly cap = 64) {}

  add(item: number, shingles: Iterable<string>): void {
    for (const s of shingles) {
      const list = this.postings.get(s);
      if (!list) this.postings.set(s, [item]);
      else if (list.length <= this.cap) list.push(item);
    }
  }

  /** The items sharing most shingles with the query, best first, at most `limit`. */
  lookup(shingles: Iterable<string>, limit: number, accept: (item: number) => boolean = () => true): number[] {
    const shared = new Map<number, number>();
    for (const s of shingles) {
      const list = this.postings.get(s);
      if (!list || list.length > this.cap) continue;
      for (const item of list) if (accept(item)) shared.set(item, (shared.get(item) ?? 0) + 1);
    }
    return [...shared.entries()]
      .sort((x, y) => y[1] - x[1] || x[0] - y[0])
      .slice(0, limit)
      .map(([item]) => item);
  }
}
