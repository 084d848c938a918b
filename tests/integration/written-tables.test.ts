import type { Db } from '../../src/db/database';
import { prepared } from '../../src/db/prepared';
import { createUnitOfWork } from '../../src/db/unit-of-work';
import { bumpIfPublicWritten, publicPagesVersion } from '../../src/changes/public-pages';
import { fixedClock } from '../../src/clock';
import { createUow } from '../../src/repositories';
import { TEST_NOW } from '../helpers/days';
import { type TestDatabase, openTestDatabase } from '../helpers/database';

describe('the tables a unit of work wrote', () => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await openTestDatabase();
  });
  afterEach(() => database.close());

  const rename = prepared((db: Db, id: number, name: string) => db.updateTable('offices').set({ name }).where('id', '=', id));

  it('are read from the queries themselves: built ones, prepared ones, none for a read', async () => {
    const seen: string[][] = [];
    const uow = createUnitOfWork(database.db, (db) => ({ db, q: database.plans.on(db) }), {
      beforeCommit: async (_, written) => void seen.push([...written].sort()),
    });
    await uow.write(async ({ db }) => {
      await db.insertInto('offices').values({ name: 'Sở A' }).execute();
      await db.insertInto('audit_log').values({ actor_kind: 'system', action: 'test', entity: 'office' }).execute();
    });
    await uow.write(async ({ q }) => void (await q.run(rename, 1, 'Sở A mới')));
    await uow.write(async ({ db }) => void (await db.deleteFrom('offices as o').where('o.id', '=', 1).execute()));
    await uow.write(async ({ db }) => void (await db.selectFrom('offices').selectAll().execute()));
    expect(seen).toEqual([['audit_log', 'offices'], ['offices'], ['offices']]);
  });

  it('when a write touches a public table then the public pages change with its commit, and not when it rolls back', async () => {
    const clock = fixedClock(TEST_NOW);
    const uow = createUow(database.db, clock, database.plans, { beforeCommit: bumpIfPublicWritten });
    const version = publicPagesVersion(uow);
    const before = await version();

    await expect(
      uow.write(async (r) => {
        await r.offices.insert('Sở B');
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await version()).toBe(before);

    await uow.write((r) => r.audit.record({ actorKind: 'system', action: 'not public', entity: 'office', at: TEST_NOW }));
    expect(await version()).toBe(before);

    await uow.write(async (r) => void (await r.offices.insert('Sở C')));
    const after = await version();
    expect(after).not.toBe(before);
    expect(await version()).toBe(after);
  });
});
