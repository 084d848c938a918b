import { createHash } from 'node:crypto';
import type { Request, Response } from 'express';
import { LRUCache } from 'lru-cache';

interface Entry {
  html: string;
  etag: string;
  generation: string;
  expiresAt: number;
}

/**
 * Public pages as last rendered for visitors who are not signed in, kept until a table they are
 * built from is written to (any row: simple and never stale) or until `expiresAt` (the page shows
 * days left and open/closed, which change with the clock). Signed-in staff always get a fresh page:
 * theirs carries their name and a logout form.
 */
export function createPageCache(options: { version: () => Promise<string>; now: () => Date; maxBytes?: number }) {
  const entries = new LRUCache<string, Entry>({ maxSize: options.maxBytes ?? 32 * 1024 * 1024, sizeCalculation: (e) => 2 * e.html.length + 200 });
  // Only the page itself is kept, not every query string a link may carry (?utm=…), which would
  // fill memory with copies; those are rendered each time.
  const keyOf = (req: Request, res: Response): string | null => {
    if (res.locals.user) return null;
    const extra = Object.keys(req.query).filter((k) => k !== 'lang');
    return extra.length > 0 ? null : `${String(res.locals.lang)} ${req.path}`;
  };

  return {
    /** Sends the kept page and returns true, or returns false when it must be rendered. */
    async send(req: Request, res: Response): Promise<boolean> {
      const key = keyOf(req, res);
      const entry = key === null ? undefined : entries.get(key);
      if (!entry) return false;
      if (entry.generation !== (await options.version()) || entry.expiresAt <= options.now().getTime()) {
        entries.delete(key!);
        return false;
      }
      res.set('ETag', entry.etag).type('html').send(entry.html);
      return true;
    },

    /** Where the tables stand: take it before reading them, and give it to `render`. */
    generation: (): Promise<string> => options.version(),

    /**
     * Renders the view, keeps the result for this visitor's kind and URL, and sends it. `generation`
     * was taken before the data was read, so a write that came in between makes the kept copy old.
     */
    render(req: Request, res: Response, view: string, locals: object, expiresAt: number, generation: string): Promise<void> {
      const key = keyOf(req, res);
      return new Promise((resolve, reject) => {
        res.render(view, locals, (err, html) => {
          if (err) {
            reject(err);
            return;
          }
          const etag = `W/"${createHash('sha1').update(html).digest('base64url').slice(0, 27)}"`;
          if (key !== null && expiresAt > options.now().getTime()) entries.set(key, { html, etag, generation, expiresAt });
          res.set('ETag', etag).type('html').send(html);
          resolve();
        });
      });
    },
  };
}

export type PageCache = ReturnType<typeof createPageCache>;
