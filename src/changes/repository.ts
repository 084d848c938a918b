import { sql } from 'kysely';
import type { Db } from '../db/database';
import { type PreparedRunner, prepared } from '../db/prepared';

// Asked before every kept public page is served: built once, run with each name.
const counter = prepared((db: Db, name: string) => db.selectFrom('change_counters').select('n').where('name', '=', name));

/** The counter kept public pages are checked against (src/changes/public-pages.ts). */
export const PUBLIC_PAGES_COUNTER = 'public_pages';

/** Change counters shared by every instance on the database (see migrations/0009_shared_state.ts). */
export function createChangesRepository(db: Db, q: PreparedRunner) {
  return {
    async bump(name: string): Promise<void> {
      await db
        .insertInto('change_counters')
        .values({ name, n: 1 })
        .onConflict((oc) => oc.column('name').doUpdateSet({ n: sql<number>`change_counters.n + 1` }))
        .execute();
    },

    /**
     * For a change the public pages show that the tables written do not tell apart (a public comment
     * published, not one merely received): bumped by the service that makes it.
     */
    bumpPublicPages(): Promise<void> {
      return this.bump(PUBLIC_PAGES_COUNTER);
    },

    async current(name: string): Promise<number> {
      const row = await q.first(counter, name);
      return Number(row?.n ?? 0);
    },
  };
}
