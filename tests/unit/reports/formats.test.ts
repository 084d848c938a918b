import { asciiSlug, isReportFormat, REPORT_FORMAT_INFO, REPORT_FORMATS, reportFilename } from '../../../src/reports/writers';
import { giaLaiReportModel } from '../../fixtures/report-model';

describe('report formats and file names', () => {
  const model = giaLaiReportModel();

  it('when a format is named then it has a content type and an extension', () => {
    expect(REPORT_FORMATS).toEqual(['json', 'html', 'docx', 'xlsx', 'csv']);
    for (const format of REPORT_FORMATS) expect(REPORT_FORMAT_INFO[format].extension).toBe(format);
    expect(REPORT_FORMAT_INFO.docx.contentType).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(isReportFormat('xlsx')).toBe(true);
    expect(isReportFormat('pdf')).toBe(false);
    expect(isReportFormat(undefined)).toBe(false);
  });

  it('when a file is named then the letter number becomes an ASCII slug', () => {
    expect(reportFilename(model, 'docx')).toBe('bang-tong-hop-532-stttt-bcvt.docx');
    expect(asciiSlug('45/TĐTN-VP')).toBe('45-tdtn-vp');
    expect(asciiSlug('12/QĐ-UBND ngày')).toBe('12-qd-ubnd-ngay');
  });

  it('when the letter number has nothing ASCII then the consultation id names the file', () => {
    const blank = { consultation: { ...model.consultation, number: '/ Đ' } };
    expect(reportFilename(blank, 'csv')).toBe('bang-tong-hop-d.csv');
    expect(reportFilename({ consultation: { ...model.consultation, number: '—' } }, 'csv')).toBe('bang-tong-hop-7.csv');
  });
});
