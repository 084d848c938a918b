import Tokens from 'csrf';
import type { NextFunction, Request, Response } from 'express';
import { HttpError } from './errors';
import type { Translate } from './i18n';
import { secureCookies } from './security';

const tokens = new Tokens();
const ANON_COOKIE = 'gopy_csrf';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * Synchronizer tokens (pillarjs/csrf) on every form and state-changing request. A signed-in officer's
 * secret lives in their session row; a visitor's in a signed, http-only cookie set the first time a
 * form is rendered. The API is exempt: it authenticates by bearer token only, never by cookie.
 * Multipart forms carry the token in the query string, since it must be checked before the upload is read.
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
  const sent = (req.body as Record<string, unknown> | undefined)?._csrf ?? req.query._csrf ?? req.get('x-csrf-token');
  if (!secret || typeof sent !== 'string' || !tokens.verify(secret, sent)) {
    const t = res.locals.t as Translate;
    next(new HttpError(403, t('csrf.refused')));
    return;
  }
  next();
}
