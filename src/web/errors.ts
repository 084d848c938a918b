import type { NextFunction, Request, Response } from 'express';
import { isMessageKey, translator, type Translate } from '../i18n';
import { setUpLocals } from './locals';
import { Conflict, DomainError, Gone, NotFound, TooLarge, TryLater } from '../errors';
import { translatedFields } from './validate';

export class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

/** Another process holds the database's write lock (a CLI command, a restore, a long import). */
export function isDatabaseBusy(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  // PostgreSQL: lock_not_available (a lock_timeout ran out).
  return typeof code === 'string' && (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED') || code === '55P03');
}

const BUSY_RETRY_AFTER_S = '5';

/** The one place a domain error becomes an HTTP status. */
export function statusOf(err: DomainError): number {
  if (err instanceof NotFound) return 404;
  if (err instanceof Conflict) return 409;
  if (err instanceof TooLarge) return 413;
  if (err instanceof Gone) return 410;
  if (err instanceof TryLater) return err.kind === 'capacity' ? 503 : 429;
  return 400;
}

/** A refusal the page shows at its fields with what was typed: anything but "not found", which gets the 404 page. */
export function isFormRefusal(err: unknown): err is DomainError {
  return err instanceof DomainError && !(err instanceof NotFound);
}

const isApi = (req: Request): boolean => req.path.startsWith('/api/');
const tOf = (res: Response): Translate => (res.locals.t) ?? translator('vi');

export function notFound(req: Request, res: Response): void {
  const t = tOf(res);
  if (isApi(req)) {
    res.status(404).json({ error: t('api.route_not_found') });
    return;
  }
  res.status(404).render('errors/404', { title: t('error.404.title') });
}

/** The limit a body parser refused a body over ("1 MB"), in the user's words rather than its English message. */
function tooLarge(err: unknown): string | null {
  const e = err as { type?: unknown; limit?: unknown };
  if (e?.type !== 'entity.too.large') return null;
  return typeof e.limit === 'number' ? `${Math.round((e.limit / 1024 / 1024) * 10) / 10} MB` : '?';
}

/** Last in the chain: a clear page or JSON, and a stack trace only outside production. */
export function errorHandler(showStack: boolean, log: (err: unknown) => void) {
  return (err: unknown, req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) {
      next(err);
      return;
    }
    // An error raised before the page's locals were set (a body over its limit, refused by the
    // parser) still gets the portal's page in the visitor's language, not Express's stack trace.
    if (!res.locals.t) setUpLocals(req, res, () => undefined);
    const t = tOf(res);
    if (isDatabaseBusy(err)) {
      res.status(503).set({ 'Retry-After': BUSY_RETRY_AFTER_S, 'Cache-Control': 'no-store' });
      if (isApi(req)) {
        res.json({ error: t('error.busy.text') });
      } else {
        res.render('errors/error', { title: t('error.busy.title'), message: t('error.busy.text'), stack: null });
      }
      return;
    }
    const status = err instanceof HttpError ? err.status : typeof (err as { status?: unknown }).status === 'number' ? (err as { status: number }).status : 500;
    if (status >= 500) log(err);
    const raw = err instanceof Error ? err.message : '';
    const message = status >= 500 ? t('error.500.text') : tooLarge(err) ? t('request.too_large', { limit: tooLarge(err)! }) : raw ? (isMessageKey(raw) ? t(raw) : raw) : t('error.400.title');
    if (err instanceof DomainError) {
      const fields = translatedFields(err, t);
      const messages = Object.values(fields).flat();
      const domainStatus = statusOf(err);
      if (err instanceof TryLater) res.set({ 'Retry-After': String(err.retryAfterSeconds), 'Cache-Control': 'no-store' });
      if (isApi(req)) {
        res.status(domainStatus).json({ error: messages[0] ?? t('error.400.title'), fields });
      } else {
        res.status(domainStatus).render('errors/error', { title: t(domainStatus === 404 ? 'error.404.title' : 'error.400.title'), message: messages.join(' '), stack: null });
      }
      return;
    }
    if (isApi(req)) {
      res.status(status).json({ error: status >= 500 ? t('api.error') : message });
      return;
    }
    res.status(status).render('errors/error', {
      title: status >= 500 ? t('error.500.title') : t('error.400.title'),
      message,
      stack: showStack && err instanceof Error ? err.stack : null,
    });
  };
}
