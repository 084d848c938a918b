'use strict';
// `npm run build && node bench/report.js [comments]`: builds a consultation of 300 clauses, 200
// agencies and 50,000 comments (default) in a temporary SQLite file, then renders the consolidated
// report in every format, each in its own child process so its peak memory (maxRSS) is its own.
// The baseline, measured in the same run, is a plain SQL scan of the same rows with their clause
// and agency. Prints figures and never fails on them.
const { fork } = require('node:child_process');
const { mkdtempSync, rmSync, createWriteStream } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');

const dist = path.join(__dirname, '..', 'dist', 'src');
const CLAUSES = 300;
const AGENCIES = 200;
const WORDS = 'đề nghị cơ quan chủ trì soạn thảo làm rõ trách nhiệm phối hợp giữa các sở ngành và ủy ban nhân dân cấp huyện trong quản lý dịch vụ internet bảo đảm an toàn thông tin trên mạng'.split(' ');

async function seed(file, total) {
  const { openDatabase } = require(path.join(dist, 'db', 'database.js'));
  const { migrateToLatest } = require(path.join(dist, 'db', 'migrate.js'));
  const database = openDatabase(file);
  await migrateToLatest(database.db);
  const db = database.sqlite;
  const now = new Date().toISOString();
  db.transaction(() => {
    db.prepare("insert into offices (name, parent_name, short_name, place) values ('Sở Thông tin và Truyền thông tỉnh Gia Lai', 'UBND TỈNH GIA LAI', 'STTTT', 'Gia Lai')").run();
    db.prepare(`insert into consultations (office_id, number, letter_date, subject, deadline_at, deadline_rule, status, published_at)
      values (1, '532/STTTT-BCVT', '2020-04-21', 'tham gia góp ý dự thảo', '2020-04-26T17:00:00.000Z', 'before_date', 'open', ?)`).run(now);
    db.prepare("insert into draft_versions (consultation_id, version) values (1, 1)").run();
    const clause = db.prepare('insert into clauses (draft_version_id, parent_id, position, depth, kind, label, heading, text, anchor) values (1, null, ?, 0, ?, ?, null, ?, ?)');
    for (let i = 0; i < CLAUSES; i++) clause.run(i, 'article', `Điều ${i + 1}.`, `Nội dung của Điều ${i + 1} về quản lý, cung cấp, sử dụng dịch vụ Internet.`, `dieu-${i + 1}`);
    const agency = db.prepare('insert into agencies (office_id, name) values (1, ?)');
    const invitation = db.prepare('insert into invitations (consultation_id, agency_id, created_at) values (1, ?, ?)');
    const submission = db.prepare(`insert into submissions (invitation_id, state, revision, letter_number, letter_date, saved_at, submitted_at, receipt_number)
      values (?, 'submitted', 1, ?, '2020-04-24', ?, ?, ?)`);
    const comment = db.prepare('insert into comments (submission_id, clause_id, text, proposed_text, position) values (?, ?, ?, ?, ?)');
    const perAgency = Math.ceil(total / AGENCIES);
    let made = 0;
    for (let a = 1; a <= AGENCIES; a++) {
      agency.run(`Cơ quan số ${a}`);
      invitation.run(a, now);
      submission.run(a, `${a}/CV`, now, now, `BN-${a}`);
      for (let k = 0; k < perAgency && made < total; k++, made++) {
        const words = Array.from({ length: 12 + (made % 17) }, (_, w) => WORDS[(made * 7 + w * 3) % WORDS.length]);
        comment.run(a, 1 + ((made * 13) % CLAUSES), `${words.join(' ')} (${made}).`, made % 5 === 0 ? `Đề xuất sửa ${made}.` : null, k);
      }
    }
  })();
  await database.close();
}

/** One measurement in a child process: ms and peak RSS in MB. */
function measure(file, what) {
  return new Promise((resolve, reject) => {
    const child = fork(__filename, ['--child', file, what], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    child.once('message', resolve);
    child.once('error', reject);
    child.once('exit', (code) => code !== 0 && reject(new Error(`${what} exited ${code}`)));
  });
}

async function child(file, what) {
  const { openDatabase } = require(path.join(dist, 'db', 'database.js'));
  const { buildReport } = require(path.join(dist, 'reports', 'builder.js'));
  const writers = require(path.join(dist, 'reports', 'writers', 'index.js'));
  const database = openDatabase(file);
  const started = process.hrtime.bigint();
  let bytes = 0;
  if (what === 'scan') {
    const rows = database.sqlite
      .prepare(`select c.id, c.text, c.proposed_text, k.label, k.text as clause_text, a.name, s.letter_number
        from comments c join submissions s on s.id = c.submission_id join invitations i on i.id = s.invitation_id
        join agencies a on a.id = i.agency_id left join clauses k on k.id = c.clause_id order by k.position, i.id, c.position`)
      .all();
    bytes = JSON.stringify(rows).length;
  } else {
    const model = await buildReport(database.db, 1, new Date());
    if (what === 'json') bytes = JSON.stringify(writers.reportJson(model)).length;
    if (what === 'html') bytes = writers.renderReportHtml(model).length;
    if (what === 'docx') bytes = (await writers.renderReportDocx(model)).length;
    if (what === 'xlsx' || what === 'csv') {
      const out = path.join(path.dirname(file), `report.${what}`);
      const stream = createWriteStream(out);
      await (what === 'xlsx' ? writers.writeReportXlsx(model, stream) : writers.writeReportCsv(model, stream));
      await new Promise((r) => (stream.writableFinished ? r() : stream.once('finish', r)));
      bytes = require('node:fs').statSync(out).size;
    }
  }
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  await database.close();
  process.send({ what, ms, maxRssMb: process.resourceUsage().maxRSS / 1024, kb: Math.round(bytes / 1024) });
}

async function main() {
  const total = Number(process.argv[2] ?? 50_000);
  const dir = mkdtempSync(path.join(tmpdir(), 'gopy-bench-report-'));
  try {
    const lines = [];
    for (const n of [total / 4, total / 2, total]) {
      const file = path.join(dir, `report-${n}.sqlite`);
      await seed(file, n);
      const scan = await measure(file, 'scan');
      const formats = n === total ? ['json', 'html', 'csv', 'xlsx', 'docx'] : ['json'];
      for (const what of ['scan', ...formats]) {
        const r = what === 'scan' ? scan : await measure(file, what);
        lines.push(`| ${String(n).padStart(6)} | ${what.padEnd(4)} | ${r.ms.toFixed(0).padStart(8)} | ${(r.ms / scan.ms).toFixed(1).padStart(6)}× | ${r.maxRssMb.toFixed(0).padStart(7)} | ${String(r.kb).padStart(8)} |`);
        console.error(lines.at(-1));
      }
    }
    console.log(`Consolidated report: ${CLAUSES} clauses, ${AGENCIES} agencies; Node ${process.version}, ${require('node:os').cpus().length} cores`);
    console.log('| comments | what | ms | × scan | peak MB | output KB |');
    console.log('|---------:|:-----|---:|-------:|--------:|----------:|');
    for (const l of lines) console.log(l);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') {
  child(process.argv[3], process.argv[4]).catch((err) => {
    console.error(err);
    process.exit(1);
  });
} else {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
