import { type CookieOptions, type Request, Router } from 'express';
import { z } from 'zod';
import { Invalid } from '../errors';
import { CALLBACK_PATH, type CitizenIdentity, type CitizenSignIn, type SignInFlow } from './oidc';

export const IDENTITY_COOKIE = 'gopy_citizen';
const FLOW_COOKIE = 'gopy_citizen_flow';
const SIGN_IN_PATH = '/sign-in/citizen';

const identitySchema = z.strictObject({
  iss: z.string().min(1).max(500),
  sub: z.string().min(1).max(255),
  name: z.string().min(1).max(300),
  email: z.string().min(3).max(320),
});

const flowSchema = z.strictObject({
  verifier: z.string().min(43).max(128),
  state: z.string().min(1).max(200),
  nonce: z.string().min(1).max(200),
  returnTo: z.string().max(2000),
  issuedAt: z.number().int(),
});

/**
 * Where to go back to: a path on this site. A scheme, "//host", a backslash (read as a slash by
 * browsers) or a control character (dropped by URL parsers, "/\t/host") could leave it; all become "/".
 */
export function safeReturnPath(value: unknown): string {
  if (typeof value !== 'string' || value.length > 2000 || !value.startsWith('/') || value.startsWith('//')) return '/';
  if (value.includes('\\') || [...value].some((c) => c < ' ' || c === '\u007f')) return '/';
  const base = 'http://gopy.invalid';
  return new URL(value, base).origin === base ? value : '/';
}

/** The citizen this request comes from, when their signed identity cookie is there and well formed; otherwise null. */
export function citizenIdentity(req: Request): CitizenIdentity | null {
  return signedJson(req, IDENTITY_COOKIE, identitySchema);
}

function signedJson<T>(req: Request, name: string, schema: z.ZodType<T>): T | null {
  // cookie-parser gives false for a cookie whose signature does not match.
  const raw: unknown = (req.signedCookies as Record<string, unknown> | undefined)?.[name];
  if (typeof raw !== 'string') return null;
  try {
    const parsed = schema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/**
 * Citizen sign-in: to the provider and back, and sign-out. Both cookies are session cookies: their
 * lifetime is the browser's, and the flow's 10 minutes are checked from the issued-at it carries.
 */
export function citizenSignInRoutes(signIn: CitizenSignIn, options: { secure: boolean }): Router {
  const router = Router();
  const cookie = (path: string): CookieOptions => ({ httpOnly: true, sameSite: 'lax', secure: options.secure, path });
  const signedCookie = (path: string): CookieOptions => ({ ...cookie(path), signed: true });

  router.get(SIGN_IN_PATH, async (req, res) => {
    const { redirectTo, flow } = await signIn.start(safeReturnPath(req.query.return));
    res.cookie(FLOW_COOKIE, JSON.stringify(flow), signedCookie(SIGN_IN_PATH));
    res.set('Cache-Control', 'no-store').redirect(302, redirectTo.href);
  });

  router.get(CALLBACK_PATH, async (req, res) => {
    const flow: SignInFlow | null = signedJson(req, FLOW_COOKIE, flowSchema);
    // One use only, whatever comes of it.
    res.clearCookie(FLOW_COOKIE, cookie(SIGN_IN_PATH));
    res.set('Cache-Control', 'no-store');
    if (!flow) throw new Invalid('citizen.flow_missing');
    const query = new URLSearchParams(req.originalUrl.split('?')[1] ?? '');
    const identity = await signIn.finish(query, flow);
    res.cookie(IDENTITY_COOKIE, JSON.stringify(identity), signedCookie('/'));
    res.redirect(302, safeReturnPath(flow.returnTo));
  });

  router.post('/sign-out/citizen', (req, res) => {
    res.clearCookie(IDENTITY_COOKIE, cookie('/'));
    const body = req.body as Record<string, unknown> | undefined;
    res.redirect(303, safeReturnPath(body?.return ?? req.query.return));
  });

  return router;
}
