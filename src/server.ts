import type { Server } from 'node:http';
import path from 'node:path';
import { createApp } from './app';
import { DEMO_LOGIN_FILE, DEMO_OFFICER_EMAIL } from './demo/demo-access';
import { ConfigError, loadConfig } from './config';
import { createReminderJob } from './invitations/reminder-job';
import { prepare } from './startup';

async function main(): Promise<void> {
  const config = loadConfig();
  const { deps, demoId } = await prepare(config);
  if (demoId !== null) {
    console.log(`Loaded the demo consultation 532/STTTT-BCVT as /consultations/${demoId}`);
    console.log(`Demo officer login: ${DEMO_OFFICER_EMAIL}, password in ${path.join(config.dataDir, DEMO_LOGIN_FILE)}`);
  }
  const app = createApp(deps);
  deps.mail.delivery.start(config.outboxIntervalMs);
  const reminders = createReminderJob((days) => deps.services.officeConsultations.remindDue(days), config.reminderDays, (m) => console.log(m));
  reminders.start(5 * 60 * 1000);
  const server: Server = app.listen(config.port, config.host, () => {
    console.log(`Gopy is serving ${config.baseUrl} (listening on ${config.host}:${config.port}, data in ${config.dataDir})`);
  });

  let stopping = false;
  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: finishing requests in flight, then closing the database`);
    server.close(() => {
      void reminders
        .stop()
        .then(() => deps.mail.delivery.stop())
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
