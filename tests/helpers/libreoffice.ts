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
 */
export function docxToPdf(files: Record<string, Buffer>): Promise<Record<string, Buffer>> {
  return convertDocx(files, 'pdf');
}

/** DOCX files opened and saved again by LibreOffice, which writes its own numbering.xml, in one run. */
export function resaveDocx(files: Record<string, Buffer>): Promise<Record<string, Buffer>> {
  return convertDocx(files, 'docx');
}

/** Each run has its own profile, so tests running at once do not share LibreOffice's lock. */
async function convertDocx(files: Record<string, Buffer>, to: 'pdf' | 'docx'): Promise<Record<string, Buffer>> {
  const dir = await mkdtemp(path.join(tmpdir(), 'gopy-lo-'));
  const outDir = path.join(dir, 'out');
  try {
    const names = Object.keys(files);
    await Promise.all(names.map((name) => writeFile(path.join(dir, `${name}.docx`), files[name])));
    await run(
      'soffice',
      [`-env:UserInstallation=file://${path.join(dir, 'profile')}`, '--headless', '--norestore', '--convert-to', to, '--outdir', outDir, ...names.map((n) => path.join(dir, `${n}.docx`))],
      { timeout: 120_000 },
    );
    const converted: Record<string, Buffer> = {};
    for (const name of names) converted[name] = await readFile(path.join(outDir, `${name}.${to}`));
    return converted;
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
