import type { ReportRow } from '../../../src/reports/model';
import { responseSpans } from '../../../src/reports/writers/groups';

const rows = (sizes: number[]): ReportRow[] => sizes.map((groupSize) => ({ groupSize }) as ReportRow);

describe('response cells over groups answered together', () => {
  it('when rows form groups then the first row spans its group and the others are covered', () => {
    expect(responseSpans(rows([1, 3, 0, 0, 1, 2, 0]))).toEqual([1, 3, 0, 0, 1, 2, 0]);
  });

  it('when a group claims more rows than follow it then it spans only those', () => {
    expect(responseSpans(rows([1, 3, 0]))).toEqual([1, 2, 0]);
    expect(responseSpans(rows([3, 1, 1]))).toEqual([1, 1, 1]);
  });

  it('when a covered row has no group before it then it keeps its own cell', () => {
    expect(responseSpans(rows([0, 1]))).toEqual([1, 1]);
  });
});
