import { parse } from 'csv-parse/sync';
import type { vi } from '../i18n/messages/agencies';
import { splitEmails } from './emails';
import { nameKey, tidyName } from './names';
import { NAME_MAX, SHORT_NAME_MAX } from './schemas';

export type AgencyMessage = { key: keyof typeof vi; vars?: Record<string, string | number> };

export type ImportColumn = 'name' | 'emails' | 'group' | 'short_name';

/** One data row of the file, numbered as a spreadsheet shows it (the header is row 1). */
export interface ImportRow {
  row: number;
  name: string;
  emails: string[];
  group: string | null;
  shortName: string | null;
  /** Why the row cannot be imported; empty when it can. */
  problems: AgencyMessage[];
}

export type ReadCsvResult = { ok: true; rows: ImportRow[]; ignoredColumns: string[] } | { ok: false; error: AgencyMessage };

export const MAX_CSV_BYTES = 1024 * 1024;

/** Headers in English or Vietnamese (with or without diacritics, any case, spaces or underscores). */
const HEADERS: Record<string, ImportColumn> = {
  name: 'name',
  ten: 'name',
  ten_co_quan: 'name',
  ten_don_vi: 'name',
  emails: 'emails',
  email: 'emails',
  e_mail: 'emails',
  thu_dien_tu: 'emails',
  group: 'group',
  nhom: 'group',
  short_name: 'short_name',
  ten_viet_tat: 'short_name',
  viet_tat: 'short_name',
};

const headerKey = (header: string): string =>
  header.normalize('NFD').replace(/\p{M}/gu, '').replace(/[đĐ]/gu, 'd').trim().toLowerCase().replace(/[\s-]+/gu, '_');

/** Strict UTF-8 (a BOM is dropped) and no control characters a text file would not hold. */
function decodeText(data: Buffer): string | null {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(data);
  } catch {
    return null;
  }
  // eslint-disable-next-line no-control-regex
  return /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/u.test(text) ? null : text;
}

/** Excel in a Vietnamese locale writes ';' between cells: take whichever of ';' and ',' the header line uses more. */
function guessDelimiter(text: string): ',' | ';' {
  const header = text.split(/\r?\n/u, 1)[0] ?? '';
  const count = (c: string) => header.split(c).length - 1;
  return count(';') > count(',') ? ';' : ',';
}

/** Reads an uploaded agency list into rows, each with the problems that keep it out. Touches no database. */
export function readAgencyCsv(data: Buffer): ReadCsvResult {
  if (data.length === 0) return { ok: false, error: { key: 'agencies.import.empty' } };
  if (data.length > MAX_CSV_BYTES) return { ok: false, error: { key: 'agencies.import.too_big' } };
  const text = decodeText(data);
  if (text === null) return { ok: false, error: { key: 'agencies.import.not_text' } };

  let records: string[][];
  try {
    records = parse(text, { delimiter: guessDelimiter(text), relax_column_count: true, skip_empty_lines: false, trim: true, bom: true });
  } catch (err) {
    const line = (err as { lines?: number }).lines;
    return { ok: false, error: { key: 'agencies.import.bad_csv', vars: { line: line ?? '?' } } };
  }

  const header = records[0] ?? [];
  const columns = new Map<ImportColumn, number>();
  const ignoredColumns: string[] = [];
  header.forEach((title, index) => {
    const column = HEADERS[headerKey(title)];
    if (column && !columns.has(column)) columns.set(column, index);
    else if (title) ignoredColumns.push(title);
  });
  if (!columns.has('name') || !columns.has('emails')) return { ok: false, error: { key: 'agencies.import.missing_columns' } };

  const cell = (record: string[], column: ImportColumn): string => {
    const index = columns.get(column);
    return index === undefined ? '' : (record[index] ?? '');
  };

  const rows: ImportRow[] = [];
  const seen = new Map<string, number>(); // name and group → first row
  records.slice(1).forEach((record, index) => {
    if (record.every((value) => value === '')) return; // blank lines and Excel's trailing ";;;" rows
    const row = index + 2;
    const name = tidyName(cell(record, 'name'));
    const group = tidyName(cell(record, 'group')) || null;
    const shortName = cell(record, 'short_name') || null;
    const { emails, invalid } = splitEmails(cell(record, 'emails'));
    const problems: AgencyMessage[] = [];
    if (!name) problems.push({ key: 'agencies.import.reason.no_name' });
    else if (name.length > NAME_MAX) problems.push({ key: 'agencies.import.reason.name_too_long' });
    for (const address of invalid) problems.push({ key: 'agencies.import.reason.bad_email', vars: { address } });
    if (invalid.length === 0 && emails.length === 0) problems.push({ key: 'agencies.import.reason.no_email' });
    if (group && group.length > NAME_MAX) problems.push({ key: 'agencies.import.reason.group_too_long' });
    if (shortName && shortName.length > SHORT_NAME_MAX) problems.push({ key: 'agencies.import.reason.short_name_too_long' });
    if (name) {
      // The same agency may be listed once per group; the same name in the same group again is a duplicate.
      const key = `${nameKey(name)}\u0000${group ? nameKey(group) : ''}`;
      const first = seen.get(key);
      if (first !== undefined) problems.push({ key: 'agencies.import.reason.duplicate', vars: { row: first } });
      else if (problems.length === 0) seen.set(key, row);
    }
    rows.push({ row, name, emails, group, shortName, problems });
  });
  if (rows.length === 0) return { ok: false, error: { key: 'agencies.import.no_rows' } };
  return { ok: true, rows, ignoredColumns };
}

/** The sample file behind the "download template" link, with a BOM so Excel opens it as UTF-8. */
export function csvTemplate(): string {
  const lines = [
    'name,emails,group,short_name',
    'Công an tỉnh,congan@gialai.example,,CA',
    '"Ủy ban nhân dân thành phố Pleiku","ubnd.pleiku@gialai.example; vanthu.pleiku@gialai.example","Ủy ban nhân dân các huyện, thị xã, thành phố",',
    'VNPT Gia Lai,vnpt@gialai.example,Các doanh nghiệp cung cấp dịch vụ Internet trên địa bàn tỉnh,VNPT',
  ];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
