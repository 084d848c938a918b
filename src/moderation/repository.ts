import type { Db } from '../db/database';
import type { ListedState } from '../public-comments/states';

/** Ids a statement names at most: far below SQLite's 32,766 variables. */
const CHUNK = 500;

/** The moderator's reads over public comments: a page of one state with each comment's clause. */
export function createModerationRepository(db: Db) {
  return {
    /** One state's comments, a page at a time: the pending oldest first (the order they wait in), the others latest first. */
    async queue(consultationId: number, state: ListedState, limit: number, offset: number) {
      return db
        .selectFrom('public_comments as p')
        .leftJoin('clauses as k', 'k.id', 'p.clause_id')
        .select([
          'p.id', 'p.clause_id', 'p.name', 'p.email', 'p.organisation', 'p.text', 'p.show_name', 'p.state', 'p.flags', 'p.lang',
          'p.created_at', 'p.confirmed_at', 'p.published_at', 'p.moderated_at', 'p.reason', 'p.reason_note',
          'k.label as clause_label', 'k.heading as clause_heading', 'k.text as clause_text', 'k.anchor as clause_anchor',
        ])
        .where('p.consultation_id', '=', consultationId)
        .where('p.state', '=', state)
        .orderBy('p.id', state === 'pending' ? 'asc' : 'desc')
        .limit(limit)
        .offset(offset)
        .execute();
    },

    /** The clauses comments were written on, by id: how a mail or a list names them. */
    async clauses(ids: readonly number[]) {
      const unique = [...new Set(ids)];
      const rows = [];
      for (let i = 0; i < unique.length; i += CHUNK) {
        rows.push(...(await db.selectFrom('clauses').select(['id', 'label', 'heading', 'text', 'anchor']).where('id', 'in', unique.slice(i, i + CHUNK)).execute()));
      }
      return rows;
    },
  };
}

export type ModerationRepository = ReturnType<typeof createModerationRepository>;
