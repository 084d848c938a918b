import type { Db } from '../db/database';

export const foldName = (name: string): string => name.normalize('NFC').trim().replace(/\s+/gu, ' ').toLocaleLowerCase('vi');

export function createOfficesRepository(db: Db) {
  return {
    list: () => db.selectFrom('offices').select(['id', 'name']).orderBy('id').execute(),
    // SQLite's lower() folds ASCII only; Vietnamese names are compared here.
    async findByName(name: string) {
      const key = foldName(name);
      const rows = await db.selectFrom('offices').select(['id', 'name']).execute();
      return rows.find((row) => foldName(row.name) === key);
    },
    findById: (id: number) => db.selectFrom('offices').selectAll().where('id', '=', id).executeTakeFirst(),
    async insert(name: string) {
      const row = await db.insertInto('offices').values({ name, parent_name: null, short_name: null, place: null, website: null }).returning('id').executeTakeFirstOrThrow();
      return row.id;
    },
  };
}

export type OfficesRepository = ReturnType<typeof createOfficesRepository>;
