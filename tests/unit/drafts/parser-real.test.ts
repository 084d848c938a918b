import { readFileSync } from 'node:fs';
import path from 'node:path';
import { bodyOf, childOfKind, pickDraft, walk, words, wordsOfNodes, type DraftNode, type ParseResult } from '../../../src/drafts/clause-tree';
import { parseDraft } from '../../../src/drafts/parser';

// Expected shapes below were read off the fixture files by eye (see tests/fixtures/real/README.md).
const real = (name: string): string => readFileSync(path.join(__dirname, '../../fixtures/real', name), 'utf8');
const draftOf = (result: ParseResult): DraftNode => pickDraft(result)!;
const shape = (nodes: readonly DraftNode[]): unknown[] => nodes.map((n) => (n.children.length ? [n.label, shape(n.children)] : n.label));

function expectNoWordLost(text: string, result: ParseResult): void {
  const removed = words([...result.stamp, ...result.pageNumbers].join(' '));
  expect([...wordsOfNodes(result.documents), ...removed].sort()).toEqual(words(text).sort());
}

describe('the parser on real Vietnamese documents', () => {
  it('when a kế hoạch opens with "I." and a wrapped capital title then items 1.–6. sit under section I', () => {
    const text = real('kh-383-2022-tien-giang.txt');
    const result = parseDraft(text);
    const body = bodyOf(draftOf(result));
    expect(shape(body)).toEqual([['I.', ['1.', '2.', '3.', '4.', '5.', '6.']]]);
    expect(body[0]).toMatchObject({ kind: 'section', heading: 'CĂN CỨ XÂY DỰNG KẾ HOẠCH' });
    expect(body[0].children[5].text.endsWith('định hướng đến năm 2030.')).toBe(true);
    expectNoWordLost(text, result);
  });

  it('when an article holds "I. QUAN ĐIỂM:" then the section sits between the article and its khoản', () => {
    const text = real('qd-102-2007-ttg.txt');
    const result = parseDraft(text);
    const body = bodyOf(draftOf(result));
    expect(shape(body)).toEqual([['Điều 1.', [['I.', ['1.']]]]]);
    expect(body[0].children[0].heading).toBe('QUAN ĐIỂM');
    expect(body[0].heading?.endsWith('với những nội dung chủ yếu sau:')).toBe(true);
    expectNoWordLost(text, result);
  });

  it('when the last article ends with "… chịu trách nhiệm thi hành Nghị định này./." then the sentence stays in the article and the closing is the signature', () => {
    const text = real('nd-107-2006-chuong-iv.txt');
    const result = parseDraft(text);
    const draft = draftOf(result);
    const article19 = [...walk(bodyOf(draft))].find((n) => n.label === 'Điều 19.')!;
    const inArticle = [...walk([article19])].map((n) => n.text).join('\n');
    expect(inArticle).toContain('chịu trách nhiệm thi hành Nghị định này./.');
    const closing = childOfKind(draft, 'closing')!;
    expect(closing.children.map((c) => c.kind)).toEqual(['signature']);
    expect(closing.children[0].text).toBe('TM. CHÍNH PHỦ\nTHỦ TƯỚNG\nNguyễn Tấn Dũng');
    expectNoWordLost(text, result);
  });
});

describe('the authority that issues a decision, a decree or a circular', () => {
  // Read off each file: the capitals line under the title and before the first "Căn cứ".
  const cases = [
    ['qd-1994-2021-an-giang.txt', 'CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH AN GIANG', 'GIAI ĐOẠN 2021 - 2025'],
    ['qd-102-2007-ttg.txt', 'THỦ TƯỚNG CHÍNH PHỦ', 'VỀ AN TOÀN SINH HỌC”'],
    ['tt-37-2009-btttt.txt', 'BỘ TRƯỞNG BỘ THÔNG TIN VÀ TRUYỀN THÔNG', 'CHỨNG THỰC CHỮ KÝ SỐ'],
    ['qd-2313-2012-btp.txt', 'BỘ TRƯỞNG BỘ TƯ PHÁP', 'của Bộ Tư pháp'],
  ] as const;
  it.each(cases)('in %s is its own line of the header, not the end of the title', (file, authority, titleEnd) => {
    const header = childOfKind(parseDraft(real(file)).documents[0]!, 'header')!;
    expect(header.children.filter((n) => n.kind === 'authority').map((n) => n.text)).toEqual([authority]);
    const title = header.children.filter((n) => n.kind === 'title').map((n) => n.text).join(' ');
    expect(title.endsWith(titleEnd)).toBe(true);
  });

  it('a title wrapped after "CỦA" keeps the body named on its next line', () => {
    const header = childOfKind(parseDraft(real('qd-15-2006-hung-yen.txt')).documents[1]!, 'header')!;
    expect(header.children.filter((n) => n.kind === 'title').map((n) => n.text).join(' ')).toBe('QUY CHẾ LÀM VIỆC CỦA ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN');
  });
});
