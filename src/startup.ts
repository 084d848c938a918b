import { ensurePrivateDir } from './private-files';
import type { Clock } from './clock';
import type { Config } from './config';
import { migrateToLatest } from './db/migrate';
import { type Deps, createDeps } from './deps';
import { openDemo } from './demo/demo-access';
import { demoOffice } from './demo/gia-lai';
import { loadDemo } from './demo/load-demo';
import type { MailTransport } from './mail/transport';
import { resolveSessionSecret } from './secrets';

/** Opens and migrates the database, keeps a session secret, and loads the demo into an empty portal. */
export async function prepare(config: Config, clock?: Clock, log?: (message: string) => void, transport?: MailTransport): Promise<{ deps: Deps; sessionSecret: string; demoId: number | null }> {
  ensurePrivateDir(config.dataDir);
  const sessionSecret = resolveSessionSecret(config.dataDir, config.sessionSecret);
  const deps = createDeps(config, { clock, sessionSecret, log, transport });
  await migrateToLatest(deps.db);
  const demoId = config.demo
    ? await loadDemo({ uow: deps.uow, drafts: deps.services.drafts, storage: deps.storage, clock: deps.clock })
    : null;
  if (demoId !== null) await openDemo(deps, demoId, demoOffice.name);
  return { deps, sessionSecret, demoId };
}
