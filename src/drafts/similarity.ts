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
  return text.normalize('NFC').toLowerCase().match(WORD) ?? [];
}
const WORD = /[\p{L}\p{M}\p{N}]+/gu;

/** Words as small integers, shared by the two versions compared, so that bags and shingles hold numbers. */
export class Vocabulary {
  private readonly ids = new Map<string, number>();

  /** The ids of the words of an NFC text (foldSpace's output). */
  idsOf(nfcText: string): number[] {
    return (nfcText.toLowerCase().match(WORD) ?? []).map((w) => {
      let id = this.ids.get(w);
      if (id === undefined) this.ids.set(w, (id = this.ids.size));
      return id;
    });
  }
}

/** A bag of words: word ids sorted, repeats kept. */
export interface WordBag {
  ids: Int32Array;
  size: number;
}

export function bagOf(words: readonly number[]): WordBag {
  const ids = Int32Array.from(words).sort();
  return { ids, size: ids.length };
}

/**
 * Dice coefficient of two bags (2·shared / (|a| + |b|)), from 0 to 1; two empty bags are alike. A
 * khoản split in two keeps about 2/3 with each half, an edited sentence most of its words.
 */
export function dice(a: WordBag, b: WordBag): number {
  if (a.size === 0 && b.size === 0) return 1;
  if (a.size === 0 || b.size === 0) return 0;
  let shared = 0;
  for (let i = 0, j = 0; i < a.size && j < b.size; ) {
    if (a.ids[i] === b.ids[j]) {
      shared++;
      i++;
      j++;
    } else if (a.ids[i] < b.ids[j]) i++;
    else j++;
  }
  return (2 * shared) / (a.size + b.size);
}

const PAIR = 2 ** 24;

/** The shingles a candidate index keys a text by: its words and its pairs of neighbouring words, as numbers. */
export function shinglesOf(words: readonly number[]): Set<number> {
  const out = new Set<number>(words);
  for (let i = 1; i < words.length; i++) out.add((words[i - 1] + 1) * PAIR + words[i]);
  return out;
}

/**
 * An inverted index from shingle to the items holding it. A shingle held by more than `cap` items
 * ("quy định", "của") says nothing about which one is meant and is dropped, so that a lookup costs
 * at most (shingles of the query) × cap.
 */
export class CandidateIndex {
  private readonly postings = new Map<number, number[]>();

  constructor(private readonly cap = 64) {}

  add(item: number, shingles: Iterable<number>): void {
    for (const s of shingles) {
      const list = this.postings.get(s);
      if (!list) this.postings.set(s, [item]);
      else if (list.length <= this.cap) list.push(item);
    }
  }

  /** The items sharing most shingles with the query, best first, at most `limit`. */
  lookup(shingles: Iterable<number>, limit: number, accept: (item: number) => boolean = () => true): number[] {
    const shared = new Map<number, number>();
    const refused = new Set<number>();
    for (const s of shingles) {
      const list = this.postings.get(s);
      if (!list || list.length > this.cap) continue;
      for (const item of list) {
        const n = shared.get(item);
        if (n !== undefined) shared.set(item, n + 1);
        else if (!refused.has(item)) {
          if (accept(item)) shared.set(item, 1);
          else refused.add(item);
        }
      }
    }
    return [...shared.entries()]
      .sort((x, y) => y[1] - x[1] || x[0] - y[0])
      .slice(0, limit)
      .map(([item]) => item);
  }
}
