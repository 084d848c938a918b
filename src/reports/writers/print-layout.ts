import type { PublicReportGroup, ReportModel, ReportRow } from '../model';
import { type RowSpans, rowSpans } from './groups';
import { letterReference } from './text';

/**
 * The printed page both the DOCX and the print view are laid out for: A4 landscape with Nghị định
 * 30/2020/NĐ-CP's margins and sizes, in twips (1/20 pt) and half-points as Word counts them.
 */
export const mm = (value: number): number => Math.round(value * 56.7);
/** Half-points, as Phụ lục I sets them. */
export const SIZE = { body: 26, title: 28, nation: 26, motto: 28, placeDate: 28, small: 24, distributionHeading: 24, distribution: 22 };
/** A4 in twips, given portrait; docx swaps width and height for a landscape section. */
export const A4 = { width: 11906, height: 16838 };
/** Top and bottom 20–25 mm, left 30–35 mm, right 15–20 mm. */
export const MARGIN = { top: mm(20), bottom: mm(20), left: mm(30), right: mm(15) };
/** The whole report is landscape: its table needs the width, and a portrait page before it would stand half empty. */
export const TEXT_WIDTH = A4.height - MARGIN.left - MARGIN.right;
export const TEXT_HEIGHT = A4.width - MARGIN.top - MARGIN.bottom;
/** STT | Nội dung dự thảo | Cơ quan góp ý | Nội dung góp ý | Tiếp thu, giải trình (report.css has the same shares). */
const COLUMN_SHARES = [0.05, 0.24, 0.15, 0.29, 0.27];
export const COLUMNS = COLUMN_SHARES.map((share) => Math.floor(share * TEXT_WIDTH));
export const CELL_MARGIN = { top: 40, bottom: 40, left: 80, right: 80 };

const NEWLINE = /\r\n|\r|\n/u;

/** Twips a text takes in a column: ~0.45 em a character, lines 1.15 high (Times with Vietnamese, as LibreOffice and Word set it). */
function textHeight(text: string | null | undefined, width: number, halfPoints: number): number {
  if (!text) return 0;
  const perLine = Math.max(1, Math.floor(width / (halfPoints * 4.5)));
  const lines = text.split(NEWLINE).reduce((sum, line) => sum + Math.max(1, Math.ceil(line.length / perLine)), 0);
  return Math.ceil(lines * halfPoints * 11.5);
}

/** Roughly how many twips high a comment's row is printed; `withClause` when it prints the clause's wording. */
export function rowHeight(row: ReportRow, withClause: boolean): number {
  const [, clause, agency, comment, response] = COLUMNS.map((width) => width - CELL_MARGIN.left - CELL_MARGIN.right);
  const { body, small } = SIZE;
  const heights = [
    withClause ? textHeight([row.clause?.label, row.clause?.heading].filter(Boolean).join(' '), clause, body) + textHeight(row.clause?.text, clause, small) : 0,
    textHeight(row.agency, agency, body) + textHeight(letterReference(row.letterNumber, row.letterDate), agency, small) + (row.late ? small * 12 : 0),
    textHeight(row.text, comment, body) + textHeight(row.proposedText, comment, body) + (row.portal && row.portal.count > 1 ? small * 12 : 0),
    textHeight(row.response?.explanation, response, body) + body * 12,
  ];
  return Math.max(...heights) + CELL_MARGIN.top + CELL_MARGIN.bottom;
}

/** Twips the closing takes: the signature's title, four blank lines and the name, beside "Nơi nhận". */
const CLOSING_HEIGHT = 8 * SIZE.body * 12;
/** The most a row that never splits may take: a page under the repeated header row, with room for the estimate's error. */
const WHOLE_PAGE = Math.round((TEXT_HEIGHT - 700) * 0.9);

/**
 * Where the table's last rows begin, the ones printed on one page with "Nơi nhận" and the
 * signature: those bound by merged cells to the last row when they fit with the closing on a
 * page, else the last row alone, whose merged cells are then split off and printed in full
 * (`spans` is adjusted). Word processors and browsers keep one row whole, not a row with the next.
 */
export function tailStart(rows: readonly ReportRow[], spans: RowSpans[]): number {
  const last = rows.length - 1;
  if (last < 0) return 0;
  let from = last;
  while (from > 0 && (spans[from].clause === 0 || spans[from].response === 0)) from -= 1;
  const height = rows.slice(from).reduce((sum, row, i) => sum + rowHeight(row, spans[from + i].clause > 0), 0);
  if (height + CLOSING_HEIGHT <= WHOLE_PAGE) return from;
  for (const key of ['clause', 'response'] as const) {
    if (spans[last][key] !== 0) continue;
    let start = last - 1;
    while (spans[start][key] === 0) start -= 1;
    spans[start][key] -= 1;
    spans[last][key] = 1;
  }
  return last;
}

export const SECTION_HEADINGS = {
  general: 'I. Ý KIẾN CHUNG',
  byClause: 'II. Ý KIẾN THEO ĐIỀU, KHOẢN',
  publicComments: 'III. Ý KIẾN CỦA TỔ CHỨC, CÁ NHÂN GÓP Ý TRÊN CỔNG THÔNG TIN',
} as const;

/** The table's third column: it names the public's commenters too when section III has rows. */
export function whoColumn(model: Pick<ReportModel, 'publicComments'>): string {
  return model.publicComments?.groups.length ? 'Cơ quan, tổ chức, cá nhân góp ý' : 'Cơ quan góp ý';
}

/** Numbers as Vietnamese prints them: 1.284 */
export const vnNumber = (n: number): string => n.toLocaleString('vi-VN');

/** "(1.284 ý kiến có nội dung giống nhau)" under a group's text; null for a single comment. */
export function sameTextLine(row: Pick<ReportRow, 'portal'>): string | null {
  return row.portal && row.portal.count > 1 ? `(${vnNumber(row.portal.count)} ý kiến có nội dung giống nhau)` : null;
}

/** Who sent a group: the names it may show, the rest counted ("và 997 người khác"), or "N tổ chức, cá nhân". */
export function publicWho(group: Pick<PublicReportGroup, 'names' | 'count'>): string {
  const others = group.count - group.names.length;
  if (group.names.length === 0) return group.count === 1 ? 'Tổ chức, cá nhân' : `${vnNumber(group.count)} tổ chức, cá nhân`;
  return others > 0 ? `${group.names.join('; ')} và ${vnNumber(others)} người khác` : group.names.join('; ');
}

/**
 * Section III as rows of the report's table: a group of public comments is one row, numbered on
 * from section II, its clause worded as the other rows' are, its answer in the last column.
 */
export function publicRows(model: Pick<ReportModel, 'general' | 'byClause' | 'publicComments'>): ReportRow[] {
  const first = model.general.length + model.byClause.length;
  return (model.publicComments?.groups ?? []).map((g, i) => ({
    stt: first + i + 1,
    commentId: 0,
    clause: g.clause ?? null,
    agency: publicWho(g),
    text: g.text,
    proposedText: null,
    letterNumber: null,
    letterDate: null,
    late: false,
    portal: { count: g.count },
    groupKey: null,
    groupSize: 1,
    response: g.decision ? { decision: g.decision, explanation: g.explanation, decidedBy: null, decidedAt: '' } : null,
  }));
}

export interface PrintedRows {
  rows: readonly ReportRow[];
  spans: RowSpans[];
}

/**
 * The table's comment rows as both writers print them: section I, section II, section III (public
 * comments; null when the consultation never took them) up to the table's last rows, and those last
 * rows (see tailStart), which are printed with "Nơi nhận" and the signature: section III's when it
 * is there, else section II's.
 */
export function printedRows(model: Pick<ReportModel, 'general' | 'byClause' | 'publicComments'>): {
  general: PrintedRows;
  byClause: PrintedRows;
  publicComments: PrintedRows | null;
  last: PrintedRows;
} {
  const general = { rows: model.general, spans: rowSpans(model.general) };
  const split = (rows: readonly ReportRow[]) => {
    const spans = rowSpans(rows);
    const tail = tailStart(rows, spans);
    return { head: { rows: rows.slice(0, tail), spans: spans.slice(0, tail) }, last: { rows: rows.slice(tail), spans: spans.slice(tail) } };
  };
  if (!model.publicComments) {
    const { head, last } = split(model.byClause);
    return { general, byClause: head, publicComments: null, last };
  }
  const { head, last } = split(publicRows(model));
  return { general, byClause: { rows: model.byClause, spans: rowSpans(model.byClause) }, publicComments: head, last };
}
