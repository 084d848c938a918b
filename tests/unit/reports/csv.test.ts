import { parse } from 'csv-parse/sync';
import { csvField, writeReportCsv } from '../../../src/reports/writers/csv';
import { DECISION_LABELS } from '../../../src/reports/model';
import { TABLE_COLUMNS } from '../../../src/reports/writers/table';
import { FORMULA_COMMENT, giaLaiReportModel, LONG_COMMENT, PLUS_COMMENT, QUOTED_COMMENT } from '../../fixtures/report-model';
import { collect } from './collect';

describe('the report as CSV', () => {
  const model = giaLaiReportModel();
  const rows = [...model.general, ...model.byClause];
  let bytes: Buffer;
  let records: string[][];

  beforeAll(async () => {
    const out = collect();
    await writeReportCsv(model, out.stream);
    bytes = await out.bytes;
    records = parse(bytes.toString('utf8'), { bom: true, relaxQuotes: false }) as string[][];
  });

  it('when written then it starts with a UTF-8 byte order mark and ends lines with CRLF', () => {
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8')).toMatch(/Giải trình\r\n1,/u);
    expect(bytes.toString('utf8').endsWith('\r\n')).toBe(true);
  });

  it('when parsed back then there is a header and one record per comment, Vietnamese intact', () => {
    expect(records[0]).toEqual([...TABLE_COLUMNS]);
    expect(records).toHaveLength(1 + rows.length);
    rows.forEach((row, i) => {
      const record = records[1 + i];
      expect(record[0]).toBe(String(row.stt));
      expect(record[3]).toBe(row.agency);
      expect(record[8]).toBe(DECISION_LABELS[row.response!.decision]);
    });
    expect(records[4][4]).toBe(LONG_COMMENT);
  });

  it('when a cell starts like a formula then it gets a leading apostrophe', () => {
    expect(records[5][4]).toBe(`'${FORMULA_COMMENT}`);
    expect(records[3][4]).toBe(`'${QUOTED_COMMENT}`);
    expect(records[6][4]).toBe(`'${PLUS_COMMENT}`);
    expect(records[5][9]).toBe("'@Ghi nhận ý kiến của doanh nghiệp.");
    expect(csvField('\t=1+1')).toBe("'\t=1+1");
    expect(csvField('\r=1+1')).toBe('"\'\r=1+1"');
    expect(csvField('Sở - Phòng')).toBe('Sở - Phòng');
    expect(csvField(-3)).toBe('-3');
  });

  it('when a cell holds quotes, commas and newlines then it is quoted and round-trips', () => {
    expect(records[3][4].slice(1)).toBe(QUOTED_COMMENT);
    expect(csvField('a "b", c')).toBe('"a ""b"", c"');
    expect(csvField('line 1\nline 2')).toBe('"line 1\nline 2"');
    expect(csvField('plain')).toBe('plain');
  });
});
