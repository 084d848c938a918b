import type { NextFunction, Request, Response } from 'express';

export interface OverloadOptions {
  /** Event-loop lag above which requests are queuing, if enough of them are in flight. */
  maxLagMs: number;
  /** Requests being handled at once (uploads, imports, report downloads) above which a busy client's next ones are turned away. */
  maxInFlight: number;
  /** Requests in flight from which a lagging loop means they queue behind each other (a browser alone opens up to 6). */
  queuedAt?: number;
  /** How often the lag is sampled. */
  sampleMs?: number;
  /** Seconds a refused client is asked to wait. */
  retryAfterS?: number;
  /** The event loop's recent lag in ms; by default measured by a timer (a test gives its own). */
  lagMs?: () => number;
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

/** Never turned away: the health check, and signing in (a page and its POST), whatever the load. */
const EXEMPT = new Set(['/healthz', '/login']);

/**
 * How far behind the event loop has recently been: a short timer fires late by as long as a
 * request read now waits behind the others. A spike is remembered for a few samples, so one quiet
 * sample in a busy stretch does not read as "keeping up". The timer never keeps the process alive.
 */
function measuredLag(sampleMs: number): () => number {
  let recent = 0;
  let expected = performance.now() + sampleMs;
  const sample = (): void => {
    const now = performance.now();
    recent = Math.max(now - expected, recent * 0.8);
    expected = now + sampleMs;
    setTimeout(sample, sampleMs).unref();
  };
  setTimeout(sample, sampleMs).unref();
  return () => recent;
}

/**
 * Load shedding: when requests queue, a queued request would wait for every request before it and
 * time out anyway, so a client piling more on is answered 503 with Retry-After at once, from fixed
 * bytes (no view, no database). Requests queue when many are in flight and the event loop lags
 * behind; lag alone (a busy host) or a handful in flight is not queuing. A client (by address) with
 * nothing in flight is always served, so a lone user, or anyone's first request, never gets
 * "quá tải"; neither do the health check and sign-in. A request once admitted, a download
 * included, is never cut.
 */
export function createOverloadGuard(options: OverloadOptions) {
  const retryAfter = String(options.retryAfterS ?? 2);
  const queuedAt = options.queuedAt ?? 16;
  let lagMs = options.lagMs ?? null;
  let inFlight = 0;
  const inFlightOf = new Map<string, number>();

  const queuing = (): boolean => {
    lagMs ??= measuredLag(options.sampleMs ?? 20);
    return inFlight >= options.maxInFlight || (inFlight >= queuedAt && lagMs() > options.maxLagMs);
  };

  function refuse(req: Request, res: Response): void {
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
  }

  function middleware(req: Request, res: Response, next: NextFunction): void {
    const client = req.ip ?? '';
    const busy = inFlightOf.get(client) ?? 0;
    const queued = queuing();
    if (busy > 0 && queued && !EXEMPT.has(req.path)) return refuse(req, res);
    inFlight += 1;
    inFlightOf.set(client, busy + 1);
    let done = false;
    const finish = (): void => {
      if (done) return;
      done = true;
      inFlight -= 1;
      const left = (inFlightOf.get(client) ?? 1) - 1;
      if (left > 0) inFlightOf.set(client, left);
      else inFlightOf.delete(client);
    };
    res.once('finish', finish);
    res.once('close', finish);
    next();
  }

  return { middleware };
}

export type OverloadGuard = ReturnType<typeof createOverloadGuard>;
