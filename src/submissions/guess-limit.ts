import type { Request, Response } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { RateLimitStoreFactory } from '../rate-limits/store';

const tOf = (res: Response) => res.locals.t;

/**
 * Wrong links are counted per client address, 20 per 15 minutes, so guessing a link is hopeless.
 * Only a wrong (or revoked, or missing) link is counted or refused: a right one is served without
 * asking, so a province's offices behind one shared address are not locked out by one guesser.
 * One counter for the agency pages and the API together.
 */
export function createWrongLinkLimit(store: RateLimitStoreFactory) {
  const limiter = rateLimit({
    store: store('wrong-link'),
    windowMs: 15 * 60 * 1000,
    limit: 20,
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    keyGenerator: (req: Request) => ipKeyGenerator(req.ip ?? ''),
    handler: (req, res) => {
      const t = tOf(res);
      // req.path is relative to the router's mount point (/api/v1), so ask the full URL.
      if (req.originalUrl.startsWith('/api/')) {
        res.status(429).json({ error: t('invite.limited') });
        return;
      }
      res.status(429).render('errors/error', { title: t('invite.not_found.title'), message: t('invite.limited'), stack: null });
    },
  });

  /** Counts a wrong link; `answer` says so unless the client is over its limit (then 429). */
  return async (req: Request, res: Response, answer: () => void): Promise<void> => {
    await limiter(req, res, answer);
  };
}

export type WrongLinkLimit = ReturnType<typeof createWrongLinkLimit>;
