import { AlignmentType, Document, Packer, PageOrientation, Paragraph, Table, TableCell, TableLayoutType, TableRow, TextRun, UnderlineType, WidthType, type IRunOptions } from 'docx';
import type { WordChange } from '../../drafts/word-diff';
import type { ComparisonPage, PrintedPair, PrintedSide } from '../present';

const FONT = 'Times New Roman';
const mm = (value: number): number => Math.round(value * 56.7);
/** Half-points: 13 pt text, 14 pt title, 12 pt notes. */
const SIZE = { body: 26, title: 28, note: 24 };
/** A4 in twips, given portrait; docx swaps width and height for a landscape section. */
const A4 = { width: 11906, height: 16838 };
/** Nghị định 30/2020/NĐ-CP's margins: top and bottom 20 mm, left 30 mm, right 15 mm. */
const MARGIN = { top: mm(20), bottom: mm(20), left: mm(30), right: mm(15) };
/** Landscape: two columns of clause text side by side need the width. */
const TEXT_WIDTH = A4.height - MARGIN.left - MARGIN.right;
const COLUMNS = [Math.floor(TEXT_WIDTH / 2), TEXT_WIDTH - Math.floor(TEXT_WIDTH / 2)];
const CELL_MARGIN = { top: 40, bottom: 40, left: 100, right: 100 };

/** Control characters XML cannot hold. */
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/gu;

type RunStyle = Omit<IRunOptions, 'text' | 'break' | 'children'>;

const CHANGE_NOTE: Partial<Record<PrintedPair['change'], string>> = { added: 'Mục mới', removed: 'Đã bỏ', moved: 'Chuyển chỗ' };

/**
 * One side of a pair as paragraphs: its label in bold opening the first, then its words, a new
 * paragraph at each newline; words only the other side has are left out, words only this side has
 * are struck through (the earlier version) or underlined (the new one).
 */
function sideParagraphs(side: PrintedSide, words: readonly WordChange[], which: 'before' | 'after', note: string | null): Paragraph[] {
  const own: WordChange['op'] = which === 'before' ? 'del' : 'ins';
  const marked: RunStyle = which === 'before' ? { strike: true } : { underline: { type: UnderlineType.SINGLE } };
  const paragraphs: TextRun[][] = [[]];
  if (side.label) paragraphs[0].push(new TextRun({ text: `${side.label} `, bold: true }));
  for (const word of words) {
    if (word.op !== 'same' && word.op !== own) continue;
    const style = word.op === own ? marked : {};
    word.text
      .replace(NOT_XML, '')
      .split(/\r\n|\r|\n/u)
      .forEach((line, i) => {
        if (i > 0) paragraphs.push([]);
        if (line) paragraphs[paragraphs.length - 1].push(new TextRun({ ...style, text: line }));
      });
  }
  const out = paragraphs.map((children) => new Paragraph({ alignment: AlignmentType.JUSTIFIED, spacing: { after: 60 }, children }));
  if (note) out.push(new Paragraph({ children: [new TextRun({ text: `(${note})`, italics: true, size: SIZE.note })] }));
  return out;
}

function cell(children: Paragraph[], column: number): TableCell {
  return new TableCell({ width: { size: COLUMNS[column], type: WidthType.DXA }, children: children.length ? children : [new Paragraph({ children: [] })] });
}

/** About the characters of clause text a column holds in a third of a landscape page. */
const KEEP_WHOLE_CHARS = 900;
const ownLength = (side: PrintedSide | null): number => (side ? (side.label ?? '').length + (side.heading ?? '').length + side.text.length : 0);

function pairRow(pair: PrintedPair): TableRow {
  const was = pair.renumbered && pair.before?.label ? `trước là ${pair.before.label}` : null;
  const afterNote = [pair.after ? CHANGE_NOTE[pair.change] : null, was].filter(Boolean).join('; ') || null;
  // A row short enough to fit well within a page is kept whole on one; a longer one may break.
  const length = Math.max(ownLength(pair.before), ownLength(pair.after));
  return new TableRow({
    cantSplit: length <= KEEP_WHOLE_CHARS,
    children: [
      cell(pair.before ? sideParagraphs(pair.before, pair.words, 'before', pair.after ? null : (CHANGE_NOTE.removed ?? null)) : [], 0),
      cell(pair.after ? sideParagraphs(pair.after, pair.words, 'after', afterNote) : [], 1),
    ],
  });
}

/**
 * The bản so sánh as a Word document: a title, then one table "Dự thảo lần N | Dự thảo lần N+1"
 * with a row per clause pair in the new version's order (a removed clause where it stood, its
 * right cell empty; an added one with its left cell empty), the header row repeated on each page;
 * A4 landscape in Times New Roman, the words changed struck through at left and underlined at right.
 */
export async function renderComparisonDocx(page: ComparisonPage, meta: { title: string; office: string | null }): Promise<Buffer> {
  const heading = (text: string, style: RunStyle = {}, after = 0) =>
    new Paragraph({ alignment: AlignmentType.CENTER, keepNext: true, spacing: { after }, children: [new TextRun({ ...style, text: text.replace(NOT_XML, '') })] });
  const headerRow = new TableRow({
    tableHeader: true,
    cantSplit: true,
    children: [`Dự thảo lần ${page.fromVersion}`, `Dự thảo lần ${page.toVersion}`].map((title, i) =>
      cell([new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: title, bold: true })] })], i),
    ),
  });
  const document = new Document({
    creator: (meta.office ?? 'Gopy').replace(NOT_XML, ''),
    title: `Bản so sánh Dự thảo lần ${page.fromVersion} và Dự thảo lần ${page.toVersion}`,
    styles: { default: { document: { run: { font: FONT, size: SIZE.body }, paragraph: { spacing: { after: 0 } } } } },
    sections: [
      {
        properties: { page: { size: { ...A4, orientation: PageOrientation.LANDSCAPE }, margin: MARGIN } },
        children: [
          heading('BẢN SO SÁNH', { bold: true, size: SIZE.title }, 60),
          heading(meta.title, { bold: true, size: SIZE.title }, 60),
          heading(`giữa Dự thảo lần ${page.fromVersion} và Dự thảo lần ${page.toVersion}`, { italics: true }, 240),
          new Table({
            width: { size: TEXT_WIDTH, type: WidthType.DXA },
            columnWidths: COLUMNS,
            layout: TableLayoutType.FIXED,
            margins: CELL_MARGIN,
            rows: [headerRow, ...page.pairs.map(pairRow)],
          }),
          new Paragraph({
            spacing: { before: 160 },
            children: [new TextRun({ text: 'Chữ gạch ngang: nội dung bỏ đi so với dự thảo lần trước; chữ gạch chân: nội dung thêm mới.', italics: true, size: SIZE.note })],
          }),
        ],
      },
    ],
  });
  return Packer.toBuffer(document);
}
