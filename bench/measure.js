'use strict';
// Load generation and printing shared by the benchmark runs (bench/run.js, bench/postgres.js):
// autocannon over keep-alive connections, a warm-up that is thrown away, tables in Markdown.
const { fork } = require('node:child_process');
const os = require('node:os');
const path = require('node:path');
const autocannon = require('autocannon');

const CONNECTIONS = 10;
const WARMUP_S = 3; // discarded: lets V8 optimise and Express compile and cache the EJS views
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 5);
const TIMEOUT_S = 10;

function run(options) {
  return new Promise((resolve, reject) => {
    autocannon({ timeout: TIMEOUT_S, ...options }, (err, result) => (err ? reject(err) : resolve({ result })));
  });
}

const summary = (name, { result }, extra = {}) => ({
  name,
  rps: result.requests.average,
  p50: result.latency.p50,
  p99: result.latency.p99,
  non2xx: result.non2xx,
  errors: result.errors,
  timeouts: result.timeouts,
  load: os.loadavg()[0].toFixed(2), // the 1-minute load average as the measurement ends: others share the machine
  ...extra,
});

async function measure(name, options) {
  await run({ ...options, connections: options.connections ?? CONNECTIONS, duration: WARMUP_S });
  return summary(name, await run({ connections: CONNECTIONS, duration: DURATION_S, ...options }));
}

/**
 * The same load spread over several instances: one autocannon per instance, at once, the
 * connections shared out between them. req/s add up; p50 and p99 are the slowest instance's.
 */
async function measureSpread(name, urls, options = {}, { warmUp = true } = {}) {
  const each = Math.max(1, Math.round(CONNECTIONS / urls.length));
  const all = (seconds) => Promise.all(urls.map((url) => run({ ...options, url, connections: each, duration: seconds })));
  if (warmUp) await all(WARMUP_S);
  const results = (await all(DURATION_S)).map((r) => summary(name, r));
  return {
    name,
    rps: results.reduce((s, r) => s + r.rps, 0),
    p50: Math.max(...results.map((r) => r.p50)),
    p99: Math.max(...results.map((r) => r.p99)),
    non2xx: results.reduce((s, r) => s + r.non2xx, 0),
    errors: results.reduce((s, r) => s + r.errors, 0),
    timeouts: results.reduce((s, r) => s + r.timeouts, 0),
    load: results[0].load,
  };
}

async function check(url, init) {
  const res = await fetch(url, init);
  const body = await res.arrayBuffer();
  if (!res.ok) throw new Error(`${init?.method ?? 'GET'} ${url} answered ${res.status}, not 2xx: ${Buffer.from(body).toString().slice(0, 200)}`);
  return body.byteLength;
}

/** Forks a bench script that sends one message when it is ready, with the environment given. */
function forkReady(script, env) {
  const child = fork(path.join(__dirname, script), [], { env: { ...process.env, NODE_ENV: 'production', ...env } });
  return new Promise((resolve, reject) => {
    child.once('message', (ready) => resolve({ child, ...ready }));
    child.once('exit', (code) => reject(new Error(`${script} exited before it was ready (code ${code})`)));
  });
}

/** Forks a bench script, sends it its options and waits for its one answer. */
function inChild(script, options) {
  const child = fork(path.join(__dirname, script));
  return new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => code !== 0 && reject(new Error(`${script} exited with ${code}`)));
    child.send(options);
  });
}

function ask(child, type) {
  return new Promise((resolve) => {
    child.once('message', resolve);
    child.send({ type });
  });
}

const percentile = (values, p) => {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

function printTable(header, lines) {
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => String(l[i]).length)));
  const fmt = (cells) => `| ${cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join(' | ')} |`;
  console.log(fmt(header));
  console.log(`|${widths.map((w, i) => (i === 0 ? ':' : '-') + '-'.repeat(w) + (i === 0 ? '-' : ':')).join('|')}|`);
  for (const l of lines) console.log(fmt(l));
}

const verdict = (ok) => (ok ? 'PASS' : 'BELOW');
const log = (what) => process.stderr.write(`measuring ${what} …\n`);

module.exports = { CONNECTIONS, WARMUP_S, DURATION_S, TIMEOUT_S, run, summary, measure, measureSpread, check, forkReady, inChild, ask, percentile, printTable, verdict, log };
