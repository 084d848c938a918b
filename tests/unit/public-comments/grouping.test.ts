import { groupPublicComments } from '../../../src/public-comments/grouping';

const FORM = 'Đề nghị bổ sung quy định bắt buộc các điểm truy nhập Internet công cộng phải đóng cửa trước 22 giờ hằng ngày, vì nhiều quán game gần trường học mở cửa suốt đêm.';

describe('groupPublicComments', () => {
  it('when copies of one comment are on the same clause then they are one group with the first copy\'s text, in order of first members', () => {
    const rows = [
      { id: 10, clause_id: 3, text: 'Thống nhất với dự thảo.' },
      { id: 11, clause_id: 3, text: FORM },
      { id: 12, clause_id: 3, text: FORM.toUpperCase() },
      { id: 13, clause_id: null, text: 'Đề nghị kéo dài thời hạn góp ý.' },
      { id: 14, clause_id: 3, text: FORM.replace('22 giờ', '23 giờ') },
    ];
    expect(groupPublicComments(rows)).toEqual([
      { clauseId: 3, ids: [10], text: 'Thống nhất với dự thảo.' },
      { clauseId: 3, ids: [11, 12, 14], text: FORM },
      { clauseId: null, ids: [13], text: 'Đề nghị kéo dài thời hạn góp ý.' },
    ]);
  });

  it('when the same text is on two clauses or on the whole draft then each is its own group', () => {
    const rows = [
      { id: 1, clause_id: 3, text: FORM },
      { id: 2, clause_id: 4, text: FORM },
      { id: 3, clause_id: null, text: FORM },
      { id: 4, clause_id: null, text: `${FORM}!` },
    ];
    expect(groupPublicComments(rows).map((g) => [g.clauseId, g.ids])).toEqual([
      [3, [1]],
      [4, [2]],
      [null, [3, 4]],
    ]);
  });

  it('when there are no comments then there are no groups', () => {
    expect(groupPublicComments([])).toEqual([]);
  });
});
