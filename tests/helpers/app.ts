import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Express } from 'express';
import { createApp } from '../../src/app';
import { fixedClock } from '../../src/clock';
import { loadConfig } from '../../src/config';
import type { Deps } from '../../src/deps';
import { type Repositories, repositoriesOn } from '../../src/repositories';
import { prepare } from '../../src/startup';
import type { MailTransport } from '../../src/mail/transport';

import { TEST_NOW } from './days';

export { TEST_NOW };

export interface TestApp {
  app: Express;
  deps: Deps;
  /** The repositories on the test's database, for a test to set up or read back rows directly. */
  repos: Repositories;
  clock: ReturnType<typeof fixedClock>;
  dataDir: string;
  demoId: number | null;
  close(): Promise<void>;
}

/** A portal on its own fresh database file and data folder, with a clock the test controls. */
export async function startTestApp(options: { now?: string; demo?: boolean; env?: Record<string, string>; dataDir?: string; transport?: MailTransport } = {}): Promise<TestApp> {
  // A given data folder is another instance's: its database and files are shared, and left for it.
  const shared = options.dataDir !== undefined;
  const dataDir = options.dataDir ?? mkdtempSync(path.join(tmpdir(), 'gopy-test-'));
  const config = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: dataDir,
    BASE_URL: 'http://gopy.test',
    DEMO: options.demo === false ? 'false' : 'true',
    // Load shedding reacts to event-loop lag, which ts-jest's compiling makes random here; its own test turns it on.
    OVERLOAD_MAX_LAG_MS: '0',
    ...options.env,
  });
  const clock = fixedClock(options.now ?? TEST_NOW);
  const { deps, demoId } = await prepare(config, clock, () => undefined, options.transport);
  const app = createApp(deps, { log: () => undefined });
  return {
    app,
    deps,
    repos: repositoriesOn(deps.db, clock),
    clock,
    dataDir,
    demoId,
    close: async () => {
      await deps.mail.delivery.stop();
      await deps.database.close();
      if (!shared) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
