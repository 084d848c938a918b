import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ImportError, importDraft } from '../../../src/drafts/import';
import { runWorker, WorkerFailed } from '../../../src/drafts/import/run-worker';
import { seedDraftDocx } from '../../fixtures/make-docx';
import { tempFiles } from '../../fixtures/temp-files';

const files = tempFiles();
afterAll(files.cleanup);
const PDF = path.join(__dirname, '../../fixtures/du-thao-532.pdf');
const worker = (name: string): string => path.join(__dirname, '../../fixtures/workers', name);

async function importError(file: string, options?: { timeoutMs: number }): Promise<ImportError> {
  const err: unknown = await importDraft(file, options).then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(ImportError);
  return err as ImportError;
}

describe('importDraft on files it cannot read', () => {
  it('when a PDF is cut off after its header then it is an ImportError naming the PDF', async () => {
    const err = await importError(files.write('cut.pdf', readFileSync(PDF).subarray(0, 2000)));
    expect(err.code).toBe('broken');
    expect(err.message).toMatch(/^Không đọc được tệp PDF: ./u);
  });

  it('when a DOCX is cut off then it is an ImportError naming the DOCX', async () => {
    const docx = await seedDraftDocx('typed');
    const err = await importError(files.write('cut.docx', docx.subarray(0, Math.floor(docx.length * 0.6))));
    expect(err.code).toBe('broken');
    expect(err.message).toMatch(/^Không đọc được tệp DOCX: ./u);
  });

  it('when the file is an image, a program or empty then it says which kinds it takes', async () => {
    expect((await importError(files.write('scan.pdf', Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10])))).message).toMatch(/ảnh.*DOCX, PDF hoặc TXT/u);
    expect((await importError(files.write('x.docx', Buffer.from('MZ\u0090\u0000\u0003'))))).toMatchObject({ code: 'unsupported', message: 'Tệp không phải DOCX, PDF hay TXT.' });
    expect((await importError(files.write('empty.txt', ''))).code).toBe('unsupported');
    expect((await importError(files.write('missing.txt', 'x').replace('missing', 'absent'))).message).toBe('Không tìm thấy tệp.');
  });

  it('when a PDF has no text layer then it is an ImportError that suggests a scan', async () => {
    const empty = '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj 2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj 3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n';
    const err = await importError(files.write('scan.pdf', empty));
    expect(err).toMatchObject({ code: 'no_text' });
    expect(err.message).toMatch(/bản quét/u);
  });

  it('when reading takes longer than the time allowed then it is an ImportError, not a hang', async () => {
    const err = await importError(PDF, { timeoutMs: 1 });
    expect(err.code).toBe('timeout');
    expect(err.message).toMatch(/^Đọc tệp PDF quá 1 ms nên đã dừng\./u);
  });
});

describe('runWorker', () => {
  it('when the worker answers then it resolves with the first message', async () => {
    await expect(runWorker(worker('echoes.mjs'), { a: 1 }, { timeoutMs: 10_000 })).resolves.toEqual({ echo: { a: 1 } });
  });

  it('when the worker throws or exits without answering then it rejects as a crash', async () => {
    await expect(runWorker(worker('throws.mjs'), null, { timeoutMs: 10_000 })).rejects.toMatchObject({ reason: 'crash', message: 'the worker broke' });
    await expect(runWorker(worker('exits.mjs'), null, { timeoutMs: 10_000 })).rejects.toMatchObject({ reason: 'crash', message: expect.stringMatching(/code 3/u) });
  });

  it('when the worker never answers then it rejects as a timeout and the worker is ended', async () => {
    const started = Date.now();
    const err: unknown = await runWorker(worker('hangs.mjs'), null, { timeoutMs: 300 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkerFailed);
    expect((err as WorkerFailed).reason).toBe('timeout');
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
