import { childOfKind, walk, words, wordsOfNodes, type DraftNode } from '../../../src/drafts/clause-tree';
import { parseDraft } from '../../../src/drafts/parser';

const lines = (...l: string[]): string => l.join('\n');
const docOf = (text: string): DraftNode => parseDraft(text).documents[0];
const bodyOfText = (text: string): DraftNode[] => childOfKind(docOf(text), 'body')?.children ?? [];
const shape = (nodes: readonly DraftNode[]): unknown[] => nodes.map((n) => (n.children.length ? [n.label, shape(n.children)] : n.label));
const find = (nodes: readonly DraftNode[], label: string): DraftNode => [...walk(nodes)].find((n) => n.label === label)!;

function expectNoWordLost(text: string): void {
  const result = parseDraft(text);
  expect(wordsOfNodes(result.documents).sort()).toEqual(words(text).sort());
}

describe('the last article of a decree', () => {
  const decree = lines(
    'Điều 9. Hiệu lực thi hành',
    'Nghị định này có hiệu lực thi hành kể từ ngày ký ban hành.',
    'Điều 10. Trách nhiệm thi hành',
    'Các Bộ trưởng, Thủ trưởng cơ quan ngang Bộ, Thủ trưởng cơ quan thuộc Chính phủ, Chủ tịch Ủy ban nhân dân các tỉnh,',
    'thành phố trực thuộc Trung ương chịu trách nhiệm thi hành Nghị định này./.',
    'Nơi nhận:',
    '- Ban Bí thư Trung ương Đảng;',
    '- Lưu: VT.',
    'TM. CHÍNH PHỦ',
    'THỦ TƯỚNG',
  );

  it('when its one sentence ends with "./." then the sentence is the article\'s text and the closing starts at "Nơi nhận"', () => {
    const article = find(bodyOfText(decree), 'Điều 10.');
    expect(article.text).toBe(
      'Các Bộ trưởng, Thủ trưởng cơ quan ngang Bộ, Thủ trưởng cơ quan thuộc Chính phủ, Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương chịu trách nhiệm thi hành Nghị định này./.',
    );
    expect(childOfKind(docOf(decree), 'closing')!.children.map((c) => c.kind)).toEqual(['distribution', 'signature']);
  });

  it('when a letter without articles ends its sections with "./." then that sentence is still the closing', () => {
    const letter = lines('1. Sở Nội vụ:', 'Rà soát.', '2. Sở Tài chính:', 'Bố trí kinh phí.', 'Đề nghị các đơn vị thực hiện./.', 'Nơi nhận:', '- Như trên;');
    const closing = childOfKind(docOf(letter), 'closing')!;
    expect(closing.children[0]).toMatchObject({ kind: 'paragraph', text: 'Đề nghị các đơn vị thực hiện./.' });
  });
});

describe('Roman-numeral sections', () => {
  it('when a kế hoạch has sections I.–III. then each holds its own numbered items, numbered afresh', () => {
    const plan = lines(
      'I. MỤC TIÊU, YÊU CẦU',
      '1. Mục tiêu',
      'Nâng cao chất lượng dịch vụ công trực tuyến.',
      '2. Yêu cầu',
      'Bảo đảm tiến độ, hiệu quả.',
      'II. NHIỆM VỤ',
      '1. Rà soát thủ tục hành chính.',
      '2. Nâng cấp hệ thống.',
      '3. Đào tạo cán bộ.',
      '4. Sở Tài chính bố trí kinh phí.',
      'III. TỔ CHỨC THỰC HIỆN',
      'Các sở, ngành triển khai Kế hoạch này.',
    );
    const body = bodyOfText(plan);
    expect(shape(body)).toEqual([['I.', ['1.', '2.']], ['II.', ['1.', '2.', '3.', '4.']], 'III.']);
    expect(body.map((n) => [n.kind, n.heading])).toEqual([
      ['section', 'MỤC TIÊU, YÊU CẦU'],
      ['section', 'NHIỆM VỤ'],
      ['section', 'TỔ CHỨC THỰC HIỆN'],
    ]);
    expect(body[2].text).toBe('Các sở, ngành triển khai Kế hoạch này.');
  });

  it('when "Phần I" and "Phần II" each hold sections I., II. then sections restart in each part', () => {
    const plan = lines(
      'Phần I',
      'ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN NĂM 2013',
      'I. TÌNH HÌNH CHUNG',
      'Trong những năm qua, chương trình đạt kết quả nhất định.',
      'II. KẾT QUẢ',
      '1. Cấp nước sạch.',
      'Phần II',
      'KẾ HOẠCH NĂM 2014',
      'I. MỤC TIÊU',
      '1. Tăng tỷ lệ hộ dùng nước sạch.',
    );
    expect(shape(bodyOfText(plan))).toEqual([['Phần I', ['I.', ['II.', ['1.']]]], ['Phần II', [['I.', ['1.']]]]]);
  });

  it('when I., 1., 1.1., a), - and + all appear then each nests in the one before', () => {
    const plan = lines('I. NHIỆM VỤ', '1. Tuyên truyền', '1.1. Trên báo chí:', 'a) báo in:', '- trang nhất;', '+ bài chính.');
    expect(shape(bodyOfText(plan))).toEqual([['I.', [['1.', [['1.1.', [['a)', [['-', ['+']]]]]]]]]]]);
  });

  it('when a wrapped line starts "I. kèm theo" then it goes on the sentence and opens no section', () => {
    const body = bodyOfText(lines('1. Ban hành danh mục tại Phụ lục', 'I. kèm theo Quyết định này.', '2. Giao Sở Nội vụ.'));
    expect(shape(body)).toEqual(['1.', '2.']);
    expect(body[0].text).toBe('Ban hành danh mục tại Phụ lục I. kèm theo Quyết định này.');
  });

  it('when a sentence starts with a Roman-looking letter ("C. Mác") then it stays text', () => {
    const body = bodyOfText(lines('1. Học tập lý luận.', 'C. Mác đã viết về điều này.'));
    expect(shape(body)).toEqual(['1.']);
    expect(body[0].text).toBe('Học tập lý luận.\nC. Mác đã viết về điều này.');
  });
});

describe('quoted text in an amending decision', () => {
  const amending = (close: string): string => lines(
    'Điều 1. Sửa đổi, bổ sung một số điều của Quy định ban hành kèm theo Quyết định số 12/2019/QĐ-UBND như sau:',
    '1. Sửa đổi, bổ sung Điều 24 như sau:',
    '“Điều 24. Trách nhiệm của các sở, ngành',
    '1. Sở Thông tin và Truyền thông:',
    'a) Chủ trì hướng dẫn;',
    'b) Kiểm tra, xử lý vi phạm.',
    '2. Công an tỉnh phối hợp xử lý.',
    '3. Sở Tài chính bảo đảm kinh phí.',
    `4. Ủy ban nhân dân cấp huyện thực hiện.${close}`,
    '2. Bãi bỏ khoản 3 Điều 25.',
    'Điều 2. Quyết định này có hiệu lực kể từ ngày 01 tháng 01 năm 2021.',
  );

  it('when a khoản quotes a whole article then the quoted labels are its text and the real khoản stay the article\'s', () => {
    const body = bodyOfText(amending('”'));
    expect(shape(body)).toEqual([['Điều 1.', ['1.', '2.']], 'Điều 2.']);
    const quoting = body[0].children[0];
    expect(quoting.text.split('\n')).toEqual([
      'Sửa đổi, bổ sung Điều 24 như sau:',
      '“Điều 24. Trách nhiệm của các sở, ngành',
      '1. Sở Thông tin và Truyền thông:',
      'a) Chủ trì hướng dẫn;',
      'b) Kiểm tra, xử lý vi phạm.',
      '2. Công an tỉnh phối hợp xử lý.',
      '3. Sở Tài chính bảo đảm kinh phí.',
      '4. Ủy ban nhân dân cấp huyện thực hiện.”',
    ]);
    expect(body[0].children[1].text).toBe('Bãi bỏ khoản 3 Điều 25.');
  });

  it('when the quotation uses straight marks then it is held the same way', () => {
    const text = amending('"').replace('“Điều 24.', '"Điều 24.');
    expect(shape(bodyOfText(text))).toEqual([['Điều 1.', ['1.', '2.']], 'Điều 2.']);
  });

  it('when the closing mark is missing then the quotation ends at the next khoản of the document, which does not continue the quoted numbering', () => {
    const text = amending('');
    expect(shape(bodyOfText(text))).toEqual([['Điều 1.', ['1.', '2.']], 'Điều 2.']);
    expectNoWordLost(text);
  });

  it('when an unclosed quotation reads like the document\'s own next khoản then it still ends at the next article', () => {
    const text = lines('Điều 1. Sửa đổi Điều 5 như sau:', '1. Sửa đổi khoản 1 như sau:', '“1. Nội dung mới.', '2. Bãi bỏ khoản 2.', 'Điều 2. Hiệu lực thi hành.');
    const body = bodyOfText(text);
    expect(shape(body)).toEqual([['Điều 1.', ['1.']], 'Điều 2.']);
    expect(body[0].children[0].text).toContain('2. Bãi bỏ khoản 2.');
  });

  it('when a stray quotation mark opens a khoản then the next khoản still opens', () => {
    const text = lines('Điều 5. Giải thích từ ngữ', '1. Từ "dự thảo là văn bản chưa được ký.', '2. Góp ý là ý kiến về dự thảo.', 'Điều 6. Hiệu lực');
    expect(shape(bodyOfText(text))).toEqual([['Điều 5.', ['1.', '2.']], 'Điều 6.']);
  });

  it('when a quotation closes on its own line then labels after it are structure again', () => {
    const text = lines('Điều 1. Sửa đổi như sau:', '1. Sửa đổi khoản 2 như sau:', '“2. Nội dung mới:', 'a) ý một;', 'b) ý hai.”', '2. Bổ sung khoản 3.', 'a) ý ba.');
    expect(shape(bodyOfText(text))).toEqual([['Điều 1.', ['1.', ['2.', ['a)']]]]]);
  });
});

describe('decimal labels typed without their last dot', () => {
  it('when "1.2 Xây dựng" follows "1.1." then it is the next item', () => {
    const text = lines('1. Nhiệm vụ', '1.1. Rà soát các quy định.', '1.2 Xây dựng kế hoạch thực hiện.', '1.3 Tổ chức kiểm tra.');
    expect(shape(bodyOfText(text))).toEqual([['1.', ['1.1.', '1.2', '1.3']]]);
    expect(find(bodyOfText(text), '1.2')).toMatchObject({ kind: 'item', text: 'Xây dựng kế hoạch thực hiện.' });
  });

  it('when a wrapped sentence goes on with "2.4 triệu đồng", even right after "2.3.", then it stays text', () => {
    const body = bodyOfText(lines('1. Mục tiêu.', '2. Nhiệm vụ', '2.1. Rà soát.', '2.2. Tập huấn.', '2.3. Kinh phí thực hiện là', '2.4 triệu đồng từ ngân sách tỉnh.'));
    expect(shape(body)).toEqual(['1.', ['2.', ['2.1.', '2.2.', '2.3.']]]);
    expect(find(body, '2.3.').text).toBe('Kinh phí thực hiện là 2.4 triệu đồng từ ngân sách tỉnh.');
  });

  it('when an undotted number breaks the sequence ("1.5 Tỷ" after "1.2.") then it stays text', () => {
    const body = bodyOfText(lines('1. Nhiệm vụ', '1.1. Rà soát.', '1.2. Mục tiêu là', '1.5 Tỷ lệ hồ sơ trực tuyến tăng.'));
    expect(shape(body)).toEqual([['1.', ['1.1.', '1.2.']]]);
    expect(find(body, '1.2.').text).toBe('Mục tiêu là 1.5 Tỷ lệ hồ sơ trực tuyến tăng.');
  });
});

describe('Tiểu mục', () => {
  it('when a code has Mục, Tiểu mục and Điều then Tiểu mục stays a level between them', () => {
    const text = lines('Chương I', 'QUY ĐỊNH CHUNG', 'Mục 1. HỢP ĐỒNG', 'Tiểu mục 1. GIAO KẾT', 'Điều 1. Đề nghị giao kết', 'Tiểu mục 2. HIỆU LỰC', 'Điều 2. Thời điểm có hiệu lực');
    expect(shape(bodyOfText(text))).toEqual([['Chương I', [['Mục 1.', [['Tiểu mục 1.', ['Điều 1.']], ['Tiểu mục 2.', ['Điều 2.']]]]]]]);
  });
});

describe('shapes met in the real corpus (tests/fixtures/real)', () => {
  it('when "Chương 1:" ends with a colon and its title follows on the next line then the title is the heading', () => {
    const body = bodyOfText(lines('Chương 1:', 'NHỮNG QUY ĐỊNH CHUNG', 'Điều 1.', 'Công tác thanh tra nhằm mục đích giúp doanh nghiệp.'));
    expect(shape(body)).toEqual([['Chương 1', ['Điều 1.']]]);
    expect(body[0]).toMatchObject({ heading: 'NHỮNG QUY ĐỊNH CHUNG', text: '' });
  });

  it('when a capital title wraps a range of years after its dash ("NĂM 2019 -" / "2020") then the year stays in the title, not a page number', () => {
    const text = lines('UBND TỈNH LẠNG SƠN', 'Số: 07/KH-UBND', 'KẾ HOẠCH', 'TRIỂN KHAI CÁC GIẢI PHÁP MÙA KHÔ NĂM 2019 -', '2020', 'I. MỤC ĐÍCH, YÊU CẦU');
    const result = parseDraft(text);
    expect(result.pageNumbers).toEqual([]);
    expect(childOfKind(result.documents[0], 'header')!.children.map((c) => c.text)).toContain('KẾ HOẠCH TRIỂN KHAI CÁC GIẢI PHÁP MÙA KHÔ NĂM 2019 - 2020');
    expect(parseDraft(lines('1. Nội dung thứ nhất.', '2', '2. Nội dung thứ hai.')).pageNumbers).toEqual(['2']);
  });

  it('when a wrapped range of years puts "- 2020" at the start of a line then it is no dash item', () => {
    const text = lines('1. Mục đích', 'Bảo đảm nước phục vụ vụ đông Xuân 2019', '- 2020 và cả năm 2020.', '- Huy động các nguồn lực.');
    const body = bodyOfText(text);
    expect(shape(body)).toEqual([['1.', ['-']]]);
    expect(body[0].text).toBe('Mục đích Bảo đảm nước phục vụ vụ đông Xuân 2019 - 2020 và cả năm 2020.');
    expectNoWordLost(text);
  });
});

describe('the place and date line', () => {
  it('when the preamble\'s first sentence follows "Lạng Sơn, ngày 27 tháng 3 năm 2020" on the next line then it is the preamble, not the date', () => {
    const text = lines('ỦY BAN NHÂN DÂN', 'Số: 54/KH-UBND', 'Lạng Sơn, ngày 27 tháng 3 năm 2020', 'Thực hiện Quyết định số 1896/QĐ-TTg', 'ngày 25/12/2019 của Thủ tướng Chính phủ, UBND tỉnh xây dựng Kế hoạch như sau:', '1. Mục tiêu chung');
    const doc = docOf(text);
    expect(childOfKind(doc, 'header')!.children.find((c) => c.kind === 'place_date')!.text).toBe('Lạng Sơn, ngày 27 tháng 3 năm 2020');
    expect(childOfKind(doc, 'preamble')!.children.map((c) => c.text)).toEqual([
      'Thực hiện Quyết định số 1896/QĐ-TTg ngày 25/12/2019 của Thủ tướng Chính phủ, UBND tỉnh xây dựng Kế hoạch như sau:',
    ]);
  });

  it('when the date is wrapped after "ngày 26" then its two lines are still one date', () => {
    const doc = docOf(lines('ỦY BAN NHÂN DÂN', 'Số: 1994/QĐ-UBND', 'An Giang, ngày 26', 'tháng 8 năm 2021', 'QUYẾT ĐỊNH'));
    expect(childOfKind(doc, 'header')!.children.find((c) => c.kind === 'place_date')!.text).toBe('An Giang, ngày 26 tháng 8 năm 2021');
  });
});

describe('a letter\'s header and closing (công văn 3478/BTTTT-VP)', () => {
  const letter = lines(
    'BỘ THÔNG TIN VÀ TRUYỀN THÔNG',
    'Số: 3478 /BTTTT-VP',
    'V/v: Chuẩn bị Tổng kết công tác năm 2011',
    'và triển khai Chương trình công tác năm 2012',
    'CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM',
    'Hà Nội, ngày 18 tháng 11 năm 2011',
    'Kính gửi: Các Sở Thông tin và Truyền thông',
    'Để chuẩn bị Tổng kết công tác năm 2011, Bộ đề nghị các Sở chuẩn bị Báo cáo.',
    'Điện thoại 043.943.4100 -Fax 04.38263477',
    'Trân trọng./.',
    'Nơi nhận:',
    '- Như trên;',
  );
  const doc = docOf(letter);
  const header = childOfKind(doc, 'header')!;

  it('when the subject is typed "V/v:" then it is the subject, not the end of the number, and its wrapped line goes with it', () => {
    expect(header.children.find((c) => c.kind === 'number')!.text).toBe('3478 /BTTTT-VP');
    expect(header.children.find((c) => c.kind === 'subject')).toMatchObject({ label: 'V/v:', text: 'Chuẩn bị Tổng kết công tác năm 2011 và triển khai Chương trình công tác năm 2012' });
  });

  it('when the letter\'s first sentence follows "Kính gửi:" on the next line then it is no part of the addressee', () => {
    expect(header.children.find((c) => c.kind === 'recipients')!.children.map((c) => c.text)).toEqual(['Các Sở Thông tin và Truyền thông']);
    expect(childOfKind(doc, 'preamble')!.children[0].text).toBe('Để chuẩn bị Tổng kết công tác năm 2011, Bộ đề nghị các Sở chuẩn bị Báo cáo.');
  });

  it('when "Trân trọng./." follows a line without a full stop then it is a paragraph of its own', () => {
    expect(childOfKind(doc, 'preamble')!.children.map((c) => c.text).slice(-2)).toEqual(['Điện thoại 043.943.4100 -Fax 04.38263477', 'Trân trọng./.']);
  });
});

describe('single curly quotation marks', () => {
  it('when an amending khoản quotes the new article in ‘ ’ then the quoted labels stay its text', () => {
    const text = lines(
      'Điều 1. Sửa đổi, bổ sung như sau:',
      '1. Sửa đổi Điều 5 như sau:',
      '‘Điều 5. Trách nhiệm thi hành',
      '1. Sở Nội vụ hướng dẫn.',
      '2. Sở Tài chính bảo đảm kinh phí.’',
      '2. Bãi bỏ Điều 6.',
      'Điều 2. Quyết định này có hiệu lực kể từ ngày ký.',
    );
    const body = bodyOfText(text);
    expect(shape(body)).toEqual([['Điều 1.', ['1.', '2.']], 'Điều 2.']);
    expect(body[0].children[0].text.split('\n')).toEqual([
      'Sửa đổi Điều 5 như sau:', '‘Điều 5. Trách nhiệm thi hành', '1. Sở Nội vụ hướng dẫn.', '2. Sở Tài chính bảo đảm kinh phí.’',
    ]);
    expectNoWordLost(text);
  });
});

describe('capital-letter sections above Roman ones', () => {
  const plan = lines('A. ĐÁNH GIÁ KẾT QUẢ', 'I. KẾT QUẢ ĐẠT ĐƯỢC', '1. Cấp nước sạch.', 'II. TỒN TẠI', '1. Kinh phí thiếu.', 'B. NHIỆM VỤ NĂM 2014', 'I. MỤC TIÊU', '1. Tăng tỷ lệ hộ dùng nước sạch.', 'C. TỔ CHỨC THỰC HIỆN', 'Các sở triển khai.');

  it('when a kế hoạch has A., B., C. each holding I., II. then the Roman sections restart in each letter', () => {
    const body = bodyOfText(plan);
    expect(shape(body)).toEqual([['A.', [['I.', ['1.']], ['II.', ['1.']]]], ['B.', [['I.', ['1.']]]], 'C.']);
    expect(body.map((n) => [n.kind, n.heading])).toEqual([['section', 'ĐÁNH GIÁ KẾT QUẢ'], ['section', 'NHIỆM VỤ NĂM 2014'], ['section', 'TỔ CHỨC THỰC HIỆN']]);
    expect(body[2].text).toBe('Các sở triển khai.');
    expectNoWordLost(plan);
  });

  it('when "C." comes with no "B." before it then it is the Roman numeral, and an initial before a name stays text', () => {
    expect(shape(bodyOfText(lines('I. MỤC TIÊU', '1. Học tập.', 'B. Mác đã viết về điều này.')))).toEqual([['I.', ['1.']]]);
    expect(bodyOfText(lines('A. NHIỆM VỤ', '1. Một.', 'C. KINH PHÍ'))[0].children.map((n) => n.label)).toEqual(['1.']);
  });
});
