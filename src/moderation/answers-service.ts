import type { StaffUser } from '../auth/repository';
import type { Clock } from '../clock';
import type { ResponseDecision } from '../db/tables';
import { Conflict, NotFound } from '../errors';
import type { Owned } from '../office/owned';
import { pagerOf, type Pager } from '../pagination';
import { orderedPublicGroups, type PublicAnswerGroup, shownNames } from '../public-comments/answer-groups';
import type { Repositories, Uow } from '../repositories';

/** Groups shown on one page of the answers page. */
export const ANSWER_GROUPS_PAGE = 20;

export interface PublicAnswerInput {
  decision: ResponseDecision;
  explanation: string | null;
}

/** A group as the answers page shows it: never an e-mail address; names only where the office and the commenter allow. */
export interface AnswerPageGroup {
  /** The group's number in document order, from 1, across pages. */
  n: number;
  /** The group's first comment: with `key`, all the form sends (see answers-routes.ts). */
  firstId: number;
  key: string;
  clauseLabel: string | null;
  clauseHeading: string | null;
  count: number;
  text: string;
  names: string[];
  answer: PublicAnswerGroup['answer'];
}

/**
 * Answering campaigns once per group: the published public comments grouped per clause, in
 * document order; an answer is written to every member of the group and audited, never once the
 * report is published.
 */
export function createPublicAnswersService(deps: { uow: Uow; owned: Owned; clock: Clock }) {
  const { uow, clock } = deps;

  async function own(user: StaffUser, consultationId: number) {
    const c = await deps.owned(user, consultationId);
    if (c.status === 'draft') throw new NotFound('consultation.not_found');
    return c;
  }

  async function groupsOf(r: Pick<Repositories, 'publicComments'>, consultationId: number) {
    const [rows, clauses] = await Promise.all([r.publicComments.publishedTexts(consultationId), r.publicComments.publishedClauses(consultationId)]);
    const byId = new Map(clauses.map((k) => [k.id, k]));
    return { groups: orderedPublicGroups(rows, (id) => byId.get(id)?.position), clauses: byId, total: rows.length };
  }

  /** Writes the answer to every member of `group`, in the transaction that found it; returns how many comments carry it. */
  async function write(r: Repositories, user: StaffUser, consultationId: number, group: PublicAnswerGroup, input: PublicAnswerInput): Promise<number> {
    const at = clock.now().toISOString();
    const n = await r.publicComments.answer(consultationId, group.ids, { decision: input.decision, explanation: input.explanation, by: user.id, at });
    await r.audit.record({
      actorKind: 'user',
      actorId: user.id,
      action: 'public_comment.answer',
      entity: 'consultation',
      entityId: consultationId,
      // The group by its first comment, key and size: its thousands of ids are in the comments themselves.
      details: { firstId: group.ids[0], key: group.key, clauseId: group.clauseId, count: n, decision: input.decision, explanation: input.explanation },
      at,
    });
    return n;
  }

  async function answerable(user: StaffUser, consultationId: number) {
    const c = await own(user, consultationId);
    if (c.status === 'report_published') throw new Conflict({ _form: { key: 'consultation.report_done' } });
    return c;
  }

  return {
    /** Refuses, as NotFound, another office's consultation (and one not yet published). */
    async checkOwn(user: StaffUser, consultationId: number): Promise<void> {
      await own(user, consultationId);
    },

    /** One page of groups, with how many are answered. */
    async page(user: StaffUser, consultationId: number, requested: number): Promise<{ consultation: Awaited<ReturnType<Owned>>; groups: AnswerPageGroup[]; pager: Pager; comments: number; answered: number; readonly: boolean }> {
      const c = await own(user, consultationId);
      const { groups, clauses, total } = await uow.read((r) => groupsOf(r, consultationId));
      const pager = pagerOf(requested, groups.length, ANSWER_GROUPS_PAGE);
      const namesShown = c.public_names === 1;
      return {
        consultation: c,
        groups: groups.slice(pager.offset, pager.offset + pager.limit).map((g, i) => {
          const k = g.clauseId === null ? undefined : clauses.get(g.clauseId);
          return {
            n: pager.offset + i + 1,
            firstId: g.ids[0]!,
            key: g.key,
            clauseLabel: k?.label ?? null,
            clauseHeading: k?.heading ?? null,
            count: g.ids.length,
            text: g.text,
            names: shownNames(g.members, namesShown),
            answer: g.answer,
          };
        }),
        pager,
        comments: total,
        answered: groups.filter((g) => g.answer).length,
        readonly: c.status === 'report_published',
      };
    },

    /**
     * The page's form: the group named by its first comment and its key, recomputed here. A key that
     * no longer matches (a comment was shown or hidden since) is refused, so an answer never reaches
     * comments the officer did not see grouped.
     */
    async answerGroup(user: StaffUser, consultationId: number, group: { firstId: number; key: string }, input: PublicAnswerInput): Promise<number> {
      await answerable(user, consultationId);
      return uow.write(async (r) => {
        const { groups } = await groupsOf(r, consultationId);
        const found = groups.find((g) => g.ids[0] === group.firstId);
        if (!found) throw new NotFound({ _form: { key: 'public_answers.comment_not_found' } });
        if (found.key !== group.key) throw new Conflict({ _form: { key: 'public_answers.group_changed' } });
        return write(r, user, consultationId, found, input);
      });
    },

    /** The API's form: the whole group the comment belongs to, as grouped now. */
    async answerGroupOf(user: StaffUser, consultationId: number, commentId: number, input: PublicAnswerInput): Promise<number> {
      await answerable(user, consultationId);
      return uow.write(async (r) => {
        const { groups } = await groupsOf(r, consultationId);
        const found = groups.find((g) => g.ids.includes(commentId));
        if (!found) throw new NotFound({ commentId: { key: 'public_answers.comment_not_found' } });
        return write(r, user, consultationId, found, input);
      });
    },
  };
}

export type PublicAnswersService = ReturnType<typeof createPublicAnswersService>;
