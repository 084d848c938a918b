import { type ClausePair, type MatchClause, matchClauses } from '../../../src/drafts/matching';

// The rules of issue 15 one by one, on small hand-made versions (the real drafts are in
// matching-real.test.ts). Texts are from real drafts; ids of version 1 are < 100, of version 2 ≥ 100.
type Spec = [id: number, parentId: number | null, kind: string, label: string | null, heading: string | null, text: string];
const rows = (specs: readonly Spec[]): MatchClause[] =>
  specs.map(([id, parentId, kind, label, heading, text], position) => ({ id, parentId, position, depth: 0, kind, label, heading, text }));
const brief = (pairs: readonly ClausePair[]): string[] => pairs.map((p) => `${p.before ?? '-'}→${p.after ?? '-'} ${p.change}${p.renumbered ? ' renumbered' : ''}`);

const HIEU_LUC = 'Nghị định này có hiệu lực thi hành kể từ ngày ký ban hành.';
const THI_HANH = 'Các Bộ trưởng, Thủ trưởng cơ quan ngang Bộ, Thủ trưởng cơ quan thuộc Chính phủ, Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương chịu trách nhiệm thi hành Nghị định này.';
const PHAM_VI = 'Thông tư này quy định về hồ sơ, thủ tục liên quan đến cấp phép, đăng ký, công nhận các tổ chức cung cấp dịch vụ chứng thực chữ ký số.';

describe('matchClauses rules', () => {
  it('when an article keeps its heading and text but its khoản changed then the article is unchanged and the khoản modified', () => {
    const before = rows([[1, null, 'article', 'Điều 18.', 'Hiệu lực thi hành', ''], [2, 1, 'clause', '1.', null, HIEU_LUC]]);
    const after = rows([[101, null, 'article', 'Điều 18.', 'Hiệu lực thi hành', ''], [102, 101, 'clause', '1.', null, 'Nghị định này có hiệu lực thi hành kể từ ngày 01 tháng 7 năm 2026.']]);
    expect(brief(matchClauses(before, after))).toEqual(['1→101 unchanged', '2→102 modified']);
  });

  it('when only white space differs then the clause is unchanged', () => {
    const before = rows([[1, null, 'article', 'Điều 1.', 'Phạm vi  điều chỉnh', PHAM_VI]]);
    const after = rows([[101, null, 'article', 'Điều 1.', 'Phạm vi điều chỉnh ', PHAM_VI.replace(' quy định ', '\nquy định  ')]]);
    expect(brief(matchClauses(before, after))).toEqual(['1→101 unchanged']);
  });

  it('when "Bãi bỏ." stands under several articles then each is matched under its own article, whatever was inserted before it', () => {
    const before = rows([
      [1, null, 'article', 'Điều 5.', 'Thẩm quyền cấp phép', ''], [2, 1, 'clause', '1.', null, 'Bãi bỏ.'],
      [3, null, 'article', 'Điều 6.', 'Hồ sơ đề nghị cấp phép', ''], [4, 3, 'clause', '1.', null, 'Bãi bỏ.'], [5, 3, 'clause', '2.', null, 'Bãi bỏ.'],
    ]);
    const after = rows([
      [100, null, 'article', 'Điều 5.', 'Nguyên tắc chung', ''], [101, 100, 'clause', '1.', null, 'Bãi bỏ.'],
      [102, null, 'article', 'Điều 6.', 'Thẩm quyền cấp phép', ''], [103, 102, 'clause', '1.', null, 'Bãi bỏ.'],
      [104, null, 'article', 'Điều 7.', 'Hồ sơ đề nghị cấp phép', ''], [105, 104, 'clause', '1.', null, 'Bãi bỏ.'], [106, 104, 'clause', '2.', null, 'Bãi bỏ.'],
    ]);
    expect(brief(matchClauses(before, after))).toEqual([
      '-→100 added', '-→101 added',
      '1→102 unchanged renumbered', '2→103 unchanged',
      '3→104 unchanged renumbered', '4→105 unchanged', '5→106 unchanged',
    ]);
  });

  it('when chapters have headings only then they match by heading, and an empty khoản matches under its matched parent', () => {
    const before = rows([[1, null, 'chapter', 'Chương I', 'QUY ĐỊNH CHUNG', ''], [2, null, 'chapter', 'Chương II', 'ĐIỀU KHOẢN THI HÀNH', ''], [3, 2, 'clause', '1.', null, '']]);
    const after = rows([[101, null, 'chapter', 'Chương I', 'ĐIỀU KHOẢN THI HÀNH', ''], [102, 101, 'clause', '1.', null, '']]);
    expect(brief(matchClauses(before, after))).toEqual(['1→- removed', '2→101 unchanged renumbered', '3→102 unchanged']);
  });

  it('when the same text is a khoản before and a mục 1.1. after then they match; an article and a point with one text do not', () => {
    const before = rows([[1, null, 'clause', '1.', null, HIEU_LUC], [2, null, 'article', 'Điều 2.', null, THI_HANH]]);
    const after = rows([[101, null, 'item', '1.1.', null, HIEU_LUC], [102, null, 'point', 'a)', null, THI_HANH]]);
    expect(brief(matchClauses(before, after))).toEqual(['1→101 unchanged renumbered', '2→- removed', '-→102 added']);
  });

  it('when a khoản moves to another article then it is moved, and its old article keeps the rest unchanged', () => {
    const before = rows([
      [1, null, 'article', 'Điều 1.', 'Phạm vi điều chỉnh', PHAM_VI], [2, 1, 'clause', '1.', null, HIEU_LUC],
      [3, null, 'article', 'Điều 2.', 'Tổ chức thực hiện', ''], [4, 3, 'clause', '1.', null, THI_HANH],
    ]);
    const after = rows([
      [101, null, 'article', 'Điều 1.', 'Phạm vi điều chỉnh', PHAM_VI],
      [103, null, 'article', 'Điều 2.', 'Tổ chức thực hiện', ''], [104, 103, 'clause', '1.', null, THI_HANH], [102, 103, 'clause', '2.', null, HIEU_LUC],
    ]);
    expect(brief(matchClauses(before, after))).toEqual(['1→101 unchanged', '3→103 unchanged', '4→104 unchanged', '2→102 moved renumbered']);
  });

  it('when a clause moves far and is lightly rewritten then it is still moved, paired with its original', () => {
    const filler = Array.from({ length: 30 }, (_, k): Spec => [10 + k, null, 'article', `Điều ${k + 2}.`, null, `Nội dung riêng của điều số ${k + 2} về chữ ký số chuyên dùng loại ${k}.`]);
    const before = rows([[1, null, 'article', 'Điều 1.', null, THI_HANH], ...filler]);
    const rewritten = THI_HANH.replace('chịu trách nhiệm thi hành', 'có trách nhiệm tổ chức thi hành');
    const after = rows([...filler.map(([id, , kind, , , text], k): Spec => [id + 100, null, kind, `Điều ${k + 1}.`, null, text]), [200, null, 'article', 'Điều 31.', null, rewritten]]);
    const pairs = matchClauses(before, after);
    expect(pairs.find((p) => p.after === 200)).toEqual({ change: 'moved', renumbered: true, before: 1, after: 200 });
    expect(pairs.filter((p) => p.change === 'unchanged')).toHaveLength(30);
  });

  it('when the first clauses are removed then they come first, each where it stood', () => {
    const before = rows([[1, null, 'article', 'Điều 1.', null, PHAM_VI], [2, null, 'article', 'Điều 2.', null, HIEU_LUC], [3, null, 'article', 'Điều 3.', null, THI_HANH]]);
    const after = rows([[103, null, 'article', 'Điều 1.', null, THI_HANH]]);
    expect(brief(matchClauses(before, after))).toEqual(['1→- removed', '2→- removed', '3→103 unchanged renumbered']);
  });

  it('when either version is empty then everything is added or removed', () => {
    const one = rows([[1, null, 'article', 'Điều 1.', null, PHAM_VI]]);
    expect(brief(matchClauses([], one))).toEqual(['-→1 added']);
    expect(brief(matchClauses(one, []))).toEqual(['1→- removed']);
    expect(matchClauses([], [])).toEqual([]);
  });
});
