'use strict';
// `npm run bench`: measures the portal's public pages against a plain Express hello-world measured
// in the same run on the same machine, so the ratios mean something across machines even where
// the raw requests/s do not. The servers run in a child process (bench/servers.js); this process
// only generates load, with autocannon, over keep-alive connections to 127.0.0.1.
// It prints figures and never fails on them: a benchmark is not an assertion.
const { fork } = require('node:child_process');
const path = require('node:path');
const autocannon = require('autocannon');

const CONNECTIONS = 10;
const WARMUP_S = 1; // discarded: lets V8 optimise and Express compile and cache the EJS views
const DURATION_S = 5;
const TARGET = { name: 'public page', ratio: 0.3 }; // the target, relative to hello-world

function startServers() {
  const child = fork(path.join(__dirname, 'servers.js'), [], { env: { ...process.env, NODE_ENV: 'production' } });
  return new Promise((resolve, reject) => {
    child.once('message', (ready) => resolve({ child, ...ready }));
    child.once('exit', (code) => reject(new Error(`the server process exited before it was ready (code ${code})`)));
  });
}

function ask(child, type) {
  return new Promise((resolve) => {
    child.once('message', resolve);
    child.send({ type });
  });
}

// One request first, so a broken route shows up as an error rather than as a fast 404 benchmark.
async function check(url) {
  const res = await fetch(url);
  const body = await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`GET ${url} answered ${res.status}, not 200`);
  return body.byteLength;
}

async function measure(name, url) {
  const bytes = await check(url);
  await autocannon({ url, connections: CONNECTIONS, duration: WARMUP_S });
  const r = await autocannon({ url, connections: CONNECTIONS, duration: DURATION_S });
  // requests.average is the mean of the per-second samples; latencies are whole milliseconds.
  return { name, url, bytes, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, failed: r.errors + r.timeouts + r.non2xx };
}

function printTable(rows, baseline) {
  const header = ['name', 'req/s', 'p50 ms', 'p99 ms', '× baseline', 'body bytes', 'target'];
  const lines = rows.map((r) => {
    const ratio = r.rps / baseline.rps;
    const target = r.name === TARGET.name ? `≥ ${TARGET.ratio.toFixed(2)}× ${ratio >= TARGET.ratio ? 'PASS' : 'BELOW'}` : '';
    return [r.name, r.rps.toFixed(0), String(r.p50), String(r.p99), `${ratio.toFixed(2)}×`, String(r.bytes), target];
  });
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const fmt = (cells) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  console.log(fmt(header));
  console.log(`|${widths.map((w, i) => (i === 0 ? ':' : '-') + '-'.repeat(w) + (i === 0 ? '-' : ':')).join('|')}|`);
  for (const l of lines) console.log(fmt(l));
}

async function main() {
  const servers = await startServers();
  const { child, helloUrl, appUrl, demoId } = servers;
  try {
    console.log(`${CONNECTIONS} connections, ${WARMUP_S} s warm-up then ${DURATION_S} s measured per target, demo consultation ${demoId}\n`);
    const rows = [];
    for (const [name, url] of [
      ['hello-world (baseline)', `${helloUrl}/`],
      [TARGET.name, `${appUrl}/consultations/${demoId}`],
      ['list', `${appUrl}/`],
      ['JSON API', `${appUrl}/api/v1/consultations/${demoId}`],
    ]) {
      process.stderr.write(`measuring ${name} (${url}) …\n`);
      rows.push(await measure(name, url));
    }
    // The baseline again at the end: if the machine got busier or quieter during the run, the two
    // differ and the ratios above are that much less trustworthy.
    process.stderr.write('measuring hello-world again …\n');
    const again = await measure('hello-world (again)', `${helloUrl}/`);
    printTable(rows, rows[0]);
    const drift = (again.rps / rows[0].rps - 1) * 100;
    console.log(`\nbaseline re-measured at the end: ${again.rps.toFixed(0)} req/s (${drift >= 0 ? '+' : ''}${drift.toFixed(0)}% from the first)`);
    for (const r of rows.filter((row) => row.failed > 0)) console.log(`\nWARNING: ${r.name}: ${r.failed} requests failed or were not 2xx`);
    const { peakRssMB } = await ask(child, 'rss');
    console.log(`\nserver process RSS: ${servers.startRssMB.toFixed(0)} MB after start-up, ${peakRssMB.toFixed(0)} MB peak (both servers, whole run)`);
  } finally {
    child.send({ type: 'stop' });
  }
}

main().catch((err) => {
  console.error('bench failed:', err);
  process.exitCode = 1;
});
