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
