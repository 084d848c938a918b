import JSZip from 'jszip';
import path from 'node:path';
import { sniffFile } from '../../../src/drafts/import/sniff';
import { seedDraftDocx } from '../../fixtures/make-docx';
import { tempFiles } from '../../fixtures/temp-files';
import { SEED_PATH } from '../../helpers/seed';

const files = tempFiles();
afterAll(files.cleanup);

const zipOf = (entries: Record<string, string>): Promise<Buffer> => {
  const zip = new JSZip();
  for (const [name, content] of Object.entries(entries)) zip.file(name, content);
  return zip.generateAsync({ type: 'nodebuffer' });
};

describe('sniffFile', () => {
  it('when a file starts with %PDF- then it is a pdf, whatever its name', async () => {
    expect(await sniffFile(path.join(__dirname, '../../fixtures/du-thao-532.pdf'))).toBe('pdf');
    expect(await sniffFile(files.write('du-thao.txt', '%PDF-1.7\n%âãÏÓ\n'))).toBe('pdf');
  });

  it('when a ZIP holds word/document.xml then it is a docx, even named .pdf', async () => {
    expect(await sniffFile(files.write('du-thao.pdf', await seedDraftDocx('typed')))).toBe('docx');
  });

  it('when a ZIP holds no word/document.xml (a plain ZIP, an XLSX) then it is nothing we import', async () => {
    expect(await sniffFile(files.write('a.docx', await zipOf({ 'readme.txt': 'hello' })))).toBeNull();
    expect(await sniffFile(files.write('b.docx', await zipOf({ '[Content_Types].xml': '<Types/>', 'xl/workbook.xml': '<workbook/>' })))).toBeNull();
  });

  it('when a file starts with the PNG or JPEG signature then it is that image', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    expect(await sniffFile(files.write('scan.pdf', png))).toBe('png');
    expect(await sniffFile(files.write('scan.docx', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46])))).toBe('jpeg');
  });

  it('when a file is UTF-8 text then it is txt: the seed, and text with no extension', async () => {
    expect(await sniffFile(SEED_PATH)).toBe('txt');
    expect(await sniffFile(files.write('du-thao', 'Điều 1. Phạm vi điều chỉnh\n'))).toBe('txt');
  });

  it('when text is not UTF-8 or holds NUL bytes then it is not txt', async () => {
    expect(await sniffFile(files.write('cp1258.txt', Buffer.from([0x44, 0x69, 0xd2, 0x75, 0x20, 0x31])))).toBeNull();
    expect(await sniffFile(files.write('utf16.txt', Buffer.from('\ufeffĐiều 1.', 'utf16le')))).toBeNull();
    expect(await sniffFile(files.write('nul.txt', Buffer.from('Điều 1.\u0000', 'utf8')))).toBeNull();
  });

  it('when a program is renamed .docx or .txt then it is null', async () => {
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.from('This program cannot be run in DOS mode.')]);
    expect(await sniffFile(files.write('du-thao.docx', exe))).toBeNull();
    expect(await sniffFile(files.write('du-thao.txt', exe))).toBeNull();
  });

  it('when the file is empty then it is null', async () => {
    expect(await sniffFile(files.write('empty.txt', ''))).toBeNull();
  });

  it('when UTF-8 text is longer than one read then a character split across reads is still text', async () => {
    const text = 'ạ'.repeat(70_000); // 3 bytes each: the 64 KiB reads cut characters in two
    expect(await sniffFile(files.write('long.txt', text))).toBe('txt');
  });
});
