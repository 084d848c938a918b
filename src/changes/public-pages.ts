import type { TableWrites } from '../db/table-writes';
import type { Uow } from '../repositories';

/** What the public pages are built from; a write to any of these renders them again. */
export const PUBLIC_TABLES = ['consultations', 'offices', 'consultation_recipients', 'agency_groups', 'agency_group_members', 'agencies', 'attachments', 'draft_versions', 'clauses'] as const;

const COUNTER = 'public_pages';

/**
 * Public pages kept in memory must be dropped when any instance changes what they show. Each unit of
 * work that wrote a public table bumps a counter in the database once it has committed; a kept page
 * is served only while that counter, and this instance's own count of writes, are as they were when
 * the page was rendered.
 */
export function trackPublicChanges(uow: Uow, writes: TableWrites): { uow: Uow; version: () => Promise<string> } {
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
    version: async () => `${writes.generation(PUBLIC_TABLES)}:${await uow.read((r) => r.changes.current(COUNTER))}`,
  };
}
