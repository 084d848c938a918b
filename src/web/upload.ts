import { randomBytes } from 'node:crypto';
import { ensurePrivateDir } from '../private-files';
import { unlink } from 'node:fs/promises';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import type { Readable, Writable } from 'node:stream';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import multer from 'multer';
import { megabytes, watchBytes } from './body-limit';
import { Invalid, type Message, TooLarge } from '../errors';

export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
/** One text field of a multipart form, as for a urlencoded body. */
const MAX_FIELD_BYTES = 1024 * 1024;
/** All the text fields of one form together (names and values), kept in memory while it is read. */
export const MAX_FORM_TEXT_BYTES = 2 * 1024 * 1024;
/** What a part's boundary and headers may add to its content. */
const PART_FRAMING_BYTES = 256;

export type UploadedFiles = Record<string, Express.Multer.File[]>;

interface UploadOptions {
  /** Text fields the form may have; a function when it depends on the request (the agency form: its draft's clauses). */
  maxFields?: number | ((res: Response) => number);
}

/** multer 2.5 feeds busboy through this when given (not in @types/multer yet). */
type StreamHandler = (req: IncomingMessage, busboy: Writable) => void;

/**
 * Multipart forms: files go to DATA_DIR/uploads first and are removed when the response ends,
 * whether the request kept them (moved into storage by content) or refused them. The whole body
 * is bounded (its files, its text, and their framing) and answered 413 as soon as it passes, not
 * once the client has sent it all. The announced length is not refused up front: a browser sends
 * the typed fields before the file, and the page shows them again.
 */
export function createUpload(dataDir: string, fields: { name: string; maxCount: number }[], options: UploadOptions = {}): RequestHandler {
  const dir = path.join(dataDir, 'uploads');
  ensurePrivateDir(dir);
  const files = fields.reduce((n, f) => n + f.maxCount, 0);
  const maxFieldsOf = (res: Response) => (typeof options.maxFields === 'function' ? options.maxFields(res) : (options.maxFields ?? 200));

  return (req: Request, res: Response, next: NextFunction) => {
    // Every file this request writes, also one still being written when the request is refused.
    const written: string[] = [];
    res.on('close', () => void removeUploads(req, written));
    const maxFields = maxFieldsOf(res);
    const maxBytes = files * MAX_UPLOAD_BYTES + MAX_FORM_TEXT_BYTES + (files + maxFields) * PART_FRAMING_BYTES;
    let settled = false;
    const refuse = (field: string, message: Message, Refusal: typeof Invalid | typeof TooLarge) => {
      if (settled) return;
      settled = true;
      // The route decides how to show it: a form is shown again with what was typed, the API answers JSON.
      res.locals.uploadError = new Refusal({ [field]: message });
      next();
    };
    const fieldOf = (name: string | undefined) => (name && fields.some((f) => f.name === name) ? name : '_form');
    const fileTooLarge = (name: string) => refuse(fieldOf(name), { key: 'upload.too_large', vars: { mb: MAX_UPLOAD_BYTES / 1024 / 1024 } }, TooLarge);
    const tooLarge = (limit: number) => refuse('_form', { key: 'request.too_large', vars: { limit: megabytes(limit) } }, TooLarge);

    // Counted on the wire and, for the text kept in memory, field by field. Each refusal is answered
    // at once, with the fields read so far kept for the form: multer removes what it wrote and
    // discards the rest of the body as it arrives (busboy is stopped past a limit of ours).
    const streamHandler: StreamHandler = (incoming, busboy) => {
      let text = 0;
      const stop = (refusal: () => void) => {
        incoming.unpipe(busboy);
        busboy.destroy(new Error('body over its limit'));
        refusal();
      };
      busboy.on('field', (name: string, value: string) => {
        text += Buffer.byteLength(name) + Buffer.byteLength(value);
        if (text > MAX_FORM_TEXT_BYTES) stop(() => tooLarge(MAX_FORM_TEXT_BYTES));
      });
      busboy.on('file', (name: string, file: Readable) => file.once('limit', () => fileTooLarge(name)));
      incoming.pipe(busboy);
      watchBytes(incoming, maxBytes, () => stop(() => tooLarge(maxBytes)));
    };
    const storage = multer.diskStorage({
      destination: dir,
      filename: (_req, _file, cb) => {
        const name = randomBytes(16).toString('hex');
        written.push(path.join(dir, name));
        cb(null, name);
      },
    });
    const parse = multer({
      storage,
      // Browsers send a file's name as raw UTF-8 (WHATWG HTML, multipart/form-data encoding); busboy's
      // default, latin1, turned "Công văn.pdf" into "CÃ´ng vÄ\u0083n.pdf".
      defParamCharset: 'utf8',
      limits: { fileSize: MAX_UPLOAD_BYTES, files, fields: maxFields, fieldSize: MAX_FIELD_BYTES },
      streamHandler,
    } as multer.Options).fields(fields);

    parse(req, res, (err: unknown) => {
      if (settled) return;
      if (!err) {
        settled = true;
        next();
        return;
      }
      void removeUploads(req, written);
      if (err instanceof multer.MulterError) {
        if (err.code === 'LIMIT_FILE_SIZE') return fileTooLarge(err.field ?? '');
        if (err.code === 'LIMIT_FIELD_VALUE') return tooLarge(MAX_FIELD_BYTES);
        const message: Message = err.code === 'LIMIT_UNEXPECTED_FILE' ? { key: 'upload.unexpected_field', vars: { field: err.field ?? '' } } : { key: 'upload.too_many' };
        return refuse(fieldOf(err.field), message, Invalid);
      }
      settled = true;
      next(err);
    });
  };
}

/** Throws the upload's refusal (too large, too many fields), if there was one, for the route to show. */
export function throwIfUploadFailed(res: Response): void {
  const failed = res.locals.uploadError;
  if (failed) throw failed;
}

export function uploadedFiles(req: Request): UploadedFiles {
  return (req.files as UploadedFiles | undefined) ?? {};
}

async function removeUploads(req: Request, written: string[]): Promise<void> {
  for (const file of new Set([...written, ...Object.values(uploadedFiles(req)).flat().map((f) => f.path)])) {
    await unlink(file).catch(() => undefined);
  }
}
