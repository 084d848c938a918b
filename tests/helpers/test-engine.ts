import { randomBytes } from 'node:crypto';
import pg from 'pg';

/**
 * Which engine the integration tests run on: `TEST_DB=postgres` selects PostgreSQL at
 * `TEST_DATABASE_URL` (scripts/test-postgres.sh starts one and prints its URL); otherwise SQLite,
 * a fresh file per test app. On PostgreSQL each test app gets a fresh schema of its own in that
 * database, dropped when it closes: cheap, and the role needs to own the database, nothing more.
 */
export const TEST_ENGINE: 'sqlite' | 'postgres' = process.env.TEST_DB === 'postgres' ? 'postgres' : 'sqlite';

export const onPostgres = TEST_ENGINE === 'postgres';

export function testDatabaseUrl(): string {
  return process.env.TEST_DATABASE_URL || 'postgres://gopy:gopy@127.0.0.1:5433/gopy_test';
}

export interface TestSchema {
  schema: string;
  /** TEST_DATABASE_URL with the schema first in the search path: DATABASE_URL for a portal, a CLI, a server process. */
  url: string;
  drop(): Promise<void>;
}

async function withClient<T>(run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: testDatabaseUrl() });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

export async function createTestSchema(): Promise<TestSchema> {
  const schema = `gopy_t_${randomBytes(6).toString('hex')}`;
  await withClient((client) => client.query(`create schema ${schema}`));
  const url = new URL(testDatabaseUrl());
  url.searchParams.set('options', `-c search_path=${schema}`);
  return {
    schema,
    url: url.toString(),
    // The pool of whatever used the schema is closed first; a connection left open would hold its locks.
    drop: () => withClient((client) => client.query(`drop schema if exists ${schema} cascade`)).then(() => undefined),
  };
}
