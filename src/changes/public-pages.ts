import type { Repositories, Uow } from '../repositories';
import { PUBLIC_PAGES_COUNTER as COUNTER } from './repository';

/** What the public pages are built from; a write to any of these renders them again. */
export const PUBLIC_TABLES: ReadonlySet<string> = new Set(['consultations', 'offices', 'consultation_recipients', 'agency_groups', 'agency_group_members', 'agencies', 'attachments', 'draft_versions', 'clauses']);

/**
 * A read that callers share: whoever asks while one is running waits for the next, which starts
 * once that one is over and answers everyone who asked meanwhile. Each caller still gets a read
 * that began after it asked (so a change committed before it asked is seen), and at most two run at
 * once, however many visitors ask together: on PostgreSQL, many pages no longer take many pool
 * connections for the same one-row query.
 */
export function sharedRead<T>(read: () => Promise<T>): () => Promise<T> {
  let running: Promise<T> | null = null;
  let next: Promise<T> | null = null;
  const start = (): Promise<T> => {
    running = read().finally(() => {
      running = null;
    });
    return running;
  };
  return () => {
    // A read queued to follow one that has just ended is still to start: share it.
    if (next) return next;
    if (!running) return start();
    next ??= running
      .catch(() => undefined)
      .then(() => {
        next = null;
        return start();
      });
    return next;
  };
}

/**
 * Public pages kept in memory must be dropped when any instance changes what they show. A unit of
 * work that wrote a public table bumps a counter in the database in the same transaction (the unit
 * of work's recorder names the tables its queries wrote); a kept page is served only while that
 * counter is as it was when the page was rendered.
 */
export async function bumpIfPublicWritten(repositories: Repositories, written: ReadonlySet<string>): Promise<void> {
  for (const table of written) {
    if (PUBLIC_TABLES.has(table)) return repositories.changes.bump(COUNTER);
  }
}

/** The version a kept public page is checked against: the database's counter, one prepared query read once for the pages asking together. */
export function publicPagesVersion(uow: Uow): () => Promise<string> {
  const counter = sharedRead(() => uow.read((r) => r.changes.current(COUNTER)));
  return async () => String(await counter());
}
