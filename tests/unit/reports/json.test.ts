import { reportJson } from '../../../src/reports/writers/json';
import { giaLaiReportModel } from '../../fixtures/report-model';

describe('the report as JSON', () => {
  const model = giaLaiReportModel();
  const json = reportJson(model);

  it('when built then there is one row per comment and the counts match the table', () => {
    expect(json.rows).toHaveLength(model.counts.comments);
    expect(json.rows.map((row) => row.stt)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(json.rows.filter((row) => row.section === 'general')).toHaveLength(model.general.length);
    expect(json.counts).toEqual(model.counts);
    expect(json.rows.filter((row) => row.decision !== null)).toHaveLength(model.counts.answered);
    expect(new Set(json.rows.map((row) => row.agency)).size).toBe(model.counts.commented);
    expect(json.rows.filter((row) => row.late)).toHaveLength(1);
  });

  it('when built then a row carries its clause, letter and decision in camelCase', () => {
    expect(json.rows[2]).toEqual({
      stt: 3,
      section: 'clause',
      clauseLabel: '1.1.',
      clauseHeading: null,
      clauseText: model.byClause[0].clause!.text,
      agency: 'Công an tỉnh',
      text: model.byClause[0].text,
      proposedText: model.byClause[0].proposedText,
      letterNumber: '123/CAT-PV05',
      letterDate: '2020-04-24',
      late: false,
      decision: 'partly_accepted',
      decisionLabel: 'Tiếp thu một phần',
      explanation: model.byClause[0].response!.explanation,
      appliedAt: null,
    });
    expect(json.rows[0]).toMatchObject({ section: 'general', clauseLabel: null, clauseHeading: null, clauseText: null });
  });

  it('when a group is answered together then each of its rows repeats the response', () => {
    expect(json.rows[5].explanation).toBe(json.rows[6].explanation);
    expect(json.rows[6].decisionLabel).toBe('Tiếp thu');
  });

  it('when serialised then it names the consultation, office and dates', () => {
    const parsed = JSON.parse(JSON.stringify(json)) as typeof json;
    expect(parsed.consultation.number).toBe('532/STTTT-BCVT');
    expect(parsed.office.name).toBe('Sở Thông tin và Truyền thông tỉnh Gia Lai');
    expect(parsed).toMatchObject({ placeAndDate: model.placeAndDate, generatedAt: model.generatedAt, publishedAt: null });
    expect(parsed.noReply).toHaveLength(4);
  });
});
