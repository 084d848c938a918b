import { formatVnDate } from '../../time';

/** "Công văn số 123/CAT-PV05 ngày 01/12/2026", or as much of it as is known; null when nothing is. */
export function letterReference(number: string | null, date: string | null): string | null {
  if (number && date) return `Công văn số ${number} ngày ${formatVnDate(date)}`;
  if (number) return `Công văn số ${number}`;
  if (date) return `Văn bản ngày ${formatVnDate(date)}`;
  return null;
}

// XML 1.0 cannot carry these code points at all, escaped or not: DOCX and XLSX writers drop them
// rather than produce a file Word or Excel refuses to open.
// eslint-disable-next-line no-control-regex
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|\p{Cs}/gu;

export function xmlSafe(text: string): string {
  return text.replace(NOT_XML, '');
}

/** "Số:        /BC-STTTT": the number is left blank for the văn thư to fill in when the report is signed. */
export function numberLine(office: { shortName: string | null }): string {
  return `Số:        /BC${office.shortName ? `-${office.shortName}` : ''}`;
}
