import { readFile } from 'node:fs/promises';

/**
 * Limits for a DOCX, checked from the ZIP's central directory before anything is inflated: a real
 * Word file has tens of parts, and its XML inflates to a few megabytes. A file past them is a
 * broken or hostile archive (a "ZIP bomb"), refused before it costs memory or time.
 */
export const DOCX_LIMITS = {
  /** Entries in the archive. */
  maxEntries: 2000,
  /** One part, as declared; the import also stops inflating a part at this size, whatever is declared. */
  maxPartBytes: 50 * 1024 * 1024,
  /** All parts together, as declared. */
  maxTotalBytes: 200 * 1024 * 1024,
} as const;

export type ZipProblem = { kind: 'entries'; count: number; max: number } | { kind: 'size'; bytes: number; maxMb: number };

export interface ZipDirectory {
  names: string[];
  /** The largest declared uncompressed size of one entry, and the sum of all. */
  largest: number;
  total: number;
}

const EOCD = 0x06054b50;
const CENTRAL = 0x02014b50;
const EOCD_SIZE = 22;
const CENTRAL_SIZE = 46;
const MAX_COMMENT = 0xffff;

/**
 * The archive's central directory as it declares itself, read without inflating anything; null when
 * there is none to read (not a ZIP, or cut off). Sizes of 0xFFFFFFFF (ZIP64) are taken at face value,
 * which is far past any limit.
 */
export function readZipDirectory(zip: Buffer): ZipDirectory | null {
  let end = -1;
  for (let i = zip.length - EOCD_SIZE; i >= Math.max(0, zip.length - EOCD_SIZE - MAX_COMMENT); i--) {
    if (zip.readUInt32LE(i) === EOCD) {
      end = i;
      break;
    }
  }
  if (end < 0) return null;
  const size = zip.readUInt32LE(end + 12);
  const start = zip.readUInt32LE(end + 16);
  if (start + size > end) return null;
  const names: string[] = [];
  let largest = 0;
  let total = 0;
  for (let p = start; p + CENTRAL_SIZE <= start + size; ) {
    if (zip.readUInt32LE(p) !== CENTRAL) return null;
    const uncompressed = zip.readUInt32LE(p + 24);
    const nameLength = zip.readUInt16LE(p + 28);
    const extraLength = zip.readUInt16LE(p + 30);
    const commentLength = zip.readUInt16LE(p + 32);
    names.push(zip.toString('utf8', p + CENTRAL_SIZE, p + CENTRAL_SIZE + nameLength));
    largest = Math.max(largest, uncompressed);
    total += uncompressed;
    p += CENTRAL_SIZE + nameLength + extraLength + commentLength;
  }
  return { names, largest, total };
}

/** Why an archive is refused before it is opened, or null when it is within DOCX_LIMITS. */
export function zipProblem(dir: ZipDirectory): ZipProblem | null {
  if (dir.names.length > DOCX_LIMITS.maxEntries) return { kind: 'entries', count: dir.names.length, max: DOCX_LIMITS.maxEntries };
  if (dir.largest > DOCX_LIMITS.maxPartBytes) return { kind: 'size', bytes: dir.largest, maxMb: DOCX_LIMITS.maxPartBytes / 1024 / 1024 };
  if (dir.total > DOCX_LIMITS.maxTotalBytes) return { kind: 'size', bytes: dir.total, maxMb: DOCX_LIMITS.maxTotalBytes / 1024 / 1024 };
  return null;
}

/** zipProblem of a file on disk (at most the upload limit, read once). */
export async function docxProblem(path: string): Promise<ZipProblem | null> {
  const dir = readZipDirectory(await readFile(path));
  return dir ? zipProblem(dir) : null;
}
