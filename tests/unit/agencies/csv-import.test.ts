import { csvTemplate, readAgencyCsv } from '../../../src/agencies/csv-import';

const csv = (text: string, bom = false) => Buffer.from(`${bom ? '\uFEFF' : ''}${text}`, 'utf8');

describe('reading an agency CSV', () => {
  it('when Excel writes a Vietnamese file with a BOM and ";" then the Vietnamese headers and names are read', () => {
    const result = readAgencyCsv(csv('ten;email;nhom;ten_viet_tat\r\nỦy ban nhân dân huyện Chư Păh;UBND.ChuPah@gialai.example vanthu.chupah@gialai.example;Ủy ban nhân dân các huyện, thị xã, thành phố;UBND CP\r\n', true));
    expect(result).toEqual({
      ok: true,
      ignoredColumns: [],
      rows: [
        {
          row: 2,
          name: 'Ủy ban nhân dân huyện Chư Păh',
          emails: ['ubnd.chupah@gialai.example', 'vanthu.chupah@gialai.example'],
          group: 'Ủy ban nhân dân các huyện, thị xã, thành phố',
          shortName: 'UBND CP',
          problems: [],
        },
      ],
    });
  });

  it('when rows are bad then each says why, numbered as the spreadsheet shows them', () => {
    const result = readAgencyCsv(
      csv(['name,emails,group,phone', ',a@gialai.example,,', 'Sở Y tế,abc@,,', 'Sở Tài chính,,,', '', 'Sở Y tế,syt@gialai.example,,', 'SỞ  Y TẾ,syt2@gialai.example,,', ',,,'].join('\n')),
    );
    if (!result.ok) throw new Error('expected rows');
    expect(result.ignoredColumns).toEqual(['phone']);
    expect(result.rows.map((r) => [r.row, r.name, r.problems])).toEqual([
      [2, '', [{ key: 'agencies.import.reason.no_name' }]],
      [3, 'Sở Y tế', [{ key: 'agencies.import.reason.bad_email', vars: { address: 'abc@' } }]],
      [4, 'Sở Tài chính', [{ key: 'agencies.import.reason.no_email' }]],
      [6, 'Sở Y tế', []],
      [7, 'SỞ Y TẾ', [{ key: 'agencies.import.reason.duplicate', vars: { row: 6 } }]],
    ]);
  });

  it('when the same agency is listed under two groups then neither row is a duplicate', () => {
    const result = readAgencyCsv(csv('name,emails,group\nVNPT Gia Lai,vnpt@gialai.example,Nhóm A\nVNPT Gia Lai,vnpt@gialai.example,Nhóm B\n'));
    expect(result.ok && result.rows.map((r) => r.problems)).toEqual([[], []]);
  });

  it('when the file is not UTF-8 text then it is refused as a whole', () => {
    expect(readAgencyCsv(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00]))).toEqual({ ok: false, error: { key: 'agencies.import.not_text' } });
    expect(readAgencyCsv(Buffer.from('T\u00ean c\u01a1 quan', 'latin1'))).toEqual({ ok: false, error: { key: 'agencies.import.not_text' } });
    expect(readAgencyCsv(Buffer.from('name,emails\u0000\n', 'utf8'))).toEqual({ ok: false, error: { key: 'agencies.import.not_text' } });
  });

  it('when the name or e-mail column is missing, a quote is left open or there are no rows then the file is refused', () => {
    expect(readAgencyCsv(csv('ten,nhom\nSở Y tế,A\n'))).toEqual({ ok: false, error: { key: 'agencies.import.missing_columns' } });
    expect(readAgencyCsv(csv('name,emails\n"Sở Y tế,syt@gialai.example\n'))).toEqual({ ok: false, error: { key: 'agencies.import.bad_csv', vars: { line: 2 } } });
    expect(readAgencyCsv(csv('name,emails\n\n'))).toEqual({ ok: false, error: { key: 'agencies.import.no_rows' } });
    expect(readAgencyCsv(Buffer.alloc(0))).toEqual({ ok: false, error: { key: 'agencies.import.empty' } });
  });

  it('when the sample file is read back then all its rows are good', () => {
    const result = readAgencyCsv(Buffer.from(csvTemplate(), 'utf8'));
    expect(result.ok && result.rows.map((r) => [r.name, r.emails.length, r.problems.length])).toEqual([
      ['Công an tỉnh', 1, 0],
      ['Ủy ban nhân dân thành phố Pleiku', 2, 0],
      ['VNPT Gia Lai', 1, 0],
    ]);
  });
});
