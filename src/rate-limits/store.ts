import type { ClientRateLimitInfo, Options, Store } from 'express-rate-limit';
import type { Clock } from '../clock';
import type { Uow } from '../repositories';

/** Ended windows are swept now and then, not on every hit. */
const SWEEP_EVERY_HITS = 500;

/**
 * An express-rate-limit store over the database's rate_limits table, so limits hold across every
 * instance of the portal (the published PostgreSQL stores bring their own pool and pin an old pg).
 * Each limiter names its counters with its own prefix.
 */
export function createRateLimitStore(deps: { uow: Uow; clock: Clock }, prefix: string): Store {
  let windowMs = 60_000;
  let hits = 0;
  const keyOf = (key: string) => `${prefix}:${key}`;
  const now = () => deps.clock.now();
  return {
    prefix,
    localKeys: false,
    init(options: Options) {
      windowMs = options.windowMs;
    },
    async get(key: string): Promise<ClientRateLimitInfo | undefined> {
      const row = await deps.uow.read((r) => r.rateLimits.find(keyOf(key), now().toISOString()));
      return row ? { totalHits: row.hits, resetTime: new Date(row.resetAt) } : undefined;
    },
    async increment(key: string): Promise<ClientRateLimitInfo> {
      const at = now();
      const row = await deps.uow.write((r) => r.rateLimits.increment(keyOf(key), at.toISOString(), new Date(at.getTime() + windowMs).toISOString()));
      if (++hits % SWEEP_EVERY_HITS === 0) await deps.uow.write((r) => r.rateLimits.deleteEnded(at.toISOString()));
      return { totalHits: row.hits, resetTime: new Date(row.resetAt) };
    },
    async decrement(key: string): Promise<void> {
      await deps.uow.write((r) => r.rateLimits.decrement(keyOf(key), now().toISOString()));
    },
    async resetKey(key: string): Promise<void> {
      await deps.uow.write((r) => r.rateLimits.reset(keyOf(key)));
    },
  };
}

export type RateLimitStoreFactory = (prefix: string) => Store;
