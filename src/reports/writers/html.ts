import { readFileSync } from 'node:fs';
import path from 'node:path';
import ejs from 'ejs';
import { assetsDir, viewsDir } from '../../paths';
import { formatVnDate } from '../../time';
import { DECISION_LABELS, type ReportModel, type ReportRow } from '../model';
import { responseSpans } from './groups';
import { openingParagraphs } from './opening';
import { letterReference } from './text';

export interface ReportHtmlOptions {
  /** The document's language attribute; the report itself is in Vietnamese. */
  lang?: string;
  /**
   * "link" (default) points at /assets/report.css, as the app's CSP forbids inline styles;
   * "inline" embeds the stylesheet for a file that is saved and opened on its own.
   */
  css?: 'link' | 'inline';
}

export interface ReportSection {
  heading: string;
  rows: { row: ReportRow; span: number }[];
}

const templateFile = path.join(viewsDir, 'reports', 'report.ejs');
const cssFile = path.join(assetsDir, 'report.css');
let template: ejs.TemplateFunction | undefined;
let inlineCss: string | undefined;

function section(heading: string, rows: ReportRow[]): ReportSection {
  const spans = responseSpans(rows);
  return { heading, rows: rows.map((row, i) => ({ row, span: spans[i] })) };
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
    sections: [section('I. Ý KIẾN CHUNG', model.general), section('II. Ý KIẾN THEO ĐIỀU, KHOẢN', model.byClause)],
    decisionLabels: DECISION_LABELS,
    letterReference,
    formatVnDate,
  });
}
