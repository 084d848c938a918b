import { groupComments } from '../reports/grouping';

/**
 * Groups published public comments: identical and near-identical texts on the same clause (or on the
 * whole draft, scope "general") form one group, in the order of their first member.
 */
export function groupPublicComments(rows: readonly { id: number; clause_id: number | null; text: string }[]): { clauseId: number | null; ids: number[]; text: string }[] {
  return groupComments(rows, (row) => ({ scope: row.clause_id ?? 'general', text: row.text })).map((group) => ({
    clauseId: group[0]!.clause_id,
    ids: group.map((row) => row.id),
    text: group[0]!.text,
  }));
}
