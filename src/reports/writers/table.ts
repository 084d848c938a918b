import { DECISION_LABELS, type ReportModel, type ReportRow, appliedLine } from '../model';
import { publicRows, sameTextLine } from './print-layout';
import { letterReference } from './text';

/** Where a section III row came from, in the "Văn bản" column. */
export const PORTAL_SOURCE = 'Góp ý trên Cổng thông tin';

/** The columns of the flat table (XLSX sheet "Tổng hợp" and CSV), one row per comment. */
export const TABLE_COLUMNS = [
  'STT',
  'Mục',
  'Nội dung dự thảo',
  'Cơ quan góp ý',
  'Nội dung góp ý',
  'Đề xuất sửa',
  'Văn bản',
  'Nhận sau hạn',
  'Tiếp thu, giải trình',
  'Giải trình',
] as const;

export type TableCells = [stt: number, ...text: string[]];

export const GENERAL_LABEL = 'Ý kiến chung';

/** The heading and wording of the clause a row comments on, empty for a general comment. */
export function clauseContent(row: ReportRow): string {
  if (!row.clause) return '';
  return [row.clause.heading, row.clause.text].filter((part): part is string => !!part && part.trim() !== '').join('\n');
}

/** One row's cells, in TABLE_COLUMNS order. A group's response is repeated on each of its rows. */
export function tableCells(row: ReportRow): TableCells {
  return [
    row.stt,
    row.clause ? (row.clause.label ?? '') : GENERAL_LABEL,
    clauseContent(row),
    row.agency,
    [row.text, sameTextLine(row)].filter(Boolean).join('\n'),
    row.proposedText ?? '',
    row.portal ? PORTAL_SOURCE : (letterReference(row.letterNumber, row.letterDate) ?? ''),
    row.late ? 'Có' : '',
    row.response ? DECISION_LABELS[row.response.decision] : '',
    [row.response?.explanation, appliedLine(row.response)].filter(Boolean).join('\n'),
  ];
}

/** Section I, section II, then section III (one row per group of public comments), as the STT runs. */
export function* allRows(model: ReportModel): Generator<ReportRow> {
  yield* model.general;
  yield* model.byClause;
  yield* publicRows(model);
}
