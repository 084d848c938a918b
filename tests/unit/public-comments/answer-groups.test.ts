import { orderedPublicGroups, shownNames } from '../../../src/public-comments/answer-groups';
import { groupPublicComments } from '../../../src/public-comments/grouping';
import { publicWho } from '../../../src/reports/writers/print-layout';

const TEXT = 'Đề nghị không buộc các đại lý Internet lưu giữ thông tin cá nhân của người sử dụng trong 12 tháng, vì làm tăng chi phí cho hộ kinh doanh nhỏ.';
const row = (id: number, clause_id: number | null, text: string, extra: Partial<{ decision: 'accepted' | 'noted'; explanation: string; name: string; organisation: string; show_name: number }> = {}) => ({
  id,
  clause_id,
  text,
  decision: extra.decision ?? null,
  explanation: extra.explanation ?? null,
  name: extra.name ?? `Người ${id}`,
  organisation: extra.organisation ?? null,
  show_name: extra.show_name ?? 0,
});

describe('public comments grouped for answering', () => {
  it('when copies of one text are on one clause then they are one group, and the same text on another clause is another', () => {
    const groups = groupPublicComments([
      { id: 1, clause_id: 5, text: TEXT },
      { id: 2, clause_id: 5, text: `${TEXT} Trân trọng.` },
      { id: 3, clause_id: 7, text: TEXT },
      { id: 4, clause_id: 5, text: TEXT.toLocaleUpperCase('vi') },
    ]);
    expect(groups).toEqual([
      { clauseId: 5, ids: [1, 2, 4], text: TEXT },
      { clauseId: 7, ids: [3], text: TEXT },
    ]);
  });

  it('when groups are ordered then the whole draft comes first, then clauses by position, and a group is answered only when every member carries one answer', () => {
    const positions = new Map([
      [5, 20],
      [7, 10],
    ]);
    const groups = orderedPublicGroups(
      [
        row(1, 5, TEXT, { decision: 'accepted' }),
        row(2, 5, TEXT, { decision: 'accepted' }),
        row(3, 7, 'Ý kiến khác hẳn về mục này.', { decision: 'noted', explanation: 'Ghi nhận.' }),
        row(4, null, 'Góp ý chung cho toàn bộ dự thảo.'),
        row(5, 5, TEXT),
      ],
      (id) => positions.get(id),
    );
    expect(groups.map((g) => [g.clauseId, g.ids])).toEqual([
      [null, [4]],
      [7, [3]],
      [5, [1, 2, 5]],
    ]);
    expect(groups.map((g) => g.answer)).toEqual([null, { decision: 'noted', explanation: 'Ghi nhận.' }, null]);
  });

  it('when names are shown then only those who agreed, at most three, and the rest are counted', () => {
    const members = [row(1, 5, TEXT, { show_name: 1, name: 'Nguyễn Văn An' }), row(2, 5, TEXT, { show_name: 0, name: 'Ẩn Danh' }), row(3, 5, TEXT, { show_name: 1, name: 'Trần Thị Bình', organisation: 'Hội Luật gia' })];
    expect(shownNames(members, true)).toEqual(['Nguyễn Văn An', 'Trần Thị Bình (Hội Luật gia)']);
    expect(shownNames(members, false)).toEqual([]);
    expect(publicWho({ names: ['Nguyễn Văn An', 'Trần Thị Bình'], count: 1284 })).toBe('Nguyễn Văn An; Trần Thị Bình và 1.282 người khác');
    expect(publicWho({ names: [], count: 1284 })).toBe('1.284 tổ chức, cá nhân');
    expect(publicWho({ names: [], count: 1 })).toBe('Tổ chức, cá nhân');
  });
});
