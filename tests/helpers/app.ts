import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
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
import { addDemoOfficer } from '../../src/demo/demo-access';
import { demoOffice } from '../../src/demo/gia-lai';
import { loadDemo } from '../../src/demo/load-demo';
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

type StartOptions = { now?: string; demo?: boolean; env?: Record<string, string>; sameDatabaseAs?: TestApp; transport?: MailTransport };

/**
 * A portal on its own fresh database and data folder, with a clock the test controls: a SQLite file
 * in the folder, or with TEST_DB=postgres a fresh PostgreSQL schema (tests/helpers/test-engine.ts).
 * With `sameDatabaseAs`, a second instance of that portal: its database and files, left for it to remove.
 *
 * On SQLite the demo is loaded once per jest worker, clock and environment, into a template folder
 * (tests/global-setup.js), and each portal starts on a copy of it; the demo's invitations are then
 * sent by each portal itself, with fresh personal links, through its own transport — as prepare() does.
 */
export async function startTestApp(options: StartOptions = {}): Promise<TestApp> {
  const other = options.sameDatabaseAs;
  const now = options.now ?? TEST_NOW;
  const template = !other && options.demo !== false ? await demoTemplate(now, options.env ?? {}) : null;
  const dataDir = other?.dataDir ?? mkdtempSync(path.join(tmpdir(), 'gopy-test-'));
  if (template) cpSync(template.dir, dataDir, { recursive: true, filter: (source) => path.basename(source) !== TEMPLATE_MARKER });
  const schema: TestSchema | null = !other && onPostgres ? await createTestSchema() : null;
  const config = loadConfig(testEnv(dataDir, options, schema));
  const clock = fixedClock(now);
  const prepared = await prepare(config, clock, () => undefined, options.transport);
  const { deps } = prepared;
  let demoId = prepared.demoId;
  if (template) {
    // prepare() found the copied demo and left it alone: the second half of openDemo, on this portal.
    demoId = template.demoId;
    await deps.services.officeConsultations.inviteAllRecipients(demoId);
  }
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

function testEnv(dataDir: string, options: StartOptions, schema: TestSchema | null): Record<string, string | undefined> {
  const other = options.sameDatabaseAs;
  return {
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    ...(schema ? { DATABASE_URL: schema.url, DB_POOL_SIZE: '4' } : other?.env.DATABASE_URL ? { DATABASE_URL: other.env.DATABASE_URL, DB_POOL_SIZE: '4' } : {}),
    BASE_URL: 'http://gopy.test',
    DEMO: options.demo === false ? 'false' : 'true',
    // Load shedding reacts to event-loop lag, which ts-jest's compiling makes random here; its own test turns it on.
    OVERLOAD_MAX_LAG_MS: '0',
    ...options.env,
  };
}

const TEMPLATE_MARKER = 'demo-template.json';
const templates = new Map<string, Promise<{ dir: string; demoId: number } | null>>();

/**
 * The folder of a portal with the demo loaded (the database, its files, demo-login.txt) and no
 * invitation sent yet, built on first use in this worker for this clock and environment; null on
 * PostgreSQL, outside jest's global setup, or when the environment moves the database or files.
 */
function demoTemplate(now: string, env: Record<string, string>): Promise<{ dir: string; demoId: number } | null> {
  const root = process.env.GOPY_TEST_TEMPLATES;
  if (!root || onPostgres || 'DATABASE_URL' in env || 'FILES_DIR' in env || 'DATA_DIR' in env || 'DEMO' in env) return Promise.resolve(null);
  const key = createHash('sha256').update(JSON.stringify([now, Object.entries(env).sort()])).digest('hex').slice(0, 16);
  let template = templates.get(key);
  if (!template) {
    template = buildDemoTemplate(root, path.join(root, `${process.pid}-${key}`), now, env);
    templates.set(key, template);
  }
  return template;
}

async function buildDemoTemplate(root: string, dir: string, now: string, env: Record<string, string>): Promise<{ dir: string; demoId: number }> {
  const marker = path.join(dir, TEMPLATE_MARKER);
  // Built by an earlier test file in this worker.
  if (existsSync(marker)) return { dir, demoId: (JSON.parse(readFileSync(marker, 'utf8')) as { demoId: number }).demoId };
  const building = mkdtempSync(path.join(root, 'building-'));
  const clock = fixedClock(now);
  const { deps } = await prepare(loadConfig(testEnv(building, { env, demo: false }, null)), clock, () => undefined);
  try {
    const demoId = await loadDemo({ uow: deps.uow, drafts: deps.services.drafts, storage: deps.storage, clock: deps.clock });
    if (demoId === null) throw new Error('the demo template was not empty');
    await addDemoOfficer(deps, demoOffice.name);
    await deps.mail.delivery.stop();
    await deps.database.close();
    // Each portal keeps a session secret of its own, as a fresh one would.
    rmSync(path.join(building, 'session-secret'), { force: true });
    writeFileSync(path.join(building, TEMPLATE_MARKER), JSON.stringify({ demoId }));
    renameSync(building, dir);
    return { dir, demoId };
  } catch (err) {
    rmSync(building, { recursive: true, force: true });
    throw err;
  }
}
