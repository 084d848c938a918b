import type { IncomingMessage } from 'node:http';
import type { NextFunction, Request, RequestHandler, Response } from 'express';

/** A body over its limit; errors.ts answers it 413 with the limit in the visitor's words (as body-parser's own). */
export class BodyTooLarge extends Error {
  readonly status = 413;
  readonly type = 'entity.too.large';
  constructor(readonly limit: number) {
    super('request entity too large');
  }
}

/** "21 MB", as the message shows a limit. */
export const megabytes = (bytes: number): string => `${Math.round((bytes / 1024 / 1024) * 10) / 10} MB`;

/** The length the client announced; a chunked body announces none. */
export function declaredBytes(req: IncomingMessage): number {
  const length = Number(req.headers['content-length']);
  return Number.isFinite(length) ? length : 0;
}

/**
 * Counts a body's bytes as they are read, and calls `onOver` once they pass `maxBytes`. Only call it
 * once a consumer reads the body (a parser has piped or listened to it in this same tick): a
 * listener of its own would otherwise start the stream flowing with nobody to take the data.
 */
export function watchBytes(req: IncomingMessage, maxBytes: number, onOver: () => void): void {
  let seen = 0;
  const count = (chunk: Buffer): void => {
    seen += chunk.length;
    if (seen <= maxBytes) return;
    req.off('data', count);
    onOver();
  };
  req.on('data', count);
}

/**
 * A body parser answered 413 as soon as its body passes `maxBytes`: at once when the announced
 * length is over, or when the bytes read pass it. body-parser itself only answers once the client
 * has sent everything; the rest is now discarded as it arrives (by the parser, or by Node after
 * the answer), never kept.
 */
export function limitBody(parser: RequestHandler, type: 'json' | 'urlencoded', maxBytes: number): RequestHandler {
  return (req: Request, res: Response, next: NextFunction) => {
    if (!req.is(type)) return void parser(req, res, next);
    if (declaredBytes(req) > maxBytes) return next(new BodyTooLarge(maxBytes));
    let settled = false;
    const once = (err?: unknown): void => {
      if (settled) return;
      settled = true;
      next(err);
    };
    void parser(req, res, once);
    // A parser that skipped the body (not its type) has already called next.
    if (!settled && req.readable) watchBytes(req, maxBytes, () => once(new BodyTooLarge(maxBytes)));
  };
}
