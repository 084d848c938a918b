import type { Server } from 'node:http';
import { createApp } from './app';
import { ConfigError, loadConfig } from './config';
import { prepare } from './startup';

async function main(): Promise<void> {
  const config = loadConfig();
  const { deps, demoId } = await prepare(config);
  if (demoId !== null) console.log(`Loaded the demo consultation 532/STTTT-BCVT as /consultations/${demoId}`);
  const app = createApp(deps);
  deps.mail.delivery.start(config.outboxIntervalMs);
  const server: Server = app.listen(config.port, config.host, () => {
    console.log(`Gopy is serving ${config.baseUrl} (listening on ${config.host}:${config.port}, data in ${config.dataDir})`);
  });

  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: finishing requests in flight, then closing the database`);
    server.close(() => {
      void deps.mail.delivery
        .stop()
        .then(() => deps.database.close())
        .then(() => process.exit(0));
    });
    server.closeIdleConnections();
    setTimeout(() => process.exit(1), 10_000).unref();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

main().catch((err: unknown) => {
  if (err instanceof ConfigError) {
    console.error(err.message);
  } else {
    console.error('Gopy could not start:', err);
  }
  process.exit(1);
});
