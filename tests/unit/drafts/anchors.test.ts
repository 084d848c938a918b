import { assignAnchors } from '../../../src/drafts/anchors';
import { bodyOf, walk } from '../../../src/drafts/clause-tree';
import { parseDraft } from '../../../src/drafts/parser';

const anchorsOf = (text: string): string[] => {
  const body = bodyOf(parseDraft(text).documents[0]);
  const anchors = assignAnchors(body);
  return [...walk(body)].map((n) => anchors.get(n)!);
};

describe('clause anchors', () => {
  it('when a kế hoạch numbers items afresh in each Roman section then each item\'s anchor names its section', () => {
    const text = ['I. MỤC TIÊU', '1. Mục tiêu chung.', '1.1. Nâng cao chất lượng.', 'II. NHIỆM VỤ', '1. Rà soát.', '2. Nâng cấp.'].join('\n');
    expect(anchorsOf(text)).toEqual(['muc-i', 'muc-i-1', 'muc-i-1-1', 'muc-ii', 'muc-ii-1', 'muc-ii-2']);
  });

  it('when a letter has no Roman sections then its anchors stay "muc-2" and "muc-2-1"', () => {
    const text = ['1. Sở Nội vụ:', 'Rà soát.', '2. Công an tỉnh:', '2.1. Điều tra.'].join('\n');
    expect(anchorsOf(text)).toEqual(['muc-1', 'muc-2', 'muc-2-1']);
  });

  it('when an article holds Roman sections then its khoản chain under the article and the section', () => {
    const text = ['Điều 1. Phê duyệt như sau:', 'I. QUAN ĐIỂM', '1. Một.', 'II. MỤC TIÊU', '1. Hai.'].join('\n');
    expect(anchorsOf(text)).toEqual(['dieu-1', 'dieu-1-muc-i', 'dieu-1-muc-i-khoan-1', 'dieu-1-muc-ii', 'dieu-1-muc-ii-khoan-1']);
  });
});
