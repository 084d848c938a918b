import type { NextFunction, Request, Response } from 'express';

export interface OverloadOptions {
  /** Event-loop lag above which requests are queuing, if enough of them are in flight. */
  maxLagMs: number;
  /** Requests being handled at once (uploads, imports, report downloads) above which a busy client's next ones are turned away. */
  maxInFlight: number;
  /** Requests in flight, or arriving in one turn of the event loop, from which a lagging loop means they queue behind each other (a browser alone opens up to 6). */
  queuedAt?: number;
  /** Requests from one client (by address) in the last second or two from which it counts as piling on, with nothing in flight. */
  clientBurst?: number;
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
 * How far behind the event loop is: a short timer fires late by as long as a request read now
 * waits behind the others. `lag()` is the larger of the recent lateness (a spike is remembered for a
 * few samples, so one quiet sample in a busy stretch does not read as "keeping up") and how overdue
 * the timer is right now, so a long run of requests handled back to back (each finished before the
 * next is read, as with synchronous SQLite) is seen while it lasts, not only once it is over. The
 * timer never keeps the process alive.
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
  return () => Math.max(recent, performance.now() - expected);
}

/**
 * How many requests have arrived in this turn of the event loop, this one included: the requests
 * read together were waiting together (in their sockets), so this is how long the queue was, even
 * when each is finished before the next is read and none is ever "in flight" beside another. The
 * count starts again once the turn's I/O is done (setImmediate runs right after it), and nothing is
 * scheduled while no request comes.
 */
function turnCounter(): () => number {
  let count = 0;
  const reset = (): void => {
    count = 0;
  };
  return () => {
    if (count === 0) setImmediate(reset);
    return (count += 1);
  };
}

/** Requests per client (by address) over the last one to two seconds, refused ones included. */
function recentCounts(windowMs: number) {
  let current = new Map<string, number>();
  let previous = new Map<string, number>();
  let since = performance.now();
  return (client: string): number => {
    const now = performance.now();
    if (now - since >= windowMs) {
      previous = now - since >= 2 * windowMs ? new Map() : current;
      current = new Map();
      since = now;
    }
    const n = (current.get(client) ?? 0) + 1;
    current.set(client, n);
    return n + (previous.get(client) ?? 0);
  };
}

/**
 * Load shedding: when requests queue, a queued request would wait for every request before it and
 * time out anyway, so a client piling more on is answered 503 with Retry-After at once, from fixed
 * bytes (no view, no database). Requests queue when the event loop lags behind while many are in
 * flight, or while many arrive in one turn of the loop (read together, they waited together, even
 * when each is handled to its end before the next is read, so that none is "in flight" beside
 * another: the queue is then in the sockets); lag alone (a busy host) or a handful of requests is not queuing. A client piling on is
 * one (by address) with a request in flight, or with `clientBurst` requests in the last second or
 * two: one address flooding over many connections is shed, while a client with nothing in flight
 * and few recent requests is always served, so a lone user, or anyone's first request, never gets
 * "quá tải"; neither do the health check and sign-in. A request once admitted, a download
 * included, is never cut.
 */
export function createOverloadGuard(options: OverloadOptions) {
  const retryAfter = String(options.retryAfterS ?? 2);
  const queuedAt = options.queuedAt ?? 16;
  const clientBurst = options.clientBurst ?? 16;
  let lagMs = options.lagMs ?? null;
  const arrivedThisTurn = turnCounter();
  const recentOf = recentCounts(1000);
  let inFlight = 0;
  const inFlightOf = new Map<string, number>();

  const queuing = (waitingTogether: number): boolean => {
    lagMs ??= measuredLag(options.sampleMs ?? 20);
    return inFlight >= options.maxInFlight || (Math.max(inFlight, waitingTogether) >= queuedAt && lagMs() > options.maxLagMs);
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
    const recent = recentOf(client);
    const queued = queuing(arrivedThisTurn());
    if ((busy > 0 || recent >= clientBurst) && queued && !EXEMPT.has(req.path)) return refuse(req, res);
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
