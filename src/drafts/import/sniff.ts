import { open } from 'node:fs/promises';
import { readZipDirectory } from './zip-guard';

export type FileKind = 'pdf' | 'docx' | 'txt' | 'png' | 'jpeg';

const HEAD_BYTES = 16;
const TEXT_CHUNK = 64 * 1024;
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const JPEG = [0xff, 0xd8, 0xff];
const ZIP = [0x50, 0x4b, 0x03, 0x04];
/** Formats that are valid text at their start but are not a draft's plain text: a Windows program, RTF. */
const NOT_TEXT = [Buffer.from('MZ'), Buffer.from('{\\rtf')];
const PDF = Buffer.from('%PDF-');
const DOCX_MAIN_PART = 'word/document.xml';

const startsWith = (head: Buffer, magic: readonly number[] | Buffer): boolean =>
  head.length >= magic.length && [...magic].every((b, i) => head[i] === b);

/**
 * The file's real type, from its content only (never its name), or null when it is none of
 * these. A ZIP is a DOCX only when it holds word/document.xml. Reads the first bytes, and the
 * whole file only for a ZIP (whose directory is at its end) or to check that text is UTF-8.
 */
export async function sniffFile(path: string): Promise<FileKind | null> {
  const file = await open(path, 'r');
  try {
    const head = Buffer.alloc(HEAD_BYTES);
    const { bytesRead } = await file.read(head, 0, HEAD_BYTES, 0);
    const start = head.subarray(0, bytesRead);
    if (bytesRead === 0) return null;
    if (startsWith(start, PDF)) return 'pdf';
    if (startsWith(start, PNG)) return 'png';
    if (startsWith(start, JPEG)) return 'jpeg';
    if (startsWith(start, ZIP)) return isDocx(await file.readFile()) ? 'docx' : null;
    if (NOT_TEXT.some((magic) => startsWith(start, magic))) return null;
    return (await isUtf8Text(file)) ? 'txt' : null;
  } finally {
    await file.close();
  }
}

/** Reads the central directory only: nothing is inflated, however many entries it lists. */
function isDocx(zip: Buffer): boolean {
  const dir = readZipDirectory(zip);
  // A damaged archive (a cut-off upload) whose entries still name the Word part is a broken
  // DOCX: better told "cannot read the DOCX" than "not a DOCX".
  return dir ? dir.names.includes(DOCX_MAIN_PART) : zip.includes(DOCX_MAIN_PART, 0, 'latin1');
}

async function isUtf8Text(file: Awaited<ReturnType<typeof open>>): Promise<boolean> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const chunk = Buffer.alloc(TEXT_CHUNK);
  let position = 0;
  try {
    for (;;) {
      const { bytesRead } = await file.read(chunk, 0, TEXT_CHUNK, position);
      if (bytesRead === 0) break;
      const bytes = chunk.subarray(0, bytesRead);
      if (bytes.includes(0)) return false;
      decoder.decode(bytes, { stream: true });
      position += bytesRead;
    }
    decoder.decode();
    return true;
  } catch {
    return false;
  }
}
