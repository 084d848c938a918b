import { escapeXML } from 'ejs';
import { DECISION_LABELS } from '../../../src/reports/model';
import { renderReportHtml } from '../../../src/reports/writers/html';
import { giaLaiReportModel, PLUS_COMMENT, SCRIPT_COMMENT } from '../../fixtures/report-model';

const occurrences = (haystack: string, needle: string): number => haystack.split(needle).length - 1;

describe('the report as HTML', () => {
  const model = giaLaiReportModel();
  const html = renderReportHtml(model);

  it('when rendered then the header is laid out as Nghị định 30 with the title and the draft', () => {
    expect(html).toMatch(/^<!DOCTYPE html>/u);
    expect(html).toContain('<html lang="vi">');
    expect(html).toContain('UBND TỈNH GIA LAI');
    expect(html).toContain('SỞ THÔNG TIN VÀ TRUYỀN THÔNG TỈNH GIA LAI');
    expect(html).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
    expect(html).toContain('Độc lập - Tự do - Hạnh phúc');
    expect(html).toContain('Gia Lai, ngày 05 tháng 5 năm 2020');
    expect(html).toContain('BẢNG TỔNG HỢP, TIẾP THU, GIẢI TRÌNH Ý KIẾN GÓP Ý');
    expect(html).toContain(model.consultation.draftTitle);
    expect(html).toContain('(Dự thảo lần 1)');
  });

  it('when rendered then the opening states the letter, the counts and the agencies with their letters', () => {
    expect(html).toContain('Công văn số 532/STTTT-BCVT');
    expect(html).toContain('đề nghị 10 cơ quan, đơn vị');
    expect(html).toContain('6/10 cơ quan, đơn vị');
    expect(html).toContain('Công an tỉnh (Công văn số 123/CAT-PV05 ngày 24/04/2020)');
    expect(html).toContain('1 cơ quan, đơn vị thống nhất với dự thảo');
    expect(html).toContain('5 cơ quan, đơn vị có ý kiến góp ý');
    expect(html).toContain('Có 4 cơ quan, đơn vị không có văn bản trả lời: Sở Lao động - Thương binh và Xã hội;');
    expect(html).toContain('(nhận sau hạn): VNPT Gia Lai');
    expect(html).toContain('trước ngày 27/04/2020');
  });

  it('when rendered then every comment appears once and a group shares one response cell', () => {
    for (const row of [...model.general, ...model.byClause].filter((r) => r.text !== PLUS_COMMENT)) {
      expect(occurrences(html, escapeXML(row.text))).toBe(1);
    }
    // The two comments answered together have the same text: two rows, one response spanning both.
    expect(occurrences(html, escapeXML(PLUS_COMMENT))).toBe(2);
    // Merged over two rows each: the group's response, and the wording of 2.3. and of 8.2.
    expect(occurrences(html, 'rowspan="2"')).toBe(3);
    expect(occurrences(html, 'Tiếp thu, bổ sung vào mục 8.2 của dự thảo.')).toBe(1);
    // The headings, repeated (hidden) for the last rows nested with the signature, and a row per comment.
    expect(occurrences(html, '<tr>')).toBe(2 + model.general.length + model.byClause.length);
  });

  it('when rendered then decisions are labelled, proposals and late comments are marked', () => {
    for (const label of Object.values(DECISION_LABELS)) expect(html).toContain(`<strong>${label}</strong>`);
    expect(html).toContain('Đề xuất sửa thành: Chủ trì, phối hợp');
    expect(occurrences(html, '<span class="report-late">(nhận sau hạn)</span>')).toBe(1);
    expect(html).toContain('I. Ý KIẾN CHUNG');
    expect(html).toContain('II. Ý KIẾN THEO ĐIỀU, KHOẢN');
  });

  it('when a comment holds a script tag then it renders as text', () => {
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(SCRIPT_COMMENT).toContain('<script>');
  });

  it('when rendered then "Nơi nhận" and the signature block close the document', () => {
    expect(html).toContain('Nơi nhận:');
    expect(html).toContain('- Lưu: VT, BCVT.');
    expect(html).toContain('KT. GIÁM ĐỐC');
    expect(html).toContain('PHÓ GIÁM ĐỐC');
    expect(html).toContain('Lê Thị Thu Hương');
  });

  it('when a section has no comments then it says "Không có"', () => {
    const empty = renderReportHtml({ ...model, general: [] });
    expect(occurrences(empty, 'Không có</td>')).toBe(1);
  });

  it('when linked then the stylesheet is the served asset, and when inlined it carries the NĐ 30 page', () => {
    expect(html).toContain('<link rel="stylesheet" href="/assets/report.css">');
    expect(html).not.toContain('<style');
    const standalone = renderReportHtml(model, { css: 'inline' });
    expect(standalone).toContain('@page { size: A4 landscape; margin: 20mm 15mm 20mm 30mm; }');
    expect(standalone).toContain('"Times New Roman"');
    expect(standalone).not.toContain('<link');
  });

  it('when a language is given then the document carries it', () => {
    expect(renderReportHtml(model, { lang: 'en' })).toContain('<html lang="en">');
  });
});
