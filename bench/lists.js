'use strict';
// `npm run build && node bench/lists.js`: long lists and a large draft (issue 11). A child process
// serves the portal (NODE_ENV=production, fresh SQLite file, no demo) with 50,000 agencies in one
// office's directory and a published draft of 60,000 clauses (12,000 articles of 4 khoản), and a
// plain Express hello-world; this process loads them with autocannon (10 connections, 2 s warm-up,
// then BENCH_SECONDS, default 5). Prints figures and never fails on them.
const { fork } = require('node:child_process');
const path = require('node:path');
const autocannon = require('autocannon');

const AGENCIES = 50_000;
const ARTICLES = 12_000;
const PER_ARTICLE = 4;
const DURATION_S = Number(process.env.BENCH_SECONDS ?? 5);

async function server() {
  const http = require('node:http');
  const { mkdtempSync, rmSync } = require('node:fs');
  const os = require('node:os');
  const express = require('express');
  const dist = path.join(__dirname, '..', 'dist', 'src');
  const { loadConfig } = require(path.join(dist, 'config'));
  const { prepare } = require(path.join(dist, 'startup'));
  const { createApp } = require(path.join(dist, 'app'));
  const { newSecretToken, hashToken } = require(path.join(dist, 'auth', 'tokens'));
  const { searchKey } = require(path.join(dist, 'agencies', 'names'));

  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gopy-bench-lists-'));
  const { deps } = await prepare(loadConfig({ NODE_ENV: 'production', DATA_DIR: dataDir, DEMO: 'false', OVERLOAD_MAX_LAG_MS: '0' }));
  const password = 'mật-khẩu-đo-hiệu-năng';
  const { officeId } = await deps.services.auth.addUser({ email: 'bench@lon.example', name: 'Bench', role: 'officer', officeName: 'Sở Đo hiệu năng', password });
  const db = deps.database.sqlite;
  const now = new Date();
  const token = newSecretToken();
  db.transaction(() => {
    const agency = db.prepare('insert into agencies (office_id, name, name_search) values (?, ?, ?)');
    const email = db.prepare('insert into agency_emails (agency_id, email, position) values (?, ?, 0)');
    for (let i = 1; i <= AGENCIES; i++) {
      const name = `Ủy ban nhân dân xã thử nghiệm số ${i}`;
      email.run(agency.run(officeId, name, searchKey(name)).lastInsertRowid, `xa${i}@lon.example`);
    }
    const c = db
      .prepare(`insert into consultations (office_id, number, letter_date, subject, deadline_at, deadline_rule, status, published_at) values (?, '1/BENCH', ?, 'góp ý dự thảo lớn', ?, 'before_date', 'open', ?)`)
      .run(officeId, now.toISOString().slice(0, 10), new Date(now.getTime() + 30 * 86_400_000).toISOString(), now.toISOString());
    const version = db.prepare('insert into draft_versions (consultation_id, version) values (?, 1)').run(c.lastInsertRowid).lastInsertRowid;
    const clause = db.prepare('insert into clauses (draft_version_id, parent_id, position, depth, kind, label, heading, text, anchor) values (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    let position = 0;
    let firstKhoan = null;
    for (let a = 1; a <= ARTICLES; a++) {
      const article = clause.run(version, null, position++, 0, 'article', `Điều ${a}.`, `Quy định số ${a}`, `Nội dung chung của Điều ${a} về quản lý dịch vụ.`, `dieu-${a}`).lastInsertRowid;
      for (let k = 1; k <= PER_ARTICLE; k++) {
        const id = clause.run(version, article, position++, 1, 'clause', `${k}.`, null, `Khoản ${k} của Điều ${a}: trách nhiệm phối hợp của các sở, ngành.`, `dieu-${a}-khoan-${k}`).lastInsertRowid;
        firstKhoan ??= id;
      }
    }
    const invitation = db.prepare('insert into invitations (consultation_id, agency_id, created_at) values (?, 1, ?)').run(c.lastInsertRowid, now.toISOString()).lastInsertRowid;
    db.prepare('insert into invitation_tokens (invitation_id, token_hash) values (?, ?)').run(invitation, hashToken(token));
    const draft = db.prepare(`insert into submissions (invitation_id, state, revision, saved_at) values (?, 'draft', 0, ?)`).run(invitation, now.toISOString()).lastInsertRowid;
    db.prepare('insert into comments (submission_id, clause_id, text, proposed_text, position) values (?, ?, ?, null, 0)').run(draft, firstKhoan, 'Đề nghị làm rõ đầu mối phối hợp.');
  })();

  const listen = (app) => new Promise((resolve) => { const s = http.createServer(app); s.listen(0, '127.0.0.1', () => resolve(s)); });
  const portal = await listen(createApp(deps, { log: () => {} }));
  const hello = express();
  hello.get('/', (_req, res) => res.send('hello'));
  const helloServer = await listen(hello);
  const url = (s) => `http://127.0.0.1:${s.address().port}`;
  process.on('message', async (msg) => {
    if (msg === 'renders') return process.send(deps.agencyTrees.renders);
    portal.close(); portal.closeAllConnections(); helloServer.close(); helloServer.closeAllConnections();
    await deps.database.close();
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  });
  process.send({ appUrl: url(portal), helloUrl: url(helloServer), token, password });
}

async function signIn(appUrl, password) {
  const jar = [];
  const cookies = (res) => { for (const c of res.headers.getSetCookie()) jar.push(c.split(';')[0]); };
  const login = await fetch(`${appUrl}/login`);
  cookies(login);
  const csrf = /name="_csrf" value="([^"]+)"/.exec(await login.text())[1];
  const res = await fetch(`${appUrl}/login`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: jar.join('; ') }, body: new URLSearchParams({ _csrf: csrf, email: 'bench@lon.example', password }) });
  cookies(res);
  return jar.join('; ');
}

const load = (url, headers = {}) =>
  new Promise((resolve, reject) => autocannon({ url, connections: 10, duration: DURATION_S, headers, timeout: 30 }, (err, r) => (err ? reject(err) : resolve(r))));

async function main() {
  const child = fork(__filename, ['--server']);
  const ready = await new Promise((resolve) => child.once('message', resolve));
  const cookie = await signIn(ready.appUrl, ready.password);
  const targets = [
    ['hello-world (baseline)', ready.helloUrl + '/', {}],
    [`directory, ${AGENCIES.toLocaleString('en')} agencies, page 1`, `${ready.appUrl}/office/agencies`, { cookie }],
    ['directory, page 500', `${ready.appUrl}/office/agencies?page=500`, { cookie }],
    ['directory, search "so 4321"', `${ready.appUrl}/office/agencies?q=so%204321`, { cookie }],
    ['new consultation (recipient picker)', `${ready.appUrl}/office/consultations/new`, { cookie }],
  ];
  const agencyPage = `${ready.appUrl}/invite/${ready.token}`;
  const rows = [];
  let baseline = null;
  // The agency page is a 45 MB body: timed one request after another, beside hello-world timed the same way.
  const sequential = async (url, headers, n) => {
    const started = process.hrtime.bigint();
    for (let i = 0; i < n; i++) await (await fetch(url, { headers })).arrayBuffer();
    return Number(process.hrtime.bigint() - started) / 1e6 / n;
  };
  for (const [name, url, headers] of targets) {
    const first = await fetch(url, { headers });
    const bytes = (await first.arrayBuffer()).byteLength;
    if (!first.ok) throw new Error(`${url} answered ${first.status}`);
    await new Promise((resolve, reject) => autocannon({ url, connections: 10, duration: 2, headers }, (err) => (err ? reject(err) : resolve())));
    const r = await load(url, headers);
    baseline ??= r.requests.average;
    rows.push({ name, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, bytes });
  }
  const firstView = await sequential(agencyPage, {}, 1);
  const helloMs = await sequential(ready.helloUrl + '/', {}, 200);
  const pageMs = await sequential(agencyPage, {}, 10);
  const renders = await new Promise((resolve) => { child.once('message', resolve); child.send('renders'); });
  console.log(`10 connections, 2 s warm-up then ${DURATION_S} s measured per target\n`);
  console.log('| what | req/s | p50 ms | p99 ms | × hello-world | not 2xx | body bytes |');
  console.log('|:--|--:|--:|--:|--:|--:|--:|');
  for (const r of rows) console.log(`| ${r.name} | ${Math.round(r.rps)} | ${r.p50} | ${r.p99} | ${(r.rps / baseline).toFixed(2)}× | ${r.non2xx} | ${r.bytes} |`);
  console.log(`\nagency page of a ${(ARTICLES * (PER_ARTICLE + 1)).toLocaleString('en')}-clause draft, one request at a time: first view ${Math.round(firstView)} ms (the tree rendered), then ${Math.round(pageMs)} ms per view over 10 views; hello-world ${helloMs.toFixed(2)} ms per request; whole-tree renders ${renders}`);
  child.send('stop');
}

if (process.argv.includes('--server')) void server();
else main().catch((err) => { console.error(err); process.exitCode = 1; });
