'use strict';
// `npm run bench`: the portal against a plain Express hello-world measured in the same run on the
// same machine, so the ratios mean something across machines even where the raw requests/s do not.
// The servers run in a child process (bench/servers.js); this process only generates load, with
// autocannon, over keep-alive connections to 127.0.0.1. It prints figures and never fails on them:
// a benchmark is not an assertion.
//
//  1. hello-world (baseline), then the public page of the seed draft (as visitors get it, and
//     rendered for each request), the list and the JSON API;
//  2. an agency saving its comments (PUT /api/v1/invitation/submission, the demo's 26 personal
//     tokens in turn) through the whole middleware stack;
//  3. the public page again while 500 submissions/s arrive in the background;
//  4. submissions offered open-loop (bench/open-loop.js) at twice the rate measured in 2: what is
//     not served must be refused (429/503) at once, nothing may time out, memory must stay < 512 MB;
//  5. with BENCH_DATABASE_URL (or TEST_DATABASE_URL) set, the same on PostgreSQL with one portal
//     instance and then two on one database (bench/postgres.js); without it, says it skipped that;
//  6. public comments (bench/public-comments.js): POST, and POST + the mailed token + confirm, on
//     SQLite and (with the URL above) PostgreSQL with one and two instances; a burst at 10× the POST
//     rate; SIGKILL in the middle of a burst, a restart, and every 202 looked for in the database;
//  7. grouping public comments, 80 % campaign copies, at 125,000 to 1,000,000 comments
//     (bench/public-grouping.js: time and peak memory per size, each in its own child process).
// Every figure has beside it the machine's 1-minute load average as it was measured.
const os = require('node:os');
const { openLoop } = require('./open-loop');
const { submissions } = require('./submissions');
const { CONNECTIONS, WARMUP_S, DURATION_S, TIMEOUT_S, run, summary, measure, check, forkReady, inChild, ask, percentile, printTable, verdict, log } = require('./measure');
const { runPostgres } = require('./postgres');
const { publicGrouping } = require('./public-grouping');
const { publicComments } = require('./public-comments');

const BACKGROUND_RATE = 500;
const MEMORY_LIMIT_MB = 512;
const loadAverage = () => os.loadavg().map((l) => l.toFixed(2)).join(', ');

async function sqlite() {
  const servers = await forkReady('servers.js');
  const { child, helloUrl, appUrl, demoId, tokens, clauseIds } = servers;
  const submissionUrl = `${appUrl}/api/v1/invitation/submission`;
  const nextSubmission = submissions(tokens, clauseIds);
  const submission = () => ({ method: 'PUT', setupRequest: (req) => ({ ...req, ...nextSubmission() }) });

  try {
    const pageUrl = `${appUrl}/consultations/${demoId}`;
    const bytes = {
      hello: await check(`${helloUrl}/`),
      page: await check(pageUrl),
      list: await check(`${appUrl}/`),
      api: await check(`${appUrl}/api/v1/consultations/${demoId}`),
    };
    await check(submissionUrl, { method: 'PUT', headers: { authorization: `Bearer ${tokens[0]}`, 'content-type': 'application/json' }, body: JSON.stringify({ comments: [{ clauseId: clauseIds[0], text: 'Kiểm tra.' }] }) });
    console.log(`${CONNECTIONS} connections, ${WARMUP_S} s warm-up then ${DURATION_S} s measured per target; demo consultation ${demoId}, ${tokens.length} agency tokens\n`);

    log('hello-world');
    const hello = await measure('hello-world (baseline)', { url: `${helloUrl}/` });
    log('the public page');
    const page = await measure('public page of the seed draft', { url: pageUrl });
    log('the public page rendered each time');
    // A query string the page does not use is not kept (src/web/page-cache.ts): every request reads
    // the database and renders the page around the kept draft.
    const pageFresh = await measure('public page, rendered each time', { url: `${pageUrl}?ref=bench` });
    log('the list');
    const list = await measure('list /', { url: `${appUrl}/` });
    log('the JSON API');
    const api = await measure('JSON API (consultation)', { url: `${appUrl}/api/v1/consultations/${demoId}` });
    log('agency submissions');
    const submit = await measure('agency submission (PUT, 2 comments)', { url: submissionUrl, requests: [submission()] });

    log(`the public page with ${BACKGROUND_RATE} submissions/s in the background`);
    // The background agencies are their own process, so that they do not take this one's time
    // from the page's load generator.
    const background = inChild('background.js', { url: submissionUrl, rate: BACKGROUND_RATE, seconds: DURATION_S + 2, timeoutMs: TIMEOUT_S * 1000, tokens, clauseIds });
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const busyPage = summary('public page, 500 submissions/s behind', await run({ url: pageUrl, connections: CONNECTIONS, duration: DURATION_S }));
    const bg = await background;
    const bgRate = bg.served / bg.seconds;

    const rate = Math.round(2 * submit.rps);
    log(`submissions offered at ${rate}/s (twice the measured rate), open-loop`);
    const overload = await openLoop({ url: submissionUrl, rate, seconds: DURATION_S * 2, timeoutMs: TIMEOUT_S * 1000, request: nextSubmission });
    const { peakRssMB } = await ask(child, 'rss');
    const helloAgain = await measure('hello-world (again)', { url: `${helloUrl}/` });

    const ratio = (r) => r.rps / hello.rps;
    printTable(
      ['what', 'req/s', 'p50 ms', 'p99 ms', '× hello-world', 'not 2xx', 'body bytes', 'load avg'],
      [
        [hello.name, hello.rps.toFixed(0), hello.p50, hello.p99, '1.00×', hello.non2xx, bytes.hello, hello.load],
        [page.name, page.rps.toFixed(0), page.p50, page.p99, `${ratio(page).toFixed(2)}×`, page.non2xx, bytes.page, page.load],
        [pageFresh.name, pageFresh.rps.toFixed(0), pageFresh.p50, pageFresh.p99, `${ratio(pageFresh).toFixed(2)}×`, pageFresh.non2xx, bytes.page, pageFresh.load],
        [list.name, list.rps.toFixed(0), list.p50, list.p99, `${ratio(list).toFixed(2)}×`, list.non2xx, bytes.list, list.load],
        [api.name, api.rps.toFixed(0), api.p50, api.p99, `${ratio(api).toFixed(2)}×`, api.non2xx, bytes.api, api.load],
        [submit.name, submit.rps.toFixed(0), submit.p50, submit.p99, `${ratio(submit).toFixed(2)}×`, submit.non2xx, '-', submit.load],
        [busyPage.name, busyPage.rps.toFixed(0), busyPage.p50, busyPage.p99, `${ratio(busyPage).toFixed(2)}×`, busyPage.non2xx, bytes.page, busyPage.load],
      ],
    );

    const latencies = (keep) => overload.answers.filter(([status]) => keep(status)).map(([, ms]) => Math.round(ms));
    const served = latencies((s) => s >= 200 && s < 300);
    const refused = latencies((s) => s === 429 || s === 503);
    const otherStatuses = [...new Set(overload.answers.map(([s]) => s).filter((s) => !(s >= 200 && s < 300) && s !== 429 && s !== 503))];
    const other = otherStatuses.map((status) => [status, latencies((s) => s === status)]);
    const seconds = DURATION_S * 2;
    console.log(`\nOverload: ${rate} submissions/s offered open-loop (each request leaves on time whatever the answers) for ${seconds} s; at most ${overload.maxOutstanding} waiting at once; load average ${loadAverage()} at its end`);
    printTable(
      ['answer', 'count', 'per s', 'p50 ms', 'p99 ms', 'max ms'],
      [
        ['2xx (served)', served.length, (served.length / seconds).toFixed(0), percentile(served, 50), percentile(served, 99), percentile(served, 100)],
        ['429 / 503 (refused)', refused.length, (refused.length / seconds).toFixed(0), percentile(refused, 50), percentile(refused, 99), percentile(refused, 100)],
        ['timed out / failed', overload.timeouts + overload.errors, '', '', '', ''],
        ...other.map(([s, v]) => [`other ${s}`, v.length, '', '', '', '']),
      ],
    );

    const targets = [
      [`public page ≥ 0.30× hello-world req/s`, `${ratio(page).toFixed(2)}×`, ratio(page) >= 0.3],
      [`submission ≥ 0.35× hello-world req/s`, `${ratio(submit).toFixed(2)}×`, ratio(submit) >= 0.35],
      [`submission p99 ≤ 3× hello-world p99 (${hello.p99} ms)`, `${submit.p99} ms = ${(submit.p99 / Math.max(1, hello.p99)).toFixed(1)}×`, submit.p99 <= 3 * Math.max(1, hello.p99)],
      [`page with ${BACKGROUND_RATE} submissions/s (achieved ${bgRate.toFixed(0)}/s) ≥ 0.8× idle`, `${(busyPage.rps / page.rps).toFixed(2)}×`, busyPage.rps / page.rps >= 0.8 && bgRate >= 0.95 * BACKGROUND_RATE],
      ['at 2× saturation: no timeouts or errors', String(overload.timeouts + overload.errors), overload.timeouts + overload.errors === 0 && other.length === 0],
      ['at 2× saturation: refusals at once (p99 ≤ 100 ms, issue 14)', `${percentile(refused, 99)} ms over ${refused.length}`, refused.length > 0 && percentile(refused, 99) <= 100],
      [`server memory < ${MEMORY_LIMIT_MB} MB (peak RSS, whole run)`, `${peakRssMB.toFixed(0)} MB`, peakRssMB < MEMORY_LIMIT_MB],
    ];
    console.log('\nTargets (issues 6 and 14)');
    printTable(['target', 'measured', 'verdict'], targets.map(([t, m, ok]) => [t, m, verdict(ok)]));
    const drift = (helloAgain.rps / hello.rps - 1) * 100;
    console.log(`\nbaseline re-measured at the end: ${helloAgain.rps.toFixed(0)} req/s (${drift >= 0 ? '+' : ''}${drift.toFixed(0)}% from the first)`);
    console.log(`server process RSS: ${servers.startRssMB.toFixed(0)} MB after start-up, ${peakRssMB.toFixed(0)} MB peak (both servers, whole run)`);
  } finally {
    child.send({ type: 'stop' });
  }
}

async function main() {
  // BENCH_ONLY=sqlite, postgres, public-comments or grouping runs one part alone.
  const only = process.env.BENCH_ONLY;
  const runs = (part) => !only || only === part;
  if (runs('sqlite')) {
    console.log(`## SQLite\n\nload average at the start: ${loadAverage()}`);
    await sqlite();
    console.log(`load average at the end of the SQLite part: ${loadAverage()}\n`);
  }
  if (runs('postgres')) {
    const url = process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL;
    if (!url) {
      console.log('## PostgreSQL: skipped (set BENCH_DATABASE_URL, or TEST_DATABASE_URL, to a database the bench may make a schema in)\n');
    } else {
      console.log(`## PostgreSQL\n\nload average at the start: ${loadAverage()}`);
      await runPostgres(url);
      console.log(`load average at the end: ${loadAverage()}\n`);
    }
  }
  if (runs('public-comments')) {
    console.log('## Public comments: intake, confirmation, a burst and SIGKILL (bench/public-comments.js)\n');
    await publicComments();
    console.log('');
  }
  if (runs('grouping')) {
    // BENCH_GROUPING_SIZES=125000,250000 for a shorter run; the default goes up to a million comments.
    const sizes = process.env.BENCH_GROUPING_SIZES?.split(',').map(Number);
    console.log('## Grouping public comments (campaigns), bench/public-grouping.js\n');
    await publicGrouping(sizes);
  }
}

main().catch((err) => {
  console.error('bench failed:', err);
  process.exitCode = 1;
});
