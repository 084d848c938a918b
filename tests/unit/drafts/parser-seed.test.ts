import { bodyOf, childOfKind, pickDraft, walk, words, wordsOfNodes, type DraftNode } from '../../../src/drafts/clause-tree';
import { parseDraft } from '../../../src/drafts/parser';
import { seedText } from '../../helpers/seed';

const result = parseDraft(seedText());
const [letter, draft] = result.documents;
const body = bodyOf(draft);

const normalise = (s: string): string => s.normalize('NFC').replace(/\s+/gu, ' ').trim();

describe('the seed 532/STTTT-BCVT parsed', () => {
  it('holds two documents: the request letter and Draft 1', () => {
    expect(result.documents).toHaveLength(2);
    expect(pickDraft(result)).toBe(draft);
    expect(bodyOf(letter)).toHaveLength(0);
  });

  it('records the "Dự thảo / lần 1" stamp as the version and drops page number 2', () => {
    expect(result.version).toBe(1);
    expect(result.stamp).toEqual(['Dự thảo', 'lần 1']);
    expect(result.pageNumbers).toEqual(['2']);
  });

  it('finds exactly sections 1.–9. with their sub-items', () => {
    expect(body.map((n) => n.label)).toEqual(['1.', '2.', '3.', '4.', '5.', '6.', '7.', '8.', '9.']);
    const items = Object.fromEntries(body.map((n) => [n.label, n.children.map((c) => c.label)]));
    expect(items).toEqual({
      '1.': ['1.1.', '1.2.', '1.3.', '1.4.', '1.5.'],
      '2.': ['2.1.', '2.2.', '2.3.', '2.4.', '2.5.'],
      '3.': ['3.1.', '3.2.', '3.3.'],
      '4.': ['4.1.', '4.2.', '4.3.'],
      '5.': ['5.1.', '5.2.'],
      '6.': [],
      '7.': [],
      '8.': ['8.1.', '8.2.', '8.3.'],
      '9.': ['9.1.', '9.2.', '9.3.', '9.4.'],
    });
    expect([...walk(body)].filter((n) => n.kind === 'item')).toHaveLength(25);
  });

  it('gives each section the agency it addresses as its heading', () => {
    expect(body[1].heading).toBe('Công an tỉnh');
    expect(body[5].heading).toBe('Cục Quản lý thị trường Gia Lai');
    expect(body[8].heading).toBe('Các doanh nghiệp viễn thông cung cấp dịch vụ Internet trên địa bàn tỉnh');
  });

  it('puts the text of sections 6. and 7. on the sections themselves', () => {
    expect(body[5].text).toBe(
      'Chủ trì hoặc phối hợp các đoàn liên ngành thanh tra, kiểm tra và xử lý các hành vi vi phạm các quy định pháp luật về thương mại đối với các điểm truy nhập Internet công cộng, điểm cung cấp dịch vụ trò chơi điện tử công cộng.',
    );
    expect(body[6].text.startsWith('Kiểm tra, hướng dẫn Uỷ ban nhân dân huyện')).toBe(true);
    expect(body[6].text.endsWith('giấy chứng nhận đăng ký kinh doanh đại lý Internet theo quy định của pháp luật.')).toBe(true);
  });

  it('re-joins every item as printed, with no page number and no stamp inside', () => {
    const item = (label: string): DraftNode => [...walk(body)].find((n) => n.label === label)!;
    expect(item('1.1.').text).toBe(
      normalise(`Tăng cường công tác quản lý nhà nước về lĩnh vực cung cấp, sử dụng dịch vụ Internet và thông tin trên mạng theo quy định tại Nghị định số
      72/2013/NĐ-CP; Nghị định số 27/2018/NĐ-CP và Quyết định số 27/2018/UBND ngày 22/11/2018 của Ủy ban nhân dân tỉnh Gia Lai ban hành quy định về quản lý,
      cung cấp và sử dụng dịch vụ Internet trên địa bàn tỉnh Gia Lai.`),
    );
    expect(item('2.3.').text.startsWith('Tăng cường thu thập, phát hiện, điều tra, xử lý thông tin, tài liệu, hành vi vi phạm')).toBe(true);
    expect(item('9.4.').text.endsWith('điểm cung cấp dịch vụ trò chơi điện tử công cộng.')).toBe(true);
    for (const n of walk(body)) {
      expect(n.text).not.toMatch(/Dự thảo\s*lần/u);
      expect(n.text).not.toMatch(/(^|\s)2(\s|$)/u);
      expect(n.text).not.toMatch(/\s{2,}/u);
    }
  });

  it('keeps the header, preamble and closing as recognised parts, not clauses', () => {
    const header = childOfKind(draft, 'header')!;
    expect(childOfKind(header, 'issuer')?.text).toBe('ỦY BAN NHÂN DÂN TỈNH GIA LAI');
    expect(childOfKind(header, 'number')?.text).toBe('/UBND-KGVX');
    expect(childOfKind(header, 'subject')?.text).toBe(
      'tăng cường công tác quản lý, cung cấp, sử dụng dịch vụ Internet và thông tin trên mạng trên địa bàn tỉnh Gia Lai',
    );
    expect(childOfKind(header, 'recipients')?.children).toHaveLength(9);
    expect(childOfKind(draft, 'preamble')?.children).toHaveLength(2);
    const closing = childOfKind(draft, 'closing')!;
    expect(closing.children[0].text).toBe('Nhận được văn bản này yêu cầu các đơn vị nghiêm túc triển khai thực hiện./.');
    expect(childOfKind(closing, 'distribution')?.children).toHaveLength(8);
    expect(childOfKind(closing, 'signature')?.text).toBe('TM. ỦY BAN NHÂN DÂN TỈNH\nCHỦ TỊCH');

    const letterHeader = childOfKind(letter, 'header')!;
    expect(childOfKind(letterHeader, 'number')?.text).toBe('532 /STTTT-BCVT');
    expect(childOfKind(letterHeader, 'place_date')?.text).toBe('Gia Lai, ngày 21 tháng 4 năm 2020');
    expect(childOfKind(letterHeader, 'recipients')?.children.map((c) => c.text)).toContain('Ủy ban nhân dân các huyện, thị xã, thành phố;');
    expect(childOfKind(childOfKind(letter, 'closing')!, 'signature')?.text).toBe('KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nLê Thị Thu Hương');
  });

  it('loses no word: every word but the page number and the stamp lands in exactly one node', () => {
    const expected = words(seedText());
    const removed = words([...result.stamp, ...result.pageNumbers].join(' '));
    const got = wordsOfNodes(result.documents);
    expect([...got, ...removed].sort()).toEqual([...expected].sort());
  });
});
