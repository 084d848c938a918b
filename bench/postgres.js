'use strict';
// The PostgreSQL part of `npm run bench` (bench/run.js): the portal on one PostgreSQL database
// (a fresh schema, bench/pg-schema.js), first one instance, then two instances (two processes,
// each its own port, one DATABASE_URL, FILES_DIR and SESSION_SECRET) with the load spread over
// both: each autocannon target runs against every instance at once, the connections shared out,
// and the 500 submissions/s behind the page take turns between them. Hello-world, in the first
// instance's process as in the SQLite part, is measured in the same run.
const { randomBytes } = require('node:crypto');
const { mkdtempSync, rmSync } = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const { submissions } = require('./submissions');
const { DURATION_S, TIMEOUT_S, measure, measureSpread, check, forkReady, inChild, printTable, verdict, log } = require('./measure');
const { createBenchSchema } = require('./pg-schema');

const BACKGROUND_RATE = 500;

/** The page measured while submissions arrive open-loop at BACKGROUND_RATE, spread over the instances. */
async function pageWithSubmissionsBehind(name, appUrls, demoId, tokens, clauseIds) {
  const urls = appUrls.map((u) => `${u}/api/v1/invitation/submission`);
  const background = inChild('background.js', { url: urls, rate: BACKGROUND_RATE, seconds: DURATION_S + 2, timeoutMs: TIMEOUT_S * 1000, tokens, clauseIds });
  await new Promise((resolve) => setTimeout(resolve, 1000));
  const page = await measureSpread(name, appUrls.map((u) => `${u}/consultations/${demoId}`), {}, { warmUp: false });
  const bg = await background;
  return { ...page, backgroundRate: bg.served / bg.seconds };
}

/** Page, submissions and the page with submissions behind, on the instances given. */
async function measureInstances(label, appUrls, demoId, tokens, clauseIds) {
  const nextSubmission = submissions(tokens, clauseIds);
  const submission = { method: 'PUT', setupRequest: (req) => ({ ...req, ...nextSubmission() }) };
  log(`the public page, ${label}`);
  const page = await measureSpread(`public page, ${label}`, appUrls.map((u) => `${u}/consultations/${demoId}`));
  log(`agency submissions, ${label}`);
  const submit = await measureSpread(`agency submission, ${label}`, appUrls.map((u) => `${u}/api/v1/invitation/submission`), { requests: [submission] });
  log(`the public page with ${BACKGROUND_RATE} submissions/s behind, ${label}`);
  const busy = await pageWithSubmissionsBehind(`public page, ${BACKGROUND_RATE} subs/s behind, ${label}`, appUrls, demoId, tokens, clauseIds);
  return { page, submit, busy };
}

async function runPostgres(databaseUrl) {
  const schema = await createBenchSchema(databaseUrl);
  const filesDir = mkdtempSync(path.join(os.tmpdir(), 'gopy-bench-files-'));
  const env = { DATABASE_URL: schema.url, FILES_DIR: filesDir, SESSION_SECRET: randomBytes(32).toString('hex') };
  const children = [];
  try {
    const first = await forkReady('servers.js', env);
    children.push(first.child);
    const { helloUrl, appUrl, demoId, tokens, clauseIds } = first;
    await check(`${appUrl}/consultations/${demoId}`);
    console.log(`schema ${schema.schema}; the demo consultation ${demoId}, ${tokens.length} agency tokens; p50/p99 of a spread load are the slower instance's\n`);

    log('hello-world');
    const hello = await measure('hello-world (baseline)', { url: `${helloUrl}/` });
    const one = await measureInstances('1 instance', [appUrl], demoId, tokens, clauseIds);

    const second = await forkReady('servers.js', { ...env, BENCH_HELLO: '0' });
    children.push(second.child);
    await check(`${second.appUrl}/consultations/${demoId}`);
    const two = await measureInstances('2 instances', [appUrl, second.appUrl], demoId, tokens, clauseIds);
    log('hello-world again');
    const helloAgain = await measure('hello-world (again)', { url: `${helloUrl}/` });

    const ratio = (r) => `${(r.rps / hello.rps).toFixed(2)}×`;
    const line = (r) => [r.name, r.rps.toFixed(0), r.p50, r.p99, ratio(r), r.non2xx + r.errors + r.timeouts, r.load];
    printTable(
      ['what (PostgreSQL)', 'req/s', 'p50 ms', 'p99 ms', '× hello-world', 'not 2xx/failed', 'load avg'],
      [line(hello), ...[one, two].flatMap(({ page, submit, busy }) => [line(page), line(submit), line(busy)]), line(helloAgain)],
    );
    const idleShare = ({ page, busy }) => busy.rps / page.rps;
    const targets = [
      ['submission, 1 instance (for comparison) ≥ 0.35× hello-world', ratio(one.submit), one.submit.rps / hello.rps >= 0.35],
      ['submission, 2 instances ≥ 0.35× hello-world', ratio(two.submit), two.submit.rps / hello.rps >= 0.35],
      [`page with ${BACKGROUND_RATE} subs/s behind (achieved ${one.busy.backgroundRate.toFixed(0)}/s), 1 instance, ≥ 0.8× idle`, `${idleShare(one).toFixed(2)}×`, idleShare(one) >= 0.8 && one.busy.backgroundRate >= 0.95 * BACKGROUND_RATE],
      [`page with ${BACKGROUND_RATE} subs/s behind (achieved ${two.busy.backgroundRate.toFixed(0)}/s), 2 instances, ≥ 0.8× idle`, `${idleShare(two).toFixed(2)}×`, idleShare(two) >= 0.8 && two.busy.backgroundRate >= 0.95 * BACKGROUND_RATE],
    ];
    console.log('\nTargets (issue 14, PostgreSQL)');
    printTable(['target', 'measured', 'verdict'], targets.map(([t, m, ok]) => [t, m, verdict(ok)]));
    const drift = (helloAgain.rps / hello.rps - 1) * 100;
    console.log(`\nbaseline re-measured at the end: ${helloAgain.rps.toFixed(0)} req/s (${drift >= 0 ? '+' : ''}${drift.toFixed(0)}% from the first)`);
  } finally {
    for (const child of children) child.send({ type: 'stop' });
    await Promise.all(children.map((child) => new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve)))));
    rmSync(filesDir, { recursive: true, force: true });
    await schema.drop();
  }
}

module.exports = { runPostgres };
