import { readFileSync } from 'node:fs';
import path from 'node:path';
import { assignAnchors } from '../../../src/drafts/anchors';
import { type DraftNode, bodyOf, childOfKind, draftParts, partClauses, walk, words, wordsOfNodes } from '../../../src/drafts/clause-tree';
import { parseDraft } from '../../../src/drafts/parser';

const real = (name: string): string => readFileSync(path.join(__dirname, '../../fixtures/real', name), 'utf8');
/** Written here in a real shape, not copied from a published text (tests/fixtures/shapes/README.md). */
const shaped = (name: string): string => readFileSync(path.join(__dirname, '../../fixtures/shapes', name), 'utf8');
const shape = (nodes: readonly DraftNode[]): unknown => nodes.map((n) => [n.kind, n.label, n.children.length ? shape(n.children) : null]);

function assertNoWordLost(input: string): void {
  const result = parseDraft(input);
  const removed = words([...result.stamp, ...result.pageNumbers].join(' '));
  expect([...wordsOfNodes(result.documents), ...removed].sort()).toEqual(words(input).sort());
}

describe('a decision and the regulation it issues (Quyết định 367-QĐ/TWĐTN, 2013)', () => {
  const input = real('qd-367-2013-twdtn.txt');
  const result = parseDraft(input);
  const parts = draftParts(result);

  it('when parsed then the decision and the regulation are two parts in order, each with its own header', () => {
    expect(parts).toHaveLength(2);
    const [decision, regulation] = parts as [DraftNode, DraftNode];
    expect(bodyOf(decision).filter((n) => n.kind === 'article').map((n) => n.label)).toEqual(['Điều 1.', 'Điều 2.', 'Điều 3.', 'Điều 4.']);
    expect(childOfKind(decision, 'header')!.children.map((n) => n.kind)).toEqual(['issuer', 'paragraph', 'number', 'national_title', 'motto', 'place_date', 'title', 'subject', 'authority']);
    expect(childOfKind(regulation, 'header')!.children.map((n) => [n.kind, n.text])).toEqual([
      ['issuer', 'BAN CHẤP HÀNH TRUNG ƯƠNG ĐOÀN TNCS HỒ CHÍ MINH'],
      ['paragraph', '***'],
      ['place_date', 'Hà Nội, ngày 29 tháng 10 năm 2013'],
      ['title', 'QUY ĐỊNH'],
      ['title', 'Về ban hành văn bản của Đoàn TNCS Hồ Chí Minh'],
      ['paragraph', '(Ban hành kèm theo Quyết định số 367 - QĐ/TWĐTN-VP ngày 29/10/2013 của Ban Bí thư Trung ương Đoàn)'],
    ]);
    expect(shape(bodyOf(regulation))).toEqual([['chapter', 'Chương I', [['article', 'Điều 1.', null], ['article', 'Điều 2.', null]]]]);
  });

  it("when parsed then the decision's signature ends with the signer's name: the regulation's issuer and Chương I are not in it", () => {
    const closing = childOfKind(parts[0]!, 'closing')!;
    const signature = childOfKind(closing, 'signature')!;
    expect(signature.text).toBe('TM. BAN BÍ THƯ TRUNG ƯƠNG ĐOÀN\nBÍ THƯ THƯỜNG TRỰC\n(đã ký)\nPhan Văn Mãi');
    expect(JSON.stringify(closing)).not.toMatch(/BAN CHẤP HÀNH|Chương|QUY ĐỊNH/u);
  });

  it('when stored then the regulation is an attached_document whose anchors chain after it, so the two "Điều 1." differ', () => {
    const clauses = partClauses(parts);
    const regulation = clauses.at(-1)!;
    expect(regulation).toMatchObject({ kind: 'attached_document', label: 'QUY ĐỊNH', heading: 'Về ban hành văn bản của Đoàn TNCS Hồ Chí Minh' });
    const anchors = assignAnchors(clauses);
    const article1 = [...walk(clauses)].filter((n) => n.label === 'Điều 1.').map((n) => anchors.get(n));
    expect(article1).toEqual(['dieu-1', 'quy-dinh-dieu-1']);
    expect(new Set(anchors.values()).size).toBe(anchors.size);
  });

  it('when parsed then no word is lost', () => assertNoWordLost(input));
});

describe('a circular and the regulation it issues', () => {
  const input = [
    'BỘ KHOA HỌC VÀ CÔNG NGHỆ',
    'Số: /2026/TT-BKHCN',
    'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
    'Độc lập - Tự do - Hạnh phúc',
    'Hà Nội, ngày tháng năm 2026',
    'THÔNG TƯ',
    'Ban hành Quy định kỹ thuật về chất lượng dịch vụ truy nhập Internet',
    'Căn cứ Luật Viễn thông ngày 24 tháng 11 năm 2023;',
    'Bộ trưởng Bộ Khoa học và Công nghệ ban hành Thông tư ban hành Quy định kỹ thuật về chất lượng dịch vụ truy nhập Internet.',
    'Điều 1. Ban hành kèm theo Thông tư này Quy định kỹ thuật về chất lượng dịch vụ truy nhập Internet.',
    'Điều 2. Thông tư này có hiệu lực từ ngày 01 tháng 7 năm 2026./.',
    'Nơi nhận:',
    '- Như Điều 2;',
    '- Lưu: VT.',
    'KT. BỘ TRƯỞNG',
    'THỨ TRƯỞNG',
    'QUY ĐỊNH',
    'Kỹ thuật về chất lượng dịch vụ truy nhập Internet',
    '(Ban hành kèm theo Thông tư số /2026/TT-BKHCN ngày tháng năm 2026 của Bộ trưởng Bộ Khoa học và Công nghệ)',
    'Chương I',
    'QUY ĐỊNH CHUNG',
    'Điều 1. Phạm vi điều chỉnh',
    'Quy định này quy định mức giới hạn các chỉ tiêu chất lượng dịch vụ truy nhập Internet.',
    'Điều 2. Đối tượng áp dụng',
    'Quy định này áp dụng đối với doanh nghiệp cung cấp dịch vụ truy nhập Internet.',
  ].join('\n');

  it('when the regulation prints no header of its own then its "QUY ĐỊNH" title starts the second part, not the signature', () => {
    const parts = draftParts(parseDraft(input));
    expect(parts).toHaveLength(2);
    expect(childOfKind(childOfKind(parts[0]!, 'closing')!, 'signature')!.text).toBe('KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG');
    expect(shape(bodyOf(parts[1]!))).toEqual([['chapter', 'Chương I', [['article', 'Điều 1.', null], ['article', 'Điều 2.', null]]]]);
    expect(childOfKind(parts[1]!, 'header')!.children.filter((n) => n.kind === 'title').map((n) => n.text)).toEqual(['QUY ĐỊNH', 'Kỹ thuật về chất lượng dịch vụ truy nhập Internet']);
    assertNoWordLost(input);
  });

  it('when a request letter comes before the draft then the letter is not a part of it', () => {
    const letter = ['SỞ KHOA HỌC VÀ CÔNG NGHỆ', 'Số: 12/SKHCN-BCVT', 'V/v góp ý dự thảo', 'Kính gửi: Sở Tư pháp', 'Sở đề nghị góp ý dự thảo kèm theo.', 'Nơi nhận:', '- Như trên;', 'GIÁM ĐỐC', 'Nguyễn Văn Giám'].join('\n');
    const parts = draftParts(parseDraft(`${letter}\n${input}`));
    expect(parts).toHaveLength(2);
    expect(bodyOf(parts[0]!).map((n) => n.label)).toEqual(['Điều 1.', 'Điều 2.']);
  });
});

describe('appendices (Nghị định 30/2020/NĐ-CP, Phụ lục III and IV)', () => {
  const input = shaped('decree-with-appendices.txt');
  const result = parseDraft(input);
  const body = bodyOf(result.documents[0]!);

  it('when a decree ends with appendices then each is a node at the end of its body, labelled as printed, its title the heading and its "(Kèm theo …)" its text', () => {
    expect(body.map((n) => [n.kind, n.label])).toEqual([['article', 'Điều 39.'], ['appendix', 'Phụ lục III'], ['appendix', 'Phụ lục IV']]);
    expect(body[1]).toMatchObject({ heading: 'VIẾT TẮT TÊN LOẠI VĂN BẢN VÀ BẢN SAO', text: '(Kèm theo Nghị định số 30/2020/NĐ-CP ngày 05 tháng 3 năm 2020 của Chính phủ)' });
    expect(body[2]!.text).toContain('Mẫu chữ và chi tiết trình bày thể thức văn bản hành chính');
    expect(childOfKind(childOfKind(result.documents[0]!, 'closing')!, 'signature')!.text).toBe('TM. CHÍNH PHỦ\nTHỦ TƯỚNG\nNguyễn Xuân Phúc');
  });

  it('when an appendix holds "|" tables then each table is rows of cells on the section that holds it, the separator line dropped', () => {
    const [first, second] = body[1]!.children;
    expect([first!.label, first!.heading, second!.label, second!.heading]).toEqual(['I.', 'BẢNG CHỮ VIẾT TẮT TÊN LOẠI VĂN BẢN', 'II.', 'BẢN SAO VĂN BẢN']);
    expect(first!.rows).toEqual([
      ['STT', 'Tên loại văn bản', 'Chữ viết tắt'],
      ['1', 'Nghị quyết (cá biệt)', 'NQ'],
      ['2', 'Quyết định', 'QĐ'],
      ['3', 'Chỉ thị', 'CT'],
      ['4', 'Quy chế', 'QC'],
      ['5', 'Quy định', 'QyĐ'],
    ]);
    expect(second!.rows).toHaveLength(4);
  });

  it('when stored then appendices are commentable with unique anchors phu-luc-iii, phu-luc-iv', () => {
    const anchors = assignAnchors(partClauses(draftParts(result)));
    expect([...anchors.values()]).toEqual(expect.arrayContaining(['phu-luc-iii', 'phu-luc-iv', 'phu-luc-iii-muc-i']));
    expect(new Set(anchors.values()).size).toBe(anchors.size);
  });

  it('when parsed then no word is lost, table cells included', () => assertNoWordLost(input));
});

describe('appendix shapes', () => {
  const decree = (tail: string[]): DraftNode[] =>
    bodyOf(parseDraft(['Điều 1. Phạm vi', 'Nghị định này quy định mẫu văn bản tại Phụ lục kèm theo.', 'TM. CHÍNH PHỦ', 'THỦ TƯỚNG', 'Nguyễn Văn A', ...tail].join('\n')).documents[0]!);

  it('when an appendix is unnumbered, numbered in Roman or with a leading zero then its label is as printed', () => {
    expect(decree(['PHỤ LỤC', 'MẪU VĂN BẢN', '(Kèm theo Nghị định số /2026/NĐ-CP)']).at(-1)).toMatchObject({ kind: 'appendix', label: 'PHỤ LỤC', heading: 'MẪU VĂN BẢN' });
    expect(decree(['PHỤ LỤC I', 'DANH MỤC']).at(-1)).toMatchObject({ label: 'PHỤ LỤC I', heading: 'DANH MỤC' });
    expect(decree(['Phụ lục 02', 'BIỂU MẪU']).at(-1)).toMatchObject({ label: 'Phụ lục 02', heading: 'BIỂU MẪU' });
  });

  it('when a sentence names an appendix then it stays text of its clause', () => {
    const body = decree([]);
    expect(body.map((n) => n.kind)).toEqual(['article']);
    expect(body[0]!.text).toContain('tại Phụ lục kèm theo');
  });

  it('when a form appendix prints a national title, Số: and Kính gửi then they stay its text, and numbered items are its clauses', () => {
    const body = decree([
      'PHỤ LỤC',
      '(Kèm theo Nghị định số /2026/NĐ-CP)',
      'Mẫu số 01',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'Số: ……',
      'Kính gửi: ……',
      '1. Tên tổ chức: ……',
      '2. Địa chỉ: ……',
    ]);
    const appendix = body.at(-1)!;
    expect(appendix.kind).toBe('appendix');
    expect(appendix.text).toContain('Mẫu số 01');
    expect(appendix.text).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(appendix.text).toContain('Kính gửi');
    expect(appendix.children.map((n) => n.label)).toEqual(['1.', '2.']);
  });

  it('when a text table is tab-separated over two lines or more then it is rows; a single tabbed line stays text', () => {
    const tabbed = decree(['PHỤ LỤC 1', 'BẢNG', 'STT\tTên\tGhi chú', '1\tVNPT\tPleiku']).at(-1)!;
    expect(tabbed.rows).toEqual([['STT', 'Tên', 'Ghi chú'], ['1', 'VNPT', 'Pleiku']]);
    const single = decree(['PHỤ LỤC 1', 'BẢNG', '(Kèm theo)', 'Họ tên\tChữ ký']).at(-1)!;
    expect(single.rows).toBeUndefined();
    expect(single.text).toContain('Họ tên Chữ ký');
  });
});
