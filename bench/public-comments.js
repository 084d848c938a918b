'use strict';
// `npm run build && node bench/public-comments.js` (a step of `npm run bench`): public comments
// taken through the whole stack of the built server (dist/src/server.js, as deployed, each in its own
// process), beside an Express hello-world measured in the same run. Prints figures, never fails on them.
//
//  (a) POST /api/v1/consultations/:id/public-comments alone (202 once durably committed), then the
//      whole path of a confirmed comment: POST, the token read from the mail in the outbox table (by
//      this process, from the database itself), POST /api/v1/public-comments/confirm — on SQLite, and,
//      with BENCH_DATABASE_URL (or TEST_DATABASE_URL), on PostgreSQL with one and with two instances;
//  (b) on SQLite, a burst at 10× the measured POST rate for 10 s, offered open-loop (bench/open-loop.js):
//      202/429/503/timeouts and how fast a refusal comes; then the same burst with the server killed
//      (SIGKILL) half-way, restarted on the same data, and every comment acknowledged with 202 looked
//      for in the database.
// Every simulated citizen has an address of their own (X-Forwarded-For, TRUST_PROXY=1) and an e-mail
// of their own; the per-address and per-e-mail limits are raised, so that what is measured is the
// intake, not the limits (a refusal for a flooding address is tested in tests/integration).
const { fork, spawn } = require('node:child_process');
const { randomBytes } = require('node:crypto');
const { mkdtempSync, rmSync } = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { openLoop } = require('./open-loop');
const { CONNECTIONS, WARMUP_S, DURATION_S, TIMEOUT_S, measure, measureSpread, percentile, printTable, verdict, log } = require('./measure');
const { createBenchSchema } = require('./pg-schema');
const { campaigns } = require('./public-comment-texts.json');

const SERVER = path.join(__dirname, '..', 'dist', 'src', 'server.js');
const BURST_S = 10;
const BURST_FACTOR = 10;
const TOKEN_RE = /\/public-comments\/confirm\/([A-Za-z0-9_-]{43})/;
const NAMES = ['Nguyễn Văn An', 'Trần Thị Bình', 'Lê Hoàng Cường', 'Phạm Thị Dung', 'Rơ Mah Hiền', 'Ksor Y Bhin', 'Đinh Văn Hùng', 'Võ Thị Lan'];
const loadAverage = () => os.loadavg().map((l) => l.toFixed(2)).join(', ');
const run = randomBytes(4).toString('hex');

// ---------------------------------------------------------------------------------------------
// Servers

/** The built portal as its own process (as tests/helpers/server-process.ts starts it). */
function startServer(env) {
  const child = spawn(process.execPath, [SERVER], {
    env: {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: '0',
      DEMO: 'true',
      OUTBOX_INTERVAL_MS: '1000',
      TRUST_PROXY: '1',
      PUBLIC_COMMENTS_PER_ADDRESS_HOUR: '1000000',
      PUBLIC_COMMENTS_PER_EMAIL_HOUR: '1000000',
      PUBLIC_COMMENTS_PER_EMAIL_CONSULTATION: '1000000',
      // The portal's own defaults otherwise, except where the person running the benchmark sets them.
      ...Object.fromEntries(['OVERLOAD_MAX_LAG_MS', 'MAX_IN_FLIGHT', 'DB_BUSY_TIMEOUT_MS', 'PUBLIC_INTAKE_MAX_QUEUE'].filter((k) => process.env[k]).map((k) => [k, process.env[k]])),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the server did not start in 60 s:\n${output}`)), 60_000);
    child.stdout.on('data', () => {
      const m = /listening on 127\.0\.0\.1:(\d+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve({ child, base: `http://127.0.0.1:${m[1]}`, exited, output: () => output });
      }
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`the server exited (${code ?? signal}) before listening:\n${output}`));
    });
  });
}

async function stopServer(server) {
  if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill('SIGTERM');
  await server.exited;
}

/** Hello-world in a process of its own, as the baseline. */
function startHello() {
  const child = fork(__filename, ['--hello']);
  return new Promise((resolve, reject) => {
    child.once('message', ({ port }) => resolve({ child, url: `http://127.0.0.1:${port}/` }));
    child.once('exit', (code) => reject(new Error(`hello-world exited (${code})`)));
  });
}

function helloChild() {
  const express = require('express');
  const app = express();
  app.get('/', (_req, res) => {
    res.send('hello');
  });
  const server = app.listen(0, '127.0.0.1', () => process.send({ port: server.address().port }));
  process.on('disconnect', () => process.exit(0));
}

// ---------------------------------------------------------------------------------------------
// The database, read directly: the demo consultation, and the tokens of the mails in the outbox

/** SQLite (the server's file, read-only, beside its writes: WAL) or PostgreSQL, with one query method. */
function openDatabase({ sqliteFile, postgresUrl }) {
  if (sqliteFile) {
    const Database = require('better-sqlite3');
    const db = new Database(sqliteFile, { readonly: true, fileMustExist: true });
    return { all: async (sql, params = []) => db.prepare(sql.replace(/\$\d+/g, '?')).all(...params), close: async () => db.close() };
  }
  const pg = require('pg');
  const pool = new pg.Pool({ connectionString: postgresUrl, max: 2 });
  return { all: async (sql, params = []) => (await pool.query(sql, params)).rows, close: () => pool.end() };
}

async function demoConsultation(db) {
  const [row] = await db.all("select id from consultations where public_comments <> 'off' order by id limit 1");
  if (!row) throw new Error('no consultation takes public comments: is the feature merged, and the demo loaded?');
  return Number(row.id);
}

/** The ids of the clauses of the draft, from the public JSON API (as a citizen's page would know them). */
async function clauseIdsOf(base, consultationId) {
  const res = await fetch(`${base}/api/v1/consultations/${consultationId}`);
  const body = await res.json();
  const ids = [];
  const walk = (nodes) => {
    for (const n of nodes ?? []) {
      if (typeof n.id === 'number') ids.push(n.id);
      walk(n.children);
    }
  };
  walk(body.draft?.clauses);
  return ids;
}

/**
 * The confirmation tokens, by e-mail address, from the outbox rows the portal wrote (in the same
 * transaction as the comment, so present once the 202 came). New rows are read by id, one query at a time.
 */
function outboxTokens(db) {
  const tokens = new Map();
  let lastId = 0;
  let reading = null;
  const readNew = () =>
    (reading ??= db
      .all("select id, to_address, body_text from outbox where id > $1 and template = 'public_comment_confirm' order by id", [lastId])
      .then((rows) => {
        for (const r of rows) {
          lastId = Math.max(lastId, Number(r.id));
          const m = TOKEN_RE.exec(r.body_text);
          if (m) tokens.set(r.to_address, m[1]);
        }
      })
      .finally(() => (reading = null)));
  // With two instances on PostgreSQL, ids are taken when a row is inserted, not when it is committed: a row
  // with a smaller id can become visible after a larger one was read, and is then looked up by its address.
  const byAddress = async (email) => {
    const [row] = await db.all("select body_text from outbox where to_address = $1 and template = 'public_comment_confirm'", [email]);
    return row ? TOKEN_RE.exec(row.body_text)?.[1] : undefined;
  };
  return async function tokenFor(email) {
    for (let attempt = 0, until = performance.now() + TIMEOUT_S * 1000; performance.now() < until; attempt++) {
      const token = tokens.get(email) ?? (attempt >= 2 ? await byAddress(email) : undefined);
      if (token) {
        tokens.delete(email);
        return token;
      }
      await readNew();
      if (!tokens.has(email)) await new Promise((resolve) => setTimeout(resolve, 2));
    }
    throw new Error(`no confirmation mail for ${email} in the outbox`);
  };
}

// ---------------------------------------------------------------------------------------------
// Requests

/** A stream of distinct citizens' comments: each its own address, e-mail and text (told apart by its number). */
function comments(clauseIds, prefix) {
  let n = 0;
  return () => {
    n += 1;
    const email = `cd-${run}-${prefix}-${n}@example.org`;
    const text = `${campaigns[n % campaigns.length]} (Mã ${run}-${prefix}-${n})`;
    const clauseId = n % 5 === 0 || clauseIds.length === 0 ? undefined : clauseIds[n % clauseIds.length];
    const body = JSON.stringify({ name: NAMES[n % NAMES.length], email, ...(clauseId ? { clauseId } : {}), text, showName: n % 2 === 0 });
    const address = `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`;
    return { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': address }, body, tag: text, email };
  };
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

function request(url, { method, headers, body }) {
  const target = new URL(url);
  return new Promise((resolve, reject) => {
    const req = http.request({ host: target.hostname, port: target.port, path: target.pathname, method, headers, agent, timeout: TIMEOUT_S * 1000 }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => resolve({ status: res.statusCode, text }));
    });
    req.on('timeout', () => req.destroy(new Error('timed out')));
    req.on('error', reject);
    req.end(body);
  });
}

/**
 * Confirmed comments, closed-loop: CONNECTIONS citizens at once, each sending a comment, reading its token
 * and confirming it, again and again; instances (urls) take turns. Counts those confirmed within the window.
 */
async function confirmedFlow(name, bases, consultationId, next, tokenFor, seconds) {
  let confirmed = 0;
  let failed = 0;
  const latencies = [];
  const statuses = new Map();
  const started = performance.now();
  const deadline = started + seconds * 1000;
  let turn = 0;
  const citizen = async () => {
    while (performance.now() < deadline) {
      const base = bases[turn++ % bases.length];
      const c = next();
      const t = performance.now();
      try {
        const posted = await request(`${base}/api/v1/consultations/${consultationId}/public-comments`, c);
        statuses.set(`POST ${posted.status}`, (statuses.get(`POST ${posted.status}`) ?? 0) + 1);
        if (posted.status !== 202) {
          failed += 1;
          continue;
        }
        const token = await tokenFor(c.email);
        const done = await request(`${base}/api/v1/public-comments/confirm`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token }) });
        statuses.set(`confirm ${done.status}`, (statuses.get(`confirm ${done.status}`) ?? 0) + 1);
        if (done.status === 200) {
          confirmed += 1;
          latencies.push(performance.now() - t);
        } else failed += 1;
      } catch (err) {
        failed += 1;
        statuses.set(`failed: ${err.message}`, (statuses.get(`failed: ${err.message}`) ?? 0) + 1);
      }
    }
  };
  await Promise.all(Array.from({ length: CONNECTIONS }, citizen));
  const elapsed = (performance.now() - started) / 1000;
  return {
    name,
    rps: (2 * confirmed) / elapsed, // two requests per confirmed comment
    perSecond: confirmed / elapsed,
    p50: Math.round(percentile(latencies, 50)),
    p99: Math.round(percentile(latencies, 99)),
    failed,
    statuses: [...statuses].map(([k, v]) => `${k}: ${v}`).join(', '),
    load: os.loadavg()[0].toFixed(2),
  };
}

/** POST alone (autocannon, CONNECTIONS connections), then the confirmed path, on the instances given. */
async function measureIntake(label, bases, consultationId, clauseIds, tokenFor) {
  const nextPost = comments(clauseIds, `post-${label.replace(/\W+/g, '')}`);
  const post = { method: 'POST', setupRequest: (req) => ({ ...req, ...nextPost() }) };
  const urls = bases.map((b) => `${b}/api/v1/consultations/${consultationId}/public-comments`);
  log(`public comments POST, ${label}`);
  const posted = bases.length === 1 ? await measure(`POST public comment (202), ${label}`, { url: urls[0], requests: [post] }) : await measureSpread(`POST public comment (202), ${label}`, urls, { requests: [post] });
  log(`confirmed public comments, ${label}`);
  const nextFlow = comments(clauseIds, `flow-${label.replace(/\W+/g, '')}`);
  await confirmedFlow('warm-up', bases, consultationId, nextFlow, tokenFor, WARMUP_S);
  const flow = await confirmedFlow(`POST + token + confirm, ${label}`, bases, consultationId, nextFlow, tokenFor, DURATION_S);
  return { posted, flow };
}

// ---------------------------------------------------------------------------------------------
// (b) burst, and SIGKILL in the middle of one

function burstSummary(result, seconds) {
  const of = (keep) => result.answers.filter(([s]) => keep(s)).map(([, ms]) => Math.round(ms));
  const accepted = of((s) => s === 202);
  const tooMany = of((s) => s === 429);
  const busy = of((s) => s === 503);
  const other = result.answers.filter(([s]) => s !== 202 && s !== 429 && s !== 503);
  const otherStatuses = [...new Set(other.map(([s]) => s))].join(', ');
  const refused = [...tooMany, ...busy];
  return {
    lines: [
      ['202 (committed)', accepted.length, (accepted.length / seconds).toFixed(0), percentile(accepted, 50), percentile(accepted, 99), percentile(accepted, 100)],
      ['429 (one address too fast)', tooMany.length, (tooMany.length / seconds).toFixed(0), percentile(tooMany, 50), percentile(tooMany, 99), percentile(tooMany, 100)],
      ['503 (past capacity)', busy.length, (busy.length / seconds).toFixed(0), percentile(busy, 50), percentile(busy, 99), percentile(busy, 100)],
      ['timed out', result.timeouts, '', '', '', ''],
      ['connection failed', result.errors, '', '', '', ''],
      [`other (${otherStatuses || '-'})`, other.length, '', '', '', ''],
    ],
    refused,
    accepted,
  };
}

async function burst(base, consultationId, clauseIds, rate) {
  log(`a burst of ${rate} public comments/s for ${BURST_S} s, open-loop`);
  const result = await openLoop({ url: `${base}/api/v1/consultations/${consultationId}/public-comments`, rate, seconds: BURST_S, timeoutMs: TIMEOUT_S * 1000, request: comments(clauseIds, 'burst') });
  return { result, ...burstSummary(result, BURST_S) };
}

/** The burst again on a fresh server, SIGKILL half-way, a restart on the same data, every 202 looked for. */
async function killMidBurst(rate) {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gopy-bench-kill-'));
  try {
    let server = await startServer({ DATA_DIR: dataDir });
    const db = openDatabase({ sqliteFile: path.join(dataDir, 'gopy.sqlite') });
    const consultationId = await demoConsultation(db);
    await db.close();
    const clauseIds = await clauseIdsOf(server.base, consultationId);
    log(`a burst of ${rate}/s, the server killed after ${BURST_S / 2} s`);
    const loop = openLoop({ url: `${server.base}/api/v1/consultations/${consultationId}/public-comments`, rate, seconds: BURST_S, timeoutMs: TIMEOUT_S * 1000, request: comments(clauseIds, 'kill') });
    await new Promise((resolve) => setTimeout(resolve, (BURST_S / 2) * 1000));
    server.child.kill('SIGKILL');
    const killed = await server.exited;
    const result = await loop;
    const acked = result.answers.filter(([s]) => s === 202).map(([, , tag]) => tag);

    const restartStarted = performance.now();
    server = await startServer({ DATA_DIR: dataDir });
    const restartMs = performance.now() - restartStarted;
    const after = openDatabase({ sqliteFile: path.join(dataDir, 'gopy.sqlite') });
    const stored = new Set((await after.all('select text from public_comments where consultation_id = $1', [consultationId])).map((r) => r.text));
    await after.close();
    await stopServer(server);
    const lost = acked.filter((text) => !stored.has(text));
    return { killed, acked: acked.length, stored: stored.size, lost: lost.length, restartMs, summary: burstSummary(result, BURST_S) };
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------------------------

const line = (r, hello) => [r.name, r.rps.toFixed(0), r.perSecond === undefined ? '-' : r.perSecond.toFixed(0), r.p50, r.p99, `${(r.rps / hello.rps).toFixed(2)}×`, r.perSecond === undefined ? r.non2xx + r.errors + r.timeouts : r.failed, r.load];
const HEADER = ['what', 'req/s', 'confirmed/s', 'p50 ms', 'p99 ms', '× hello-world', 'not 2xx/failed', 'load avg'];

async function sqlitePart() {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gopy-bench-public-'));
  const server = await startServer({ DATA_DIR: dataDir });
  const db = openDatabase({ sqliteFile: path.join(dataDir, 'gopy.sqlite') });
  try {
    const consultationId = await demoConsultation(db);
    const clauseIds = await clauseIdsOf(server.base, consultationId);
    console.log(`SQLite in ${dataDir}; the demo consultation ${consultationId}, ${clauseIds.length} clauses\n`);
    const { posted, flow } = await measureIntake('SQLite', [server.base], consultationId, clauseIds, outboxTokens(db));
    const rate = Math.max(100, Math.round(BURST_FACTOR * posted.rps));
    const b = await burst(server.base, consultationId, clauseIds, rate);
    return { posted, flow, rate, burst: b };
  } finally {
    await db.close();
    await stopServer(server);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function postgresPart(databaseUrl) {
  const schema = await createBenchSchema(databaseUrl);
  const filesDir = mkdtempSync(path.join(os.tmpdir(), 'gopy-bench-files-'));
  const dirs = [mkdtempSync(path.join(os.tmpdir(), 'gopy-bench-pg-a-')), mkdtempSync(path.join(os.tmpdir(), 'gopy-bench-pg-b-'))];
  const env = { DATABASE_URL: schema.url, FILES_DIR: filesDir, SESSION_SECRET: randomBytes(32).toString('hex') };
  const servers = [];
  const db = openDatabase({ postgresUrl: schema.url });
  try {
    servers.push(await startServer({ ...env, DATA_DIR: dirs[0] }));
    const consultationId = await demoConsultation(db);
    const clauseIds = await clauseIdsOf(servers[0].base, consultationId);
    const tokenFor = outboxTokens(db);
    const one = await measureIntake('PostgreSQL, 1 instance', [servers[0].base], consultationId, clauseIds, tokenFor);
    servers.push(await startServer({ ...env, DATA_DIR: dirs[1] }));
    const two = await measureIntake('PostgreSQL, 2 instances', servers.map((s) => s.base), consultationId, clauseIds, tokenFor);
    return { schema: schema.schema, one, two };
  } finally {
    await db.close();
    for (const s of servers) await stopServer(s);
    for (const d of [filesDir, ...dirs]) rmSync(d, { recursive: true, force: true });
    await schema.drop();
  }
}

async function publicComments() {
  console.log(`load average at the start: ${loadAverage()}; ${CONNECTIONS} connections, ${WARMUP_S} s warm-up then ${DURATION_S} s measured per target`);
  const helloServer = await startHello();
  try {
    log('hello-world');
    const hello = await measure('hello-world (baseline)', { url: helloServer.url });
    const sqlite = await sqlitePart();
    const url = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
    const pg = url ? await postgresPart(url) : null;
    const kill = await killMidBurst(sqlite.rate);
    log('hello-world again');
    const helloAgain = await measure('hello-world (again)', { url: helloServer.url });

    console.log('\n(a) Public comments through the whole stack (req/s: HTTP requests; a confirmed comment is two: POST and confirm)');
    printTable(HEADER, [
      line(hello, hello),
      line(sqlite.posted, hello),
      line(sqlite.flow, hello),
      ...(pg ? [line(pg.one.posted, hello), line(pg.one.flow, hello), line(pg.two.posted, hello), line(pg.two.flow, hello)] : []),
      line(helloAgain, hello),
    ]);
    console.log(`answers in the confirmed path: SQLite ${sqlite.flow.statuses}${pg ? `; PostgreSQL 1 instance ${pg.one.flow.statuses}; 2 instances ${pg.two.flow.statuses}` : ''}`);
    if (!pg) console.log('PostgreSQL: skipped (set BENCH_DATABASE_URL, or TEST_DATABASE_URL, to a database the bench may make a schema in)');

    const b = sqlite.burst;
    console.log(`\n(b) A burst on SQLite: ${sqlite.rate} comments/s offered open-loop (${BURST_FACTOR}× the POST rate) for ${BURST_S} s; at most ${b.result.maxOutstanding} waiting at once; load average ${loadAverage()}`);
    printTable(['answer', 'count', 'per s', 'p50 ms', 'p99 ms', 'max ms'], b.lines);
    console.log(`\nSIGKILL half-way through the same burst on a fresh server (${kill.killed.signal}), restarted on the same data in ${(kill.restartMs / 1000).toFixed(1)} s:`);
    printTable(['answer', 'count', 'per s', 'p50 ms', 'p99 ms', 'max ms'], kill.summary.lines);
    console.log(`acknowledged with 202: ${kill.acked}; in the database after the restart: ${kill.acked - kill.lost} of them (${kill.stored} comments stored in all); lost: ${kill.lost}`);

    const ratio = (r) => r.rps / hello.rps;
    const targets = [
      ['POST public comment, SQLite ≥ 0.5× hello-world req/s', `${ratio(sqlite.posted).toFixed(2)}×`, ratio(sqlite.posted) >= 0.5],
      ['confirmed path (POST + confirm), SQLite ≥ 0.5× hello-world req/s', `${ratio(sqlite.flow).toFixed(2)}×`, ratio(sqlite.flow) >= 0.5],
      ...(pg
        ? [
            ['POST, PostgreSQL 1 instance ≥ 0.5×', `${ratio(pg.one.posted).toFixed(2)}×`, ratio(pg.one.posted) >= 0.5],
            ['confirmed path, PostgreSQL 1 instance ≥ 0.5×', `${ratio(pg.one.flow).toFixed(2)}×`, ratio(pg.one.flow) >= 0.5],
            ['POST, PostgreSQL 2 instances ≥ 0.5×', `${ratio(pg.two.posted).toFixed(2)}×`, ratio(pg.two.posted) >= 0.5],
            ['confirmed path, PostgreSQL 2 instances ≥ 0.5×', `${ratio(pg.two.flow).toFixed(2)}×`, ratio(pg.two.flow) >= 0.5],
          ]
        : []),
      [`burst at ${BURST_FACTOR}×: no timeouts`, String(b.result.timeouts), b.result.timeouts === 0],
      ['burst: refusals at once (p99 < 100 ms)', `${percentile(b.refused, 99)} ms over ${b.refused.length}`, b.refused.length > 0 && percentile(b.refused, 99) < 100],
      ['SIGKILL mid-burst: every 202 in the database', `${kill.lost} lost of ${kill.acked}`, kill.acked > 0 && kill.lost === 0],
    ];
    console.log('\nTargets (public comments)');
    printTable(['target', 'measured', 'verdict'], targets.map(([t, m, ok]) => [t, m, verdict(ok)]));
    const drift = (helloAgain.rps / hello.rps - 1) * 100;
    console.log(`\nbaseline re-measured at the end: ${helloAgain.rps.toFixed(0)} req/s (${drift >= 0 ? '+' : ''}${drift.toFixed(0)}% from the first); load average at the end: ${loadAverage()}`);
  } finally {
    helloServer.child.kill();
    agent.destroy();
  }
}

if (process.argv[2] === '--hello') helloChild();
else if (require.main === module) {
  publicComments().catch((err) => {
    console.error('bench failed:', err);
    process.exitCode = 1;
  });
}

module.exports = { publicComments };
