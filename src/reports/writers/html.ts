import { readFileSync } from 'node:fs';
import path from 'node:path';
import ejs from 'ejs';
import { assetsDir, viewsDir } from '../../paths';
import { formatVnDate } from '../../time';
import { DECISION_LABELS, type ReportModel, type ReportRow, appliedLine } from '../model';
import { type PrintedRows, printedRows, sameTextLine, SECTION_HEADINGS, whoColumn } from './print-layout';
import { openingParagraphs } from './opening';
import { letterReference, numberLine } from './text';

export interface ReportHtmlOptions {
  /** The document's language attribute; the report itself is in Vietnamese. */
  lang?: string;
  /**
   * "link" (default) points at /assets/report.css, as the app's CSP forbids inline styles;
   * "inline" embeds the stylesheet for a file that is saved and opened on its own.
   */
  css?: 'link' | 'inline';
}

export interface ReportRowCells {
  row: ReportRow;
  /** Rows the response cell covers, and the draft's wording (0 where a cell above covers it). */
  span: number;
  clauseSpan: number;
}

/** One `<tbody>` of the table: a section, or the section's last rows kept with the closing. */
export interface ReportBody {
  heading: string | null;
  empty: boolean;
  rows: ReportRowCells[];
  closing: boolean;
}

const templateFile = path.join(viewsDir, 'reports', 'report.ejs');
const cssFile = path.join(assetsDir, 'report.css');
let template: ejs.TemplateFunction | undefined;
let inlineCss: string | undefined;

function cells({ rows, spans }: PrintedRows): ReportRowCells[] {
  return rows.map((row, i) => ({ row, span: spans[i].response, clauseSpan: spans[i].clause }));
}

/**
 * The table's bodies: section I, section II, section III (public comments, when taken), and the
 * last section's last rows in a body of their own with "Nơi nhận" and the signature.
 */
function bodies(model: ReportModel): ReportBody[] {
  const { general, byClause, publicComments, last } = printedRows(model);
  return [
    { heading: SECTION_HEADINGS.general, empty: general.rows.length === 0, rows: cells(general), closing: false },
    { heading: SECTION_HEADINGS.byClause, empty: model.byClause.length === 0, rows: cells(byClause), closing: false },
    ...(publicComments
      ? [{ heading: SECTION_HEADINGS.publicComments, empty: model.publicComments!.groups.length === 0, rows: cells(publicComments), closing: false }]
      : []),
    { heading: null, empty: false, rows: cells(last), closing: true },
  ];
}

/** The report as one print-ready HTML document (A4 landscape, NĐ 30/2020 layout). */
export function renderReportHtml(model: ReportModel, options: ReportHtmlOptions = {}): string {
  template ??= ejs.compile(readFileSync(templateFile, 'utf8'), { filename: templateFile });
  const css = options.css === 'inline' ? (inlineCss ??= readFileSync(cssFile, 'utf8')) : null;
  return template({
    model,
    lang: options.lang ?? 'vi',
    css,
    opening: openingParagraphs(model),
    bodies: bodies(model),
    decisionLabels: DECISION_LABELS,
    appliedLine,
    sameTextLine,
    letterReference,
    formatVnDate,
    whoColumn: whoColumn(model),
    numberLine: numberLine(model.office),
  });
}
