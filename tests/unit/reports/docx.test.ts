import { DOMParser, type Element } from '@xmldom/xmldom';
import JSZip from 'jszip';
import mammoth from 'mammoth';
import { DECISION_LABELS } from '../../../src/reports/model';
import { renderReportDocx } from '../../../src/reports/writers/docx';
import { FORMULA_COMMENT, giaLaiReportModel, LONG_COMMENT, PLUS_COMMENT, SCRIPT_COMMENT } from '../../fixtures/report-model';

const occurrences = (haystack: string, needle: string): number => haystack.split(needle).length - 1;

describe('the report as DOCX', () => {
  const model = giaLaiReportModel();
  const rows = [...model.general, ...model.byClause];
  let text: string;
  let html: string;
  let documentXml: string;
  let stylesXml: string;

  beforeAll(async () => {
    const buffer = await renderReportDocx(model);
    text = (await mammoth.extractRawText({ buffer })).value;
    html = (await mammoth.convertToHtml({ buffer })).value;
    const zip = await JSZip.loadAsync(buffer);
    documentXml = await zip.file('word/document.xml')!.async('string');
    stylesXml = await zip.file('word/styles.xml')!.async('string');
  });

  it('when read back then the header, title, opening and signature are there in Vietnamese', () => {
    for (const part of [
      'UBND TỈNH GIA LAI',
      'SỞ THÔNG TIN VÀ TRUYỀN THÔNG TỈNH GIA LAI',
      'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
      'Độc lập - Tự do - Hạnh phúc',
      'Gia Lai, ngày 05 tháng 5 năm 2020',
      'BẢNG TỔNG HỢP, TIẾP THU, GIẢI TRÌNH Ý KIẾN GÓP Ý',
      model.consultation.draftTitle,
      '(Dự thảo lần 1)',
      '6/10 cơ quan, đơn vị',
      'Công an tỉnh (Công văn số 123/CAT-PV05 ngày 24/04/2020)',
      'I. Ý KIẾN CHUNG',
      'II. Ý KIẾN THEO ĐIỀU, KHOẢN',
      'Nơi nhận:',
      '- Lưu: VT, BCVT.',
      'KT. GIÁM ĐỐC',
      'PHÓ GIÁM ĐỐC',
      'Lê Thị Thu Hương',
    ]) {
      expect(text).toContain(part);
    }
  });

  it('when read back then every agency, comment, decision and explanation is there', () => {
    for (const row of rows) {
      expect(text).toContain(row.agency);
      for (const line of row.text.split('\n')) expect(text).toContain(line);
      expect(text).toContain(DECISION_LABELS[row.response!.decision]);
      expect(text).toContain(row.response!.explanation);
    }
    expect(occurrences(text, LONG_COMMENT)).toBe(1);
    expect(text).toContain('Đề xuất sửa thành: Chủ trì, phối hợp');
    // Once in the opening's list of late agencies, once at the late comment.
    expect(occurrences(text, '(nhận sau hạn)')).toBe(2);
  });

  it('when a group is answered together then its response cell is merged over both rows', () => {
    expect(occurrences(text, PLUS_COMMENT)).toBe(2);
    expect(occurrences(text, 'Tiếp thu, bổ sung vào mục 8.2 của dự thảo.')).toBe(1);
    // Merged: the response of the group on 8.2, and the draft's wording of 2.3. and of 8.2., each over its two comments.
    expect(occurrences(documentXml, '<w:vMerge w:val="restart"/>')).toBe(3);
    expect(occurrences(documentXml, '<w:vMerge w:val="continue"/>')).toBe(3);
    expect(html).toContain('rowspan="2"');
  });

  it('when a clause is commented on then its whole wording is printed once, never cut with "…"', () => {
    for (const clause of new Map(model.byClause.map((row) => [row.clause!.id, row.clause!])).values()) expect(occurrences(text, clause.text)).toBe(1);
    expect(text).not.toContain('…');
  });

  it('when laid out then the header is Phụ lục I\'s: the quốc hiệu in 13 pt bold, the tiêu ngữ underlined, the number left for the văn thư', () => {
    expect(documentXml).toMatch(/<w:rPr><w:b\/><w:bCs\/><w:sz w:val="26"\/><w:szCs w:val="26"\/><\/w:rPr><w:t xml:space="preserve">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM<\/w:t>/u);
    expect(documentXml).toMatch(/<w:u w:val="single"\/>[^]*?Độc lập - Tự do - Hạnh phúc/u);
    expect(text).toMatch(/Số: {2,}\/BC-STTTT/u);
  });

  it('when laid out then "Nơi nhận" is 12 pt bold italic, its lines 11 pt each beginning with "-", the signature in the table\'s last row, which never splits', () => {
    expect(documentXml).toMatch(/<w:b\/><w:bCs\/><w:i\/><w:iCs\/><w:sz w:val="24"\/><w:szCs w:val="24"\/><\/w:rPr><w:t xml:space="preserve">Nơi nhận:/u);
    for (const line of model.distribution) expect(documentXml).toContain(`<w:sz w:val="22"/><w:szCs w:val="22"/></w:rPr><w:t xml:space="preserve">${line}</w:t>`);
    const lastRow = documentXml.slice(documentXml.lastIndexOf('<w:trPr><w:cantSplit/></w:trPr><w:tc><w:tcPr><w:tcW w:type="dxa" w:w="14283"/><w:gridSpan'));
    expect(lastRow).toContain('Nơi nhận:');
    expect(lastRow).toContain('Lê Thị Thu Hương');
  });

  it('when comments hold markup or a formula then they stay plain text and make no field', () => {
    expect(text).toContain(SCRIPT_COMMENT);
    expect(text).toContain(FORMULA_COMMENT);
    expect(documentXml).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(documentXml).not.toMatch(/w:fldSimple|w:instrText|w:fldChar|w:hyperlink/u);
  });

  it('when laid out then the whole report is one A4 landscape section, with NĐ 30 margins', () => {
    const sizes = [...documentXml.matchAll(/<w:pgSz [^>]*\/>/gu)].map((m) => m[0]);
    expect(sizes).toHaveLength(1);
    expect(sizes[0]).toMatch(/w:w="16838" w:h="11906" w:orient="landscape"/u);
    const margins = [...documentXml.matchAll(/<w:pgMar [^>]*\/>/gu)].map((m) => m[0]);
    for (const margin of margins) {
      expect(margin).toMatch(/w:top="1134"/u);
      expect(margin).toMatch(/w:bottom="1134"/u);
      expect(margin).toMatch(/w:left="1701"/u);
      expect(margin).toMatch(/w:right="851"/u);
    }
    expect(documentXml).toContain('<w:tblHeader/>');
  });

  it('when laid out then the text is Times New Roman, 13 pt body and 14 pt title', () => {
    expect(stylesXml).toMatch(/<w:rFonts w:ascii="Times New Roman" w:cs="Times New Roman" w:eastAsia="Times New Roman" w:hAnsi="Times New Roman"\/>/u);
    expect(stylesXml).toContain('<w:sz w:val="26"/>');
    expect(documentXml).toContain('<w:sz w:val="28"/>');
    const otherFonts = [...documentXml.matchAll(/w:ascii="([^"]+)"/gu)].map((m) => m[1]).filter((font) => font !== 'Times New Roman');
    expect(otherFonts).toEqual([]);
  });
});

describe('the report as DOCX with hostile and unusual rows', () => {
  const INJECTION = '</w:t></w:r><w:fldSimple w:instr=" HYPERLINK &quot;http://evil.example&quot; "><w:r><w:t>bấm vào đây</w:t></w:r></w:fldSimple><w:r><w:t>';
  const AGENCY = `Công ty "A&B" <Chi nhánh> 'Gia Lai'`;
  const model = giaLaiReportModel();
  model.general = [];
  const [first, second] = model.byClause;
  first.text = `${INJECTION}\r\nDòng hai ]]> <![CDATA[ x`;
  first.agency = AGENCY;
  first.proposedText = FORMULA_COMMENT;
  first.response = { ...first.response!, explanation: 'Giải\u0001 trình\u000b có\uFFFE ký tự lạ' };
  second.clause = { ...second.clause!, label: null, heading: null, text: '' };
  let text: string;
  let documentXml: string;
  let body: Element;

  beforeAll(async () => {
    const buffer = await renderReportDocx(model);
    text = (await mammoth.extractRawText({ buffer })).value;
    documentXml = await (await JSZip.loadAsync(buffer)).file('word/document.xml')!.async('string');
    const errors: string[] = [];
    const parsed = new DOMParser({ onError: (level, message) => level !== 'warning' && errors.push(message) }).parseFromString(documentXml, 'text/xml');
    expect(errors).toEqual([]);
    body = parsed.getElementsByTagName('w:body')[0];
  });

  it('when a comment tries to close its text and open a field then it stays text and makes no element', () => {
    for (const element of ['w:fldSimple', 'w:instrText', 'w:fldChar', 'w:hyperlink']) {
      expect(body.getElementsByTagName(element)).toHaveLength(0);
    }
    const texts = Array.from(body.getElementsByTagName('w:t'), (t) => t.textContent);
    expect(texts).toContain(INJECTION);
    expect(texts).toContain('Dòng hai ]]> <![CDATA[ x');
    expect(texts).toContain(AGENCY);
    expect(texts).toContain(`Đề xuất sửa thành: ${FORMULA_COMMENT}`);
  });

  it('when read back then the text is verbatim, a line break between lines and characters XML cannot hold dropped', () => {
    expect(text).toContain(INJECTION);
    expect(text).toContain('Dòng hai ]]> <![CDATA[ x');
    const lines = Array.from(body.getElementsByTagName('w:r')).filter((run) => run.textContent?.startsWith('Dòng hai'));
    expect(lines).toHaveLength(1);
    expect(lines[0].getElementsByTagName('w:br')).toHaveLength(1);
    expect(text).toContain(AGENCY);
    expect(text).toContain('Giải trình có ký tự lạ');
  });

  it('when laid out then every comment has its row of five cells, and an empty section says "Không có"', () => {
    const table = body.getElementsByTagName('w:tbl')[1];
    const direct = (parent: Element, tag: string): Element[] => Array.from(parent.childNodes).filter((n): n is Element => n.nodeName === tag);
    const rows = direct(table, 'w:tr');
    // Header, "I.", "Không có", "II.", the comments, the last of them nested in the closing row.
    expect(rows[2].textContent).toBe('Không có');
    const commentRows = Array.from(table.getElementsByTagName('w:tr')).filter((row) => direct(row, 'w:tc').length === 5);
    expect(commentRows).toHaveLength(1 + model.byClause.length);
    // A clause with neither title nor wording still has the paragraph a cell must end with.
    expect(direct(commentRows[2], 'w:tc')[1].getElementsByTagName('w:p')).toHaveLength(1);
  });
});
