import { ensurePrivateDir } from '../private-files';
import { unlink } from 'node:fs/promises';
import path from 'node:path';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import multer from 'multer';
import { InputError, type Message } from './validate';

export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;
/** One text field of a multipart form, as for a urlencoded body. */
const MAX_FIELD_BYTES = 1024 * 1024;

export type UploadedFiles = Record<string, Express.Multer.File[]>;

/**
 * Multipart forms: files go to DATA_DIR/uploads first and are removed when the response ends,
 * whether the request kept them (moved into storage by content) or refused them.
 */
export function createUpload(dataDir: string, fields: { name: string; maxCount: number }[], options: { maxFields?: number } = {}): RequestHandler {
  const dir = path.join(dataDir, 'uploads');
  ensurePrivateDir(dir);
  const parse = multer({
    dest: dir,
    // Browsers send a file's name as raw UTF-8 (WHATWG HTML, multipart/form-data encoding); busboy's
    // default, latin1, turned "Công văn.pdf" into "CÃ´ng vÄ\u0083n.pdf".
    defParamCharset: 'utf8',
    limits: { fileSize: MAX_UPLOAD_BYTES, files: fields.reduce((n, f) => n + f.maxCount, 0), fields: options.maxFields ?? 200, fieldSize: MAX_FIELD_BYTES },
  }).fields(fields);

  return (req: Request, res: Response, next: NextFunction) => {
    res.on('close', () => void removeUploads(req));
    parse(req, res, (err: unknown) => {
      if (!err) {
        next();
        return;
      }
      void removeUploads(req);
      if (err instanceof multer.MulterError) {
        // The route decides how to show it: a form is shown again with what was typed, the API answers JSON.
        const field = err.field && fields.some((f) => f.name === err.field) ? err.field : '_form';
        const message: Message =
          err.code === 'LIMIT_FILE_SIZE'
            ? { key: 'upload.too_large', vars: { mb: MAX_UPLOAD_BYTES / 1024 / 1024 } }
            : err.code === 'LIMIT_FIELD_VALUE'
              ? { key: 'request.too_large', vars: { limit: `${MAX_FIELD_BYTES / 1024 / 1024} MB` } }
              : err.code === 'LIMIT_UNEXPECTED_FILE'
                ? { key: 'upload.unexpected_field', vars: { field: err.field ?? '' } }
                : { key: 'upload.too_many' };
        const tooLarge = err.code === 'LIMIT_FILE_SIZE' || err.code === 'LIMIT_FIELD_VALUE';
        res.locals.uploadError = new InputError({ [field]: message }, tooLarge ? 413 : 400);
        next();
        return;
      }
      next(err);
    });
  };
}

/** Throws the upload's refusal (too large, too many fields), if there was one, for the route to show. */
export function throwIfUploadFailed(res: Response): void {
  const failed = res.locals.uploadError as InputError | undefined;
  if (failed) throw failed;
}

export function uploadedFiles(req: Request): UploadedFiles {
  return (req.files as UploadedFiles | undefined) ?? {};
}

async function removeUploads(req: Request): Promise<void> {
  for (const file of Object.values(uploadedFiles(req)).flat()) {
    await unlink(file.path).catch(() => undefined);
  }
}
