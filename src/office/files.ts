import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { FileStorage } from '../attachments/storage';
import type { AttachmentKind } from '../db/tables';
import { type FileKind, docxProblem, sniffFile } from '../drafts/import';
import { Invalid } from '../errors';

/** A file as multer left it on disk, before anything is kept. */
export interface Upload {
  path: string;
  originalname: string;
  size: number;
}

export const CONTENT_TYPES: Record<FileKind, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  txt: 'text/plain; charset=utf-8',
  png: 'image/png',
  jpeg: 'image/jpeg',
};

const KIND_NAMES: Record<FileKind, string> = { pdf: 'PDF', docx: 'DOCX', txt: 'TXT', png: 'PNG', jpeg: 'JPEG' };

/** What each upload slot accepts, decided from the file's bytes. */
export const ACCEPTED: Record<'draft' | 'requestLetter' | 'others', FileKind[]> = {
  draft: ['docx', 'pdf', 'txt'],
  requestLetter: ['pdf', 'docx', 'png', 'jpeg'],
  others: ['pdf', 'docx', 'txt', 'png', 'jpeg'],
};

export interface CheckedUpload extends Upload {
  kind: FileKind;
  contentType: string;
  filename: string;
}

/** The last part of a path from any system, without control, format (bidi, zero-width) or reserved characters, nor leading dots. */
function baseName(name: string): string {
  return path
    .basename(name.replace(/\\/gu, '/'))
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}"<>|:*?]/gu, '')
    .trim()
    .replace(/^\.+/u, '')
    .slice(0, 180);
}

/** A name safe to store and to send back in Content-Disposition: no folders, no control characters. */
export function cleanFilename(name: string, kind: FileKind): string {
  const base = baseName(name);
  const ext = kind === 'jpeg' ? '.jpg' : `.${kind}`;
  const stem = base.replace(/\.[A-Za-z0-9]{1,5}$/u, '') || 'tep';
  return `${stem}${ext}`;
}

/** The kind a file's name claims by its extension, when it is one of ours. */
const EXTENSION_KINDS: Record<string, FileKind> = { pdf: 'pdf', docx: 'docx', txt: 'txt', png: 'png', jpg: 'jpeg', jpeg: 'jpeg' };

/**
 * Refuses a file whose content is not one of `allowed`, whatever its name says; one whose name
 * claims another of these kinds than its content (a PDF named .docx: a disguise, or a mistake the
 * sender should see); and a DOCX whose archive is past DOCX_LIMITS (a ZIP bomb), before it is opened.
 */
export async function checkUpload(upload: Upload, field: string, allowed: FileKind[]): Promise<CheckedUpload> {
  const kind = await sniffFile(upload.path);
  const name = baseName(upload.originalname);
  if (!kind || !allowed.includes(kind)) {
    throw new Invalid({ [field]: { key: 'upload.wrong_type', vars: { name, expected: allowed.map((k) => KIND_NAMES[k]).join(', ') } } });
  }
  const ext = path.extname(name).slice(1).toLowerCase();
  const claimed = EXTENSION_KINDS[ext];
  if (claimed && claimed !== kind) throw new Invalid({ [field]: { key: 'upload.name_mismatch', vars: { name, ext, actual: KIND_NAMES[kind] } } });
  if (kind === 'docx') {
    const problem = await docxProblem(upload.path);
    if (problem?.kind === 'entries') throw new Invalid({ [field]: { key: 'upload.docx_entries', vars: { name, count: problem.count, max: problem.max } } });
    if (problem) throw new Invalid({ [field]: { key: 'upload.docx_size', vars: { name, mb: problem.maxMb } } });
  }
  return { ...upload, kind, contentType: CONTENT_TYPES[kind], filename: cleanFilename(upload.originalname, kind) };
}

export interface StoredFile {
  kind: AttachmentKind;
  filename: string;
  contentType: string;
  size: number;
  sha256: string;
  storageKey: string;
}

/** Keeps a checked upload by its content; the attachment row is written by the caller's transaction. */
export async function storeUpload(storage: FileStorage, upload: CheckedUpload, kind: AttachmentKind): Promise<StoredFile> {
  const stored = await storage.put(await readFile(upload.path));
  return { kind, filename: upload.filename, contentType: upload.contentType, size: stored.size, sha256: stored.sha256, storageKey: stored.key };
}
