import ExcelJS from 'exceljs';
import { DECISION_LABELS } from '../../../src/reports/model';
import { TABLE_COLUMNS } from '../../../src/reports/writers/table';
import { writeReportXlsx } from '../../../src/reports/writers/xlsx';
import { FORMULA_COMMENT, giaLaiReportModel, LONG_COMMENT, QUOTED_COMMENT } from '../../fixtures/report-model';
import { collect } from './collect';

const HEADER_ROW = 6;

describe('the report as XLSX', () => {
  const model = giaLaiReportModel();
  const rows = [...model.general, ...model.byClause];
  const workbook = new ExcelJS.Workbook();
  let sheet: ExcelJS.Worksheet;

  beforeAll(async () => {
    const out = collect();
    await writeReportXlsx(model, out.stream);
    await workbook.xlsx.load((await out.bytes) as unknown as ExcelJS.Buffer);
    sheet = workbook.getWorksheet('Tổng hợp')!;
  });

  const values = (row: ExcelJS.Row): unknown[] => (row.values as unknown[]).slice(1);

  it('when read back then the title rows name the office, the report and the letter, and the header row is frozen', () => {
    expect(sheet.getCell('A1').value).toBe('Sở Thông tin và Truyền thông tỉnh Gia Lai');
    expect(sheet.getCell('A2').value).toBe('Bảng tổng hợp, tiếp thu, giải trình ý kiến góp ý');
    expect(sheet.getCell('A3').value).toBe(`${model.consultation.draftTitle} (Dự thảo lần 1)`);
    expect(sheet.getCell('A4').value).toBe('Công văn số 532/STTTT-BCVT ngày 21/04/2020');
    expect(values(sheet.getRow(HEADER_ROW))).toEqual([...TABLE_COLUMNS]);
    expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: HEADER_ROW });
    expect(sheet.getColumn(5).width).toBeGreaterThan(sheet.getColumn(1).width!);
  });

  it('when read back then there is one row per comment with its agency, text and decision, a group repeating its response', () => {
    expect(sheet.rowCount).toBe(HEADER_ROW + rows.length);
    rows.forEach((row, i) => {
      const cells = values(sheet.getRow(HEADER_ROW + 1 + i));
      expect(cells[0]).toBe(row.stt);
      expect(cells[1]).toBe(row.clause ? row.clause.label : 'Ý kiến chung');
      expect(cells[3]).toBe(row.agency);
      expect(cells[4]).toBe(row.text);
      expect(cells[8]).toBe(DECISION_LABELS[row.response!.decision]);
      expect(cells[9]).toBe(row.response!.explanation);
    });
    const late = values(sheet.getRow(HEADER_ROW + 5));
    expect(late[3]).toBe('VNPT Gia Lai');
    expect(late[6]).toBe('Công văn số 210/VNPTGL-KHKD ngày 28/04/2020');
    expect(late[7]).toBe('Có');
    expect(sheet.getRow(HEADER_ROW + 3).getCell(5).value).toBe(QUOTED_COMMENT);
    expect(sheet.getRow(HEADER_ROW + 4).getCell(5).value).toBe(LONG_COMMENT);
    expect(sheet.getRow(HEADER_ROW + 3).getCell(5).alignment).toMatchObject({ wrapText: true });
  });

  it('when a comment reads like a formula then it is stored as a string, not a formula', () => {
    const cell = sheet.getRow(HEADER_ROW + 5).getCell(5);
    expect(cell.value).toBe(FORMULA_COMMENT);
    expect(cell.type).toBe(ExcelJS.ValueType.String);
    expect(cell.formula).toBeUndefined();
    sheet.eachRow((row) => row.eachCell((c) => expect(c.type).not.toBe(ExcelJS.ValueType.Formula)));
  });

  it('when read back then the second sheet lists every agency asked with its reply', () => {
    const agencies = workbook.getWorksheet('Cơ quan')!;
    expect(agencies.rowCount).toBe(1 + model.counts.asked);
    const byName = new Map<string, unknown[]>();
    agencies.eachRow((row, n) => {
      if (n > 1) byName.set(String(row.getCell(2).value), values(row));
    });
    expect(byName.get('Công an tỉnh')).toEqual([1, 'Công an tỉnh', 'Có ý kiến góp ý', '123/CAT-PV05', '24/04/2020']);
    expect(byName.get('Sở Kế hoạch và Đầu tư')?.[2]).toBe('Thống nhất, không có ý kiến');
    expect(byName.get('VNPT Gia Lai')?.[5]).toBe('Có');
    expect(byName.get('FPT Telecom chi nhánh Gia Lai')?.[2]).toBe('Không trả lời');
  });
});
