import express, { type Request, type Response, Router } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { RateLimitStoreFactory } from '../rate-limits/store';
import { parseForm } from '../web/validate';
import { SESSION_COOKIE, sessionCookieOptions } from './middleware';
import { loginForm, safeNext } from './schemas';
import type { AuthService } from './service';

const FIFTEEN_MINUTES = 15 * 60 * 1000;

function renderLogin(res: Response, status: number, values: { email?: string; next?: string }, errors: Record<string, string[]> = {}, signedOut = false) {
  const t = res.locals.t;
  res.status(status).render('auth/login', { title: t('auth.login.title'), values, errors, signedOut });
}

export function authRoutes(auth: AuthService, store: RateLimitStoreFactory): Router {
  const router = Router();
  const form = express.urlencoded({ extended: false, limit: '32kb' });

  // Failed sign-ins only, per address and per network: 5 tries per account, 30 per client, each 15 minutes.
  const limitHandler = (req: Request, res: Response) => {
    const t = res.locals.t;
    renderLogin(res, 429, { email: String(req.body?.email ?? ''), next: String(req.body?.next ?? '') }, { _form: [t('auth.login.limited')] });
  };
  const perAccount = rateLimit({
    store: store('login-account'),
    windowMs: FIFTEEN_MINUTES,
    limit: 5,
    skipSuccessfulRequests: true,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req) => `${ipKeyGenerator(req.ip ?? '')}|${String(req.body?.email ?? '').trim().toLowerCase()}`,
    handler: limitHandler,
  });
  const perClient = rateLimit({
    store: store('login-client'),
    windowMs: FIFTEEN_MINUTES,
    limit: 30,
    skipSuccessfulRequests: true,
    standardHeaders: false,
    legacyHeaders: false,
    keyGenerator: (req) => ipKeyGenerator(req.ip ?? ''),
    handler: limitHandler,
  });

  router.get('/login', (req, res) => {
    if (res.locals.user) {
      res.redirect(303, safeNext(req.query.next as string | undefined));
      return;
    }
    renderLogin(res, 200, { next: typeof req.query.next === 'string' ? req.query.next : '' }, {}, req.query.signed_out === '1');
  });

  router.post('/login', form, perClient, perAccount, async (req, res) => {
    const t = res.locals.t;
    const parsed = parseForm(loginForm, req.body, t);
    if (!parsed.ok) {
      renderLogin(res, 400, { email: String(req.body?.email ?? ''), next: String(req.body?.next ?? '') }, parsed.errors);
      return;
    }
    const session = await auth.login(parsed.data.email, parsed.data.password);
    if (!session) {
      renderLogin(res, 401, { email: parsed.data.email, next: parsed.data.next }, { _form: [t('auth.login.failed')] });
      return;
    }
    res.cookie(SESSION_COOKIE, session.token, sessionCookieOptions(req, session.lifetimeMs));
    res.redirect(303, safeNext(parsed.data.next));
  });

  router.post('/logout', form, async (req, res) => {
    const token = req.cookies?.[SESSION_COOKIE] as unknown;
    if (typeof token === 'string') await auth.logout(token);
    res.clearCookie(SESSION_COOKIE, { path: '/' });
    res.redirect(303, '/login?signed_out=1');
  });

  return router;
}
