import { sql } from 'kysely';
import { type TestApp, startTestApp } from '../helpers/app';
import { onPostgres } from '../helpers/test-engine';
import type { Db } from '../../src/db/database';
import { createUnitOfWork } from '../../src/db/unit-of-work';

/** How the engine syncs a commit: SQLite's synchronous level (1 NORMAL, 2 FULL) or PostgreSQL's synchronous_commit. */
const syncLevel = async (db: Db): Promise<string> => {
  const query = onPostgres ? sql<Record<string, string>>`show synchronous_commit` : sql<Record<string, string>>`pragma synchronous`;
  return String(Object.values((await query.execute(db)).rows[0]!)[0]);
};

describe('a durable write', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ demo: false });
  });
  afterAll(() => t.close());

  it('when a write asks to be durable then its commit waits for the disk, and the writes after it are as before', async () => {
    const uow = createUnitOfWork(t.deps.db, (db) => db);
    // SQLite in WAL mode with synchronous=NORMAL syncs only at checkpoints; a durable write syncs its own commit.
    // PostgreSQL's commit waits for its log to reach the disk unless synchronous_commit is off, as the
    // test cluster has it: a durable write turns it on for its own transaction.
    const [durable, normal] = onPostgres ? ['on', await syncLevel(t.deps.db)] : ['2', '1'];
    expect(await uow.write((db) => syncLevel(db), { durable: true })).toBe(durable);
    expect(await uow.write((db) => syncLevel(db))).toBe(normal);
    await expect(uow.write(async () => Promise.reject(new Error('refused')), { durable: true })).rejects.toThrow('refused');
    expect(await uow.write((db) => syncLevel(db))).toBe(normal);
  });
});
