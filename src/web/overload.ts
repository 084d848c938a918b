import type { NextFunction, Request, Response } from 'express';

export interface OverloadOptions {
  /** Event-loop lag above which new requests start being turned away. */
  maxLagMs: number;
  /** Requests being handled at once (uploads, imports, report downloads) above which new ones are turned away. */
  maxInFlight: number;
  /** How often the lag is sampled. */
  sampleMs?: number;
  /** Seconds a refused client is asked to wait. */
  retryAfterS?: number;
}

const TEXT = {
  vi: 'Hệ thống đang quá tải. Vui lòng thử lại sau ít giây; nội dung chưa được gửi.',
  en: 'The portal is overloaded. Please try again in a few seconds; nothing was sent.',
};

// A refusal is written straight to the socket from bytes made once: it must cost far less than
// serving, or refusing cannot drain the queue. It carries the security headers itself (it runs
// before helmet), strict ones since its body is plain text.
const REFUSAL_HEADERS = {
  'Cache-Control': 'no-store',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Referrer-Policy': 'same-origin',
  'Strict-Transport-Security': 'max-age=31536000; includeSubDomains',
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
};
const refusalBodies = {
  page: Buffer.from(`${TEXT.vi}\n${TEXT.en}\n`),
  vi: Buffer.from(JSON.stringify({ error: TEXT.vi })),
  en: Buffer.from(JSON.stringify({ error: TEXT.en })),
};

/**
 * Load shedding: when the event loop falls behind, a queued request would wait for every request
 * before it and time out anyway. While it lags past the limit, a growing share of requests is
 * answered 503 with Retry-After at once, from fixed bytes (no view, no database), so the portal
 * keeps serving what it can instead of serving everyone late. The health check is never turned away.
 * The sampling timer starts with the first request and never keeps the process alive.
 */
export function createOverloadGuard(options: OverloadOptions) {
  const sampleMs = options.sampleMs ?? 20;
  const retryAfter = String(options.retryAfterS ?? 2);
  let shedShare = 0;
  let inFlight = 0;
  let expected = 0;
  let timer: NodeJS.Timeout | null = null;

  // How late a short timer fires is how long a request read now has waited behind the others.
  // While it is over the limit, the share of requests turned away grows, the faster the further
  // over; once it is back under, the share shrinks slowly: the queue must drain, not just stop growing.
  const sample = (): void => {
    const now = performance.now();
    const lagMs = Math.max(0, now - expected);
    shedShare = lagMs > options.maxLagMs ? Math.min(0.95, shedShare + 0.1 * (lagMs / options.maxLagMs)) : Math.max(0, shedShare - 0.02);
    expected = now + sampleMs;
    timer = setTimeout(sample, sampleMs);
    timer.unref();
  };

  const shouldShed = (): boolean => inFlight >= options.maxInFlight || (shedShare > 0 && Math.random() < shedShare);

  function middleware(req: Request, res: Response, next: NextFunction): void {
    if (!timer) start();
    if (req.url === '/healthz') return next();
    if (shouldShed()) {
      const api = req.url.startsWith('/api/');
      const english = api && (/[?&]lang=en(?:&|$)/u.test(req.url) || /(?:^|;\s*)lang=en(?:;|$)/u.test(req.headers.cookie ?? ''));
      const body = !api ? refusalBodies.page : english ? refusalBodies.en : refusalBodies.vi;
      res.writeHead(503, {
        ...REFUSAL_HEADERS,
        'Retry-After': retryAfter,
        'Content-Type': api ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8',
        'Content-Length': body.length,
      });
      res.end(body);
      return;
    }
    inFlight += 1;
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      inFlight -= 1;
    };
    res.once('finish', finish);
    res.once('close', finish);
    next();
  }

  function start(): void {
    expected = performance.now() + sampleMs;
    timer = setTimeout(sample, sampleMs);
    timer.unref();
  }

  return { middleware };
}

export type OverloadGuard = ReturnType<typeof createOverloadGuard>;
