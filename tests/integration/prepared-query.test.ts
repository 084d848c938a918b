import type { Db } from '../../src/db/database';
import { openDatabase } from '../../src/db/database';
import { migrateToLatest } from '../../src/db/migrate';
import { prepared } from '../../src/db/prepared';
import { onPostgres } from '../helpers/test-engine';
import { type TestDatabase, openTestDatabase } from '../helpers/database';

describe('a prepared query', () => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await openTestDatabase();
    await database.db.insertInto('offices').values([{ name: 'Sở A' }, { name: 'Sở B' }, { name: "Sở C'; DROP TABLE offices;--" }]).execute();
  });
  afterEach(() => database.close());

  const byName = prepared((db: Db, name: string, limit: number) => db.selectFrom('offices').select(['id', 'name']).where('name', '=', name).where('id', '>', 0).orderBy('id').limit(limit));

  it('returns what the same query built each time returns, for each new set of arguments', async () => {
    for (const name of ['Sở A', 'Sở B', "Sở C'; DROP TABLE offices;--", 'không có']) {
      const built = await database.db.selectFrom('offices').select(['id', 'name']).where('name', '=', name).where('id', '>', 0).orderBy('id').limit(5).execute();
      expect(await database.plans.on(database.db).all(byName, name, 5)).toEqual(built);
    }
    expect(await database.plans.on(database.db).first(byName, 'Sở B', 1)).toMatchObject({ name: 'Sở B' });
    expect(await database.plans.on(database.db).first(byName, 'không có', 1)).toBeUndefined();
  });

  it('writes inside a transaction, and a rollback undoes it', async () => {
    const rename = prepared((db: Db, id: number, name: string) => db.updateTable('offices').set({ name }).where('id', '=', id));
    await database.db
      .transaction()
      .execute(async (trx) => {
        expect(Number((await database.plans.on(trx).run(rename, 1, 'Sở A mới')).numAffectedRows)).toBe(1);
        throw new Error('rolled back');
      })
      .catch(() => undefined);
    expect(await database.plans.on(database.db).first(byName, 'Sở A', 1)).toBeDefined();
    await database.plans.on(database.db).run(rename, 1, 'Sở A mới');
    expect(await database.plans.on(database.db).first(byName, 'Sở A mới', 1)).toMatchObject({ id: 1 });
  });

  it('refuses a build that does not use every argument as a value', async () => {
    const careless = prepared((db: Db, id: number, unused: string) => {
      void unused;
      return db.selectFrom('offices').selectAll().where('id', '=', id);
    });
    await expect(database.plans.on(database.db).all(careless, 1, 'x')).rejects.toThrow(/uses 1 of its 2 arguments/u);
  });

  // One process may hold both engines (a test does, a migration tool could): each database keeps its own plans.
  if (onPostgres) {
    it('when the same query runs on SQLite and on PostgreSQL in turn then each gets its own SQL', async () => {
      const sqlite = openDatabase(':memory:');
      try {
        await migrateToLatest(sqlite.db);
        await sqlite.db.insertInto('offices').values([{ name: 'Sở B' }]).execute();
        for (let round = 0; round < 2; round++) {
          expect(await database.plans.on(database.db).all(byName, 'Sở B', 5)).toEqual([{ id: 2, name: 'Sở B' }]);
          expect(await sqlite.plans.on(sqlite.db).all(byName, 'Sở B', 5)).toEqual([{ id: 1, name: 'Sở B' }]);
        }
      } finally {
        await sqlite.close();
      }
    });
  }
});
