import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import { createApp } from '../../src/app';
import { fixedClock } from '../../src/clock';
import { loadConfig } from '../../src/config';
import type { Db } from '../../src/db/database';
import { createUnitOfWork } from '../../src/db/unit-of-work';
import { bumpIfPublicWritten } from '../../src/changes/public-pages';
import type { Deps } from '../../src/deps';
import { type Repositories, repositoriesOn } from '../../src/repositories';
import { prepare } from '../../src/startup';
import type { MailTransport } from '../../src/mail/transport';

import { TEST_NOW } from './days';
import { type TestSchema, createTestSchema, onPostgres } from './test-engine';

export { TEST_NOW };

export interface TestApp {
  app: Express;
  deps: Deps;
  /** The repositories on the test's database, for a test to set up or read back rows directly. */
  repos: Repositories;
  clock: ReturnType<typeof fixedClock>;
  /**
   * A write of the test's own, in one transaction of the portal's kind: what it writes changes the
   * public pages as a repository's write in a service would (src/changes/public-pages.ts).
   */
  write<T>(work: (db: Db) => Promise<T>): Promise<T>;
  dataDir: string;
  /** DATA_DIR, and DATABASE_URL on PostgreSQL: the environment of a `gopy` command run against this portal. */
  env: Record<string, string>;
  demoId: number | null;
  close(): Promise<void>;
}

/**
 * A portal on its own fresh database and data folder, with a clock the test controls: a SQLite file
 * in the folder, or with TEST_DB=postgres a fresh PostgreSQL schema (tests/helpers/test-engine.ts).
 * With `sameDatabaseAs`, a second instance of that portal: its database and files, left for it to remove.
 */
export async function startTestApp(options: { now?: string; demo?: boolean; env?: Record<string, string>; sameDatabaseAs?: TestApp; transport?: MailTransport } = {}): Promise<TestApp> {
  const other = options.sameDatabaseAs;
  const dataDir = other?.dataDir ?? mkdtempSync(path.join(tmpdir(), 'gopy-test-'));
  const schema: TestSchema | null = !other && onPostgres ? await createTestSchema() : null;
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    ...(schema ? { DATABASE_URL: schema.url, DB_POOL_SIZE: '4' } : other?.env.DATABASE_URL ? { DATABASE_URL: other.env.DATABASE_URL, DB_POOL_SIZE: '4' } : {}),
    BASE_URL: 'http://gopy.test',
    DEMO: options.demo === false ? 'false' : 'true',
    // Load shedding reacts to event-loop lag, which ts-jest's compiling makes random here; its own test turns it on.
    OVERLOAD_MAX_LAG_MS: '0',
    ...options.env,
  });
  const clock = fixedClock(options.now ?? TEST_NOW);
  const { deps, demoId } = await prepare(config, clock, () => undefined, options.transport);
  const app = createApp(deps, { log: () => undefined });
  const plans = deps.database.plans;
  const writes = createUnitOfWork(deps.db, (db) => db, { beforeCommit: (db, written) => bumpIfPublicWritten(repositoriesOn(db, clock, plans), written) });
  return {
    app,
    deps,
    repos: repositoriesOn(deps.db, clock, deps.database.plans),
    clock,
    write: (work) => writes.write(work),
    dataDir,
    env: other?.env ?? { DATA_DIR: dataDir, ...(schema ? { DATABASE_URL: schema.url } : {}) },
    demoId,
    close: async () => {
      await deps.mail.delivery.stop();
      await deps.database.close();
      await schema?.drop();
      if (!other) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
