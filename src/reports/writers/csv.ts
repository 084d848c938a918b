import { once } from 'node:events';
import { finished } from 'node:stream/promises';
import type { ReportModel } from '../model';
import { allRows, TABLE_COLUMNS, tableCells } from './table';

// A spreadsheet opening the file would run a cell starting with one of these as a formula
// (OWASP "CSV Injection"): a leading apostrophe makes it text.
const FORMULA_START = /^[=+\-@\t\r]/u;

export function csvField(value: string | number): string {
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/u.test(text) ? `"${text.replace(/"/gu, '""')}"` : text;
}

function csvLine(cells: readonly (string | number)[]): string {
  return `${cells.map(csvField).join(',')}\r\n`;
}

/**
 * The table as CSV: UTF-8 with a byte order mark (so Excel reads Vietnamese), RFC 4180 quoting,
 * CRLF, one line per comment. Writes line by line, waiting when the stream asks, and ends `output`.
 */
export async function writeReportCsv(model: ReportModel, output: NodeJS.WritableStream): Promise<void> {
  const write = async (chunk: string): Promise<void> => {
    if (!output.write(chunk)) await once(output, 'drain');
  };
  await write(`\uFEFF${csvLine(TABLE_COLUMNS)}`);
  for (const row of allRows(model)) await write(csvLine(tableCells(row)));
  output.end();
  await finished(output);
}
