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
  WidthType,
  type IRunOptions,
  type ISectionOptions,
} from 'docx';
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import JSZip from 'jszip';
import type { ReportModel } from '../model';
import { commentRowsXml } from './docx-rows';
import { openingParagraphs } from './opening';
import { xmlSafe } from './text';

const FONT = 'Times New Roman';
/** Half-points: body 13 pt, title 14 pt, notes 12 and 11 pt. */
const SIZE = { body: 26, title: 28, small: 24, distribution: 22 };
const mm = (value: number): number => Math.round(value * 56.7);
/** A4 in twips, given portrait; docx swaps width and height for a landscape section. */
const A4 = { width: 11906, height: 16838 };
/** Nghị định 30/2020/NĐ-CP: top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm. */
const MARGIN = { top: mm(20), bottom: mm(20), left: mm(30), right: mm(15) };
const PORTRAIT_WIDTH = A4.width - MARGIN.left - MARGIN.right;
const LANDSCAPE_WIDTH = A4.height - MARGIN.left - MARGIN.right;
/** STT | Nội dung dự thảo | Cơ quan góp ý | Nội dung góp ý | Tiếp thu, giải trình */
const COLUMN_SHARES = [0.05, 0.2, 0.17, 0.3, 0.28];
const COLUMNS = COLUMN_SHARES.map((share) => Math.floor(share * LANDSCAPE_WIDTH));
const CELL_MARGIN = { top: 40, bottom: 40, left: 80, right: 80 };

type RunStyle = Omit<IRunOptions, 'text' | 'break' | 'children'>;

/** Text as runs, a line break for each newline; control characters XML cannot hold are dropped. */
function runs(text: string, style: RunStyle = {}): TextRun[] {
  return xmlSafe(text)
    .split(/\r\n|\r|\n/u)
    .map((line, i) => new TextRun({ ...style, text: line, break: i > 0 ? 1 : undefined }));
}

function para(children: TextRun[], options: Omit<ConstructorParameters<typeof Paragraph>[0] & object, 'children'> = {}): Paragraph {
  return new Paragraph({ ...options, children });
}

/** A paragraph whose bottom border is the short rule under the office's name or the motto. */
function rule(cellWidth: number, ruleWidth: number): Paragraph {
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

function header(model: ReportModel): Table {
  const left = Math.round(PORTRAIT_WIDTH * 0.4);
  const widths = [left, PORTRAIT_WIDTH - left];
  const centred = { alignment: AlignmentType.CENTER };
  const office = [
    ...(model.office.parentName ? [para(runs(model.office.parentName.toLocaleUpperCase('vi')), centred)] : []),
    para(runs(model.office.name.toLocaleUpperCase('vi'), { bold: true }), centred),
    rule(widths[0], Math.round(widths[0] * 0.3)),
  ];
  const motto = [
    para(runs('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', { bold: true }), centred),
    para(runs('Độc lập - Tự do - Hạnh phúc', { bold: true, size: SIZE.title }), centred),
    rule(widths[1], Math.round(widths[1] * 0.45)),
    para(runs(model.placeAndDate, { italics: true }), { alignment: AlignmentType.RIGHT, spacing: { before: 120 } }),
  ];
  return layoutTable(widths, [office, motto]);
}

function titleBlock(model: ReportModel): Paragraph[] {
  const centred = { alignment: AlignmentType.CENTER };
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

function headerRow(): TableRow {
  const titles = ['STT', 'Nội dung dự thảo (mục / điều / khoản)', 'Cơ quan góp ý', 'Nội dung góp ý', 'Tiếp thu, giải trình'];
  return new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: titles.map((title, i) => cell([para(runs(title, { bold: true }), { alignment: AlignmentType.CENTER })], i)),
  });
}

/** The table as docx makes it, with one row holding `marker` where the comment rows will go. */
function commentsTable(marker: string): Table {
  return new Table({
    width: { size: COLUMNS.reduce((a, b) => a + b, 0), type: WidthType.DXA },
    columnWidths: COLUMNS,
    layout: TableLayoutType.FIXED,
    margins: CELL_MARGIN,
    rows: [headerRow(), new TableRow({ children: [cell([para(runs(marker))], 0)] })],
  });
}

function closing(model: ReportModel): Table {
  const { prefix, authority, title, name } = model.signature;
  const centredBold = (text: string): Paragraph => para(runs(text, { bold: true }), { alignment: AlignmentType.CENTER });
  const distribution = [
    para(runs('Nơi nhận:', { bold: true, italics: true, size: SIZE.small })),
    ...model.distribution.map((line) => para(runs(line, { size: SIZE.distribution }))),
  ];
  const authorityLine = [prefix, authority].filter(Boolean).join(' ');
  const signature = [
    ...(authorityLine ? [centredBold(authorityLine)] : []),
    ...(title ? [centredBold(title)] : []),
    ...[1, 2, 3, 4].map(() => para([])),
    ...(name ? [centredBold(name)] : []),
  ];
  const left = Math.round(LANDSCAPE_WIDTH * 0.55);
  return layoutTable([left, LANDSCAPE_WIDTH - left], [distribution, signature]);
}

function page(orientation: (typeof PageOrientation)[keyof typeof PageOrientation]): ISectionOptions['properties'] {
  return { page: { size: { ...A4, orientation }, margin: MARGIN } };
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
 * The report as a Word document: the header, title and opening on a portrait A4 page, then the
 * table, "Nơi nhận" and the signature in a landscape section, its header row repeated on each page.
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
      { properties: page(PageOrientation.PORTRAIT), children: [header(model), ...titleBlock(model)] },
      { properties: page(PageOrientation.LANDSCAPE), children: [commentsTable(marker), para([], { spacing: { after: 240 } }), closing(model)] },
    ],
  });
  const zip = await JSZip.loadAsync(await Packer.toBuffer(document));
  const xml = await zip.file('word/document.xml')!.async('string');
  const at = xml.indexOf(marker);
  const start = xml.lastIndexOf('<w:tr>', at);
  const end = xml.indexOf('</w:tr>', at);
  if (at < 0 || start < 0 || end < 0) throw new Error('DOCX: the marker row of the comments table is missing from document.xml');
  const rows = commentRowsXml(model, { columns: COLUMNS, smallSize: SIZE.small });
  zip.file('word/document.xml', Readable.from(documentXml(xml.slice(0, start), rows, xml.slice(end + '</w:tr>'.length))));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}
