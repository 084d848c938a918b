import path from 'node:path';
import { runCli } from '../../../src/cli';
import { seedDraftDocx } from '../../fixtures/make-docx';
import { tempFiles } from '../../fixtures/temp-files';

const files = tempFiles();
afterAll(files.cleanup);

async function cli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { log: (s) => (stdout += s), error: (s) => (stderr += s) });
  return { code, stdout, stderr };
}

type Clauses = { version: number | null; clauses: { label: string; children: { label: string }[] }[] };

describe('gopy parse', () => {
  it('when given a DOCX (under any name) then it prints the clause tree', async () => {
    const file = files.write('du-thao.bin', await seedDraftDocx('automatic'));
    const { code, stdout } = await cli(['parse', file]);
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as Clauses;
    expect(out.version).toBe(1);
    expect(out.clauses.map((c) => c.label)).toEqual(['1.', '2.', '3.', '4.', '5.', '6.', '7.', '8.', '9.']);
    expect(out.clauses[8].children.map((c) => c.label)).toEqual(['9.1.', '9.2.', '9.3.', '9.4.']);
  });

  it('when given a PDF then it prints the clause tree', async () => {
    const { code, stdout } = await cli(['parse', path.join(__dirname, '../../fixtures/du-thao-532.pdf')]);
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as Clauses;
    expect(out.clauses.map((c) => c.children.length)).toEqual([5, 5, 3, 3, 2, 0, 0, 3, 4]);
  });

  it('when given a file of another kind then it exits 2 with the message in Vietnamese', async () => {
    const { code, stderr } = await cli(['parse', files.write('du-thao.docx', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/Tệp là ảnh/u);
  });

  it('when asked for help then the usage names DOCX and PDF', async () => {
    const { stdout } = await cli(['help']);
    expect(stdout).toMatch(/DOCX, PDF/u);
  });
});
