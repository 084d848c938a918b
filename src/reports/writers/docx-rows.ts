import { DECISION_LABELS, type ReportModel, type ReportRow } from '../model';
import { responseSpans } from './groups';
import { GENERAL_LABEL } from './table';
import { letterReference, xmlSafe } from './text';

export interface RowsLayout {
  /** Grid column widths in twips: STT, clause, agency, comment, response. */
  columns: readonly number[];
  /** Half-points of the smaller text (letters, clause excerpts). */
  smallSize: number;
}

interface RunStyle {
  bold?: boolean;
  italics?: boolean;
  size?: number;
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
const NEEDS_ESCAPE = /[&<>"']/gu;
const NEWLINE = /\r\n|\r|\n/u;

function escapeXml(text: string): string {
  return text.replace(NEEDS_ESCAPE, (c) => ESCAPES[c]);
}

function runProperties({ bold, italics, size }: RunStyle): string {
  const properties =
    (bold ? '<w:b/><w:bCs/>' : '') + (italics ? '<w:i/><w:iCs/>' : '') + (size ? `<w:sz w:val="${size}"/><w:szCs w:val="${size}"/>` : '');
  return properties ? `<w:rPr>${properties}</w:rPr>` : '';
}

/** Text as runs, a line break for each newline; control characters XML cannot hold are dropped. */
function runs(text: string, style: RunStyle = {}): string {
  const properties = runProperties(style);
  return xmlSafe(text)
    .split(NEWLINE)
    .map((line, i) => `<w:r>${properties}${i > 0 ? '<w:br/>' : ''}<w:t xml:space="preserve">${escapeXml(line)}</w:t></w:r>`)
    .join('');
}

function para(content: string, options: { centred?: boolean; spaceBefore?: number } = {}): string {
  const properties = (options.spaceBefore ? `<w:spacing w:before="${options.spaceBefore}"/>` : '') + (options.centred ? '<w:jc w:val="center"/>' : '');
  if (!content && !properties) return '<w:p/>';
  return `<w:p>${properties ? `<w:pPr>${properties}</w:pPr>` : ''}${content}</w:p>`;
}

/** A cell must end with a paragraph, so one with nothing to say (a clause with no title or excerpt) gets an empty one. */
function cell(width: number, paragraphs: string, properties = ''): string {
  return `<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="${width}"/>${properties}</w:tcPr>${paragraphs || '<w:p/>'}</w:tc>`;
}

/** Where a group's merged response cell continues: no width, one empty paragraph, as Word expects. */
const MERGE_CONTINUES = '<w:tc><w:tcPr><w:vMerge w:val="continue"/></w:tcPr><w:p/></w:tc>';

function fullWidthRow(layout: RowsLayout, paragraph: string, cantSplit: boolean): string {
  const width = layout.columns.reduce((a, b) => a + b, 0);
  const span = `<w:gridSpan w:val="${layout.columns.length}"/>`;
  return `<w:tr>${cantSplit ? '<w:trPr><w:cantSplit/></w:trPr>' : ''}${cell(width, paragraph, span)}</w:tr>`;
}

function clauseCell(row: ReportRow, small: number): string {
  if (!row.clause) return para(runs(GENERAL_LABEL));
  const { label, heading, excerpt } = row.clause;
  const title = (label ? runs(label, { bold: true }) : '') + (heading ? runs(`${label ? ' ' : ''}${heading}`) : '');
  return (title ? para(title) : '') + (excerpt ? para(runs(excerpt, { size: small })) : '');
}

function agencyCell(row: ReportRow, small: number): string {
  const letter = letterReference(row.letterNumber, row.letterDate);
  return (
    para(runs(row.agency)) +
    (letter ? para(runs(`(${letter})`, { size: small })) : '') +
    (row.late ? para(runs('(nhận sau hạn)', { italics: true, size: small })) : '')
  );
}

function commentCell(row: ReportRow): string {
  return (
    para(runs(row.text)) +
    (row.proposedText ? para(runs(`Đề xuất sửa thành: ${row.proposedText}`, { italics: true }), { spaceBefore: 80 }) : '')
  );
}

function responseCell(row: ReportRow): string {
  if (!row.response) return para(runs('Chưa tiếp thu, giải trình', { italics: true }));
  return para(runs(DECISION_LABELS[row.response.decision], { bold: true })) + (row.response.explanation ? para(runs(row.response.explanation)) : '');
}

/** A row covered by its group's response (span 0) gets the merge continuation instead of a cell. */
function commentRow(row: ReportRow, span: number, layout: RowsLayout): string {
  const [stt, clause, agency, comment, response] = layout.columns;
  const small = layout.smallSize;
  const responseXml =
    span === 0 ? MERGE_CONTINUES : cell(response, responseCell(row), span > 1 ? '<w:vMerge w:val="restart"/>' : '');
  return (
    '<w:tr>' +
    cell(stt, para(runs(String(row.stt)), { centred: true })) +
    cell(clause, clauseCell(row, small)) +
    cell(agency, agencyCell(row, small)) +
    cell(comment, commentCell(row)) +
    responseXml +
    '</w:tr>'
  );
}

function* sectionRows(heading: string, rows: ReportRow[], layout: RowsLayout): Generator<string> {
  yield fullWidthRow(layout, para(runs(heading, { bold: true })), true);
  if (rows.length === 0) {
    yield fullWidthRow(layout, para(runs('Không có', { italics: true })), false);
    return;
  }
  const spans = responseSpans(rows);
  for (let i = 0; i < rows.length; i++) yield commentRow(rows[i], spans[i], layout);
}

/**
 * The WordprocessingML of the comments table's rows after its header: section I (general
 * comments), then section II (by clause), one `<w:tr>` per string. It is the markup the `docx`
 * package makes for them, written directly: its object tree cost tens of seconds and gigabytes
 * for 50,000 rows.
 */
export function* commentRowsXml(model: ReportModel, layout: RowsLayout): Generator<string> {
  yield* sectionRows('I. Ý KIẾN CHUNG', model.general, layout);
  yield* sectionRows('II. Ý KIẾN THEO ĐIỀU, KHOẢN', model.byClause, layout);
}
