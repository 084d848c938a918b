import type { Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import path from 'node:path';
import { createApp } from './app';
import { DEMO_LOGIN_FILE, DEMO_OFFICER_EMAIL } from './demo/demo-access';
import { ConfigError, loadConfig } from './config';
import { createPeriodicJob } from './jobs/periodic';
import { prepare } from './startup';

const SHUTDOWN_GRACE_MS = 10_000;

async function main(): Promise<void> {
  // `npm start` and `node dist/src/server.js` run in production unless NODE_ENV says otherwise.
  const config = loadConfig({ ...process.env, NODE_ENV: process.env.NODE_ENV || 'production' });
  const { deps, demoId } = await prepare(config);
  if (demoId !== null) {
    console.log(`Loaded the demo consultation 532/STTTT-BCVT as /consultations/${demoId}`);
    console.log(`Demo officer login: ${DEMO_OFFICER_EMAIL}, password in ${path.join(config.dataDir, DEMO_LOGIN_FILE)}`);
  }
  const app = createApp(deps);
  deps.mail.delivery.start(config.outboxIntervalMs);
  const log = (m: string) => console.log(m);
  // Automatic reminders, decided from each consultation's own record (auto_reminder_at); REMINDER_DAYS=0 turns them off.
  const reminders = createPeriodicJob('Automatic reminders', async () => {
    const ids = await deps.services.officeConsultations.remindDue(config.reminderDays);
    return ids.length ? `Automatic reminders sent for consultation(s) ${ids.join(', ')}` : null;
  }, log);
  if (config.reminderDays > 0) reminders.start(5 * 60 * 1000, { runNow: true });
  // Public comments whose confirmation link ran out (each row's own expires_at).
  const expiry = createPeriodicJob('Dropping unconfirmed public comments', async () => {
    const n = await deps.services.publicComments.purgeExpired();
    return n ? `Dropped ${n} public comment(s) never confirmed` : null;
  }, log);
  expiry.start(60 * 60 * 1000);
  const server: Server = app.listen(config.port, config.host, () => {
    const { address, port } = server.address() as AddressInfo;
    console.log(`Gopy is serving ${config.baseUrl} (listening on ${address}:${port}, data in ${config.dataDir}, ${config.env} mode)`);
  });

  // Connections with a request in progress, so that on shutdown each is closed once its response is out.
  const busy = new Set<Socket>();
  let stopping = false;
  server.on('request', (req, res) => {
    busy.add(req.socket);
    res.once('close', () => {
      busy.delete(req.socket);
      if (stopping) req.socket.end();
    });
    if (stopping) res.setHeader('Connection', 'close');
  });

  const shutdown = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    console.log(`${signal}: no new connections; finishing ${busy.size} request(s) in flight, then closing the database`);
    server.close(() => {
      void reminders
        .stop()
        .then(() => expiry.stop())
        // Every comment taken is committed before the database closes.
        .then(() => deps.intake.drain())
        .then(() => deps.mail.delivery.stop())
        .then(() => deps.database.close())
        .then(() => {
          console.log('Gopy stopped.');
          process.exit(0);
        });
    });
    server.closeIdleConnections();
    setTimeout(() => {
      console.error(`Requests still running after ${SHUTDOWN_GRACE_MS / 1000} s; stopping anyway.`);
      process.exit(1);
    }, SHUTDOWN_GRACE_MS).unref();
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
