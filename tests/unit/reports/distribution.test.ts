import { distributionLines, inRunningText } from '../../../src/reports/distribution';

describe('"Nơi nhận" lines', () => {
  it('when the parent body is written in header capitals then the line names it in running text, abbreviations and the place kept', () => {
    expect(inRunningText('UBND TỈNH GIA LAI', 'Gia Lai')).toBe('UBND tỉnh Gia Lai');
    expect(inRunningText('HĐND THÀNH PHỐ ĐÀ NẴNG', 'Đà Nẵng')).toBe('HĐND thành phố Đà Nẵng');
    expect(inRunningText('BỘ THÔNG TIN VÀ TRUYỀN THÔNG', null)).toBe('Bộ thông tin và truyền thông');
  });

  it('when the name already has lower-case letters then it is kept as written', () => {
    expect(inRunningText('Bộ Thông tin và Truyền thông', null)).toBe('Bộ Thông tin và Truyền thông');
  });

  it('when lines are made then each begins with "-" and the last is the office\'s archive', () => {
    expect(distributionLines({ parentName: 'UBND TỈNH GIA LAI', shortName: 'STTTT', place: 'Gia Lai' })).toEqual([
      '- UBND tỉnh Gia Lai (để báo cáo);',
      '- Các cơ quan, đơn vị đã góp ý;',
      '- Lưu: VT, STTTT.',
    ]);
    expect(distributionLines({ parentName: null, shortName: null, place: null })).toEqual(['- Cơ quan có thẩm quyền (để báo cáo);', '- Các cơ quan, đơn vị đã góp ý;', '- Lưu: VT.']);
  });
});
