import { createHash, randomBytes } from 'node:crypto';

/** A 256-bit random secret, URL-safe: session cookies, API tokens and invitation links. */
export function newSecretToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Only this digest is stored; the secret itself is shown once and never kept. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export const SECRET_TOKEN_RE = /^[A-Za-z0-9_-]{43}$/u;
