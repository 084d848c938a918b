import { sql } from 'kysely';
import type { Db } from '../db/database';

/** Rate-limit counters: every instance on the database counts into the same rows. */
export function createRateLimitsRepository(db: Db) {
  return {
    /**
     * One more hit for `key`, in one statement so two instances never lose a count: a window that
     * has ended starts again at 1. Returns the hits and when the window ends.
     */
    async increment(key: string, now: string, resetAt: string): Promise<{ hits: number; resetAt: string }> {
      const row = await db
        .insertInto('rate_limits')
        .values({ key, hits: 1, reset_at: resetAt })
        .onConflict((oc) =>
          oc.column('key').doUpdateSet({
            hits: sql<number>`case when rate_limits.reset_at <= ${now} then 1 else rate_limits.hits + 1 end`,
            reset_at: sql<string>`case when rate_limits.reset_at <= ${now} then excluded.reset_at else rate_limits.reset_at end`,
          }),
        )
        .returning(['hits', 'reset_at'])
        .executeTakeFirstOrThrow();
      return { hits: Number(row.hits), resetAt: row.reset_at };
    },

    async find(key: string, now: string): Promise<{ hits: number; resetAt: string } | undefined> {
      const row = await db.selectFrom('rate_limits').select(['hits', 'reset_at']).where('key', '=', key).where('reset_at', '>', now).executeTakeFirst();
      return row ? { hits: Number(row.hits), resetAt: row.reset_at } : undefined;
    },

    async decrement(key: string, now: string): Promise<void> {
      await db.updateTable('rate_limits').set({ hits: sql<number>`hits - 1` }).where('key', '=', key).where('hits', '>', 0).where('reset_at', '>', now).execute();
    },

    async reset(key: string): Promise<void> {
      await db.deleteFrom('rate_limits').where('key', '=', key).execute();
    },

    /** Drops windows that ended: the table holds only clients seen lately. */
    async deleteEnded(now: string): Promise<void> {
      await db.deleteFrom('rate_limits').where('reset_at', '<=', now).execute();
    },
  };
}

export type RateLimitsRepository = ReturnType<typeof createRateLimitsRepository>;
