import type { NextFunction, Request, Response } from 'express';
import multer from 'multer';
import { MAX_CSV_BYTES } from './csv-import';

/**
 * One CSV file, kept in memory and never larger than 1 MB. A refused upload is not an error page:
 * `res.locals.csvUploadError` names the message and the route shows it at the field.
 */
export function csvUpload(field: string) {
  const single = multer({ storage: multer.memoryStorage(), limits: { fileSize: MAX_CSV_BYTES, files: 1, fields: 5, parts: 6 } }).single(field);
  return (req: Request, res: Response, next: NextFunction): void => {
    single(req, res, (err: unknown) => {
      if (err instanceof multer.MulterError) {
        res.locals.csvUploadError = err.code === 'LIMIT_FILE_SIZE' ? 'agencies.import.too_big' : 'agencies.import.no_file';
        next();
        return;
      }
      next(err);
    });
  };
}
