import { walk, type DraftNode } from '../../../src/drafts/clause-tree';
import { parseDraft } from '../../../src/drafts/parser';

const bodyOfText = (text: string): DraftNode[] => {
  const doc = parseDraft(text).documents[0];
  return doc.children.find((c) => c.kind === 'body')?.children ?? [];
};
const shape = (nodes: DraftNode[]): unknown[] =>
  nodes.map((n) => (n.children.length ? [n.label, shape(n.children)] : n.label));

describe('clause parser on the structure of laws and decrees', () => {
  const law = [
    'Phần thứ nhất',
    'NHỮNG QUY ĐỊNH CHUNG',
    'Chương I',
    'PHẠM VI ĐIỀU CHỈNH',
    'Mục 1. ĐỐI TƯỢNG',
    'Tiểu mục 1. Cơ quan',
    'Điều 1. Phạm vi điều chỉnh',
    'Luật này quy định về việc lấy ý kiến.',
    'Điều 2. Giải thích từ ngữ',
    'Trong Luật này, các từ ngữ dưới đây được hiểu như sau:',
    '1. Dự thảo là văn bản chưa được ký;',
    '2. Góp ý gồm:',
    'a) ý kiến chung;',
    'b) ý kiến theo điều;',
    'c) ý kiến về từ ngữ;',
    'd) ý kiến về thể thức;',
    'đ) ý kiến khác;',
    'e) đề xuất:',
    '- sửa câu;',
    '+ thay từ.',
    'Chương II',
    'ĐIỀU KHOẢN THI HÀNH',
    'Điều 3. Hiệu lực thi hành',
    'Luật này có hiệu lực từ ngày 01 tháng 01 năm 2027.',
  ].join('\n');

  it('nests Phần, Chương, Mục, Tiểu mục, Điều, khoản, điểm and dashes', () => {
    const points = ['a)', 'b)', 'c)', 'd)', 'đ)', ['e)', [['-', ['+']]]]];
    const article2 = ['Điều 2.', ['1.', ['2.', points]]];
    const chapter1 = ['Chương I', [['Mục 1.', [['Tiểu mục 1.', ['Điều 1.', article2]]]]]];
    const chapter2 = ['Chương II', ['Điều 3.']];
    expect(shape(bodyOfText(law))).toEqual([['Phần thứ nhất', [chapter1, chapter2]]]);
  });

  it('takes titles as headings and the words after a label as text', () => {
    const nodes = [...walk(bodyOfText(law))];
    const byLabel = (label: string): DraftNode => nodes.find((n) => n.label === label)!;
    expect(byLabel('Phần thứ nhất').heading).toBe('NHỮNG QUY ĐỊNH CHUNG');
    expect(byLabel('Chương I').heading).toBe('PHẠM VI ĐIỀU CHỈNH');
    expect(byLabel('Mục 1.').heading).toBe('ĐỐI TƯỢNG');
    expect(byLabel('Điều 1.')).toMatchObject({ kind: 'article', heading: 'Phạm vi điều chỉnh', text: 'Luật này quy định về việc lấy ý kiến.' });
    expect(byLabel('2.')).toMatchObject({ kind: 'clause', heading: null, text: 'Góp ý gồm:' });
    expect(byLabel('đ)')).toMatchObject({ kind: 'point', text: 'ý kiến khác;' });
  });

  it('keeps a wrapped "2." inside a sentence as text, since it breaks the sequence', () => {
    const body = bodyOfText(['Điều 1. Thời hạn', '1. Thời hạn góp ý là', '5. ngày làm việc kể từ ngày nhận.', '2. Hết hạn thì đóng.'].join('\n'));
    const article = body[0];
    expect(article.children.map((c) => c.label)).toEqual(['1.', '2.']);
    expect(article.children[0].text).toBe('Thời hạn góp ý là 5. ngày làm việc kể từ ngày nhận.');
  });

  it('reads the stamp written on one line, in capitals', () => {
    expect(parseDraft('DỰ THẢO 2\nĐiều 1. A\nB.').version).toBe(2);
  });

  it('returns no document for empty or blank input', () => {
    expect(parseDraft('').documents).toEqual([]);
    expect(parseDraft(' \n\n \t').documents).toEqual([]);
  });
});
