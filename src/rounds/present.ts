import type { ChangeRow, ClauseSide, Comparison, EarlierComment } from './service';

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
