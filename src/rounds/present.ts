import type { WordChange } from '../drafts/word-diff';
import { type ChangeRow, type ClauseSide, type Comparison, type EarlierComment, ownWords, wordChanges } from './service';

const sideJson = (c: ClauseSide | null) => (c ? { id: c.id, label: c.label, heading: c.heading, text: c.text } : null);

/** GET /api/v1/consultations/:id/changes. */
export function comparisonJson(comparison: Comparison) {
  return {
    from: { consultationId: comparison.from.consultationId, round: comparison.from.round, version: comparison.from.version },
    to: { consultationId: comparison.to.consultationId, round: comparison.to.round, version: comparison.to.version },
    counts: comparison.counts,
    clauses: comparison.clauses.map((row: ChangeRow) => ({ change: row.change, renumbered: row.renumbered, corrected: row.corrected, before: sideJson(row.before), after: sideJson(row.after) })),
  };
}

/** One entry of a clause's `earlier` in GET /api/v1/invitation. */
export function earlierJson(e: EarlierComment) {
  return { consultationId: e.consultationId, version: e.version, label: e.label, text: e.text, proposedText: e.proposedText, decision: e.decision, explanation: e.explanation, appliedAt: e.appliedLabel };
}

/** One side of a clause pair as the changes page and the bản so sánh print it. */
export interface PrintedSide {
  label: string | null;
  heading: string | null;
  text: string;
  anchor: string;
}

/** A clause pair as citizens read it: the change, its sides and its words marked. */
export interface PrintedPair {
  change: ChangeRow['change'];
  renumbered: boolean;
  /** Whether its words or its place differ: what "changed clauses only" keeps. */
  changed: boolean;
  before: PrintedSide | null;
  after: PrintedSide | null;
  /**
   * Heading then text, marked word by word where both versions have the clause; an added or a
   * removed clause is its own text unmarked, since the empty other side already says it.
   */
  words: WordChange[];
}

export interface ComparisonPage {
  from: Comparison['from'];
  to: Comparison['to'];
  /** N of "Dự thảo lần N": the version stored with the draft, or the round. */
  fromVersion: number;
  toVersion: number;
  counts: Comparison['counts'];
  /** Every pair in the order of the pairs (the new version's, a removed clause where it stood). */
  pairs: PrintedPair[];
  /** The new version's clauses in order. */
  current: PrintedPair[];
  removed: PrintedPair[];
}

const printed = (c: ClauseSide | null): PrintedSide | null => (c ? { label: c.label, heading: c.heading, text: c.text, anchor: c.anchor } : null);

/** The comparison laid out for the public changes page and the DOCX bản so sánh. */
export function comparisonPage(comparison: Comparison): ComparisonPage {
  const pairs = comparison.clauses.map((row): PrintedPair => ({
    change: row.change,
    renumbered: row.renumbered,
    changed: row.change !== 'unchanged',
    before: printed(row.before),
    after: printed(row.after),
    words: row.before && row.after ? wordChanges(row) : [{ op: 'same', text: ownWords(row.before ?? row.after) }],
  }));
  return {
    from: comparison.from,
    to: comparison.to,
    fromVersion: comparison.from.version ?? comparison.from.round,
    toVersion: comparison.to.version ?? comparison.to.round,
    counts: comparison.counts,
    pairs,
    current: pairs.filter((p) => p.after !== null),
    removed: pairs.filter((p) => p.after === null),
  };
}
