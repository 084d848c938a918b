import { MAX_EDITS, diffWords, tokensOf, type WordChange } from '../../../src/drafts/word-diff';
import { mulberry32 } from '../../fixtures/seeded-random';

const side = (ops: WordChange[], keep: 'del' | 'ins'): string => ops.filter((o) => o.op === 'same' || o.op === keep).map((o) => o.text).join('');
const expectRebuilds = (before: string, after: string): WordChange[] => {
  const ops = diffWords(before, after);
  expect(side(ops, 'del')).toBe(before);
  expect(side(ops, 'ins')).toBe(after);
  return ops;
};

describe('diffWords', () => {
  it('when one word of a Vietnamese sentence changes then only that word is deleted and inserted, diacritics kept whole', () => {
    const ops = expectRebuilds('Căn cứ điểm a khoản 2 Điều 5 của Luật này.', 'Căn cứ điểm b khoản 2 Điều 5 của Luật này.');
    expect(ops).toEqual([
      { op: 'same', text: 'Căn cứ điểm ' },
      { op: 'del', text: 'a' },
      { op: 'ins', text: 'b' },
      { op: 'same', text: ' khoản 2 Điều 5 của Luật này.' },
    ]);
  });

  it('when words are added then they are one insertion and the rest is the same', () => {
    const ops = expectRebuilds('Tăng cường công tác quản lý nhà nước.', 'Tăng cường hơn nữa công tác quản lý nhà nước.');
    expect(ops.filter((o) => o.op !== 'same')).toEqual([{ op: 'ins', text: 'hơn nữa ' }]);
  });

  it('when a syllable differs only by its tone mark then the whole syllable is replaced, never half of it', () => {
    const ops = expectRebuilds('Sở Giáo dục và Đào tạo', 'Sở Giáo dục và Đảo tạo');
    expect(ops.filter((o) => o.op !== 'same')).toEqual([{ op: 'del', text: 'Đào' }, { op: 'ins', text: 'Đảo' }]);
  });

  it('when one text is decomposed (NFD) and the other composed then the words still align, and each side rebuilds exactly', () => {
    const before = 'điểm đ khoản 3 Điều 12'.normalize('NFD');
    const after = 'điểm đ khoản 4 Điều 12';
    const ops = expectRebuilds(before, after);
    // "khoản" and "Điều" are the same words once normalised: the 3 → 4 change is found between them.
    expect(ops.some((o) => o.op === 'same' && o.text.includes(' '))).toBe(true);
    expect(tokensOf(before).filter((t) => /\S/u.test(t))).toHaveLength(6);
  });

  it('when a real khoản of the seed draft is edited then the diff shows the added words only', () => {
    const before = 'Phối hợp với Ban Tuyên giáo Tỉnh ủy chỉ đạo, hướng dẫn các cơ quan báo chí địa phương, hệ thống thông tin cơ sở đổi mới phương thức tuyên truyền; xây dựng ý thức và phong cách văn hóa khi tham gia mạng xã hội.';
    const after = 'Phối hợp với Ban Tuyên giáo Tỉnh ủy chỉ đạo, hướng dẫn các cơ quan báo chí địa phương, hệ thống thông tin cơ sở đổi mới phương thức tuyên truyền; xây dựng ý thức và phong cách văn hóa khi tham gia mạng xã hội và các nền tảng số xuyên biên giới.';
    expect(expectRebuilds(before, after).filter((o) => o.op !== 'same')).toEqual([{ op: 'ins', text: ' và các nền tảng số xuyên biên giới' }]);
  });

  it('when the texts are empty or one is empty then the diff is empty or one insertion or deletion', () => {
    expect(diffWords('', '')).toEqual([]);
    expect(diffWords('', 'Bãi bỏ.')).toEqual([{ op: 'ins', text: 'Bãi bỏ.' }]);
    expect(diffWords('Bãi bỏ.', '')).toEqual([{ op: 'del', text: 'Bãi bỏ.' }]);
  });

  it('when the texts differ in more than MAX_EDITS tokens then the middle is one deletion and one insertion, quickly', () => {
    const words = (prefix: string, n: number): string => Array.from({ length: n }, (_, k) => `${prefix}${k}`).join(' ');
    const before = `Điều 1. ${words('cũ', 2000)} hết.`;
    const after = `Điều 1. ${words('mới', 2000)} hết.`;
    const ops = expectRebuilds(before, after);
    expect(ops.map((o) => o.op)).toEqual(['same', 'del', 'ins', 'same']);
    expect(MAX_EDITS).toBeLessThan(4000);
  });

  it('when random Vietnamese texts are edited at random then each side always rebuilds exactly (300 seeded runs)', () => {
    const random = mulberry32(15);
    const vocabulary = ['Điều', 'khoản', 'điểm', 'a)', 'đ)', 'Bộ', 'trưởng', 'Ủy', 'ban', 'nhân', 'dân', 'tỉnh', 'quy', 'định', ',', ';', '.', '“', '”', 'Nghị', 'định', '72/2013/NĐ-CP', 'thông', 'tin', 'trên', 'mạng'];
    const pick = (): string => vocabulary[Math.floor(random() * vocabulary.length)];
    const text = (n: number): string => Array.from({ length: n }, () => pick() + (random() < 0.1 ? '  ' : random() < 0.05 ? '\n' : ' ')).join('');
    for (let run = 0; run < 300; run++) {
      const before = text(Math.floor(random() * 40));
      const parts = before.split(' ');
      const edited = parts.map((w) => (random() < 0.15 ? pick() : w)).filter(() => random() > 0.05);
      if (random() < 0.3) edited.splice(Math.floor(random() * (edited.length + 1)), 0, text(3));
      expectRebuilds(before, edited.join(' '));
    }
  });
});
