import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Where tests leave files a person can look at (gitignored): `test-artifacts/<name>/`. */
export const ARTIFACTS = path.join(__dirname, '../../test-artifacts');

/**
 * DOCX files rendered to PDF by LibreOffice as a reader's word processor would (Debian's
 * libreoffice-writer-nogui, whose Liberation Serif has Times New Roman's metrics), in one run.
 * Each run has its own profile, so tests running at once do not share LibreOffice's lock.
 */
export async function docxToPdf(files: Record<string, Buffer>): Promise<Record<string, Buffer>> {
  const dir = await mkdtemp(path.join(tmpdir(), 'gopy-lo-'));
  try {
    const names = Object.keys(files);
    await Promise.all(names.map((name) => writeFile(path.join(dir, `${name}.docx`), files[name])));
    await run(
      'soffice',
      [`-env:UserInstallation=file://${path.join(dir, 'profile')}`, '--headless', '--norestore', '--convert-to', 'pdf', '--outdir', dir, ...names.map((n) => path.join(dir, `${n}.docx`))],
      { timeout: 120_000 },
    );
    const pdfs: Record<string, Buffer> = {};
    for (const name of names) pdfs[name] = await readFile(path.join(dir, `${name}.pdf`));
    return pdfs;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** One PNG per page of `pdf` (pdftoppm at `dpi`) under test-artifacts/`name`/, replacing older ones; returns their paths. */
export async function pdfPagesToPng(pdf: Buffer, name: string, dpi = 80): Promise<string[]> {
  const dir = path.join(ARTIFACTS, name);
  await rm(dir, { recursive: true, force: true });
  await mkdir(dir, { recursive: true });
  const pdfFile = path.join(dir, 'report.pdf');
  await writeFile(pdfFile, pdf);
  await run('pdftoppm', ['-r', String(dpi), '-png', pdfFile, path.join(dir, 'page')], { timeout: 60_000 });
  return (await readdir(dir)).filter((f) => f.endsWith('.png')).sort().map((f) => path.join(dir, f));
}
