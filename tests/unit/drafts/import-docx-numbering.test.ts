import { importDraft } from '../../../src/drafts/import';
import { abstractNum, num, p, rawDocx, type RawDocx } from '../../fixtures/raw-docx';
import { tempFiles } from '../../fixtures/temp-files';

const files = tempFiles();
afterAll(files.cleanup);

let count = 0;
const textOf = async (docx: RawDocx): Promise<string[]> =>
  (await importDraft(files.write(`raw-${++count}.docx`, await rawDocx(docx)))).text.split('\n');

const decimalTwoLevels = abstractNum(0, [{ fmt: 'decimal', text: '%1.' }, { fmt: 'decimal', text: '%1.%2.' }]);

describe('DOCX automatic numbering (ECMA-376 §17.9)', () => {
  it('when two w:num share an abstractNum then the second continues the first', async () => {
    const lines = await textOf({ numbering: decimalTwoLevels + num(1, 0) + num(2, 0), body: p('A', 1) + p('B', 1) + p('C', 2) });
    expect(lines).toEqual(['1. A', '2. B', '3. C']);
  });

  it('when a w:num has a startOverride then it restarts at that value', async () => {
    const lines = await textOf({ numbering: decimalTwoLevels + num(1, 0) + num(2, 0, 1) + num(3, 0, 5), body: p('A', 1) + p('B', 1) + p('C', 2) + p('D', 3) });
    expect(lines).toEqual(['1. A', '2. B', '1. C', '5. D']);
  });

  it('when a w:num restarts the list and the next paragraphs use another w:num of its abstractNum (as LibreOffice saves) then they continue from the restart', async () => {
    const numbering = abstractNum(0, [{ fmt: 'decimal', text: '%1.' }]) + num(1, 0) + num(2, 0, 1) + num(3, 0, 1);
    const body = p('A', 2) + p('B', 1) + p('C', 1) + p('D', 3) + p('E', 1) + p('F', 1);
    expect(await textOf({ numbering, body })).toEqual(['1. A', '2. B', '3. C', '1. D', '2. E', '3. F']);
  });

  it('when a w:num with a startOverride comes back after another list then it continues, the override spent', async () => {
    const numbering = decimalTwoLevels + abstractNum(1, [{ fmt: 'lowerLetter', text: '%1)' }]) + num(1, 0, 1) + num(2, 1);
    const body = p('A', 1) + p('a', 2) + p('B', 1) + p('b', 2);
    expect(await textOf({ numbering, body })).toEqual(['1. A', 'a) a', '2. B', 'b) b']);
  });

  it('when a level has w:lvlRestart 0 then a higher level does not restart it', async () => {
    const numbering = abstractNum(0, [{ fmt: 'decimal', text: '%1.' }, { fmt: 'decimal', text: '%1.%2.', restart: 0 }]) + num(1, 0);
    const body = p('A', 1) + p('a', 1, 1) + p('b', 1, 1) + p('B', 1) + p('c', 1, 1);
    expect(await textOf({ numbering, body })).toEqual(['1. A', '1.1. a', '1.2. b', '2. B', '2.3. c']);
  });

  it('when a level has w:lvlRestart 1 then it restarts after the first level only, not after the second', async () => {
    const numbering = abstractNum(0, [{ fmt: 'decimal', text: '%1.' }, { fmt: 'lowerLetter', text: '%2)' }, { fmt: 'decimal', text: '(%3)', restart: 1 }]) + num(1, 0);
    const body = p('A', 1) + p('x', 1, 2) + p('y', 1, 2) + p('a', 1, 1) + p('z', 1, 2) + p('B', 1) + p('w', 1, 2);
    expect(await textOf({ numbering, body })).toEqual(['1. A', '(1) x', '(2) y', 'a) a', '(3) z', '2. B', '(1) w']);
  });

  it('when lvlText holds several %N of upperRoman, decimalZero and lowerLetter levels then each is written in its own level format', async () => {
    const numbering = abstractNum(0, [{ fmt: 'upperRoman', text: '%1.' }, { fmt: 'decimalZero', text: '%1.%2.' }, { fmt: 'lowerLetter', text: '%1.%2.%3)' }]) + num(1, 0);
    const body = p('X', 1) + p('Y', 1, 1) + p('Z', 1, 2) + p('W', 1) + p('V', 1, 1);
    expect(await textOf({ numbering, body })).toEqual(['I. X', 'I.01. Y', 'I.01.a) Z', 'II. W', 'II.01. V']);
  });

  it('when a paragraph claims a level past the ninth then it is left unnumbered and the list goes on', async () => {
    const body = p('A', 1) + p('B', 1, 1_000_000_000) + p('C', 1);
    expect(await textOf({ numbering: decimalTwoLevels + num(1, 0), body })).toEqual(['1. A', 'B', '2. C']);
  });

  it('when a higher level comes back then the deeper level starts again', async () => {
    const lines = await textOf({ numbering: decimalTwoLevels + num(1, 0), body: p('A', 1) + p('a', 1, 1) + p('b', 1, 1) + p('B', 1) + p('c', 1, 1) });
    expect(lines).toEqual(['1. A', '1.1. a', '1.2. b', '2. B', '2.1. c']);
  });

  it('when levels are Roman, lowerLetter from w:start, or bullets then labels are written that way', async () => {
    const numbering =
      abstractNum(0, [{ fmt: 'upperRoman', text: 'Chương %1' }]) +
      abstractNum(1, [{ fmt: 'lowerLetter', text: '%1)', start: 4 }]) +
      abstractNum(2, [{ fmt: 'bullet', text: '' }]) +
      abstractNum(3, [{ fmt: 'lowerRoman', text: '(%1)', start: 9 }]) +
      num(1, 0) + num(2, 1) + num(3, 2) + num(4, 3);
    const body = p('X', 1) + p('Y', 1) + p('d', 2) + p('đ', 2) + p('e', 2) + p('mục', 3) + p('ix', 4) + p('x', 4);
    expect(await textOf({ numbering, body })).toEqual(['Chương I X', 'Chương II Y', 'd) d', 'đ) đ', 'e) e', '- mục', '(ix) ix', '(x) x']);
  });

  it('when the numbering comes from a paragraph style (and its basedOn) then the paragraph is numbered', async () => {
    const styles =
      '<w:style w:type="paragraph" w:styleId="Khoan"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>' +
      '<w:style w:type="paragraph" w:styleId="KhoanDam"><w:basedOn w:val="Khoan"/></w:style>';
    const lines = await textOf({ numbering: decimalTwoLevels + num(1, 0), styles, body: p('A', undefined, 0, 'Khoan') + p('B', undefined, 0, 'KhoanDam') });
    expect(lines).toEqual(['1. A', '2. B']);
  });

  it('when an abstractNum links to a numbering style (w:numStyleLink) then it takes the levels of that style\'s list', async () => {
    const styles = '<w:style w:type="numbering" w:styleId="DanhSachKhoan"><w:pPr><w:numPr><w:numId w:val="2"/></w:numPr></w:pPr></w:style>';
    const numbering =
      '<w:abstractNum w:abstractNumId="0"><w:styleLink w:val="DanhSachKhoan"/><w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>' +
      '<w:abstractNum w:abstractNumId="1"><w:numStyleLink w:val="DanhSachKhoan"/></w:abstractNum>' +
      num(1, 1) + num(2, 0);
    expect(await textOf({ numbering, styles, body: p('A', 1) + p('B', 1) })).toEqual(['1. A', '2. B']);
  });

  it('when numId is 0 then the paragraph is not numbered even if its style is', async () => {
    const styles = '<w:style w:type="paragraph" w:styleId="Khoan"><w:pPr><w:numPr><w:numId w:val="1"/></w:numPr></w:pPr></w:style>';
    const body = p('A', undefined, 0, 'Khoan') + '<w:p><w:pPr><w:pStyle w:val="Khoan"/><w:numPr><w:numId w:val="0"/></w:numPr></w:pPr><w:r><w:t>B</w:t></w:r></w:p>';
    expect(await textOf({ numbering: decimalTwoLevels + num(1, 0), styles, body })).toEqual(['1. A', 'B']);
  });
});

describe('DOCX text runs', () => {
  it('when a paragraph has tabs, tracked deletions, insertions and field codes then the shown text is read', async () => {
    const body =
      '<w:p><w:r><w:t>Điều</w:t></w:r><w:r><w:tab/><w:t>1.</w:t></w:r>' +
      '<w:del><w:r><w:delText>bỏ đi</w:delText></w:r></w:del><w:ins><w:r><w:t xml:space="preserve"> Phạm vi</w:t></w:r></w:ins>' +
      '<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> PAGE </w:instrText></w:r><w:r><w:fldChar w:fldCharType="separate"/></w:r>' +
      '<w:r><w:t xml:space="preserve"> áp dụng</w:t></w:r><w:r><w:fldChar w:fldCharType="end"/></w:r></w:p>';
    expect(await textOf({ body })).toEqual(['Điều 1. Phạm vi áp dụng']);
  });

  it('when a text box is given as Choice and Fallback then its text is read once, after its paragraph', async () => {
    const box = '<w:txbxContent><w:p><w:r><w:t>Dự thảo lần 2</w:t></w:r></w:p></w:txbxContent>';
    const body =
      `<w:p><w:r><w:t>Kính gửi: Bộ Tư pháp.</w:t></w:r><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing>${box}</w:drawing></mc:Choice>` +
      `<mc:Fallback><w:pict>${box}</w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>`;
    const { result, text } = await importDraft(files.write('box.docx', await rawDocx({ body })));
    expect(text.split('\n')).toEqual(['Kính gửi: Bộ Tư pháp.', 'Dự thảo lần 2']);
    expect(result.version).toBe(2);
  });

  it('when a paragraph holds line breaks then each line that starts a part is read as its own paragraph', async () => {
    const list = '<w:p><w:r><w:t>Kính gửi:</w:t><w:br/><w:t>- Bộ Tư pháp;</w:t><w:br/><w:t>- Bộ Tài chính.</w:t></w:r></w:p>';
    const signature = '<w:p><w:r><w:t>TM. CHÍNH PHỦ</w:t><w:br/><w:t>THỦ TƯỚNG</w:t></w:r></w:p>';
    const { result } = await importDraft(files.write('br.docx', await rawDocx({ body: list + p('Điều 1. Phạm vi') + p('Nội dung.') + signature })));
    const [header, , closing] = result.documents[0].children;
    expect(header.children[0].children.map((c) => c.text)).toEqual(['Bộ Tư pháp;', 'Bộ Tài chính.']);
    expect(closing.children[0]).toMatchObject({ kind: 'signature', text: 'TM. CHÍNH PHỦ\nTHỦ TƯỚNG' });
  });
});
