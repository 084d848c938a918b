import Tokens from 'csrf';
import type { NextFunction, Request, Response } from 'express';
import { HttpError } from './errors';
import { secureCookies } from './security';

const tokens = new Tokens();
const ANON_COOKIE = 'gopy_csrf';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Synchronizer tokens (pillarjs/csrf) on every form and state-changing request. A signed-in officer's
 * secret lives in their session row; a visitor's in a signed, http-only cookie set the first time a
 * form is rendered. The API is exempt: it authenticates by bearer token only, never by cookie.
 * A multipart form carries the token as its first field, read here before any file (or in the query
 * string, for clients that cannot order their fields): never in the page's address, where a refused
 * form shown again would leave it in the address bar, the history and the Referer.
 */
export function setUpCsrf(req: Request, res: Response, next: NextFunction): void {
  const sessionSecret = res.locals.staffSession?.csrfSecret as string | undefined;
  const cookieSecret = typeof req.signedCookies?.[ANON_COOKIE] === 'string' ? (req.signedCookies[ANON_COOKIE] as string) : undefined;
  let secret = sessionSecret ?? cookieSecret;

  res.locals.csrfToken = (): string => {
    if (!secret) {
      secret = tokens.secretSync();
      res.cookie(ANON_COOKIE, secret, { httpOnly: true, sameSite: 'lax', secure: secureCookies(req), signed: true, path: '/' });
    }
    return tokens.create(secret);
  };

  if (SAFE_METHODS.has(req.method) || req.path.startsWith('/api/')) {
    next();
    return;
  }
  const refuse = () => next(new HttpError(403, res.locals.t('csrf.refused')));
  const verified = (sent: unknown) => Boolean(secret) && typeof sent === 'string' && tokens.verify(secret!, sent);
  const sent = (req.body as Record<string, unknown> | undefined)?._csrf ?? req.query._csrf ?? req.get('x-csrf-token');
  if (sent === undefined && req.is('multipart/form-data')) {
    firstMultipartField(req).then((field) => (field?.name === '_csrf' && verified(field.value) ? next() : refuse()), next);
    return;
  }
  if (!verified(sent)) return refuse();
  next();
}

/** A first part's boundary line, headers and token take a few hundred bytes; no more is read ahead. */
const PEEK_BYTES = 4096;

/**
 * The first field of a multipart body, read ahead of the route's parser and put back for it. Only
 * a plain field (no file name) whose part ends within the first PEEK_BYTES is taken.
 */
function firstMultipartField(req: Request): Promise<{ name: string; value: string } | null> {
  const boundary = /boundary=(?:"([^"]{1,70})"|([^;\s]{1,70}))/iu.exec(req.get('content-type') ?? '');
  if (!boundary) return Promise.resolve(null);
  const delimiter = `--${boundary[1] ?? boundary[2]}`;
  const chunks: Buffer[] = [];
  // Each chunk is looked at, and the bytes read put back, in the 'data' event that brought it: were
  // they put back later (after an await), a body that had all arrived would already have emitted
  // 'end' and its bytes would be lost to the route's parser ("Unexpected end of form").
  return new Promise((resolve, reject) => {
    const finish = (field: { name: string; value: string } | null) => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      resolve(field);
    };
    const onData = (chunk: Buffer) => {
      chunks.push(chunk);
      const head = Buffer.concat(chunks);
      const field = firstPart(head.toString('latin1'), delimiter);
      if (field === undefined && head.length < PEEK_BYTES) return;
      req.pause();
      req.unshift(head);
      finish(field ?? null);
    };
    const onEnd = () => finish(null);
    const onError = (err: Error) => {
      req.off('data', onData);
      req.off('end', onEnd);
      reject(err);
    };
    req.on('data', onData);
    req.once('end', onEnd);
    req.once('error', onError);
    req.resume();
  });
}

/** The first part as far as it came: undefined while it is incomplete, null when it is not a plain field. */
function firstPart(head: string, delimiter: string): { name: string; value: string } | null | undefined {
  const start = head.indexOf(`${delimiter}\r\n`);
  if (start < 0) return head.length > delimiter.length + 2 ? null : undefined;
  const headersStart = start + delimiter.length + 2;
  const headersEnd = head.indexOf('\r\n\r\n', headersStart);
  if (headersEnd < 0) return undefined;
  const valueEnd = head.indexOf(`\r\n${delimiter}`, headersEnd + 4);
  if (valueEnd < 0) return undefined;
  const disposition = /^content-disposition:\s*form-data;\s*name="([^"]*)"\s*$/imu.exec(head.slice(headersStart, headersEnd));
  if (!disposition) return null;
  return { name: disposition[1]!, value: Buffer.from(head.slice(headersEnd + 4, valueEnd), 'latin1').toString('utf8') };
}

