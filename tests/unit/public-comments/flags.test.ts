import { flagsOf } from '../../../src/public-comments/flags';

describe('flags for the moderator', () => {
  test('when a comment holds an insult, in any case or spelt without accents, then it is flagged abuse', () => {
    expect(flagsOf('Soạn thế này thì ĐM thật')).toEqual(['abuse']);
    expect(flagsOf('bọn soạn thảo là lũ ăn hại')).toEqual(['abuse']);
    expect(flagsOf('oc  cho')).toEqual(['abuse']);
  });

  test('when a comment names a web address, then it is flagged link', () => {
    expect(flagsOf('Xem https://thuvienphapluat.vn/van-ban nhé')).toEqual(['link']);
    expect(flagsOf('mua hàng tại khuyenmai.xyz')).toEqual(['link']);
    expect(flagsOf('www.example')).toEqual(['link']);
  });

  test('when a comment is an ordinary one, then it has no flag, even where a listed word is part of a longer word', () => {
    expect(flagsOf('Đề nghị bổ sung vào mục 1.2. các doanh nghiệp cung cấp dịch vụ Internet; buổi họp ngày 27/4/2020 đeo khẩu trang.')).toEqual([]);
    expect(flagsOf('Liên hệ: nguyenvana@example.vn')).toEqual([]);
    expect(flagsOf('Điều 5. khoản 2 điểm đ)')).toEqual([]);
  });

  // No backtracking blow-up: jest's time limit would end a run that went quadratic on these.
  test('when the text is long and made to be hard to match, then it is still read to the end', () => {
    expect(flagsOf('a'.repeat(200_000), 'x.'.repeat(100_000), 'đ '.repeat(100_000))).toEqual([]);
    expect(flagsOf(`${'đ '.repeat(100_000)}đm`)).toEqual(['abuse']);
  });
});
