import path from 'node:path';
import { ImportError, createDraftImporter, createWorkerPool, importDraft } from '../../../src/drafts/import';
import { pickDraft } from '../../../src/drafts/clause-tree';
import { seedDraftDocx } from '../../fixtures/make-docx';
import { abstractNum, hostileNumberingDocx, num, p, rawDocx } from '../../fixtures/raw-docx';
import { tempFiles } from '../../fixtures/temp-files';
import { seedText } from '../../helpers/seed';

const files = tempFiles();
afterAll(files.cleanup);
const PDF = path.join(__dirname, '../../fixtures/du-thao-532.pdf');
const KB = 1024;
const limits = (over: Partial<{ maxTextBytes: number; maxClauses: number }>) => ({ maxTextBytes: 5 * 1024 * KB, maxClauses: 20_000, ...over });

async function refusal(promise: Promise<unknown>): Promise<ImportError> {
  const err: unknown = await promise.then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(ImportError);
  return err as ImportError;
}

describe('import limits', () => {
  it('when a DOCX numbers a list from w:start=1000000000 then it is refused as unsafe, naming the number', async () => {
    const file = files.write('start.docx', await hostileNumberingDocx());
    const err = await refusal(importDraft(file));
    expect(err.code).toBe('unsafe');
    expect(err.message).toBe('Tệp DOCX đánh số tự động tới 1.000.000.000, quá giới hạn 99.999: tệp hỏng hoặc không an toàn.');
  });

  it('when a startOverride restarts a list past the cap then it is refused too', async () => {
    const docx = await rawDocx({ numbering: abstractNum(0, [{ fmt: 'decimal', text: '%1.' }]) + num(1, 0, 100_000), body: p('A', 1) });
    expect((await refusal(importDraft(files.write('override.docx', docx)))).message).toContain('tới 100.000');
  });

  it('when the text is past the cap then a TXT, a DOCX and a PDF are each refused with the limit in the message', async () => {
    const small = { limits: limits({ maxTextBytes: 2 * KB }) };
    const txt = await refusal(importDraft(files.write('long.txt', seedText()), small));
    expect(txt).toMatchObject({ code: 'too_large', message: expect.stringMatching(/^Văn bản trong tệp TXT dài quá 2 KB, giới hạn của cổng/u) });
    const docx = await refusal(importDraft(files.write('long.docx', await seedDraftDocx('typed')), small));
    expect(docx).toMatchObject({ code: 'too_large', message: expect.stringContaining('tệp DOCX dài quá 2 KB') });
    const pdf = await refusal(importDraft(PDF, small));
    expect(pdf).toMatchObject({ code: 'too_large', message: expect.stringContaining('tệp PDF dài quá 2 KB') });
  });

  it('when the text is just within the cap then it is imported', async () => {
    const text = seedText();
    const imported = await importDraft(files.write('fits.txt', text), { limits: limits({ maxTextBytes: Buffer.byteLength(text) }) });
    expect(pickDraft(imported.result)).toBeDefined();
  });

  it('when a draft has more clauses than allowed then it is refused with the count and the limit', async () => {
    const err = await refusal(importDraft(files.write('many.txt', seedText()), { limits: limits({ maxClauses: 10 }) }));
    expect(err.code).toBe('too_large');
    expect(err.message).toMatch(/^Dự thảo có \d+ điều, khoản, điểm, quá giới hạn 10 của cổng/u);
    await expect(importDraft(files.write('enough.txt', seedText()), { limits: limits({ maxClauses: 1000 }) })).resolves.toMatchObject({ kind: 'txt' });
  });
});

describe('the import worker pool', () => {
  it('when N+k workers are asked for at once then at most N run together, the rest queue, and all finish', async () => {
    const size = 2;
    const pool = createWorkerPool(size);
    const shared = new SharedArrayBuffer(8);
    const worker = path.join(__dirname, '../../fixtures/workers/counts-running.mjs');
    const jobs = Array.from({ length: size + 3 }, (_, id) => pool.run<{ id: number }>(worker, { shared, size, holdMs: 3000, id }, { timeoutMs: 20_000 }));
    expect(pool.waiting).toBe(3);
    expect((await Promise.all(jobs)).map((a) => a.id)).toEqual([0, 1, 2, 3, 4]);
    expect(Atomics.load(new Int32Array(shared), 1)).toBe(size);
    expect({ running: pool.running, waiting: pool.waiting }).toEqual({ running: 0, waiting: 0 });
  });

  it('when N+k imports run through one importer then each finishes with its draft and no more than N workers ever run', async () => {
    const importer = createDraftImporter({ workers: 2, ...limits({}) });
    const docx = files.write('pool.docx', await seedDraftDocx('automatic'));
    const txt = files.write('pool.txt', seedText());
    const seen: number[] = [];
    const runs = [docx, txt, docx, txt, docx].map((file) =>
      importer.importDraft(file).then((imported) => {
        seen.push(importer.pool.running);
        return imported.kind;
      }),
    );
    expect(await Promise.all(runs)).toEqual(['docx', 'txt', 'docx', 'txt', 'docx']);
    expect(Math.max(...seen)).toBeLessThanOrEqual(2);
    expect(importer.pool.running).toBe(0);
  });
});
