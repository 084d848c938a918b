import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type OpenDatabase, openDatabase } from '../../src/db/database';
import { migrateToLatest } from '../../src/db/migrate';

export interface TestDatabase extends OpenDatabase {
  dir: string;
}

/** A migrated database in a real file under a fresh temp folder, removed on close. */
export async function openTestDatabase(): Promise<TestDatabase> {
  const dir = mkdtempSync(path.join(tmpdir(), 'gopy-db-'));
  const database = openDatabase(path.join(dir, 'gopy.sqlite'));
  await migrateToLatest(database.db);
  return {
    ...database,
    dir,
    close: async () => {
      await database.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
