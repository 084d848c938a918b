import type { ReportRow } from '../model';

/**
 * How many rows each row's response cell spans: n on the first row of a group answered together,
 * 0 on the rows it covers. A group never reaches past the rows given (one section), and a
 * `groupSize` 0 row that no group covers gets its own cell, so a malformed model still shows
 * every response.
 */
export function responseSpans(rows: readonly ReportRow[]): number[] {
  const spans: number[] = [];
  let covered = 0;
  rows.forEach((row, i) => {
    if (row.groupSize === 0 && covered > 0) {
      spans.push(0);
      covered -= 1;
      return;
    }
    let span = 1;
    while (span < row.groupSize && i + span < rows.length && rows[i + span].groupSize === 0) span += 1;
    spans.push(span);
    covered = span - 1;
  });
  return spans;
}

/**
 * How many rows each row's "Nội dung dự thảo" cell spans: consecutive comments on the same clause
 * share one cell holding its wording once, as offices lay the table out by hand.
 */
export function clauseSpans(rows: readonly ReportRow[]): number[] {
  const spans = rows.map(() => 1);
  for (let i = 0; i < rows.length; ) {
    let end = i + 1;
    const id = rows[i].clause?.id;
    if (id !== undefined) while (end < rows.length && rows[end].clause?.id === id) end += 1;
    spans[i] = end - i;
    for (let j = i + 1; j < end; j++) spans[j] = 0;
    i = end;
  }
  return spans;
}

/** The rows a comment row's merged cells cover: the draft's wording, and the response (0 where a cell above covers it). */
export interface RowSpans {
  clause: number;
  response: number;
}

export function rowSpans(rows: readonly ReportRow[]): RowSpans[] {
  const clause = clauseSpans(rows);
  const response = responseSpans(rows);
  return rows.map((_, i) => ({ clause: clause[i], response: response[i] }));
}
