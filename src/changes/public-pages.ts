import type { TableWrites } from '../db/table-writes';
import type { Uow } from '../repositories';

/** What the public pages are built from; a write to any of these renders them again. */
export const PUBLIC_TABLES = ['consultations', 'offices', 'consultation_recipients', 'agency_groups', 'agency_group_members', 'agencies', 'attachments', 'draft_versions', 'clauses'] as const;

const COUNTER = 'public_pages';

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
 * Public pages kept in memory must be dropped when any instance changes what they show. Each unit of
 * work that wrote a public table bumps a counter in the database once it has committed; a kept page
 * is served only while that counter, and this instance's own count of writes, are as they were when
 * the page was rendered. The counter is read once for all the pages asking at the same time.
 */
export function trackPublicChanges(uow: Uow, writes: TableWrites): { uow: Uow; version: () => Promise<string> } {
  const counter = sharedRead(() => uow.read((r) => r.changes.current(COUNTER)));
  return {
    uow: {
      read: (work) => uow.read(work),
      async write(work) {
        const before = writes.generation(PUBLIC_TABLES);
        const result = await uow.write(work);
        if (writes.generation(PUBLIC_TABLES) !== before) await uow.write((r) => r.changes.bump(COUNTER));
        return result;
      },
    },
    version: async () => {
      const generation = writes.generation(PUBLIC_TABLES);
      return `${generation}:${await counter()}`;
    },
  };
}
