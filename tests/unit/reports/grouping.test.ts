import fc from 'fast-check';
import { groupComments, groupKeyOf, normaliseComment } from '../../../src/reports/grouping';

interface Comment {
  id: number;
  scope: string | number;
  text: string;
}

const keyOf = (c: Comment) => ({ scope: c.scope, text: c.text });
const ids = (groups: Comment[][]) => groups.map((g) => g.map((c) => c.id));
/** Comment id → index of its group. */
const groupOf = (groups: Comment[][]) => new Map(groups.flatMap((g, i) => g.map((c) => [c.id, i] as const)));
const comments = (...rows: [string | number, string][]): Comment[] => rows.map(([scope, text], id) => ({ id, scope, text }));

/** 25 words, no word repeated, so shingle counts are easy to reason about. */
const BASE = 'đề nghị cơ quan soạn thảo bổ sung quy định trách nhiệm ủy ban cấp xã trong kiểm tra giám sát thông tin đất đai';

function replaceWord(text: string, index: number, word: string): string {
  const words = text.split(' ');
  words[index] = word;
  return words.join(' ');
}

describe('normaliseComment', () => {
  it('when texts differ only in case, spacing and punctuation then they normalise to the same string', () => {
    expect(normaliseComment('  Đề nghị BỔ SUNG:  "khoản 2",\tĐiều 5!! ')).toBe('đề nghị bổ sung khoản 2 điều 5');
    expect(normaliseComment('Đề nghị bổ sung khoản 2 Điều 5.')).toBe('đề nghị bổ sung khoản 2 điều 5');
  });

  it('when punctuation joins two words then they stay two words', () => {
    expect(normaliseComment('hợp lý.Tuy nhiên')).toBe('hợp lý tuy nhiên');
  });

  it('when a text is in decomposed form then it normalises like the composed form', () => {
    expect(normaliseComment('Múa'.normalize('NFD'))).toBe('múa');
  });

  it('when words differ only in diacritics then they stay different', () => {
    expect(normaliseComment('mua')).not.toBe(normaliseComment('múa'));
    expect(normaliseComment('Đất đai')).toBe('đất đai');
  });

  it('when given any string then it matches the regular-expression definition and is idempotent', () => {
    const reference = (s: string) =>
      s.normalize('NFC').toLocaleLowerCase('vi').replace(/[\p{P}\p{S}]+/gu, ' ').replace(/\s+/gu, ' ').trim();
    const text = fc.oneof(fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }), fc.string());
    fc.assert(
      fc.property(text, (s) => {
        const n = normaliseComment(s);
        expect(n).toBe(reference(s));
        expect(normaliseComment(n)).toBe(n);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('groupComments', () => {
  it('when comments are identical after case, spacing and punctuation then they are one group', () => {
    const input = comments([1, 'Đề nghị bổ sung khoản 2.'], [1, 'đề nghị  BỔ SUNG khoản 2'], [1, '"Đề nghị bổ sung, khoản 2!"']);
    expect(ids(groupComments(input, keyOf))).toEqual([[0, 1, 2]]);
  });

  it('when comments differ only in diacritics then they are not grouped', () => {
    const input = comments([1, 'Đề nghị không mua sắm trang thiết bị cho đội văn nghệ.'], [1, 'Đề nghị không múa sắm trang thiết bị cho đội văn nghệ.']);
    expect(ids(groupComments(input, keyOf))).toEqual([[0], [1]]);
  });

  it('when one word at the end of a 25-word comment is changed then they are grouped', () => {
    // 23 shingles each, 22 shared: Jaccard 22/24 ≈ 0.92.
    const input = comments([1, BASE], [1, replaceWord(BASE, 24, 'đai.')], [1, replaceWord(BASE, 24, 'ở')]);
    expect(ids(groupComments(input, keyOf))).toEqual([[0, 1, 2]]);
  });

  it('when one word in the middle of a 25-word comment is changed then the Jaccard is 20/26 and the threshold decides', () => {
    const input = comments([1, BASE], [1, replaceWord(BASE, 12, 'huyện')]);
    expect(ids(groupComments(input, keyOf))).toEqual([[0], [1]]);
    expect(ids(groupComments(input, keyOf, { threshold: 0.75 }))).toEqual([[0, 1]]);
  });

  it('when comments on the same clause are unrelated then they are not grouped', () => {
    const input = comments(
      [1, BASE],
      [1, 'Thống nhất với dự thảo, không có ý kiến bổ sung.'],
      [1, 'Đề nghị làm rõ thời hạn giải quyết hồ sơ tại khoản 3.'],
    );
    expect(ids(groupComments(input, keyOf))).toEqual([[0], [1], [2]]);
  });

  it('when identical texts are on different scopes then they are not grouped', () => {
    const input = comments([1, BASE], ['general', BASE], [2, BASE], ['1', BASE], [1, BASE]);
    expect(ids(groupComments(input, keyOf))).toEqual([[0, 4], [1], [2], [3]]);
  });

  it('when similarity forms a chain then the chain is one group, ordered by first appearance', () => {
    // At 0.9: a~b and b~c (22/24) but not a~c (21/25); c comes before b in the input.
    const a = BASE;
    const b = replaceWord(a, 24, 'ở');
    const c = replaceWord(b, 0, 'kiến');
    const input = comments([1, 'Không có ý kiến.'], [1, a], [2, a], [1, c], [1, 'Thống nhất.'], [1, b], [2, 'Thống nhất.']);
    expect(ids(groupComments(input, keyOf, { threshold: 0.9 }))).toEqual([[0], [1, 3, 5], [2], [4], [6]]);
    expect(ids(groupComments(comments([1, a], [1, c]), keyOf, { threshold: 0.9 }))).toEqual([[0], [1]]);
  });

  it('when shingles are single words then word order no longer matters', () => {
    const input = comments([1, 'bổ sung khoản hai điều năm'], [1, 'điều năm khoản hai bổ sung']);
    expect(ids(groupComments(input, keyOf))).toEqual([[0], [1]]);
    expect(ids(groupComments(input, keyOf, { shingle: 1 }))).toEqual([[0, 1]]);
  });

  it('when texts are shorter than a shingle then the whole text is the shingle', () => {
    const input = comments([1, 'Đồng ý.'], [1, 'đồng   ý'], [1, 'Không đồng ý.'], [1, ''], [1, '...'], [1, 'Đồng']);
    expect(ids(groupComments(input, keyOf))).toEqual([[0, 1], [2], [3, 4], [5]]);
  });

  it('when there are no comments then there are no groups', () => {
    expect(groupComments([], keyOf)).toEqual([]);
  });

  it('when the options are out of range then it refuses them', () => {
    const input = comments([1, BASE]);
    expect(() => groupComments(input, keyOf, { threshold: 0 })).toThrow(RangeError);
    expect(() => groupComments(input, keyOf, { threshold: 1.1 })).toThrow(RangeError);
    expect(() => groupComments(input, keyOf, { shingle: 0 })).toThrow(RangeError);
    expect(() => groupComments(input, keyOf, { shingle: 2.5 })).toThrow(RangeError);
  });
});

describe('groupComments properties', () => {
  // A small vocabulary and varied separators, so exact and near duplicates are frequent.
  const word = fc.constantFrom('mua', 'múa', 'Mua', 'MÚA', 'đất', 'đai', 'quy', 'định', 'khoản', 'điều', 'bổ', 'sung', 'ý', 'kiến');
  const separator = fc.constantFrom(' ', '  ', ', ', '. ', '\t', ' - ', '!');
  const text = fc.array(fc.tuple(word, separator), { maxLength: 8 }).map((parts) => parts.map(([w, s]) => w + s).join(''));
  const scope = fc.constantFrom<string | number>(1, 2, 'general');
  const input = fc
    .array(fc.tuple(scope, text), { maxLength: 40 })
    .map((rows) => rows.map(([s, t], id): Comment => ({ id, scope: s, text: t })));
  const options = fc.record({ threshold: fc.constantFrom(0.5, 0.8, 1), shingle: fc.constantFrom(1, 2, 3) });

  function shingleSet(text: string, size: number): Set<string> {
    const words = normaliseComment(text).split(' ');
    if (words[0] === '') return new Set();
    const out = new Set<string>();
    for (let i = 0; i < Math.max(1, words.length - size + 1); i++) out.add(words.slice(i, i + size).join(' '));
    return out;
  }

  function similar(a: Comment, b: Comment, o: { threshold: number; shingle: number }): boolean {
    if (a.scope !== b.scope) return false;
    if (normaliseComment(a.text) === normaliseComment(b.text)) return true;
    const sa = shingleSet(a.text, o.shingle);
    const sb = shingleSet(b.text, o.shingle);
    const common = [...sa].filter((s) => sb.has(s)).length;
    return common / (sa.size + sb.size - common) >= o.threshold;
  }

  it('when grouped then every comment is in exactly one group and groups are in input order', () => {
    fc.assert(
      fc.property(input, options, (items, o) => {
        const groups = groupComments(items, keyOf, o);
        expect(groups.every((g) => g.length > 0)).toBe(true);
        expect(groups.flat().map((c) => c.id).sort((a, b) => a - b)).toEqual(items.map((c) => c.id));
        for (const g of groups) expect(g.map((c) => c.id)).toEqual([...g.map((c) => c.id)].sort((a, b) => a - b));
        const firsts = groups.map((g) => g[0].id);
        expect(firsts).toEqual([...firsts].sort((a, b) => a - b));
      }),
      { numRuns: 300 },
    );
  });

  it('when grouped then a group never mixes scopes and holds only comments linked by a chain of similar pairs', () => {
    fc.assert(
      fc.property(input, options, (items, o) => {
        for (const g of groupComments(items, keyOf, o)) {
          expect(new Set(g.map((c) => c.scope)).size).toBe(1);
          const reached = new Set([0]);
          for (let grew = true; grew; ) {
            grew = false;
            g.forEach((c, i) => {
              if (!reached.has(i) && [...reached].some((r) => similar(g[r], c, o))) {
                reached.add(i);
                grew = true;
              }
            });
          }
          expect(reached.size).toBe(g.length);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('when two comments of a scope have the same normalised text or the same shingle set then they are in one group', () => {
    fc.assert(
      fc.property(input, options, (items, o) => {
        const group = groupOf(groupComments(items, keyOf, o));
        for (const a of items) {
          for (const b of items) {
            if (a.scope !== b.scope) continue;
            const sa = [...shingleSet(a.text, o.shingle)].sort().join('|');
            const sb = [...shingleSet(b.text, o.shingle)].sort().join('|');
            if (normaliseComment(a.text) === normaliseComment(b.text) || sa === sb) expect(group.get(a.id)).toBe(group.get(b.id));
          }
        }
      }),
      { numRuns: 300 },
    );
  });

  it('when the input is shuffled then the same comments are grouped together', () => {
    const shuffled = input.chain((items) => fc.tuple(fc.constant(items), fc.shuffledSubarray(items, { minLength: items.length })));
    fc.assert(
      fc.property(shuffled, options, ([items, reordered], o) => {
        const partition = (groups: Comment[][]) => groups.map((g) => g.map((c) => c.id).sort((a, b) => a - b).join(',')).sort();
        expect(partition(groupComments(reordered, keyOf, o))).toEqual(partition(groupComments(items, keyOf, o)));
      }),
      { numRuns: 300 },
    );
  });
});

describe('groupComments at scale', () => {
  it('when 50,000 comments over 300 clauses hold 10% planted copies then the copies join their originals and nothing else joins', () => {
    let seed = 20240521;
    const random = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);
    const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
    const syllables = ['quy', 'định', 'cơ', 'quan', 'tổ', 'chức', 'thực', 'hiện', 'trách', 'nhiệm', 'mua', 'múa', 'đất', 'đai', 'nhà', 'nước'];
    const vocabulary = Array.from({ length: 3000 }, (_, i) => `${pick(syllables)}${pick(syllables)}${i}`);

    const originals: Comment[] = Array.from({ length: 45_000 }, (_, id) => ({
      id,
      scope: id % 300,
      text: Array.from({ length: 25 }, () => pick(vocabulary)).join(' '),
    }));
    const copies: (Comment & { of: number; exact: boolean })[] = Array.from({ length: 5_000 }, (_, i) => {
      const of = pick(originals);
      const exact = i % 2 === 0;
      const text = exact ? `${of.text.toUpperCase()}!!` : replaceWord(of.text, 24, 'khác');
      return { id: 45_000 + i, scope: of.scope, text, of: of.id, exact };
    });
    const all = [...originals, ...copies].sort((a, b) => (a.id * 7919) % 50_000 - (b.id * 7919) % 50_000);

    const groups = groupComments(all, keyOf);

    const group = groupOf(groups);
    expect(group.size).toBe(50_000);
    expect(copies.filter((c) => c.exact && group.get(c.id) !== group.get(c.of))).toEqual([]);
    // LSH misses a pair of Jaccard 0.92 with probability (1 - 0.92^4)^8 ≈ 5e-5: allow a handful, not more.
    expect(copies.filter((c) => !c.exact && group.get(c.id) !== group.get(c.of)).length).toBeLessThanOrEqual(2);
    // Originals are random: no two ever share a group.
    expect(groups.every((g) => g.filter((c) => c.id < 45_000).length === 1)).toBe(true);
  });
});

describe('groupKeyOf', () => {
  it('when given the ids of a group in any order then the key is the same', () => {
    expect(groupKeyOf([42, 7, 19])).toBe(groupKeyOf([7, 19, 42]));
    expect(groupKeyOf([42, 7, 19])).toMatch(/^g-7-[0-9a-f]{8}$/);
  });

  it('when the members differ then the key differs', () => {
    expect(groupKeyOf([7, 19])).not.toBe(groupKeyOf([7, 19, 42]));
    expect(groupKeyOf([7])).not.toBe(groupKeyOf([7, 8]));
  });

  it('when given no ids then it refuses', () => {
    expect(() => groupKeyOf([])).toThrow(RangeError);
  });

  it('does not reorder the caller\'s array', () => {
    const input = [3, 1, 2];
    groupKeyOf(input);
    expect(input).toEqual([3, 1, 2]);
  });
});
