import type { Response } from 'express';
import type { ReportModel } from './model';
import { REPORT_FORMAT_INFO, type ReportFormat, renderReportDocx, renderReportHtml, reportFilename, reportJson, writeReportCsv, writeReportXlsx } from './writers';

/**
 * Sends the report in one format. HTML is shown in the browser (print-ready); the others download.
 * XLSX and CSV stream row by row, so a large report does not sit in memory whole.
 */
export async function sendReport(res: Response, model: ReportModel, format: ReportFormat): Promise<void> {
  const info = REPORT_FORMAT_INFO[format];
  res.setHeader('Content-Type', info.contentType);
  res.setHeader('Cache-Control', model.publishedAt ? 'public, max-age=300' : 'private, no-store');
  if (format === 'html') {
    res.send(renderReportHtml(model, { lang: 'vi' }));
    return;
  }
  res.attachment(reportFilename(model, format));
  switch (format) {
    case 'json':
      res.json(reportJson(model));
      return;
    case 'docx':
      res.send(await renderReportDocx(model));
      return;
    case 'xlsx':
      await writeReportXlsx(model, res);
      return;
    case 'csv':
      await writeReportCsv(model, res);
      return;
  }
}
