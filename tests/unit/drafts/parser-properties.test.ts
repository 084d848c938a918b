import fc from 'fast-check';
import { words, wordsOfNodes } from '../../../src/drafts/clause-tree';
import { parseDraft } from '../../../src/drafts/parser';
import { seedText } from '../../helpers/seed';

/** Lines a Vietnamese draft is made of, so random input hits the parser's paths, not only noise. */
const lineParts = fc.constantFrom(
  'Điều 1.', 'Điều 2. Phạm vi', 'Chương I', 'CHƯƠNG II', 'Phần thứ hai', 'Mục 1.', 'Tiểu mục 2.', '1.', '2.', '1.1.', '1.2.', '3.',
  'a)', 'b)', 'đ)', '-', '+', '*', 'Số:', 'V/v', 'Kính gửi:', 'Nơi nhận:', 'KT. GIÁM ĐỐC', 'TM. ỦY BAN NHÂN DÂN',
  'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'Gia Lai, ngày 21 tháng 4 năm 2020', 'Dự thảo', 'lần 1', '2',
  'Lê Thị Thu Hương', 'ỦY BAN NHÂN DÂN', 'tăng cường', 'quản lý;', 'Internet.', 'thực hiện./.', ':', '', '  ',
);
const line = fc.array(fc.oneof(lineParts, fc.string(), fc.string({ unit: 'grapheme' })), { maxLength: 4 }).map((parts) => parts.join(' '));
const draftLike = fc.array(line, { maxLength: 40 }).map((lines) => lines.join(fc.sample(fc.constantFrom('\n', '\r\n', '\n\n'), 1)[0]));

function assertNoWordLost(input: string): void {
  const result = parseDraft(input);
  const removed = words([...result.stamp, ...result.pageNumbers].join(' '));
  expect([...wordsOfNodes(result.documents), ...removed].sort()).toEqual(words(input).sort());
}

describe('clause parser properties', () => {
  it('never throws on any string', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (s) => void parseDraft(s)), { numRuns: 500 });
    fc.assert(fc.property(draftLike, (s) => void parseDraft(s)), { numRuns: 500 });
  });

  it('loses no word of draft-like text', () => {
    fc.assert(fc.property(draftLike, assertNoWordLost), { numRuns: 500 });
  });

  it('loses no word of arbitrary text', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 400 }), assertNoWordLost), { numRuns: 300 });
  });

  it('loses no word of the seed cut at any line', () => {
    const lines = seedText().split('\n');
    fc.assert(
      fc.property(fc.nat(lines.length), fc.nat(lines.length), (a, b) => assertNoWordLost(lines.slice(Math.min(a, b), Math.max(a, b)).join('\n'))),
      { numRuns: 200 },
    );
  });
});
