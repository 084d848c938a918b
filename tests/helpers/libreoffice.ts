import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
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

/**
 * The profile a first run in this jest worker left, kept beside the demo template (tests/global-setup.js):
 * LibreOffice takes a second or two more to start on an empty profile, which it fills on first use.
 */
const warmProfile = (): string | null => (process.env.GOPY_TEST_TEMPLATES ? path.join(process.env.GOPY_TEST_TEMPLATES, `${process.pid}-libreoffice-profile`) : null);

/** Each run has its own profile (a copy of the warm one, when there is one), so tests running at once do not share LibreOffice's lock. */
async function convertDocx(files: Record<string, Buffer>, to: 'pdf' | 'docx'): Promise<Record<string, Buffer>> {
  const dir = await mkdtemp(path.join(tmpdir(), 'gopy-lo-'));
  const outDir = path.join(dir, 'out');
  const profile = path.join(dir, 'profile');
  const warm = warmProfile();
  try {
    const names = Object.keys(files);
    await Promise.all(names.map((name) => writeFile(path.join(dir, `${name}.docx`), files[name])));
    const warmed = warm !== null && existsSync(warm);
    if (warmed) await cp(warm, profile, { recursive: true });
    await run(
      'soffice',
      [`-env:UserInstallation=file://${profile}`, '--headless', '--norestore', '--convert-to', to, '--outdir', outDir, ...names.map((n) => path.join(dir, `${n}.docx`))],
      { timeout: 120_000 },
    );
    // Renamed in one step: a run starting meanwhile sees the whole profile or none.
    if (warm !== null && !warmed && !existsSync(warm)) await rename(profile, warm).catch(() => undefined);
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
