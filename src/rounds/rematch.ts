import type { ClauseRow } from '../db/tables';
import { type ClausePair, type MatchClause, matchClauses, pairsOfLinks } from '../drafts/matching';
import type { Repositories } from '../repositories';

export const toMatchClause = (c: ClauseRow): MatchClause => ({ id: c.id, parentId: c.parent_id, position: c.position, depth: c.depth, kind: c.kind, label: c.label, heading: c.heading, text: c.text });

/** The two versions a follow-up is compared across: the round it follows, and its own latest draft. */
export async function versionsCompared(r: Repositories, consultationId: number) {
  const previous = await r.rounds.previousOf(consultationId);
  if (previous === null) return null;
  const [beforeId, afterId] = await Promise.all([r.drafts.latestVersionId(previous), r.drafts.latestVersionId(consultationId)]);
  if (beforeId === undefined || afterId === undefined) return null;
  const [before, after] = await Promise.all([r.drafts.clausesOf(beforeId), r.drafts.clausesOf(afterId)]);
  return { previous, beforeId, afterId, before, after };
}

/** Clause ids an officer named in a correction, on either side. */
export interface Corrected {
  before: ReadonlySet<number>;
  after: ReadonlySet<number>;
}

const NONE: Corrected = { before: new Set(), after: new Set() };

const toInsert = (pairs: readonly ClausePair[], corrected: Corrected = NONE) =>
  pairs.map((p) => ({
    change: p.change,
    renumbered: p.renumbered,
    beforeClauseId: p.before,
    afterClauseId: p.after,
    corrected: (p.after !== null && corrected.after.has(p.after)) || (p.before !== null && corrected.before.has(p.before)),
  }));

/**
 * Matches a follow-up's draft to the round it follows and stores the pairs, in the caller's
 * transaction: whenever its draft is written (created, replaced, a clause edited). Every clause is
 * stored afresh by those writes, so pairs an officer corrected are matched again too. A first round
 * has nothing to compare.
 */
export async function rematch(r: Repositories, consultationId: number): Promise<void> {
  await r.rounds.lock(consultationId);
  const versions = await versionsCompared(r, consultationId);
  if (!versions) return;
  await r.rounds.replacePairs(consultationId, toInsert(matchClauses(versions.before.map(toMatchClause), versions.after.map(toMatchClause))));
}

/** Stores the comparison an officer's links give (see pairsOfLinks); `corrected` the clauses they named. */
export async function storeLinks(r: Repositories, consultationId: number, before: readonly ClauseRow[], after: readonly ClauseRow[], links: ReadonlyArray<readonly [number, number]>, corrected: Corrected): Promise<void> {
  await r.rounds.replacePairs(consultationId, toInsert(pairsOfLinks(before.map(toMatchClause), after.map(toMatchClause), links), corrected));
}
