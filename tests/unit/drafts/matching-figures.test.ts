import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { type ClausePair, type MatchClause, matchClauses } from '../../../src/drafts/matching';
import { type EditRow, editScript, rowsOf, treeOf } from '../../fixtures/edit-script';
import { clauseRows } from '../../fixtures/match-rows';
import { mulberry32 } from '../../fixtures/seeded-random';
import { ARTIFACTS } from '../../helpers/libreoffice';

// Figures, not assertions on time: on the largest real draft at hand (the seed, 34 clauses) and on
// that draft's sections copied 100 times (each copy's texts tagged with its number, so they are
// near-duplicates of each other: the hard case for a similarity search), a random edit script is
// applied and the pairs found are compared with what the script did. Written to
// test-artifacts/matching.md.
const SEED = readFileSync(path.join(__dirname, '../../../src/demo/seed/532-STTTT-BCVT-du-thao-lan-1.txt'), 'utf8');
const WORDS = clauseRows(SEED).flatMap((r) => r.text.split(/\s+/u)).filter(Boolean);

function copies(rows: readonly MatchClause[], times: number): MatchClause[] {
  const out: MatchClause[] = [];
  for (let c = 0; c < times; c++) {
    for (const r of rows) {
      const id = out.length + 1;
      out.push({ ...r, id, position: id - 1, parentId: r.parentId === null ? null : r.parentId + c * rows.length, text: r.text ? `${r.text} (phần ${c + 1})` : r.text, heading: r.heading ? `${r.heading} (phần ${c + 1})` : r.heading });
    }
  }
  return out;
}

/** Whether the pair of each clause is what the script did: untouched → unchanged, edited → paired with its origin, … */
function score(before: readonly MatchClause[], after: readonly EditRow[], pairs: readonly ClausePair[]): { right: number; total: number; wrong: string[] } {
  const byAfter = new Map(pairs.filter((p) => p.after !== null).map((p) => [p.after, p]));
  const kept = new Set(after.map((r) => r.node.origin).filter((o) => o !== null));
  const wrong: string[] = [];
  let right = 0;
  for (const r of after) {
    const p = byAfter.get(r.id)!;
    const ops = r.node.ops;
    const ok = ops.has('inserted') ? p.change === 'added'
      : ops.has('edited') ? p.before === r.node.origin && (p.change === 'modified' || p.change === 'moved')
      : ops.has('swapped') ? p.before === r.node.origin && (p.change === 'unchanged' || p.change === 'moved')
      : p.before === r.node.origin && p.change === 'unchanged';
    if (ok) right++;
    else wrong.push(`${r.label} ${[...ops].join('+') || 'untouched'} → ${p.change} ${p.before}`);
  }
  for (const b of before) {
    if (kept.has(b.id)) continue;
    if (pairs.some((p) => p.before === b.id && p.change === 'removed')) right++;
    else wrong.push(`${b.label} deleted → ${JSON.stringify(pairs.find((p) => p.before === b.id))}`);
  }
  return { right, total: after.length + before.length - kept.size, wrong };
}

describe('matching figures', () => {
  it('when random scripts edit the seed draft and its 100-fold copy then the pairs found and the time are written down', () => {
    const random = mulberry32(532);
    const lines = ['| draft | clauses before / after | edits | pairs right / expected | matching ms (median of 5) |', '| --- | --- | --- | --- | --- |'];
    const wrongs: string[] = [];
    for (const [name, before, steps] of [
      ['seed 532 (real)', clauseRows(SEED), 6],
      ['seed 532 × 100 (near-duplicate copies)', copies(clauseRows(SEED), 100), 200],
    ] as const) {
      const roots = treeOf(before);
      editScript(roots, random, steps, WORDS, 'f');
      const after = rowsOf(roots, 1_000_000);
      const times: number[] = [];
      let pairs: ClausePair[] = [];
      for (let k = 0; k < 5; k++) {
        const start = process.hrtime.bigint();
        pairs = matchClauses(before, after);
        times.push(Number(process.hrtime.bigint() - start) / 1e6);
      }
      const { right, total, wrong } = score(before, after, pairs);
      wrongs.push(...wrong.slice(0, 20).map((w) => `${name}: ${w}`));
      lines.push(`| ${name} | ${before.length} / ${after.length} | ${steps} | ${right} / ${total} | ${times.sort((x, y) => x - y)[2].toFixed(1)} |`);
      expect(total).toBeGreaterThan(0);
    }
    // Every heading and text edited (one word added): no identical clause is left to anchor on,
    // so the whole draft is one stretch, searched through the candidate index.
    const before = copies(clauseRows(SEED), 100);
    const edit = (t: string | null): string | null => (t ? t.replace(/(\S+)/u, '$1 sửa') : t);
    const after = before.map((r) => ({ ...r, id: r.id + 1_000_000, parentId: r.parentId === null ? null : r.parentId + 1_000_000, heading: edit(r.heading), text: edit(r.text) ?? '' }));
    const start = process.hrtime.bigint();
    const pairs = matchClauses(before, after);
    const ms = Number(process.hrtime.bigint() - start) / 1e6;
    const right = pairs.filter((p) => p.change === 'modified' && p.after === p.before! + 1_000_000).length;
    lines.push(`| seed 532 × 100, every heading and text edited | ${before.length} / ${after.length} | ${before.length} | ${right} / ${before.length} | ${ms.toFixed(1)} (one run) |`);
    const report = ['# Clause matching figures', '', ...lines, '', wrongs.length ? 'Pairs not as the script says:' : 'Every pair as the script says.', ...wrongs.map((w) => `- ${w}`), ''].join('\n');
    mkdirSync(ARTIFACTS, { recursive: true });
    writeFileSync(path.join(ARTIFACTS, 'matching.md'), report);
    console.log(report);
  });
});
