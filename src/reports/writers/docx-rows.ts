import { DECISION_LABELS, type ReportModel, type ReportRow, appliedLine } from '../model';
import type { RowSpans } from './groups';
import { CELL_MARGIN, COLUMNS, printedRows, rowHeight, sameTextLine, SECTION_HEADINGS, SIZE, TEXT_HEIGHT } from './print-layout';
import { GENERAL_LABEL } from './table';
import { letterReference, xmlSafe } from './text';

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

function para(content: string, options: { centred?: boolean; spaceBefore?: number; keepNext?: boolean } = {}): string {
  const properties =
    (options.keepNext ? '<w:keepNext/>' : '') +
    (options.spaceBefore ? `<w:spacing w:before="${options.spaceBefore}"/>` : '') + (options.centred ? '<w:jc w:val="center"/>' : '');
  if (!content && !properties) return '<w:p/>';
  return `<w:p>${properties ? `<w:pPr>${properties}</w:pPr>` : ''}${content}</w:p>`;
}

/** A cell must end with a paragraph, so one with nothing to say (a clause with no title or excerpt) gets an empty one. */
function cell(width: number, paragraphs: string, properties = ''): string {
  return `<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="${width}"/>${properties}</w:tcPr>${paragraphs || '<w:p/>'}</w:tc>`;
}

/** Where a merged cell (a clause's wording, a group's response) continues: no width, one empty paragraph, as Word expects. */
const MERGE_CONTINUES = '<w:tc><w:tcPr><w:vMerge w:val="continue"/></w:tcPr><w:p/></w:tc>';

const CANT_SPLIT = '<w:trPr><w:cantSplit/></w:trPr>';
const TABLE_WIDTH = COLUMNS.reduce((a, b) => a + b, 0);

function fullWidthRow(paragraph: string): string {
  return `<w:tr>${CANT_SPLIT}${cell(TABLE_WIDTH, paragraph, `<w:gridSpan w:val="${COLUMNS.length}"/>`)}</w:tr>`;
}

function clauseCell(row: ReportRow): string {
  if (!row.clause) return para(runs(GENERAL_LABEL));
  const { label, heading, text } = row.clause;
  const title = (label ? runs(label, { bold: true }) : '') + (heading ? runs(`${label ? ' ' : ''}${heading}`) : '');
  return (title ? para(title) : '') + (text ? para(runs(text, { size: SIZE.small })) : '');
}

function agencyCell(row: ReportRow): string {
  const letter = letterReference(row.letterNumber, row.letterDate);
  return (
    para(runs(row.agency)) +
    (letter ? para(runs(`(${letter})`, { size: SIZE.small })) : '') +
    (row.late ? para(runs('(nhận sau hạn)', { italics: true, size: SIZE.small })) : '')
  );
}

function commentCell(row: ReportRow): string {
  const same = sameTextLine(row);
  return (
    para(runs(row.text)) +
    (same ? para(runs(same, { italics: true, size: SIZE.small }), { spaceBefore: 80 }) : '') +
    (row.proposedText ? para(runs(`Đề xuất sửa thành: ${row.proposedText}`, { italics: true }), { spaceBefore: 80 }) : '')
  );
}

function responseCell(row: ReportRow): string {
  if (!row.response) return para(runs('Chưa tiếp thu, giải trình', { italics: true }));
  const applied = appliedLine(row.response);
  return (
    para(runs(DECISION_LABELS[row.response.decision], { bold: true })) +
    (row.response.explanation ? para(runs(row.response.explanation)) : '') +
    (applied ? para(runs(applied, { italics: true }), { spaceBefore: 80 }) : '')
  );
}

/** A cell that spans `span` rows: the merge's start (span > 1), its continuation (0), or a plain cell. */
function mergedCell(width: number, span: number, content: () => string): string {
  if (span === 0) return MERGE_CONTINUES;
  return cell(width, content(), span > 1 ? '<w:vMerge w:val="restart"/>' : '');
}

/**
 * A row is kept whole on one page when it surely fits in half of one; a longer one (a whole article
 * beside a long comment) may break, since a row taller than the page could not be printed at all.
 */
function commentRow(row: ReportRow, spans: RowSpans): string {
  const [stt, clause, agency, comment, response] = COLUMNS;
  const whole = rowHeight(row, spans.clause > 0) <= TEXT_HEIGHT / 2;
  return (
    `<w:tr>${whole ? CANT_SPLIT : ''}` +
    cell(stt, para(runs(String(row.stt)), { centred: true })) +
    mergedCell(clause, spans.clause, () => clauseCell(row)) +
    cell(agency, agencyCell(row)) +
    cell(comment, commentCell(row)) +
    mergedCell(response, spans.response, () => responseCell(row)) +
    '</w:tr>'
  );
}

function* commentRows(rows: readonly ReportRow[], spans: readonly RowSpans[]): Generator<string> {
  for (let i = 0; i < rows.length; i++) yield commentRow(rows[i], spans[i]);
}

function sectionHeading(heading: string): string {
  // Kept with the section's first row (Word honours keepNext from one row to the next).
  return fullWidthRow(para(runs(heading, { bold: true }), { keepNext: true }));
}

const NOTHING = fullWidthRow(para(runs('Không có', { italics: true })));

const SINGLE = (edge: string): string => `<w:${edge} w:val="single" w:color="auto" w:sz="4"/>`;

/** The table's last rows as a table of their own, with the comments table's grid and borders but no top line (the row above draws it). */
function nestedRows(rowsXml: string): string {
  return (
    `<w:tbl><w:tblPr><w:tblW w:type="dxa" w:w="${TABLE_WIDTH}"/>` +
    `<w:tblBorders><w:top w:val="nil"/>${['left', 'bottom', 'right', 'insideH', 'insideV'].map(SINGLE).join('')}</w:tblBorders>` +
    `<w:tblLayout w:type="fixed"/><w:tblCellMar><w:top w:type="dxa" w:w="${CELL_MARGIN.top}"/><w:left w:type="dxa" w:w="${CELL_MARGIN.left}"/>` +
    `<w:bottom w:type="dxa" w:w="${CELL_MARGIN.bottom}"/><w:right w:type="dxa" w:w="${CELL_MARGIN.right}"/></w:tblCellMar></w:tblPr>` +
    `<w:tblGrid>${COLUMNS.map((w) => `<w:gridCol w:w="${w}"/>`).join('')}</w:tblGrid>${rowsXml}</w:tbl>`
  );
}

/**
 * The comments table's last row: one borderless cell, in a row that never splits, holding the
 * table's last comments (a nested table) and then the closing ("Nơi nhận" and the signature).
 * Word processors keep a row whole but not, all of them, a table with what follows it: so the
 * signature never stands alone on a page, nor apart from its title.
 */
function closingRow(lastRowsXml: string, closingXml: string): string {
  const noMargins = ['top', 'left', 'bottom', 'right'].map((edge) => `<w:${edge} w:type="dxa" w:w="0"/>`).join('');
  return (
    `<w:tr>${CANT_SPLIT}<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="${TABLE_WIDTH}"/><w:gridSpan w:val="${COLUMNS.length}"/>` +
    '<w:tcBorders><w:left w:val="nil"/><w:bottom w:val="nil"/><w:right w:val="nil"/></w:tcBorders>' +
    `<w:tcMar>${noMargins}</w:tcMar></w:tcPr>` +
    nestedRows(lastRowsXml) +
    '<w:p><w:pPr><w:spacing w:after="240"/></w:pPr></w:p>' +
    closingXml +
    '<w:p/></w:tc></w:tr>'
  );
}

/**
 * The WordprocessingML of the comments table's rows after its header: section I (general
 * comments), section II (by clause), section III (public comments, when taken), then the closing row holding the last comments (see
 * tailStart), one `<w:tr>` per string. It is the markup the `docx` package makes for them,
 * written directly: its object tree cost tens of seconds and gigabytes for 50,000 rows.
 */
export function* commentRowsXml(model: ReportModel, closingXml: string): Generator<string> {
  const { general, byClause, publicComments, last } = printedRows(model);
  yield sectionHeading(SECTION_HEADINGS.general);
  if (general.rows.length === 0) yield NOTHING;
  yield* commentRows(general.rows, general.spans);
  yield sectionHeading(SECTION_HEADINGS.byClause);
  if (publicComments && model.byClause.length === 0) yield NOTHING;
  yield* commentRows(byClause.rows, byClause.spans);
  if (publicComments) {
    yield sectionHeading(SECTION_HEADINGS.publicComments);
    yield* commentRows(publicComments.rows, publicComments.spans);
  }
  const lastSection = publicComments ? model.publicComments!.groups : model.byClause;
  const lastRows = lastSection.length === 0 ? NOTHING : [...commentRows(last.rows, last.spans)].join('');
  yield closingRow(lastRows, closingXml);
}
