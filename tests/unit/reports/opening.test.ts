import { openingParagraphs } from '../../../src/reports/writers/opening';
import { giaLaiReportModel } from '../../fixtures/report-model';

describe('the opening paragraphs', () => {
  const model = giaLaiReportModel();

  it('when agencies replied then it counts and names them with their letters', () => {
    const [request, replies, late, noReply, lead] = openingParagraphs(model);
    expect(request).toBe(
      'Ngày 21/04/2020, Sở Thông tin và Truyền thông tỉnh Gia Lai có Công văn số 532/STTTT-BCVT về việc ' +
        `${model.consultation.subject}, đề nghị 10 cơ quan, đơn vị tham gia góp ý ${model.consultation.draftTitle} ` +
        '(Dự thảo lần 1); thời hạn góp ý trước ngày 27/04/2020.',
    );
    expect(replies).toContain('đã nhận được văn bản góp ý của 6/10 cơ quan, đơn vị: Công an tỉnh (Công văn số 123/CAT-PV05 ngày 24/04/2020); Sở Kế hoạch');
    expect(replies).toContain('Trong đó, 1 cơ quan, đơn vị thống nhất với dự thảo, không có ý kiến khác; 5 cơ quan, đơn vị có ý kiến góp ý.');
    expect(late).toContain('Có 1 cơ quan, đơn vị gửi văn bản góp ý sau thời hạn (nhận sau hạn): VNPT Gia Lai;');
    expect(noReply).toBe('Có 4 cơ quan, đơn vị không có văn bản trả lời: Sở Lao động - Thương binh và Xã hội; Cục Quản lý thị trường Gia Lai; Viettel Gia Lai; FPT Telecom chi nhánh Gia Lai.');
    expect(lead).toBe('Sở Thông tin và Truyền thông tỉnh Gia Lai tổng hợp 7 ý kiến góp ý và tiếp thu, giải trình như sau:');
  });

  it('when nobody replied then it says so and lists no late replies', () => {
    const silent = {
      ...model,
      replied: [],
      general: [],
      byClause: [],
      counts: { ...model.counts, replied: 0, agreedWithoutComments: 0, commented: 0, late: 0, comments: 0, answered: 0 },
    };
    const paragraphs = openingParagraphs(silent);
    expect(paragraphs[1]).toBe('Đến nay, Sở Thông tin và Truyền thông tỉnh Gia Lai chưa nhận được văn bản góp ý của cơ quan, đơn vị nào.');
    expect(paragraphs.join(' ')).not.toContain('nhận sau hạn');
    expect(paragraphs.at(-1)).toBe('Sở Thông tin và Truyền thông tỉnh Gia Lai không nhận được ý kiến góp ý nào đối với dự thảo.');
  });

  it('when the deadline is "chậm nhất" or at a time then the opening words it so', () => {
    const byEnd = { ...model, consultation: { ...model.consultation, deadlineRule: 'by_end_of_date' as const, deadlineAt: '2020-04-27T17:00:00.000Z' } };
    expect(openingParagraphs(byEnd)[0]).toContain('thời hạn góp ý chậm nhất ngày 27/04/2020.');
    const atTime = { ...model, consultation: { ...model.consultation, deadlineRule: 'at_time' as const, deadlineAt: '2020-04-27T09:30:00.000Z' } };
    expect(openingParagraphs(atTime)[0]).toContain('thời hạn góp ý trước 16:30 ngày 27/04/2020.');
  });
});
