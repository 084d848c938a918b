import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type OpenDatabase, openDatabase } from '../../src/db/database';
import { migrateToLatest } from '../../src/db/migrate';
import { openPostgres } from '../../src/db/postgres';
import { createTestSchema, onPostgres } from './test-engine';

export type TestDatabase = OpenDatabase & { dir: string };

/**
 * A migrated database, removed on close: a real file under a fresh temp folder, or with
 * TEST_DB=postgres a fresh schema (the folder is made all the same, for files beside it).
 */
export async function openTestDatabase(): Promise<TestDatabase> {
  const database = await openEmptyTestDatabase();
  await migrateToLatest(database.db);
  return database;
}

/** The same, before any migration: for tests of the migrations themselves. */
export async function openEmptyTestDatabase(): Promise<TestDatabase> {
  const dir = mkdtempSync(path.join(tmpdir(), 'gopy-db-'));
  const schema = onPostgres ? await createTestSchema() : null;
  const database: OpenDatabase = schema ? openPostgres(schema.url, { poolSize: 4 }) : openDatabase(path.join(dir, 'gopy.sqlite'));
  return {
    ...database,
    dir,
    close: async () => {
      await database.close();
      await schema?.drop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
