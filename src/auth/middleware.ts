import type { NextFunction, Request, Response } from 'express';
import { HttpError } from '../web/errors';
import { secureCookies } from '../web/security';
import type { StaffUser } from './repository';
import type { AuthService } from './service';

export const SESSION_COOKIE = 'gopy_session';

/**
 * The cookie lives as long as the session, given as Max-Age: the browser counts it from its own
 * clock, so a cookie is never born expired when the portal's clock and the visitor's disagree.
 */
export function sessionCookieOptions(req: Request, lifetimeMs: number) {
  return { httpOnly: true, sameSite: 'lax' as const, secure: secureCookies(req), path: '/', maxAge: Math.max(0, lifetimeMs) };
}

/** Puts the signed-in officer, if any, in res.locals.user; pages for staff are never cached. */
export function loadStaffSession(auth: AuthService) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const token = req.cookies?.[SESSION_COOKIE] as unknown;
    if (typeof token !== 'string' || req.path.startsWith('/api/') || req.path.startsWith('/assets/')) {
      next();
      return;
    }
    const session = await auth.session(token);
    if (session) {
      res.locals.user = session.user;
      res.locals.staffSession = session;
      res.set('Cache-Control', 'private, no-store');
      if (session.renewedForMs !== null) res.cookie(SESSION_COOKIE, token, sessionCookieOptions(req, session.renewedForMs));
    }
    next();
  };
}

export function currentUser(res: Response): StaffUser {
  const user = res.locals.user;
  if (!user) throw new HttpError(401, res.locals.t('auth.required'));
  return user;
}

/** Pages for staff: a visitor is sent to the login page and brought back afterwards. */
export function requireUser(req: Request, res: Response, next: NextFunction): void {
  if (res.locals.user) {
    next();
    return;
  }
  if (req.method === 'GET' || req.method === 'HEAD') {
    res.redirect(303, `/login?next=${encodeURIComponent(req.originalUrl)}`);
    return;
  }
  next(new HttpError(401, res.locals.t('auth.required')));
}

export function requireAdmin(_req: Request, res: Response, next: NextFunction): void {
  if ((res.locals.user)?.role === 'admin') {
    next();
    return;
  }
  next(new HttpError(403, res.locals.t('auth.admin_only')));
}

/** The officer API: `Authorization: Bearer <token>` from `gopy token create`, and nothing else. */
export function requireApiUser(auth: AuthService) {
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    const match = /^Bearer\s+(\S+)$/iu.exec(req.get('authorization') ?? '');
    const user = match ? await auth.apiUser(match[1]!) : null;
    if (!user) {
      res.set('WWW-Authenticate', 'Bearer realm="gopy"');
      next(new HttpError(401, res.locals.t(match ? 'api.token_invalid' : 'api.token_missing')));
      return;
    }
    res.locals.user = user;
    next();
  };
}
