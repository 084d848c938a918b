import {
  AlignmentType,
  BorderStyle,
  Document,
  Packer,
  PageOrientation,
  Paragraph,
  Table,
  TableBorders,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  UnderlineType,
  WidthType,
  type IRunOptions,
} from 'docx';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import JSZip from 'jszip';
import type { ReportModel } from '../model';
import { commentRowsXml } from './docx-rows';
import { openingParagraphs } from './opening';
import { A4, CELL_MARGIN, COLUMNS, MARGIN, mm, SIZE, TEXT_WIDTH, whoColumn } from './print-layout';
import { numberLine, xmlSafe } from './text';

const FONT = 'Times New Roman';
/** The page's left margin and the table's columns, in twips: where a reader finds each column on the page. */
export const DOCX_TABLE_LAYOUT = { left: MARGIN.left, columns: COLUMNS } as const;
/** The header's two blocks: the office's names at left, the quốc hiệu (one line at 13 pt bold needs ~110 mm) at right. */
const HEADER_SHARES = [0.4, 0.6];

type RunStyle = Omit<IRunOptions, 'text' | 'break' | 'children'>;
type ParagraphOptions = Omit<ConstructorParameters<typeof Paragraph>[0] & object, 'children'>;

/** Text as runs, a line break for each newline; control characters XML cannot hold are dropped. */
function runs(text: string, style: RunStyle = {}): TextRun[] {
  return xmlSafe(text)
    .split(/\r\n|\r|\n/u)
    .map((line, i) => new TextRun({ ...style, text: line, break: i > 0 ? 1 : undefined }));
}

function para(children: TextRun[], options: ParagraphOptions = {}): Paragraph {
  return new Paragraph({ ...options, children });
}

/** Roughly how wide a line of capitals is set in Times at `halfPoints`: to size the rule under it. */
function capitalsWidth(text: string, halfPoints: number): number {
  return Math.round(text.length * 0.68 * halfPoints * 10);
}

/** A paragraph whose bottom border is the short rule under the office's name. */
function rule(ruleWidth: number, cellWidth: number): Paragraph {
  const indent = Math.max(0, Math.round((cellWidth - ruleWidth) / 2));
  return new Paragraph({
    indent: { left: indent, right: indent },
    border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: '000000', space: 1 } },
    spacing: { after: 0, line: 120, lineRule: 'exact' },
    children: [],
  });
}

function layoutTable(widths: number[], cells: Paragraph[][]): Table {
  return new Table({
    width: { size: widths.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: widths,
    layout: TableLayoutType.FIXED,
    borders: TableBorders.NONE,
    rows: [
      new TableRow({
        children: cells.map((children, i) => new TableCell({ width: { size: widths[i], type: WidthType.DXA }, children })),
      }),
    ],
  });
}

/**
 * Phụ lục I's header: at left the office under its parent, a short rule (1/3 to 1/2 of the line)
 * and the số, ký hiệu; at right the quốc hiệu on one line, the tiêu ngữ underlined, and the
 * place and date.
 */
function header(model: ReportModel): Table {
  const widths = HEADER_SHARES.map((share) => Math.floor(share * TEXT_WIDTH));
  const centred = { alignment: AlignmentType.CENTER };
  const officeName = model.office.name.toLocaleUpperCase('vi');
  const officeLine = Math.min(capitalsWidth(officeName, SIZE.body), widths[0]);
  const office = [
    ...(model.office.parentName ? [para(runs(model.office.parentName.toLocaleUpperCase('vi')), centred)] : []),
    para(runs(officeName, { bold: true }), centred),
    rule(Math.round(officeLine * 0.4), widths[0]),
    para(runs(numberLine(model.office)), { ...centred, spacing: { before: 120 } }),
  ];
  const motto = [
    para(runs('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { bold: true, size: SIZE.nation }), centred),
    para(runs('Độc lập - Tự do - Hạnh phúc', { bold: true, size: SIZE.motto, underline: { type: UnderlineType.SINGLE } }), centred),
    para(runs(model.placeAndDate, { italics: true, size: SIZE.placeDate }), { ...centred, spacing: { before: 160 } }),
  ];
  return layoutTable(widths, [office, motto]);
}

function titleBlock(model: ReportModel): Paragraph[] {
  const centred = { alignment: AlignmentType.CENTER, keepNext: true };
  return [
    para(runs('BẢNG TỔNG HỢP, TIẾP THU, GIẢI TRÌNH Ý KIẾN GÓP Ý', { bold: true, size: SIZE.title }), { ...centred, spacing: { before: 360, after: 60 } }),
    para(runs(model.consultation.draftTitle, { bold: true, size: SIZE.title }), centred),
    para(runs(`(Dự thảo lần ${model.consultation.draftVersion})`, { bold: true }), { ...centred, spacing: { after: 240 } }),
    ...openingParagraphs(model).map((text) =>
      para(runs(text), { alignment: AlignmentType.JUSTIFIED, indent: { firstLine: mm(10) }, spacing: { after: 120 } }),
    ),
  ];
}

function cell(children: Paragraph[], column: number): TableCell {
  return new TableCell({ width: { size: COLUMNS[column], type: WidthType.DXA }, children });
}

function headerRow(who: string): TableRow {
  const titles = ['STT', 'Nội dung dự thảo (mục / điều / khoản)', who, 'Nội dung góp ý', 'Tiếp thu, giải trình'];
  return new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: titles.map((title, i) => cell([para(runs(title, { bold: true }), { alignment: AlignmentType.CENTER })], i)),
  });
}

/** The table as docx makes it, with one row holding `marker` where the comment rows will go. */
function commentsTable(marker: string, who: string): Table {
  return new Table({
    width: { size: COLUMNS.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: COLUMNS,
    layout: TableLayoutType.FIXED,
    margins: CELL_MARGIN,
    rows: [headerRow(who), new TableRow({ children: [cell([para(runs(marker))], 0)] })],
  });
}

/**
 * "Nơi nhận" (12 pt bold italic, then 11 pt lines that each begin with "-") at left and the
 * signature at right. It ends up inside the comments table's last row (see docx-rows.ts).
 */
function closing(model: ReportModel): Table {
  const { prefix, authority, title, name } = model.signature;
  const centredBold = (text: string): Paragraph => para(runs(text, { bold: true }), { alignment: AlignmentType.CENTER });
  const distribution = [
    para(runs('Nơi nhận:', { bold: true, italics: true, size: SIZE.distributionHeading })),
    ...model.distribution.map((line) => para(runs(line, { size: SIZE.distribution }))),
  ];
  const authorityLine = [prefix, authority].filter(Boolean).join(' ');
  const signature = [
    ...(authorityLine ? [centredBold(authorityLine.toLocaleUpperCase('vi'))] : []),
    ...(title ? [centredBold(title.toLocaleUpperCase('vi'))] : []),
    ...[1, 2, 3, 4].map(() => para([])),
    ...(name ? [centredBold(name)] : []),
  ];
  const width = COLUMNS.reduce((a, b) => a + b, 0);
  const left = Math.round(width * 0.5);
  return layoutTable([left, width - left], [distribution, signature]);
}

/** About how many characters of rows go into each chunk of document.xml handed to the zip. */
const CHUNK_CHARS = 1 << 20;

/** document.xml as UTF-8 chunks, so the rows, tens of megabytes for a large report, are never one string. */
function* documentXml(head: string, rows: Iterable<string>, tail: string): Generator<Buffer> {
  yield Buffer.from(head);
  let parts: string[] = [];
  let length = 0;
  for (const row of rows) {
    parts.push(row);
    length += row.length;
    if (length >= CHUNK_CHARS) {
      yield Buffer.from(parts.join(''));
      parts = [];
      length = 0;
    }
  }
  parts.push(tail);
  yield Buffer.from(parts.join(''));
}

/**
 * The report as a Word document on landscape A4, laid out as Nghị định 30/2020/NĐ-CP Phụ lục I
 * lays out a văn bản hành chính: header, title, opening, the table (its header row repeated on each
 * page, rows kept whole where they fit a page), "Nơi nhận" and the signature.
 * docx lays out everything but the table's comment rows, which are spliced in as XML in place of a
 * marker row and streamed into the zip (see docx-rows.ts).
 */
export async function renderReportDocx(model: ReportModel): Promise<Buffer> {
  const marker = `gopy-rows-${randomUUID()}`;
  const document = new Document({
    creator: xmlSafe(model.office.name),
    title: xmlSafe(`Bảng tổng hợp, tiếp thu, giải trình ý kiến góp ý — ${model.consultation.number}`),
    styles: { default: { document: { run: { font: FONT, size: SIZE.body }, paragraph: { spacing: { after: 0 } } } } },
    sections: [
      {
        properties: { page: { size: { ...A4, orientation: PageOrientation.LANDSCAPE }, margin: MARGIN } },
        children: [header(model), ...titleBlock(model), commentsTable(marker, whoColumn(model)), closing(model)],
      },
    ],
  });
  const zip = await JSZip.loadAsync(await Packer.toBuffer(document));
  const xml = await zip.file('word/document.xml')!.async('string');
  const at = xml.indexOf(marker);
  const start = xml.lastIndexOf('<w:tr>', at);
  const end = xml.indexOf('</w:tr>', at);
  // The closing table docx laid out after the comments table moves into the comments table's last row.
  const tableEnd = xml.indexOf('</w:tbl>', end);
  const closingStart = xml.indexOf('<w:tbl>', tableEnd);
  const closingEnd = xml.indexOf('</w:tbl>', closingStart) + '</w:tbl>'.length;
  if (at < 0 || start < 0 || end < 0 || closingStart < 0) throw new Error('DOCX: the marker row of the comments table or the closing is missing from document.xml');
  const rows = commentRowsXml(model, xml.slice(closingStart, closingEnd));
  const head = xml.slice(0, start);
  const tail = xml.slice(end + '</w:tr>'.length, closingStart) + xml.slice(closingEnd);
  zip.file('word/document.xml', Readable.from(documentXml(head, rows, tail)));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}
