import type { Kysely } from 'kysely';

/**
 * What several instances behind one load balancer must share: rate-limit counters (one row per
 * limiter and key, its hits in the window ending at reset_at), so one client's tries count together;
 * and change counters, which every instance checks before serving a page it keeps in memory.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('rate_limits')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('hits', 'integer', (c) => c.notNull())
    .addColumn('reset_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('rate_limits_reset_at').on('rate_limits').column('reset_at').execute();
  await db.schema
    .createTable('change_counters')
    .addColumn('name', 'text', (c) => c.primaryKey())
    .addColumn('n', 'integer', (c) => c.notNull())
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('change_counters').execute();
  await db.schema.dropTable('rate_limits').execute();
}
