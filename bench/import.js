'use strict';
// `npm run build && node bench/import.js`: times importDraft on a long law (300 Điều, each with
// khoản and điểm) as DOCX (Word automatic numbering, made with the docx package) and as PDF
// (printed by Debian's chromium), beside a baseline measured in the same run: parseDraft on the
// plain text of the same law. Prints figures and never fails on them.
const { mkdtempSync, rmSync, writeFileSync, statSync } = require('node:fs');
const { tmpdir } = require('node:os');
const path = require('node:path');
const { AlignmentType, Document, LevelFormat, Packer, Paragraph } = require('docx');
const { draftHtml, renderPdf } = require('../tests/fixtures/make-pdf');

const dist = path.join(__dirname, '..', 'dist', 'src', 'drafts');
const { importDraft } = require(path.join(dist, 'import', 'index.js'));
const { parseDraft } = require(path.join(dist, 'parser.js'));

const ARTICLES = 300;
const RUNS = 5;
const POINTS = ['a', 'b', 'c', 'd', 'đ'];

/** The law as structured data: Điều n with 3 khoản, the second holding 5 điểm. */
function law() {
  return Array.from({ length: ARTICLES }, (_, a) => ({
    title: `Quy định thứ ${a + 1} về lấy ý kiến góp ý dự thảo văn bản`,
    clauses: [1, 2, 3].map((k) => ({
      text: `Cơ quan chủ trì soạn thảo thực hiện nội dung ${k} của Điều ${a + 1}, bảo đảm công khai, minh bạch và đúng thời hạn theo quy định của pháp luật về ban hành văn bản quy phạm pháp luật${k === 2 ? ', gồm:' : '.'}`,
      points: k === 2 ? POINTS.map((p) => `nội dung điểm ${p} của khoản ${k} Điều ${a + 1}, được lấy ý kiến rộng rãi;`) : [],
    })),
  }));
}

function plainText(articles) {
  const lines = ['CHÍNH PHỦ', 'NGHỊ ĐỊNH', 'Quy định về lấy ý kiến góp ý dự thảo văn bản'];
  articles.forEach((a, i) => {
    lines.push(`Điều ${i + 1}. ${a.title}`);
    a.clauses.forEach((c, k) => {
      lines.push(`${k + 1}. ${c.text}`);
      c.points.forEach((p, j) => lines.push(`${POINTS[j]}) ${p}`));
    });
  });
  return lines.join('\n');
}

function docx(articles) {
  const level = (format, text) => ({ level: 0, format, text, start: 1, alignment: AlignmentType.LEFT });
  const children = [new Paragraph({ text: 'CHÍNH PHỦ' }), new Paragraph({ text: 'NGHỊ ĐỊNH' }), new Paragraph({ text: 'Quy định về lấy ý kiến góp ý dự thảo văn bản' })];
  let pointList = 0;
  articles.forEach((a, i) => {
    children.push(new Paragraph({ text: `Điều ${i + 1}. ${a.title}` }));
    for (const c of a.clauses) {
      children.push(new Paragraph({ text: c.text, numbering: { reference: 'khoan', level: 0, instance: i } }));
      pointList++;
      for (const p of c.points) children.push(new Paragraph({ text: p, numbering: { reference: 'diem', level: 0, instance: pointList } }));
    }
  });
  return Packer.toBuffer(new Document({
    numbering: { config: [{ reference: 'khoan', levels: [level(LevelFormat.DECIMAL, '%1.')] }, { reference: 'diem', levels: [level(LevelFormat.LOWER_LETTER, '%1)')] }] },
    sections: [{ children }],
  }));
}

async function time(fn) {
  await fn(); // warm-up, discarded
  const ms = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    await fn();
    ms.push(performance.now() - t);
  }
  ms.sort((a, b) => a - b);
  return { median: ms[Math.floor(ms.length / 2)], min: ms[0], max: ms[ms.length - 1] };
}

function countClauses(result) {
  let n = 0;
  const walk = (nodes) => nodes.forEach((x) => { if (['article', 'clause', 'point'].includes(x.kind)) n++; walk(x.children); });
  walk(result.documents);
  return n;
}

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), 'gopy-bench-import-'));
  try {
    const articles = law();
    const text = plainText(articles);
    const txtFile = path.join(dir, 'law.txt');
    const docxFile = path.join(dir, 'law.docx');
    const pdfFile = path.join(dir, 'law.pdf');
    writeFileSync(txtFile, text);
    writeFileSync(docxFile, await docx(articles));
    writeFileSync(pdfFile, await renderPdf(draftHtml(text.split('\n'), { width: '16cm' })));
    const expected = countClauses(parseDraft(text));

    const rows = [
      ['parseDraft(text) (baseline)', null, await time(async () => parseDraft(text))],
      ['importDraft .txt', txtFile, await time(() => importDraft(txtFile))],
      ['importDraft .docx', docxFile, await time(() => importDraft(docxFile))],
      ['importDraft .pdf', pdfFile, await time(() => importDraft(pdfFile))],
    ];
    const base = rows[0][2].median;
    console.log(`law: ${ARTICLES} Điều, ${expected} articles+khoản+điểm; median of ${RUNS} runs after one warm-up`);
    console.log('| what | file KB | median ms | min–max ms | × baseline | clauses found |');
    console.log('|:--|--:|--:|--:|--:|--:|');
    for (const [name, file, t] of rows) {
      const found = file ? countClauses((await importDraft(file)).result) : expected;
      const kb = file ? Math.round(statSync(file).size / 1024) : Math.round(Buffer.byteLength(text) / 1024);
      console.log(`| ${name} | ${kb} | ${t.median.toFixed(1)} | ${t.min.toFixed(1)}–${t.max.toFixed(1)} | ${(t.median / base).toFixed(1)}× | ${found} |`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
