/**
 * Groups identical and near-identical comments on the same clause (campaign-like copies) so the
 * drafting office can answer a group with one response. Pure: no I/O, no clock, no randomness.
 */

export interface GroupingOptions {
  /** Jaccard similarity of word-shingle sets at or above which two comments are grouped (0 < t ≤ 1). */
  threshold?: number;
  /** Words per shingle. */
  shingle?: number;
}

export interface CommentKey {
  /** A clause id, or "general"; comments are only grouped within one scope (1 and "1" are different scopes). */
  scope: string | number;
  text: string;
}

// Read once: under a vm context (as in jest) every lookup of a global such as Math goes through the
// context's interceptor, which made the hash loops a hundred times slower.
const imul = Math.imul;

const HASHES = 32;
const BAND_ROWS = 4;
// 8 bands of 4 rows: a pair with Jaccard 0.8 becomes a candidate with probability 1 - (1 - 0.8^4)^8 ≈ 98.5%,
// 0.9 → 99.98%; the pairs missed are false negatives (left ungrouped), never false positives.
const BANDS = HASHES / BAND_ROWS;

/** NFC, Vietnamese lower case, punctuation and symbols removed, whitespace collapsed. Diacritics are kept. */
export function normaliseComment(text: string): string {
  // The same as toLocaleLowerCase('vi') (Vietnamese has no casing rules of its own) and faster.
  const s = text.normalize('NFC').toLowerCase();
  if (units.length < s.length) units = new Uint16Array(2 * s.length);
  // The words' code units with one space between them, written into a buffer and made a string once: cutting
  // the words out and joining them took most of the time of normalising.
  let n = 0;
  let gap = false;
  for (let i = 0; i < s.length; ) {
    // A lone surrogate gives its own code unit, which is no separator, as with the regular expression.
    const codePoint = s.codePointAt(i) as number;
    const width = codePoint > 0xffff ? 2 : 1;
    if (isSeparator(codePoint)) gap = n > 0;
    else {
      if (gap) units[n++] = 0x20;
      gap = false;
      units[n++] = s.charCodeAt(i);
      if (width === 2) units[n++] = s.charCodeAt(i + 1);
    }
    i += width;
  }
  let out = '';
  for (let k = 0; k < n; k += CHUNK_UNITS) out += String.fromCharCode.apply(null, units.subarray(k, Math.min(n, k + CHUNK_UNITS)) as unknown as number[]);
  return out;
}

let units = new Uint16Array(1024);
// String.fromCharCode takes its code units as arguments: a few thousand at a time stay well within the stack.
const CHUNK_UNITS = 4096;

// The same as splitting on /[\p{P}\p{S}\s]+/u, but a table look-up per character: the regular expressions
// took a third of the time of grouping 50,000 comments.
const SEPARATOR = /^[\p{P}\p{S}\s]$/u;
let separatorTable: Uint8Array | undefined;

function isSeparator(codePoint: number): boolean {
  if (codePoint > 0xffff) return SEPARATOR.test(String.fromCodePoint(codePoint));
  if (!separatorTable) {
    separatorTable = new Uint8Array(0x10000);
    for (let c = 0; c < 0x10000; c++) separatorTable[c] = SEPARATOR.test(String.fromCharCode(c)) ? 1 : 0;
  }
  return separatorTable[codePoint] === 1;
}

/**
 * Partitions items into groups of the same scope whose normalised texts are equal or whose shingle sets
 * have Jaccard similarity ≥ threshold, joined transitively. Groups come in the order of their first item;
 * items keep input order. Near-duplicates are found by MinHash/LSH, so a rare similar pair may be missed.
 */
export function groupComments<T>(items: readonly T[], key: (item: T) => CommentKey, options: GroupingOptions = {}): T[][] {
  const threshold = options.threshold ?? 0.8;
  const shingle = options.shingle ?? 3;
  if (!(threshold > 0 && threshold <= 1)) throw new RangeError(`threshold must be in (0, 1], got ${threshold}`);
  if (!Number.isInteger(shingle) || shingle < 1) throw new RangeError(`shingle must be a positive integer, got ${shingle}`);

  const sets = new DisjointSets(items.length);
  const textOf = (i: number) => key(items[i]).text;
  // Per scope, the distinct normalised texts, known by a hash and their first item: the texts themselves are
  // not kept (at a million comments they would take as much memory as the comments), but normalised again
  // when a hash is met a second time, so that equal hashes never join different texts.
  const scopes = new Map<string | number, Scope>();
  const sig = new Uint32Array(HASHES);
  const addMember = (scope: Scope, i: number, normalised: string) => {
    if (normalised === '') return; // no shingles: only equal to itself, which the exact match does
    scope.members.push(i);
    signatureInto(shingleHashes(normalised, shingle), sig);
    for (let band = 0; band < BANDS; band++) scope.keys.push(bandHash(sig, band));
  };
  items.forEach((item, i) => {
    const { scope: scopeKey, text } = key(item);
    const normalised = normaliseComment(text);
    let scope = scopes.get(scopeKey);
    if (!scope) scopes.set(scopeKey, (scope = { byHash: new Map(), byText: null, members: [], keys: new GrowableUint32() }));
    const hash = textHash(normalised);
    const first = scope.byHash.get(hash);
    if (first === undefined) {
      scope.byHash.set(hash, i);
      addMember(scope, i, normalised);
      return;
    }
    const firstText = textOf(first);
    if (firstText === text || normaliseComment(firstText) === normalised) {
      sets.union(first, i);
      return;
    }
    // A different text with the same hash: it and its copies are told apart by the text itself.
    scope.byText ??= new Map();
    const same = scope.byText.get(normalised);
    if (same !== undefined) sets.union(same, i);
    else {
      scope.byText.set(normalised, i);
      addMember(scope, i, normalised);
    }
  });
  for (const scope of scopes.values()) joinNearDuplicates(scope, textOf, sets, threshold, shingle);

  const groups = new Map<number, T[]>();
  items.forEach((item, i) => {
    const root = sets.find(i);
    const group = groups.get(root);
    if (group) group.push(item);
    else groups.set(root, [item]);
  });
  return [...groups.values()];
}

/** A stable key for a group, independent of the order of its ids: `g-<smallest id>-<hash of the sorted ids>`. */
export function groupKeyOf(ids: number[]): string {
  if (ids.length === 0) throw new RangeError('a group has at least one comment');
  const sorted = [...ids].sort((a, b) => a - b);
  return `g-${sorted[0]}-${fnv1a(sorted.join(',')).toString(16).padStart(8, '0')}`;
}

// Within one bucket, members are checked against every earlier member while the bucket is short: up to
// EXACT_PREFIX (64) members the groups are exactly the components of the candidate pairs (all the small tests).
// Past it — a campaign of thousands of edited copies shares buckets — a member is checked against one
// representative of each set already formed in the bucket (at most MAX_REPRESENTATIVES, the largest sets
// kept), and only if none of them takes it, against at most FALLBACK_CHECKS of the FALLBACK_STEPS members
// just before it. The work per member and band is thus bounded (≤ 32 + 8 Jaccard checks, ≤ 96 look-ups)
// instead of growing with the bucket: 40,000 copies in one bucket cost ~10^5 checks, not ~10^9.
//
// Why the bound loses little. A member is missed only if it is similar to some member of a set in its bucket
// but neither to that set's representative nor to the members checked just before it, and that in each of
// the 8 bands (the bucket, the representatives and the neighbours differ per band). Copies of a campaign are
// close to one text, and the representative of a set is replaced by the member that took a copy the
// representative refused, so it drifts toward the most central copy; copies arrive together, so the members
// just before a copy are likely copies too. A miss only leaves a comment ungrouped (a false negative, as the
// LSH already allows); nothing is ever joined without its Jaccard check, so there are no false positives.
const EXACT_PREFIX = 64;
const MAX_REPRESENTATIVES = 32;
const FALLBACK_STEPS = 64;
const FALLBACK_CHECKS = 8;
// Band keys are sorted as doubles key·2^21 + member, exact below 2^53: up to 2^21 distinct texts per scope,
// beyond which a comparison sort does it.
const PACKED_MEMBERS = 2 ** 21;

interface Scope {
  /** A 53-bit hash of each distinct normalised text → the first item with it. */
  byHash: Map<number, number>;
  /** Texts whose hash an earlier, different text already has (next to never): text → first item. */
  byText: Map<string, number> | null;
  /** The first items of the distinct non-empty texts, in input order… */
  members: number[];
  /** …and their band keys, BANDS per member. */
  keys: GrowableUint32;
}

function joinNearDuplicates(scope: Scope, textOf: (item: number) => string, sets: DisjointSets, threshold: number, size: number): void {
  const { members } = scope;
  const count = members.length;
  if (count < 2) return;
  // Only the 8 band keys of each member are kept, not its signature, shingles or normalised text.
  const keys = scope.keys.values();

  // MinHash and buckets work on 32-bit shingle hashes; the check before joining uses the shingles themselves,
  // numbered so that comparing them compares integers. A member's shingles are kept while its bucket is
  // worked on, and for as long as it represents a set there.
  const shingleIds = new ShingleIds();
  const kept = new Map<number, Int32Array>();
  const shinglesOf = (m: number): Int32Array => {
    let s = kept.get(m);
    if (!s) {
      const text = normaliseComment(textOf(members[m]));
      kept.set(m, (s = distinctShingles(text, shingleHashes(text, size), size, shingleIds)));
    }
    return s;
  };
  // checked[other] === stamp: other was already checked against the member now being placed.
  const checked = new Int32Array(count).fill(-1);
  let stamp = 0;
  const check = (m: number, other: number): boolean => {
    if (checked[other] === stamp) return false;
    checked[other] = stamp;
    if (!similar(shinglesOf(m), shinglesOf(other), threshold)) return false;
    sets.union(members[m], members[other]);
    return true;
  };
  const rootOf = (m: number) => sets.find(members[m]);

  // Bands one after another, each bucket (a run of equal keys, members ascending) worked through in turn:
  // the groups are the components of the checked pairs, whatever the order of the checks.
  const order = sortedByKey(keys, count);
  for (let band = 0; band < BANDS; band++) {
    const sorted = order(band);
    for (let start = 0; start < count; ) {
      const key = keys[sorted[start] * BANDS + band];
      let end = start + 1;
      while (end < count && keys[sorted[end] * BANDS + band] === key) end++;
      if (end - start > 1) {
        joinBucket(sorted.subarray(start, end));
        kept.clear();
      }
      start = end;
    }
  }

  function joinBucket(bucket: Int32Array): void {
    const prefix = Math.min(bucket.length, EXACT_PREFIX);
    for (let i = 1; i < prefix; i++) {
      const m = bucket[i];
      stamp++;
      for (let j = 0; j < i; j++) if (rootOf(bucket[j]) !== rootOf(m)) check(m, bucket[j]);
    }
    if (bucket.length === prefix) return;

    // One representative per set formed in the prefix: its first member there.
    const representatives: number[] = [];
    const seen = new Set<number>();
    for (let i = 0; i < prefix; i++) {
      const root = rootOf(bucket[i]);
      if (!seen.has(root)) {
        seen.add(root);
        representatives.push(bucket[i]);
      }
    }
    const representedRoot = (root: number) => representatives.some((r) => rootOf(r) === root);

    for (let i = prefix; i < bucket.length; i++) {
      const m = bucket[i];
      stamp++;
      let joined = false;
      for (const r of representatives) if (rootOf(r) !== rootOf(m) && check(m, r)) joined = true;
      if (joined || representedRoot(rootOf(m))) continue;
      // No representative took it: the members just before it, some of which may be closer to it.
      let took = -1;
      for (let j = i - 1, checks = 0; j >= 0 && j >= i - FALLBACK_STEPS && checks < FALLBACK_CHECKS; j--) {
        const other = bucket[j];
        if (rootOf(other) === rootOf(m) || checked[other] === stamp) continue;
        checks++;
        if (check(m, other)) took = other;
      }
      represent(took >= 0 ? took : m);
    }

    /** Makes `member` its set's representative in this bucket, replacing the set's old one or, when full, the smallest set's. */
    function represent(member: number): void {
      const root = rootOf(member);
      // Sets joined since they were given a representative leave duplicates: drop them.
      const roots = new Set<number>();
      let n = 0;
      for (const r of representatives) {
        const rr = rootOf(r);
        if (rr === root || roots.has(rr)) continue;
        roots.add(rr);
        representatives[n++] = r;
      }
      representatives.length = n;
      if (representatives.length < MAX_REPRESENTATIVES) {
        representatives.push(member);
        return;
      }
      let smallest = 0;
      for (let k = 1; k < representatives.length; k++) if (sets.sizeOf(members[representatives[k]]) < sets.sizeOf(members[representatives[smallest]])) smallest = k;
      if (sets.sizeOf(members[representatives[smallest]]) < sets.sizeOf(members[member])) representatives[smallest] = member;
    }
  }
}

/** A function giving, per band, the members sorted by that band's key, ties in ascending order. */
function sortedByKey(keys: Uint32Array, count: number): (band: number) => Int32Array {
  const sorted = new Int32Array(count);
  if (count <= PACKED_MEMBERS) {
    const packed = new Float64Array(count);
    return (band) => {
      for (let m = 0; m < count; m++) packed[m] = keys[m * BANDS + band] * PACKED_MEMBERS + m;
      packed.sort();
      for (let k = 0; k < count; k++) sorted[k] = packed[k] % PACKED_MEMBERS;
      return sorted;
    };
  }
  return (band) => {
    for (let m = 0; m < count; m++) sorted[m] = m;
    sorted.sort((a, b) => keys[a * BANDS + band] - keys[b * BANDS + band] || a - b);
    return sorted;
  };
}

/** Hashes of the word shingles of a non-empty normalised text, computed from its characters without slicing. */
function shingleHashes(text: string, size: number): Uint32Array {
  const wordHashes: number[] = [];
  let h = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20) {
      wordHashes.push(h >>> 0);
      h = FNV_OFFSET;
    } else h = imul(h ^ c, FNV_PRIME);
  }
  wordHashes.push(h >>> 0);
  const count = Math.max(1, wordHashes.length - size + 1);
  const out = new Uint32Array(count);
  for (let i = 0; i < count; i++) {
    let s = FNV_OFFSET;
    const end = Math.min(i + size, wordHashes.length);
    for (let j = i; j < end; j++) s = mix32(s ^ wordHashes[j]);
    out[i] = s;
  }
  return out;
}

/**
 * The distinct shingles of a non-empty normalised text as sorted ids, given their hashes; a text shorter than a
 * shingle is one shingle.
 */
function distinctShingles(text: string, hashes: Uint32Array, size: number, ids: ShingleIds): Int32Array {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 0x20) starts.push(i + 1);
  const count = hashes.length;
  const out = new Int32Array(count);
  for (let i = 0; i < count; i++) out[i] = ids.idOf(hashes[i], text, starts[i], i + size < starts.length ? starts[i + size] - 1 : text.length);
  out.sort();
  let distinct = 1;
  for (let i = 1; i < count; i++) if (out[i] !== out[distinct - 1]) out[distinct++] = out[i];
  return out.subarray(0, distinct);
}

/**
 * Numbers distinct shingles. Looked up by hash in an open-addressing table of typed arrays (a Map of a million
 * shingles was a quarter of the time); the text then tells apart the rare shingles that share a hash, which
 * take further slots of the same probe sequence.
 */
class ShingleIds {
  private hashes = new Uint32Array(1 << 10);
  private ids = new Int32Array(1 << 10).fill(-1);
  private readonly shingles: string[] = [];

  /** The id of the shingle `text.slice(start, end)`, whose hash (well mixed) is `hash`. */
  idOf(hash: number, text: string, start: number, end: number): number {
    const mask = this.ids.length - 1;
    let slot = hash & mask;
    for (let id = this.ids[slot]; id >= 0; id = this.ids[slot]) {
      if (this.hashes[slot] === hash) {
        const known = this.shingles[id];
        if (known.length === end - start && text.startsWith(known, start)) return id;
      }
      slot = (slot + 1) & mask;
    }
    const id = this.shingles.length;
    this.shingles.push(ownCopy(text.slice(start, end)));
    this.hashes[slot] = hash;
    this.ids[slot] = id;
    if (2 * this.shingles.length > this.ids.length) this.grow();
    return id;
  }

  /** Twice the slots, at most half of them used. */
  private grow(): void {
    const { hashes, ids } = this;
    this.hashes = new Uint32Array(hashes.length * 2);
    this.ids = new Int32Array(ids.length * 2).fill(-1);
    const mask = this.ids.length - 1;
    for (let old = 0; old < ids.length; old++) {
      if (ids[old] < 0) continue;
      let slot = hashes[old] & mask;
      while (this.ids[slot] >= 0) slot = (slot + 1) & mask;
      this.hashes[slot] = hashes[old];
      this.ids[slot] = ids[old];
    }
  }
}

/**
 * A copy of a slice that does not hold on to the string it was cut from: V8 keeps a slice of 13 characters or
 * more as a view of the whole text, and the shingles kept would keep every comment's normalised text alive.
 * The concatenation is flattened into a new string of its own before it is sliced.
 */
function ownCopy(slice: string): string {
  return ` ${slice}`.slice(1);
}

/** 53 bits of two independent hashes of a string, as an exact integer. */
function textHash(s: string): number {
  let a = FNV_OFFSET;
  let b = 0x9747b28c;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = imul(a ^ c, FNV_PRIME);
    b = imul(b ^ c, 0x5bd1e995);
    b ^= b >>> 15;
  }
  return (mix32(a) & 0x1fffff) * 0x100000000 + mix32(b ^ s.length);
}

/** A Uint32Array that grows as values are pushed. */
class GrowableUint32 {
  private buffer = new Uint32Array(64);
  private length = 0;

  push(value: number): void {
    if (this.length === this.buffer.length) {
      const bigger = new Uint32Array(this.buffer.length * 2);
      bigger.set(this.buffer);
      this.buffer = bigger;
    }
    this.buffer[this.length++] = value;
  }

  values(): Uint32Array {
    return this.buffer.subarray(0, this.length);
  }
}

const SEEDS = Uint32Array.from({ length: HASHES }, (_, i) => mix32(imul(i + 1, 0x9e3779b9)));

function signatureInto(shingleHashes: Uint32Array, sig: Uint32Array): void {
  for (let h = 0; h < HASHES; h++) {
    const seed = SEEDS[h];
    let min = 0xffffffff;
    for (let i = 0; i < shingleHashes.length; i++) {
      const v = mix32(shingleHashes[i] ^ seed);
      if (v < min) min = v;
    }
    sig[h] = min;
  }
}

/** One 32-bit key for a band's rows; a rare collision only adds a candidate that the Jaccard check rejects. */
function bandHash(sig: Uint32Array, band: number): number {
  let h = FNV_OFFSET;
  for (let r = band * BAND_ROWS; r < (band + 1) * BAND_ROWS; r++) h = mix32(h ^ sig[r]);
  return h;
}

/**
 * Whether two sorted sets of ids have Jaccard similarity ≥ threshold. Most candidates are not similar, so the
 * merge stops as soon as the ids left could no longer give enough in common.
 */
function similar(a: Int32Array, b: Int32Array, threshold: number): boolean {
  const total = a.length + b.length;
  // The fewest ids in common that reach the threshold: common / (total - common) only grows with common.
  const reaches = (common: number) => common / (total - common) >= threshold;
  let need = Math.min(a.length, b.length);
  if (!reaches(need)) return false;
  need = Math.max(0, Math.min(need, Math.ceil((threshold * total) / (1 + threshold))));
  while (!reaches(need)) need++;
  while (need > 0 && reaches(need - 1)) need--;

  let i = 0;
  let j = 0;
  let common = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      common++;
      i++;
      j++;
    } else {
      if (a[i] < b[j]) i++;
      else j++;
      if (common + Math.min(a.length - i, b.length - j) < need) return false;
    }
  }
  return common >= need;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

function fnv1a(s: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < s.length; i++) h = imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h >>> 0;
}

/** MurmurHash3's 32-bit finaliser. */
function mix32(x: number): number {
  x ^= x >>> 16;
  x = imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

class DisjointSets {
  private readonly parent: Int32Array;
  private readonly size: Int32Array;

  constructor(size: number) {
    this.parent = new Int32Array(size);
    for (let i = 0; i < size; i++) this.parent[i] = i;
    this.size = new Int32Array(size).fill(1);
  }

  /** How many items are in x's set. */
  sizeOf(x: number): number {
    return this.size[this.find(x)];
  }

  find(x: number): number {
    const parent = this.parent;
    while (parent[x] !== x) {
      parent[x] = parent[parent[x]];
      x = parent[x];
    }
    return x;
  }

  union(a: number, b: number): void {
    const ra = this.find(a);
    const rb = this.find(b);
    // The smaller index becomes the root; any rule would do, this one is easy to reason about.
    if (ra < rb) {
      this.parent[rb] = ra;
      this.size[ra] += this.size[rb];
    } else if (rb < ra) {
      this.parent[ra] = rb;
      this.size[rb] += this.size[ra];
    }
  }
}
