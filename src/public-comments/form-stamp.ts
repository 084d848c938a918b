import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Clock } from '../clock';

/** A form older than this is refused as stale (its page was left open for a day), what was typed kept. */
const STALE_MS = 24 * 60 * 60 * 1000;

export type StampCheck = 'ok' | 'too_fast' | 'stale' | 'invalid';

/**
 * When the comment form was shown, signed, in a hidden field: a form sent back sooner than a
 * person could fill it is a bot's. No cookie and no JavaScript: a visitor without either is served.
 */
export function createFormStamp(secret: string, clock: Clock, minFillMs: number) {
  const sign = (at: string) => createHmac('sha256', secret).update(`public-comment-form:${at}`).digest('base64url');
  return {
    issue(): string {
      const at = String(clock.now().getTime());
      return `${at}.${sign(at)}`;
    },
    check(stamp: string | undefined): StampCheck {
      const m = /^(\d{1,16})\.([A-Za-z0-9_-]{43})$/u.exec(stamp ?? '');
      if (!m) return 'invalid';
      const expected = Buffer.from(sign(m[1]!));
      const given = Buffer.from(m[2]!);
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) return 'invalid';
      const age = clock.now().getTime() - Number(m[1]);
      if (age < minFillMs) return 'too_fast';
      if (age > STALE_MS) return 'stale';
      return 'ok';
    },
  };
}

export type FormStamp = ReturnType<typeof createFormStamp>;
