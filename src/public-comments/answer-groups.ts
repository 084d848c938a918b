import type { ResponseDecision } from '../db/tables';
import { groupKeyOf } from '../reports/grouping';
import { groupPublicComments } from './grouping';

/** A published comment as grouping and answering need it (publishedTexts): never an e-mail address. */
export interface PublishedForAnswer {
  id: number;
  clause_id: number | null;
  text: string;
  decision: ResponseDecision | null;
  explanation: string | null;
  name: string;
  organisation: string | null;
  show_name: number;
}

export interface PublicAnswerGroup<R extends PublishedForAnswer = PublishedForAnswer> {
  clauseId: number | null;
  /** The members' ids in the order they came (oldest first); `ids[0]` names the group on the page. */
  ids: number[];
  /** groupKeyOf(ids): changes whenever a comment joins or leaves the group. */
  key: string;
  /** The representative text: the group's first comment. */
  text: string;
  members: R[];
  /** The answer every member carries; null while any member has none or members differ (the group is then answered again). */
  answer: { decision: ResponseDecision; explanation: string | null } | null;
}

/**
 * Published comments grouped per clause (groupPublicComments), in document order: comments on the
 * whole draft first, then by the clause's position; groups of one clause in the order of their first member.
 */
export function orderedPublicGroups<R extends PublishedForAnswer>(rows: readonly R[], positionOf: (clauseId: number) => number | undefined): PublicAnswerGroup<R>[] {
  const byId = new Map(rows.map((row) => [row.id, row]));
  const place = (clauseId: number | null) => (clauseId === null ? -1 : (positionOf(clauseId) ?? Number.MAX_SAFE_INTEGER));
  return groupPublicComments(rows)
    .map((group) => {
      const members = group.ids.map((id) => byId.get(id)!);
      const first = members[0]!;
      const same = members.every((m) => m.decision !== null && m.decision === first.decision && m.explanation === first.explanation);
      return {
        clauseId: group.clauseId,
        ids: group.ids,
        key: groupKeyOf(group.ids),
        text: group.text,
        members,
        answer: same ? { decision: first.decision!, explanation: first.explanation } : null,
      };
    })
    .sort((a, b) => place(a.clauseId) - place(b.clauseId));
}

/** At most this many names are printed for a group; the rest are counted ("và N người khác"). */
export const NAMES_SHOWN = 3;

/** The names a group may show: only when the office shows names and the commenter agreed; "Name (Organisation)". */
export function shownNames(members: readonly PublishedForAnswer[], namesShown: boolean, max = NAMES_SHOWN): string[] {
  if (!namesShown) return [];
  const names: string[] = [];
  for (const m of members) {
    if (m.show_name !== 1) continue;
    const name = m.organisation ? `${m.name} (${m.organisation})` : m.name;
    if (!names.includes(name)) names.push(name);
    if (names.length === max) break;
  }
  return names;
}
