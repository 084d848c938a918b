import { sql } from 'kysely';
import type { Db } from './database';

/** Resolves when the database answers a trivial query: the health check's one question. */
export async function pingDatabase(db: Db): Promise<void> {
  await sql`select 1`.execute(db);
}
