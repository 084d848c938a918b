import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { renderReportDocx } from '../../../src/reports/writers/docx';
import { renderReportHtml } from '../../../src/reports/writers/html';
import { reportJson } from '../../../src/reports/writers/json';
import { writeReportCsv } from '../../../src/reports/writers/csv';
import { writeReportXlsx } from '../../../src/reports/writers/xlsx';
import { largeReportModel } from '../../fixtures/report-model';
import { collect } from './collect';

const ROWS = 5_000;

describe('a report of 5,000 comments', () => {
  const model = largeReportModel(ROWS);
  const comments = model.counts.comments;

  it('when rendered as HTML then every row is there', () => {
    const html = renderReportHtml(model);
    expect(html.split('<td class="report-table__number">').length - 1).toBe(comments);
    expect(html).toContain('Ý kiến số 5000:');
  });

  it('when rendered as DOCX then it is a document', async () => {
    const buffer = await renderReportDocx(model);
    expect(buffer.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(buffer.length).toBeGreaterThan(100_000);
  });

  it('when written as XLSX then every row is there', async () => {
    const out = collect();
    await writeReportXlsx(model, out.stream);
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.load((await out.bytes) as unknown as ExcelJS.Buffer);
    expect(workbook.getWorksheet('Tổng hợp')!.rowCount).toBe(6 + comments);
  });

  it('when written as CSV then every row is there', async () => {
    const out = collect();
    await writeReportCsv(model, out.stream);
    expect(parse((await out.bytes).toString('utf8'), { bom: true })).toHaveLength(1 + comments);
  });

  it('when built as JSON then every row is there', () => {
    expect(reportJson(model).rows).toHaveLength(comments);
  });
});
