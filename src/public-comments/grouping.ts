/**
 * Published public comments grouped as the drafting office answers them: identical and near-identical
 * comments on the same clause (a campaign's copies) form one group, shown once with its count.
 */
import { groupComments } from '../reports/grouping';

export interface PublicCommentGroup {
  clauseId: number | null;
  ids: number[];
  text: string;
}

/** Groups published public comments per clause (null = whole draft); groups in order of their first member; `text` is the first member's. */
export function groupPublicComments(rows: readonly { id: number; clause_id: number | null; text: string }[]): PublicCommentGroup[] {
  // The rows themselves are the items: at a million comments, no object per row beyond the caller's and
  // the group's id list (the key's small object is dropped as soon as it is read).
  const groups = groupComments(rows, (row) => ({ scope: row.clause_id ?? 'general', text: row.text }));
  const out: PublicCommentGroup[] = new Array<PublicCommentGroup>(groups.length);
  for (let g = 0; g < groups.length; g++) {
    const members = groups[g];
    const ids = new Array<number>(members.length);
    for (let i = 0; i < members.length; i++) ids[i] = members[i].id;
    out[g] = { clauseId: members[0].clause_id, ids, text: members[0].text };
    groups[g] = []; // let the group's row list go while the rest are converted
  }
  return out;
}
