import { longestIncreasing } from './longest-increasing';
import { CandidateIndex, Vocabulary, type WordBag, bagOf, dice, foldSpace, labelKey, shinglesOf } from './similarity';

/** A stored clause row as the matching reads it (a draft version's clauses, in document order). */
export interface MatchClause {
  id: number;
  parentId: number | null;
  position: number;
  depth: number;
  kind: string;
  label: string | null;
  heading: string | null;
  text: string;
}

export type ClauseChange = 'unchanged' | 'modified' | 'moved' | 'added' | 'removed';

/** One row of a comparison: clause ids of the earlier version (`before`) and the later (`after`). */
export interface ClausePair {
  change: ClauseChange;
  /** Matched, and the label differs ("Điều 4." became "Điều 5."): not a change by itself. */
  renumbered: boolean;
  before: number | null;
  after: number | null;
}

/** Below this share of words two clauses in the same stretch of the draft are not the same clause. */
const NEAR_SIMILARITY = 0.4;
/** Same label under the same matched parent: a looser bar ("Bãi bỏ." rewritten in full). */
const SAME_PLACE_SIMILARITY = 0.2;
/** Anywhere in the draft (a clause moved and rewritten): a stricter bar. */
const FAR_SIMILARITY = 0.6;
/** A stretch between anchors with more pairs than this is searched through the candidate index. */
const WINDOW_PAIRS = 4096;
const CANDIDATES = 8;
/** In a stretch too long to compare all pairs, each clause is also compared with this many free clauses either side of its proportional place. */
const BAND = 16;
/** A clause of the band this similar is taken as the match without asking the index. */
const CLEAR_SIMILARITY = 0.8;
const DUPLICATE_SCAN = 128;

/** clause ("1.") and item ("1.1.") are one class: a khoản turned into a mục 1.1. is still matched. */
const kindClass = (kind: string): string => (kind === 'item' ? 'clause' : kind);

class Side {
  readonly parent: Int32Array;
  readonly key: string[];
  /** Heading and text, folded: what the similarity reads. */
  readonly own: string[];
  readonly label: string[];
  readonly empty: boolean[];
  readonly pair: Int32Array;
  private readonly bags: (WordBag | undefined)[];
  private readonly words: (number[] | undefined)[];

  constructor(
    readonly clauses: readonly MatchClause[],
    private readonly vocabulary: Vocabulary,
  ) {
    const indexOf = new Map(clauses.map((c, i) => [c.id, i]));
    this.parent = Int32Array.from(clauses, (c) => (c.parentId === null ? -1 : (indexOf.get(c.parentId) ?? -1)));
    const heading = clauses.map((c) => foldSpace(c.heading));
    const text = clauses.map((c) => foldSpace(c.text));
    this.key = clauses.map((c, i) => `${kindClass(c.kind)}\u0000${heading[i]}\u0000${text[i]}`);
    this.own = clauses.map((_, i) => `${heading[i]} ${text[i]}`);
    this.label = clauses.map((c) => labelKey(c.label));
    this.empty = clauses.map((_, i) => heading[i] === '' && text[i] === '');
    this.pair = new Int32Array(clauses.length).fill(-1);
    this.bags = new Array(clauses.length);
    this.words = new Array(clauses.length);
  }

  get length(): number {
    return this.clauses.length;
  }

  wordsAt(i: number): number[] {
    return (this.words[i] ??= this.vocabulary.idsOf(this.own[i]));
  }

  bag(i: number): WordBag {
    return (this.bags[i] ??= bagOf(this.wordsAt(i)));
  }

  kindAt(i: number): string {
    return kindClass(this.clauses[i].kind);
  }
}

/**
 * Matches the clauses of a draft version (`after`) to those of the version before it, and says
 * for each what became of it. Both lists are flat, in document order, as the clauses table holds
 * them. A clause is judged by its own label-less content — heading and text, white space folded —
 * never by its children's: an article whose khoản changed is itself unchanged.
 *
 * The steps, each only over what the earlier ones left unmatched:
 * 1. identical content of the same kind (clause and item count as one), where it occurs once on
 *    each side;
 * 2. identical content occurring several times ("Bãi bỏ.", a khoản with no text of its own):
 *    first the copy whose parent is matched to this one's parent, then any non-empty copy; among
 *    those, the one nearest the position the last match before it predicts;
 * 3. similar words (Dice over word bags) within the stretch between two matches that keep their
 *    order (a longest increasing subsequence of the matches so far), shallower clauses first so
 *    that children know their parents' match, best pairs first — an edited clause, and of a khoản
 *    split in two the more similar half (the other half is added). A stretch too long to compare
 *    all pairs compares each clause with the BAND free clauses either side of its proportional
 *    place, and, unless one of those is clearly it, with the candidate index's best;
 * 4. very similar words anywhere, through the candidate index: a clause moved and rewritten.
 *
 * A matched clause is `moved` when its parent is not the match of its old parent, or when it is
 * left out of the longest increasing subsequence of its siblings' old positions — the fewest
 * clauses whose moving explains the new order (two articles swapped: one of them moved). A moved
 * clause is `moved` whether or not its text also changed: the word diff shows the rest. Otherwise
 * it is `unchanged` or `modified` by its content, and `renumbered` when its label differs.
 *
 * Output is in the new version's order, each removed clause after the pair of the nearest earlier
 * clause of the old version that was matched (at the start when there is none).
 *
 * Cost, for n + m clauses of W words in all: hashing and the subsequences O((n + m) log(n + m) + W);
 * step 3 computes at most WINDOW_PAIRS similarities per stretch between anchors (a stretch that
 * small has one side of at most 64 clauses, so O(64 (n + m)) in all), or, in a longer stretch,
 * 2·BAND + CANDIDATES per clause; an index lookup reads at most 64 items per shingle of the
 * clause. A similarity costs the two clauses' words. No n × m matrix is ever built.
 * Figures: tests/unit/drafts/matching-figures.test.ts writes them to test-artifacts/matching.md.
 */
export function matchClauses(before: readonly MatchClause[], after: readonly MatchClause[]): ClausePair[] {
  const vocabulary = new Vocabulary();
  const b = new Side([...before].sort((x, y) => x.position - y.position), vocabulary);
  const a = new Side([...after].sort((x, y) => x.position - y.position), vocabulary);
  matchIdentical(a, b);
  const index = new CandidateIndex();
  for (let j = 0; j < b.length; j++) if (b.pair[j] < 0) index.add(j, shinglesOf(b.wordsAt(j)));
  matchNear(a, b, index);
  matchFar(a, b, index);
  return pairsInOrder(a, b, movedSet(a, b));
}

/**
 * The comparison for pairs an officer fixed: `links` are [before id, after id] pairs, taken as
 * they are; every other clause is added or removed, and each pair is judged as matchClauses judges.
 */
export function pairsOfLinks(before: readonly MatchClause[], after: readonly MatchClause[], links: ReadonlyArray<readonly [number, number]>): ClausePair[] {
  const vocabulary = new Vocabulary();
  const b = new Side([...before].sort((x, y) => x.position - y.position), vocabulary);
  const a = new Side([...after].sort((x, y) => x.position - y.position), vocabulary);
  const bi = new Map(b.clauses.map((c, j) => [c.id, j]));
  const ai = new Map(a.clauses.map((c, i) => [c.id, i]));
  for (const [beforeId, afterId] of links) {
    const j = bi.get(beforeId);
    const i = ai.get(afterId);
    if (i !== undefined && j !== undefined && a.pair[i] < 0 && b.pair[j] < 0) link(a, b, i, j);
  }
  return pairsInOrder(a, b, movedSet(a, b));
}

function link(a: Side, b: Side, i: number, j: number): void {
  a.pair[i] = j;
  b.pair[j] = i;
}

/** Each side's parent matched to the other's (or both at the top). */
function sameParent(a: Side, b: Side, i: number, j: number): boolean {
  const pa = a.parent[i];
  const pb = b.parent[j];
  if (pa < 0 || pb < 0) return pa < 0 && pb < 0;
  return a.pair[pa] === pb;
}

function matchIdentical(a: Side, b: Side): void {
  const byKey = groupBy(b.length, (j) => b.key[j]);
  const countA = new Map<string, number>();
  for (const k of a.key) countA.set(k, (countA.get(k) ?? 0) + 1);
  for (let i = 0; i < a.length; i++) {
    const list = byKey.get(a.key[i]);
    if (list?.length === 1 && countA.get(a.key[i]) === 1) link(a, b, i, list[0]);
  }
  const byKeyParent = groupBy(b.length, (j) => `${b.key[j]}\u0001${b.parent[j]}`);
  // Parent-consistent copies first, so that a later copy under the right parent is not taken by an
  // earlier one under a new parent.
  scanDuplicates(a, b, (i) => {
    const pa = a.parent[i];
    const parentMatch = pa < 0 ? -1 : a.pair[pa];
    if (pa >= 0 && parentMatch < 0) return undefined;
    return byKeyParent.get(`${a.key[i]}\u0001${parentMatch}`);
  });
  scanDuplicates(a, b, (i) => (a.empty[i] ? undefined : byKey.get(a.key[i])));
}

function groupBy(length: number, keyOf: (j: number) => string): Map<string, number[]> {
  const groups = new Map<string, number[]>();
  for (let j = 0; j < length; j++) {
    const k = keyOf(j);
    const list = groups.get(k);
    if (list) list.push(j);
    else groups.set(k, [j]);
  }
  return groups;
}

/** In document order: each unmatched clause takes the free copy nearest where the last match before it points. */
function scanDuplicates(a: Side, b: Side, candidatesOf: (i: number) => readonly number[] | undefined): void {
  let last = -1;
  for (let i = 0; i < a.length; i++) {
    if (a.pair[i] < 0) {
      const list = candidatesOf(i);
      if (list) {
        const expected = last < 0 ? i : a.pair[last] + (i - last);
        const j = nearestFree(list, expected, (c) => b.pair[c] < 0);
        if (j >= 0) link(a, b, i, j);
      }
    }
    if (a.pair[i] >= 0) last = i;
  }
}

function nearestFree(sorted: readonly number[], target: number, free: (j: number) => boolean): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < target) lo = mid + 1;
    else hi = mid;
  }
  let left = lo - 1;
  let right = lo;
  for (let step = 0; step < DUPLICATE_SCAN && (left >= 0 || right < sorted.length); step++) {
    const takeRight = right < sorted.length && (left < 0 || sorted[right] - target <= target - sorted[left]);
    const j = takeRight ? sorted[right++] : sorted[left--];
    if (free(j)) return j;
  }
  return -1;
}

/** Matches so far that keep their order: the stretches between them are where step 3 looks. */
function orderedAnchors(a: Side, b: Side): Array<[number, number]> {
  const matched: number[] = [];
  for (let i = 0; i < a.length; i++) if (a.pair[i] >= 0) matched.push(i);
  const chain = longestIncreasing(matched.map((i) => a.pair[i])).map((k): [number, number] => [matched[k], a.pair[matched[k]]]);
  return [[-1, -1], ...chain, [a.length, b.length]];
}

interface Candidate {
  i: number;
  j: number;
  score: number;
}

function matchNear(a: Side, b: Side, index: CandidateIndex): void {
  const anchors = orderedAnchors(a, b);
  for (let g = 1; g < anchors.length; g++) {
    const [a0, b0] = anchors[g - 1];
    const [a1, b1] = anchors[g];
    const freeA = range(a0 + 1, a1).filter((i) => a.pair[i] < 0);
    const freeB = range(b0 + 1, b1).filter((j) => b.pair[j] < 0);
    if (!freeA.length || !freeB.length) continue;
    const small = freeA.length * freeB.length <= WINDOW_PAIRS;
    const depths = [...new Set(freeA.map((i) => a.clauses[i].depth))].sort((x, y) => x - y);
    for (const depth of depths) {
      const candidates: Candidate[] = [];
      for (const i of freeA) {
        if (a.clauses[i].depth !== depth) continue;
        const inStretch = (j: number): boolean => j > b0 && j < b1 && b.pair[j] < 0 && b.kindAt(j) === a.kindAt(i);
        const js = small ? freeB.filter(inStretch) : nearCandidates(a, b, i, band(freeB, b0 + ((i - a0) * (b1 - b0)) / (a1 - a0)).filter(inStretch), index, inStretch);
        for (const j of js) {
          const sim = dice(a.bag(i), b.bag(j));
          const parent = sameParent(a, b, i, j);
          const label = a.label[i] === b.label[j];
          if (sim >= NEAR_SIMILARITY || (parent && label && sim >= SAME_PLACE_SIMILARITY)) {
            candidates.push({ i, j, score: sim + (parent ? 0.1 : 0) + (label ? 0.05 : 0) });
          }
        }
      }
      linkBest(a, b, candidates);
    }
  }
}

/** The band around a clause's place, and the index's candidates unless the band holds a clear match already. */
function nearCandidates(a: Side, b: Side, i: number, around: number[], index: CandidateIndex, accept: (j: number) => boolean): number[] {
  if (around.some((j) => dice(a.bag(i), b.bag(j)) >= CLEAR_SIMILARITY)) return around;
  return [...new Set([...around, ...index.lookup(shinglesOf(a.wordsAt(i)), CANDIDATES, accept)])];
}

/** The free clauses nearest a position of the old version: where a clause of a long rewritten stretch most likely was. */
function band(sorted: readonly number[], at: number): number[] {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] < at) lo = mid + 1;
    else hi = mid;
  }
  return sorted.slice(Math.max(0, lo - BAND), lo + BAND);
}

function matchFar(a: Side, b: Side, index: CandidateIndex): void {
  const candidates: Candidate[] = [];
  for (let i = 0; i < a.length; i++) {
    if (a.pair[i] >= 0) continue;
    const fits = (j: number): boolean => b.pair[j] < 0 && b.kindAt(j) === a.kindAt(i);
    for (const j of index.lookup(shinglesOf(a.wordsAt(i)), CANDIDATES, fits)) {
      const sim = dice(a.bag(i), b.bag(j));
      if (sim >= FAR_SIMILARITY) candidates.push({ i, j, score: sim });
    }
  }
  linkBest(a, b, candidates);
}

/** Greedy by score, best first; ties in document order. */
function linkBest(a: Side, b: Side, candidates: Candidate[]): void {
  candidates.sort((x, y) => y.score - x.score || x.i - y.i || x.j - y.j);
  for (const c of candidates) if (a.pair[c.i] < 0 && b.pair[c.j] < 0) link(a, b, c.i, c.j);
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let k = from; k < to; k++) out.push(k);
  return out;
}

/** The matched clauses of the new version that moved (indices into `a`). */
function movedSet(a: Side, b: Side): Set<number> {
  const moved = new Set<number>();
  const siblings = new Map<number, number[]>();
  for (let i = 0; i < a.length; i++) {
    const j = a.pair[i];
    if (j < 0) continue;
    const pa = a.parent[i];
    const pb = b.parent[j];
    // Both parents unmatched (a chapter rewritten beyond recognition): judged by order alone.
    const rewrittenParent = pa >= 0 && pb >= 0 && a.pair[pa] < 0 && b.pair[pb] < 0;
    if (!sameParent(a, b, i, j) && !rewrittenParent) {
      moved.add(i);
      continue;
    }
    const list = siblings.get(pa);
    if (list) list.push(i);
    else siblings.set(pa, [i]);
  }
  for (const list of siblings.values()) {
    const kept = new Set(longestIncreasing(list.map((i) => a.pair[i])).map((k) => list[k]));
    for (const i of list) if (!kept.has(i)) moved.add(i);
  }
  return moved;
}

function pairsInOrder(a: Side, b: Side, moved: Set<number>): ClausePair[] {
  const removedAfter = new Map<number, number[]>(); // index in a (or -1 for the start) → removed clauses of b
  let lastMatched = -1;
  for (let j = 0; j < b.length; j++) {
    if (b.pair[j] >= 0) {
      lastMatched = j;
      continue;
    }
    const at = lastMatched < 0 ? -1 : b.pair[lastMatched];
    const list = removedAfter.get(at);
    if (list) list.push(j);
    else removedAfter.set(at, [j]);
  }
  const out: ClausePair[] = [];
  const emitRemoved = (at: number): void => {
    for (const j of removedAfter.get(at) ?? []) out.push({ change: 'removed', renumbered: false, before: b.clauses[j].id, after: null });
  };
  emitRemoved(-1);
  for (let i = 0; i < a.length; i++) {
    const j = a.pair[i];
    const after = a.clauses[i];
    if (j < 0) out.push({ change: 'added', renumbered: false, before: null, after: after.id });
    else {
      const old = b.clauses[j];
      const change: ClauseChange = moved.has(i) ? 'moved' : a.key[i] === b.key[j] ? 'unchanged' : 'modified';
      out.push({ change, renumbered: a.label[i] !== b.label[j], before: old.id, after: after.id });
    }
    emitRemoved(i);
  }
  return out;
}
