import type { Stream } from 'node:stream';
import ExcelJS from 'exceljs';
import { formatVnDate } from '../../time';
import type { ReportModel } from '../model';
import { allRows, TABLE_COLUMNS, tableCells } from './table';
import { letterReference, xmlSafe } from './text';

/** Widths in characters, in TABLE_COLUMNS order. */
const WIDTHS = [6, 10, 40, 28, 60, 40, 30, 10, 22, 60];
const WRAP: Partial<ExcelJS.Alignment> = { wrapText: true, vertical: 'top' };
const BOLD: Partial<ExcelJS.Font> = { bold: true };

/**
 * Cells get strings and numbers only, never `{ formula }` objects: exceljs stores a string as text,
 * so a comment reading "=HYPERLINK(...)" stays that text in Excel.
 */
function cellValue(value: string | number): string | number {
  return typeof value === 'string' ? xmlSafe(value) : value;
}

function addRow(sheet: ExcelJS.Worksheet, values: readonly (string | number)[], font?: Partial<ExcelJS.Font>): void {
  const row = sheet.addRow(values.map(cellValue));
  if (font) row.font = font;
  row.commit();
}

function writeCommentsSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, model: ReportModel): void {
  const titleRows = [
    [model.office.name],
    ['Bảng tổng hợp, tiếp thu, giải trình ý kiến góp ý'],
    [`${model.consultation.draftTitle} (Dự thảo lần ${model.consultation.draftVersion})`],
    [letterReference(model.consultation.number, model.consultation.letterDate) ?? ''],
    [],
  ];
  const headerRowNumber = titleRows.length + 1;
  const sheet = workbook.addWorksheet('Tổng hợp', { views: [{ state: 'frozen', ySplit: headerRowNumber }] });
  sheet.columns = WIDTHS.map((width) => ({ width, style: { alignment: WRAP } }));
  titleRows.forEach((values, i) => addRow(sheet, values, i < 2 ? BOLD : undefined));
  addRow(sheet, TABLE_COLUMNS, BOLD);
  for (const row of allRows(model)) addRow(sheet, tableCells(row));
  sheet.commit();
}

function writeAgenciesSheet(workbook: ExcelJS.stream.xlsx.WorkbookWriter, model: ReportModel): void {
  const sheet = workbook.addWorksheet('Cơ quan', { views: [{ state: 'frozen', ySplit: 1 }] });
  sheet.columns = [6, 45, 30, 22, 14, 12].map((width) => ({ width, style: { alignment: WRAP } }));
  addRow(sheet, ['STT', 'Cơ quan', 'Tình trạng', 'Văn bản số', 'Ngày văn bản', 'Nhận sau hạn'], BOLD);
  const commented = new Set([...allRows(model)].map((row) => row.agency));
  let stt = 0;
  for (const agency of model.replied) {
    const state = agency.agreedWithoutComments
      ? 'Thống nhất, không có ý kiến'
      : commented.has(agency.name)
        ? 'Có ý kiến góp ý'
        : 'Đã trả lời';
    addRow(sheet, [(stt += 1), agency.name, state, agency.letterNumber ?? '', agency.letterDate ? formatVnDate(agency.letterDate) : '', agency.late ? 'Có' : '']);
  }
  for (const agency of model.noReply) {
    const state = agency.revokedAt ? `Không trả lời (đã thu hồi đường dẫn góp ý ngày ${formatVnDate(agency.revokedAt)})` : 'Không trả lời';
    addRow(sheet, [(stt += 1), agency.name, state, '', '', '']);
  }
  sheet.commit();
}

/**
 * The report as an Excel workbook, streamed: sheet "Tổng hợp" (title rows, then one row per
 * comment, a group's response repeated) and sheet "Cơ quan" (every agency asked and its reply).
 * Rows are committed as they are written, so memory stays flat; `output` is ended.
 */
export async function writeReportXlsx(model: ReportModel, output: NodeJS.WritableStream): Promise<void> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: output as NodeJS.WritableStream & Stream, useStyles: true, useSharedStrings: false });
  workbook.creator = xmlSafe(model.office.name);
  writeCommentsSheet(workbook, model);
  writeAgenciesSheet(workbook, model);
  await workbook.commit();
}
