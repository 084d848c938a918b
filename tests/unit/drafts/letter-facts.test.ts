import { readFileSync } from 'node:fs';
import { DEMO_SEED_FILE } from '../../../src/demo/load-demo';
import { draftTitleOf, letterFacts } from '../../../src/drafts/letter-facts';
import { parseDraft } from '../../../src/drafts/parser';
import { childOfKind } from '../../../src/drafts/clause-tree';

const facts = (text: string) => letterFacts(parseDraft(text));

describe("a letter's own facts, for the new-consultation form", () => {
  it('when the file is letter 532/STTTT-BCVT with its draft then the letter gives number, date, subject, signer and its eight "Kính gửi" lines, and the draft its title', () => {
    expect(facts(readFileSync(DEMO_SEED_FILE, 'utf8'))).toEqual({
      number: '532/STTTT-BCVT',
      letterDate: '2020-04-21',
      place: 'Gia Lai',
      subject: 'tham gia góp ý Dự thảo văn bản tăng cường công tác quản lý, cung cấp, sử dụng dịch vụ Internet và thông tin trên mạng trên địa bàn tỉnh Gia Lai',
      draftTitle: 'Tăng cường công tác quản lý, cung cấp, sử dụng dịch vụ Internet và thông tin trên mạng trên địa bàn tỉnh Gia Lai',
      signerPrefix: 'KT.',
      signerAuthority: 'GIÁM ĐỐC',
      signerTitle: 'PHÓ GIÁM ĐỐC',
      signerName: 'Lê Thị Thu Hương',
      recipients: [
        'Công an tỉnh',
        'Sở Kế hoạch và Đầu tư',
        'Sở Giáo dục và Đào tạo',
        'Sở Lao động - Thương binh và Xã hội',
        'Tỉnh đoàn Gia Lai',
        'Cục Quản lý thị trường Gia Lai',
        'Ủy ban nhân dân các huyện, thị xã, thành phố',
        'Các doanh nghiệp cung cấp dịch vụ Internet trên địa bàn tỉnh',
      ],
    });
  });

  it('when the file is only a draft whose number and day are left blank then neither is offered, and a signer without prefix is a title and a name', () => {
    const found = facts(
      [
        'ỦY BAN NHÂN DÂN TỈNH GIA LAI',
        'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
        'Độc lập - Tự do - Hạnh phúc',
        'Số: /UBND-KGVX',
        'V/v tăng cường công tác quản lý',
        'Gia Lai, ngày tháng 4 năm 2020',
        'Kính gửi:',
        '- Công an tỉnh;',
        '- Sở Tư pháp.',
        '1. Công an tỉnh',
        'Chủ trì theo dõi.',
        'Nơi nhận:',
        '- Như trên;',
        'CHỦ TỊCH',
        'Nguyễn Văn A',
      ].join('\n'),
    );
    expect(found).toMatchObject({ number: null, letterDate: null, place: 'Gia Lai', subject: 'tăng cường công tác quản lý', draftTitle: null, recipients: ['Công an tỉnh', 'Sở Tư pháp'] });
    expect(found).toMatchObject({ signerPrefix: null, signerAuthority: null, signerTitle: 'CHỦ TỊCH', signerName: 'Nguyễn Văn A' });
  });

  it('when a draft prints its title in capitals then that is its title, as printed', () => {
    const doc = parseDraft(['QUỐC HỘI', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'Luật số: /2025/QH15', 'LUẬT', 'TIẾP CẬN THÔNG TIN', 'Điều 1. Phạm vi điều chỉnh', 'Luật này quy định.'].join('\n')).documents[0]!;
    expect(draftTitleOf(childOfKind(doc, 'header'))).toBe('LUẬT TIẾP CẬN THÔNG TIN');
  });

  it('when the text holds no letter at all then nothing is offered', () => {
    expect(facts('một đoạn văn bản không có gì')).toMatchObject({ number: null, letterDate: null, subject: null, recipients: [] });
  });
});
