import { LRUCache } from 'lru-cache';
import type { Clock } from './clock';
import type { DraftView } from './drafts/service';
import type { Comparison } from './rounds/service';
import { createAgencyTreeCache } from './submissions/agency-tree';
import { createPageCache } from './web/page-cache';


/**
 * Every in-memory copy the portal keeps, built once per database in createDeps and handed to
 * whoever reads it. Published draft versions never change (edits and re-imports of a published
 * draft are refused), so what is kept by version id stays true; the public pages are dropped
 * when a table they are built from is written, on any instance (src/changes/public-pages.ts).
 */
export function createCaches(options: { viewsDir: string; publicVersion: () => Promise<string>; clock: Clock }) {
  return {
    /** Clause trees of published draft versions, by version id. */
    publishedDrafts: new LRUCache<number, DraftView>({ max: 50 }),
    /** The clause ids a comment may name, by published draft version. */
    clauseIds: new LRUCache<number, Set<number>>({ max: 200 }),
    /** Which clauses name an agency, by draft version and the agency's names. */
    relatedClauses: new LRUCache<string, number[]>({ max: 5000 }),
    /** The agency page's rendered clause trees, by published draft version (src/submissions/agency-tree.ts). */
    agencyTrees: createAgencyTreeCache({ viewsDir: options.viewsDir }),
    /** The public draft as rendered HTML, by version and language. */
    draftHtml: new LRUCache<string, string>({ max: 100 }),
    /**
     * The comparison of a published consultation with the round before (null for a first round), by
     * consultation id: once published its pairs and both drafts are fixed (corrections and edits are
     * refused), so what is kept stays true.
     */
    publishedComparisons: new LRUCache<number, { comparison: Comparison | null }>({ max: 20 }),
    /** Whole public pages for visitors who are not signed in. */
    publicPages: createPageCache({ version: options.publicVersion, now: () => options.clock.now() }),
  };
}

export type Caches = ReturnType<typeof createCaches>;
