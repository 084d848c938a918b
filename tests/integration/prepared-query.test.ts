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
      expect(await byName.all(database.db, name, 5)).toEqual(built);
    }
    expect(await byName.first(database.db, 'Sở B', 1)).toMatchObject({ name: 'Sở B' });
    expect(await byName.first(database.db, 'không có', 1)).toBeUndefined();
  });

  it('writes inside a transaction, and a rollback undoes it', async () => {
    const rename = prepared((db: Db, id: number, name: string) => db.updateTable('offices').set({ name }).where('id', '=', id));
    await database.db
      .transaction()
      .execute(async (trx) => {
        expect(Number((await rename.run(trx, 1, 'Sở A mới')).numAffectedRows)).toBe(1);
        throw new Error('rolled back');
      })
      .catch(() => undefined);
    expect(await byName.first(database.db, 'Sở A', 1)).toBeDefined();
    await rename.run(database.db, 1, 'Sở A mới');
    expect(await byName.first(database.db, 'Sở A mới', 1)).toMatchObject({ id: 1 });
  });

  it('refuses a build that does not use every argument as a value', async () => {
    const careless = prepared((db: Db, id: number, unused: string) => {
      void unused;
      return db.selectFrom('offices').selectAll().where('id', '=', id);
    });
    await expect(careless.all(database.db, 1, 'x')).rejects.toThrow(/uses 1 of its 2 arguments/u);
  });

  // One process may hold both engines (a test does, a migration tool could): each keeps its own plan.
  if (onPostgres) {
    it('when the same query runs on SQLite and on PostgreSQL in turn then each gets its own SQL', async () => {
      const sqlite = openDatabase(':memory:');
      try {
        await migrateToLatest(sqlite.db);
        await sqlite.db.insertInto('offices').values([{ name: 'Sở B' }]).execute();
        for (let round = 0; round < 2; round++) {
          expect(await byName.all(database.db, 'Sở B', 5)).toEqual([{ id: 2, name: 'Sở B' }]);
          expect(await byName.all(sqlite.db, 'Sở B', 5)).toEqual([{ id: 1, name: 'Sở B' }]);
        }
      } finally {
        await sqlite.close();
      }
    });
  }
});
