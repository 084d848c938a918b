import { slug } from '../../drafts/anchors';
import type { ReportModel } from '../model';

export const REPORT_FORMATS = ['json', 'html', 'docx', 'xlsx', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const REPORT_FORMAT_INFO: Record<ReportFormat, { contentType: string; extension: string }> = {
  json: { contentType: 'application/json; charset=utf-8', extension: 'json' },
  html: { contentType: 'text/html; charset=utf-8', extension: 'html' },
  docx: { contentType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', extension: 'docx' },
  xlsx: { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', extension: 'xlsx' },
  csv: { contentType: 'text/csv; charset=utf-8', extension: 'csv' },
};

export function isReportFormat(value: unknown): value is ReportFormat {
  return typeof value === 'string' && (REPORT_FORMATS as readonly string[]).includes(value);
}

/** ASCII-only, lower case, words joined by "-": "532/STTTT-BCVT" → "532-stttt-bcvt", "Đ" → "d" (the anchors' slug). */
export { slug as asciiSlug } from '../../drafts/anchors';

/** "bang-tong-hop-532-stttt-bcvt.docx"; the consultation's id stands in for a letter number with no ASCII in it. */
export function reportFilename(model: Pick<ReportModel, 'consultation'>, format: ReportFormat): string {
  const name = slug(model.consultation.number) || String(model.consultation.id);
  return `bang-tong-hop-${name}.${REPORT_FORMAT_INFO[format].extension}`;
}

export { renderReportDocx } from './docx';
export { renderReportHtml } from './html';
export { reportJson } from './json';
export { writeReportCsv } from './csv';
export { writeReportXlsx } from './xlsx';
export { openingParagraphs } from './opening';
