import { mkdirSync } from 'node:fs';
import { unlink } from 'node:fs/promises';
import path from 'node:path';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import multer from 'multer';
import { HttpError } from './errors';
import type { Translate } from './i18n';

export const MAX_UPLOAD_BYTES = 20 * 1024 * 1024;

export type UploadedFiles = Record<string, Express.Multer.File[]>;

/**
 * Multipart forms: files go to DATA_DIR/uploads first and are removed when the response ends,
 * whether the request kept them (moved into storage by content) or refused them.
 */
export function createUpload(dataDir: string, fields: { name: string; maxCount: number }[], options: { maxFields?: number } = {}): RequestHandler {
  const dir = path.join(dataDir, 'uploads');
  mkdirSync(dir, { recursive: true });
  const parse = multer({
    dest: dir,
    limits: { fileSize: MAX_UPLOAD_BYTES, files: fields.reduce((n, f) => n + f.maxCount, 0), fields: options.maxFields ?? 200, fieldSize: 1024 * 1024 },
  }).fields(fields);

  return (req: Request, res: Response, next: NextFunction) => {
    const t = res.locals.t as Translate;
    res.on('close', () => void removeUploads(req));
    parse(req, res, (err: unknown) => {
      if (!err) {
        next();
        return;
      }
      void removeUploads(req);
      if (err instanceof multer.MulterError) {
        const message =
          err.code === 'LIMIT_FILE_SIZE'
            ? t('upload.too_large', { mb: MAX_UPLOAD_BYTES / 1024 / 1024 })
            : err.code === 'LIMIT_UNEXPECTED_FILE'
              ? t('upload.unexpected_field', { field: err.field ?? '' })
              : t('upload.too_many');
        next(new HttpError(err.code === 'LIMIT_FILE_SIZE' ? 413 : 400, message));
        return;
      }
      next(err);
    });
  };
}

export function uploadedFiles(req: Request): UploadedFiles {
  return (req.files as UploadedFiles | undefined) ?? {};
}

async function removeUploads(req: Request): Promise<void> {
  for (const file of Object.values(uploadedFiles(req)).flat()) {
    await unlink(file.path).catch(() => undefined);
  }
}
