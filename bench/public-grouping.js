'use strict';
// `npm run build && node bench/public-grouping.js [N …]`: groupPublicComments (src/public-comments/grouping.ts)
// on generated public comments — 80 % copies of 20 campaigns (bench/public-comment-texts.json, each a citizen's
// paragraph of 62–73 words, every copy with small random edits: a word changed, added or removed, punctuation,
// case) and 20 % individual comments (sentences of the seed draft between a citizen's opening and a place), over
// 30 clauses and the whole draft — for N = 125,000, 250,000, 500,000 and 1,000,000 (or the sizes given). Each size
// runs in its own child process, so its peak memory (maxRSS) is its own; "input" is the RSS with the rows made,
// before grouping. Linear code shows a flat µs/comment column and 8× from 125k to 1M. CPU time (user + system,
// of the child alone) is given beside the wall-clock time: on a shared machine the wall clock also counts the
// other processes' turns.
// Baselines, in the same run: one Express hello-world request (as bench/parse-linear.js: grouping is CPU only,
// so the ratio says how many requests' worth of one core it takes), and, in each child, the cheapest grouping
// there is — a Map from each raw text to its first comment — over the same rows. Prints figures, never fails on them.
const { fork } = require('node:child_process');
const os = require('node:os');
const path = require('node:path');
const { readFileSync } = require('node:fs');

const SIZES = process.argv.slice(2).filter((a) => /^\d+$/.test(a)).map(Number);
const DEFAULT_SIZES = [125_000, 250_000, 500_000, 1_000_000];
const CLAUSES = 30;
const CAMPAIGN_SHARE = 0.8;
const HELLO_REQUESTS = 500;

function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The comments, as the database would give them ({ id, clause_id, text }), and for each its campaign (or -1).
 * Campaign c is 1/(1 + c/3) as large as the first (the largest about 7× the smallest); each has a clause of its
 * own (two share the whole draft) and sends one copy in ten to a neighbouring clause.
 */
function generate(count, seed = 20261201) {
  const random = mulberry32(seed);
  const pick = (xs) => xs[Math.floor(random() * xs.length)];
  const { campaigns } = JSON.parse(readFileSync(path.join(__dirname, 'public-comment-texts.json'), 'utf8'));
  const draft = readFileSync(path.join(__dirname, '..', 'tests', 'fixtures', 'du-thao-532.paragraphs.txt'), 'utf8').split('\n');
  const vocabulary = [...new Set(draft.join(' ').toLowerCase().split(/[^\p{L}]+/u).filter((w) => w.length > 1))];
  const fragments = [...new Set(draft.flatMap((l) => l.replace(/^\d+(\.\d+)*\.\s+/, '').split(/;\s*|\.\s+/)).map((s) => s.trim().replace(/[.;:]+$/, '')).filter((s) => s.split(/\s+/).length >= 8))];
  const openings = ['Tôi đề nghị', 'Kính đề nghị Ban soạn thảo xem xét', 'Theo tôi cần sửa lại nội dung', 'Tôi không đồng ý với nội dung', 'Đề nghị làm rõ', 'Tôi đồng ý nhưng đề nghị bổ sung', 'Góp ý của tôi về nội dung', 'Xin hỏi cơ quan soạn thảo về việc'];
  const places = ['Pleiku', 'An Khê', 'Ayun Pa', 'Chư Prông', 'Chư Sê', 'Đức Cơ', 'Ia Grai', 'Kbang', 'Kông Chro', 'Krông Pa', 'Mang Yang', 'Phú Thiện', 'Đak Đoa', 'Đak Pơ', 'Ia Pa', 'Chư Păh', 'Chư Pưh'];
  const weights = campaigns.map((_, c) => 1 / (1 + c / 3));
  const total = weights.reduce((s, w) => s + w, 0);
  const cumulative = [];
  weights.reduce((s, w, c) => (cumulative[c] = s + w / total), 0);
  const homeClause = (c) => (c % 10 === 9 ? null : 1 + ((c * 7) % CLAUSES));

  const edited = (template) => {
    const words = template.split(' ');
    const r = random();
    const wordEdits = r < 0.2 ? 0 : r < 0.8 ? 1 : 2;
    for (let e = 0; e < wordEdits; e++) {
      const at = Math.floor(random() * words.length);
      const op = Math.floor(random() * 3);
      if (op === 0) words[at] = pick(vocabulary);
      else if (op === 1) words.splice(at, 0, pick(vocabulary));
      else words.splice(at, 1);
    }
    if (random() < 0.5) {
      const at = Math.floor(random() * words.length);
      words[at] = random() < 0.5 ? words[at].toUpperCase() : `${words[at]},`;
    }
    let text = words.join(' ');
    if (random() < 0.3) text = `${text.replace(/\.$/, '')}!!!`;
    if (random() < 0.1) text = text.toLowerCase();
    return text;
  };
  const individual = () => {
    const a = pick(fragments);
    let b = pick(fragments);
    while (b === a) b = pick(fragments);
    return `${pick(openings)} ${a.charAt(0).toLowerCase()}${a.slice(1)}; ${b}. Tôi ở thôn ${1 + Math.floor(random() * 20)}, ${pick(places)}.`;
  };

  const rows = new Array(count);
  const campaignOf = new Int8Array(count);
  for (let id = 0; id < count; id++) {
    let clause = random() < 0.1 ? null : 1 + Math.floor(random() * CLAUSES);
    let campaign = -1;
    let text;
    if (random() < CAMPAIGN_SHARE) {
      const r = random();
      campaign = cumulative.findIndex((c) => r < c);
      if (campaign < 0) campaign = campaigns.length - 1;
      const home = homeClause(campaign);
      clause = random() < 0.9 || home === null ? home : 1 + (home % CLAUSES);
      text = edited(campaigns[campaign]);
    } else text = individual();
    rows[id] = { id: id + 1, clause_id: clause, text };
    campaignOf[id] = campaign;
  }
  return { rows, campaignOf, campaigns: campaigns.length };
}

const mb = (bytes) => bytes / 1024 / 1024;
const maxRssMB = () => process.resourceUsage().maxRSS / 1024;

function child(count) {
  const { groupPublicComments } = require(path.join(__dirname, '..', 'dist', 'src', 'public-comments', 'grouping.js'));
  const { rows, campaignOf } = generate(count);
  global.gc?.();
  const inputRss = mb(process.memoryUsage().rss);
  const inputHeap = mb(process.memoryUsage().heapUsed);

  // Baseline: the rows grouped by their raw text alone.
  let t = performance.now();
  const exact = new Map();
  for (const row of rows) {
    const key = `${row.clause_id}\u0000${row.text}`;
    const first = exact.get(key);
    if (first === undefined) exact.set(key, [row.id]);
    else first.push(row.id);
  }
  const mapMs = performance.now() - t;
  const exactGroups = exact.size;
  exact.clear();
  global.gc?.();

  t = performance.now();
  const cpu = process.cpuUsage();
  const groups = groupPublicComments(rows);
  const ms = performance.now() - t;
  const { user, system } = process.cpuUsage(cpu);
  const cpuMs = (user + system) / 1000;
  const afterHeap = mb(process.memoryUsage().heapUsed);
  const peakRss = maxRssMB();

  // Quality against what was generated: every (campaign, clause) should be one group; nothing mixes.
  const groupOf = new Int32Array(count + 1);
  groups.forEach((g, i) => g.ids.forEach((id) => (groupOf[id] = i)));
  const largest = new Map(); // campaign|clause → Map(group → copies)
  let mixed = 0;
  for (const g of groups) {
    const kinds = new Set(g.ids.map((id) => campaignOf[id - 1]));
    if (kinds.size > 1) mixed++;
  }
  rows.forEach((row, i) => {
    if (campaignOf[i] < 0) return;
    const k = `${campaignOf[i]}|${row.clause_id}`;
    let m = largest.get(k);
    if (!m) largest.set(k, (m = new Map()));
    m.set(groupOf[row.id], (m.get(groupOf[row.id]) ?? 0) + 1);
  });
  let copies = 0;
  let outside = 0;
  for (const m of largest.values()) {
    const sizes = [...m.values()];
    copies += sizes.reduce((s, n) => s + n, 0);
    outside += sizes.reduce((s, n) => s + n, 0) - Math.max(...sizes);
  }
  const individuals = rows.length - copies;
  const singles = groups.filter((g) => g.ids.length === 1).length;
  process.send({ count, ms, cpuMs, mapMs, exactGroups, groups: groups.length, singles, campaignClauses: largest.size, copies, outside, individuals, mixed, inputRss, inputHeap, afterHeap, peakRss, load: os.loadavg()[0] });
}

function runChild(count) {
  return new Promise((resolve, reject) => {
    const c = fork(__filename, ['--child', String(count)], { execArgv: ['--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let answer;
    c.once('message', (m) => (answer = m));
    c.once('error', reject);
    c.once('exit', (code) => (code === 0 && answer ? resolve(answer) : reject(new Error(`size ${count} exited ${code}`))));
  });
}

async function helloMs() {
  const express = require('express');
  const app = express();
  app.get('/', (_req, res) => {
    res.send('hello');
  });
  const server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  const url = `http://127.0.0.1:${server.address().port}/`;
  try {
    for (let i = 0; i < 50; i++) await (await fetch(url)).text(); // warm-up
    const t = performance.now();
    for (let i = 0; i < HELLO_REQUESTS; i++) await (await fetch(url)).text();
    return (performance.now() - t) / HELLO_REQUESTS;
  } finally {
    server.closeAllConnections();
    server.close();
  }
}

const loadAverage = () => os.loadavg().map((l) => l.toFixed(2)).join(', ');

/** The bench itself; bench/run.js runs it as one of its steps. */
async function publicGrouping(sizes = SIZES.length ? SIZES : DEFAULT_SIZES) {
  const { printTable } = require('./measure');
  console.log(`load average at the start: ${loadAverage()}`);
  const hello = await helloMs();
  console.log(`baseline: one Express hello-world request, ${hello.toFixed(3)} ms (mean of ${HELLO_REQUESTS}, keep-alive, 127.0.0.1)`);
  console.log(`${Math.round(CAMPAIGN_SHARE * 100)} % copies of 20 campaigns, the rest individual comments, over ${CLAUSES} clauses and the whole draft; one child process per size\n`);
  const results = [];
  for (const count of sizes) {
    process.stderr.write(`grouping ${count} public comments …\n`);
    results.push(await runChild(count));
  }
  printTable(
    ['comments', 'ms', 'CPU ms', 'CPU µs/comment', '× Map of raw texts', '× hello-world request', 'groups', 'copies outside their group', 'groups mixing', 'input RSS MB', 'peak RSS MB', 'heap after MB', 'load avg'],
    results.map((r) => [
      r.count,
      r.ms.toFixed(0),
      r.cpuMs.toFixed(0),
      ((r.cpuMs * 1000) / r.count).toFixed(2),
      `${(r.ms / r.mapMs).toFixed(1)}× (${r.mapMs.toFixed(0)} ms)`,
      `${(r.ms / hello).toFixed(0)}×`,
      `${r.groups} (${r.singles} single)`,
      `${r.outside} of ${r.copies}`,
      r.mixed,
      r.inputRss.toFixed(0),
      r.peakRss.toFixed(0),
      r.afterHeap.toFixed(0),
      r.load.toFixed(2),
    ]),
  );
  if (results.length > 1) {
    const [first, last] = [results[0], results.at(-1)];
    console.log(`\n${last.count} / ${first.count} comments (${(last.count / first.count).toFixed(0)}×): time ${(last.ms / first.ms).toFixed(1)}×, CPU time ${(last.cpuMs / first.cpuMs).toFixed(1)}×, peak RSS ${(last.peakRss / first.peakRss).toFixed(1)}×, peak RSS above the input ${((last.peakRss - last.inputRss) / Math.max(1, first.peakRss - first.inputRss)).toFixed(1)}×`);
  }
  const slow = results.find((r) => r.count >= 1_000_000 && r.ms > 120_000);
  if (slow) console.log(`\n${slow.count} comments took ${(slow.ms / 1000).toFixed(0)} s: more than 2 minutes`);
  console.log(`load average at the end: ${loadAverage()}`);
}

if (process.argv[2] === '--child') child(Number(process.argv[3]));
else if (require.main === module) {
  publicGrouping().catch((err) => {
    console.error(err);
    process.exitCode = 1;
  });
}

module.exports = { publicGrouping, generate };
