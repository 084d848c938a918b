import type { Repositories, Uow } from '../repositories';

/** What the public pages are built from; a write to any of these renders them again. */
export const PUBLIC_TABLES: ReadonlySet<string> = new Set(['consultations', 'offices', 'consultation_recipients', 'agency_groups', 'agency_group_members', 'agencies', 'attachments', 'draft_versions', 'clauses']);

const COUNTER = 'public_pages';

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

/** The version a kept public page is checked against: the database's counter, one prepared query. */
export function publicPagesVersion(uow: Uow): () => Promise<string> {
  return async () => String(await uow.read((r) => r.changes.current(COUNTER)));
}
