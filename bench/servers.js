'use strict';
// The servers under test, in a child process forked by bench/run.js so that they do not share an
// event loop (or, on a 2-core machine, a core) with the load generator. Both listen on 127.0.0.1
// only, on ports the OS picks. Messages: sends { helloUrl, appUrl, demoId, startRssMB } once
// ready (with the demo's agency tokens and clause ids); answers { type: 'rss' } with the peak RSS; closes everything on { type: 'stop' }.
// The portal is on SQLite in a fresh folder, or, with DATABASE_URL set, on that PostgreSQL database
// (FILES_DIR and SESSION_SECRET shared by the instances bench/postgres.js starts); only the instance
// that finds the database empty loads the demo and knows its tokens. BENCH_HELLO=0: no hello-world.
const http = require('node:http');
const { mkdtempSync, readdirSync, readFileSync, rmSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const express = require('express');
const { loadConfig } = require('../dist/src/config');
const { prepare } = require('../dist/src/startup');
const { createApp } = require('../dist/src/app');

function listen(app) {
  return new Promise((resolve, reject) => {
    const server = http.createServer(app);
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve(server));
  });
}

// The demo's invitations were "sent" as .eml files: the links in them are the agencies' tokens.
function invitationTokens(outboxDir) {
  const tokens = new Set();
  for (const name of readdirSync(outboxDir)) {
    const text = readFileSync(path.join(outboxDir, name), 'utf8').replace(/=\r?\n/g, '');
    for (const m of text.matchAll(/\/invite\/([A-Za-z0-9_-]{43})/g)) tokens.add(m[1]);
  }
  return [...tokens];
}

const urlOf = (server) => `http://127.0.0.1:${server.address().port}`;
// maxRSS is the process's high-water mark over its whole life, in kilobytes.
const peakRssMB = () => process.resourceUsage().maxRSS / 1024;

async function main() {
  // A fresh folder each run: prepare() creates a real SQLite file there and loads the demo into it.
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gopy-bench-'));
  // The portal's own defaults, except where the person running the benchmark sets them.
  const tuning = Object.fromEntries(['OVERLOAD_MAX_LAG_MS', 'MAX_IN_FLIGHT', 'DB_BUSY_TIMEOUT_MS', 'DATABASE_URL', 'FILES_DIR', 'SESSION_SECRET'].filter((k) => process.env[k]).map((k) => [k, process.env[k]]));
  const config = loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir, DEMO: 'true', ...tuning });
  const { deps, demoId } = await prepare(config);
  const portal = await listen(createApp(deps, { log: () => {} }));
  // As the real server does: the outbox is delivered in the background (as .eml files here).
  await deps.mail.delivery.deliverDue();
  deps.mail.delivery.start(config.outboxIntervalMs);
  const tokens = demoId === null ? [] : invitationTokens(path.join(dataDir, 'outbox'));
  const clauseIds = demoId === null ? [] : (await deps.services.drafts.latestDraft(demoId)).flat.map((c) => c.id);

  // The baseline: the least an Express 5 app can do per request.
  const helloApp = express();
  helloApp.get('/', (_req, res) => {
    res.send('hello');
  });
  const hello = process.env.BENCH_HELLO === '0' ? null : await listen(helloApp);

  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    for (const server of [portal, hello].filter(Boolean)) {
      server.close();
      server.closeAllConnections();
    }
    await deps.mail.delivery.stop();
    await deps.database.close();
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  };

  process.on('message', (msg) => {
    if (msg.type === 'rss') process.send({ peakRssMB: peakRssMB() });
    if (msg.type === 'stop') void stop();
  });
  // If the runner dies, do not linger: the IPC channel closes with it.
  process.on('disconnect', () => void stop());

  process.send({ helloUrl: hello && urlOf(hello), appUrl: urlOf(portal), demoId, tokens, clauseIds, startRssMB: process.memoryUsage().rss / 1024 / 1024 });
}

main().catch((err) => {
  console.error('bench servers could not start:', err);
  process.exit(1);
});
