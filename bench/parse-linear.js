'use strict';
// `npm run build && node bench/parse-linear.js`: parse time against input size, for a realistic
// law and for pathological lines that were quadratic before issue 11 (a place-and-date line of
// "tháng" without "năm", thousands of identical "Điều 1.", capitals in a closing, labels that never
// continue their sequence after dash items). Linear code shows a flat ms/KB column and about 8× from
// 100 KB to 800 KB. Baseline, measured in the same run: one request to an Express hello-world over
// keep-alive on 127.0.0.1. Prints figures and never fails on them.
const path = require('node:path');
const express = require('express');

const dist = path.join(__dirname, '..', 'dist', 'src', 'drafts');
const { parseDraft } = require(path.join(dist, 'parser.js'));
const { assignAnchors } = require(path.join(dist, 'anchors.js'));
const { bodyOf, pickDraft } = require(path.join(dist, 'clause-tree.js'));

const KB = 1024;
const SIZES_KB = [100, 200, 400, 800];
const RUNS = 3;
const HELLO_REQUESTS = 500;
const POINTS = ['a', 'b', 'c', 'd', 'đ'];

const repeatTo = (unit, bytes) => unit.repeat(Math.ceil(bytes / Buffer.byteLength(unit)));

/** A law of as many Điều as fill `bytes`: each with three khoản, the second holding five điểm. */
function law(bytes) {
  const lines = ['CHÍNH PHỦ', 'NGHỊ ĐỊNH', 'Quy định về lấy ý kiến góp ý dự thảo văn bản'];
  let size = 0;
  for (let a = 1; size < bytes; a++) {
    const article = [`Điều ${a}. Quy định thứ ${a} về lấy ý kiến góp ý`];
    for (let k = 1; k <= 3; k++) {
      article.push(`${k}. Cơ quan chủ trì soạn thảo thực hiện nội dung ${k} của Điều ${a}, bảo đảm công khai, minh bạch và đúng thời hạn${k === 2 ? ', gồm:' : '.'}`);
      if (k === 2) for (const p of POINTS) article.push(`${p}) nội dung điểm ${p} của khoản ${k} Điều ${a};`);
    }
    size += Buffer.byteLength(article.join('\n')) + 1;
    lines.push(...article);
  }
  return lines.join('\n');
}

const INPUTS = {
  'realistic law': law,
  'place-date line, "tháng" × n': (bytes) => `Hà Nội, ngày${repeatTo(' tháng', bytes)}`,
  '"Điều 1." lines': (bytes) => repeatTo('Điều 1.\n', bytes),
  'capitals after the signature': (bytes) => `1. Nội dung.\nNơi nhận:\nKT. GIÁM ĐỐC\n${repeatTo('A.\n', bytes)}`,
  'dash items, then "5." lines': (bytes) => repeatTo('- a\n', bytes / 2) + repeatTo('5. b\n', bytes / 2),
};

function parseAndAnchor(text) {
  const draft = pickDraft(parseDraft(text));
  if (draft) assignAnchors(bodyOf(draft));
}

function median(fn) {
  fn(); // warm-up, discarded
  const ms = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    fn();
    ms.push(performance.now() - t);
  }
  return ms.sort((a, b) => a - b)[Math.floor(ms.length / 2)];
}

async function helloMs() {
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

async function main() {
  const hello = await helloMs();
  console.log(`baseline: one Express hello-world request, ${hello.toFixed(3)} ms (mean of ${HELLO_REQUESTS}, keep-alive, 127.0.0.1)`);
  console.log(`parseDraft + anchors, median of ${RUNS} runs after one warm-up\n`);
  console.log('| input | KB | ms | ms/KB | × hello-world request |');
  console.log('|:--|--:|--:|--:|--:|');
  for (const [name, make] of Object.entries(INPUTS)) {
    const times = [];
    for (const kb of SIZES_KB) {
      const text = make(kb * KB);
      const ms = median(() => parseAndAnchor(text));
      times.push(ms);
      const realKb = Buffer.byteLength(text) / KB;
      console.log(`| ${name} | ${realKb.toFixed(0)} | ${ms.toFixed(1)} | ${(ms / realKb).toFixed(3)} | ${(ms / hello).toFixed(0)}× |`);
    }
    console.log(`| ${name}: ${SIZES_KB.at(-1)} KB / ${SIZES_KB[0]} KB | | ${(times.at(-1) / times[0]).toFixed(1)}× | | |`);
  }
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
