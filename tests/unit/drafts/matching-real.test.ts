import { readFileSync } from 'node:fs';
import path from 'node:path';
import { type ClausePair, matchClauses } from '../../../src/drafts/matching';
import { clauseRows } from '../../fixtures/match-rows';
import { labelsOf, printBlocks } from '../../fixtures/numbered-blocks';
import { SEED, at, lan2, v1 } from '../../fixtures/seed-lan-2';

// The seed draft (Dự thảo lần 1 of the Gia Lai letter on Internet services): sections 1.–9., items
// 1.1.–9.4. Version 2 is made by editing its text as an office would and numbering it again, then
// parsed by the real parser, so its labels are the parser's.
describe('matchClauses on the seed draft, lần 1 → lần 2', () => {
  const before = clauseRows(SEED, 1);
  const v2 = lan2();
  const after = clauseRows(printBlocks(v2), 1001);
  const pairs = matchClauses(before, after);

  it('when both versions are parsed then each numbered block of the text is one clause row', () => {
    expect(before.map((r) => r.label)).toEqual(labelsOf(v1.blocks));
    expect(after.map((r) => r.label)).toEqual(labelsOf(v2.blocks));
    expect(after).toHaveLength(before.length + 3 - 1);
  });

  it('when a section is inserted after section 1 then every later section and item is unchanged and renumbered, paired with its original', () => {
    const later = v2.blocks.map((b, k) => ({ b, k })).filter(({ b, k }) => b.origin !== null && !b.tag && k > at('2.'));
    expect(later.length).toBeGreaterThan(20);
    for (const { b, k } of later) {
      expect(pairs.find((p) => p.after === after[k].id)).toEqual({ change: 'unchanged', renumbered: true, before: before[b.origin!].id, after: after[k].id });
    }
  });

  it('when each class of edit is made then each clause gets exactly its class', () => {
    const expected: ClausePair[] = [];
    v2.blocks.forEach((b, k) => {
      const id = after[k].id;
      const old = b.origin === null ? null : before[b.origin];
      const renumbered = old !== null && old.label !== after[k].label;
      if (!old) expected.push({ change: 'added', renumbered: false, before: null, after: id });
      else if (b.tag === 'edited' || b.tag === 'split') expected.push({ change: 'modified', renumbered, before: old.id, after: id });
      else if (b.tag === 'swapped') expected.push({ change: pairs.find((p) => p.after === id)!.change, renumbered, before: old.id, after: id });
      else expected.push({ change: 'unchanged', renumbered, before: old.id, after: id });
      if (old?.label === '9.1.') expected.push({ change: 'removed', renumbered: false, before: before[at('9.2.')].id, after: null });
    });
    expect(pairs).toEqual(expected);
    const swapped = pairs.filter((p) => v2.blocks[after.findIndex((r) => r.id === p.after)]?.tag === 'swapped');
    expect(swapped.map((p) => p.change).sort()).toEqual(['moved', 'unchanged']);
    expect(pairs.filter((p) => p.change === 'added').map((p) => after.find((r) => r.id === p.after)!.label)).toEqual(['1.4.', '2.', '2.1.']);
    expect(pairs.filter((p) => p.change === 'modified').map((p) => after.find((r) => r.id === p.after)!.label)).toEqual(['1.2.', '1.3.']);
  });

  it('when nothing changed then every clause is unchanged, not renumbered, paired with itself', () => {
    const again = clauseRows(SEED, 5001);
    expect(matchClauses(before, again)).toEqual(before.map((r, k) => ({ change: 'unchanged', renumbered: false, before: r.id, after: again[k].id })));
  });
});

// Quyết định 367-QĐ/TWĐTN and the Quy định it issues: articles "Điều 1."–"Điều 4." of the decision,
// one line each, then the Quy định (Chương I, its own Điều 1, 2). Version 2 gets a new Điều 1,
// so that the decision's articles become Điều 2–5; its last two are swapped and Điều 2 is edited.
describe('matchClauses on Quyết định 367-QĐ/TWĐTN, articles renumbered', () => {
  const text = readFileSync(path.join(__dirname, '../../fixtures/real/qd-367-2013-twdtn.txt'), 'utf8');
  const lines = text.split('\n');
  const end = lines.findIndex((l) => l.startsWith('Nơi nhận'));
  const articles = lines.map((l, k) => ({ l, k })).filter(({ l, k }) => k < end && /^Điều \d+\./u.test(l));
  const [d1, d2, d3, d4] = articles.map(({ l }) => l.replace(/^Điều \d+\.\s*/u, ''));
  const edited = d2.replace('thay thế', 'thay thế toàn bộ');
  const v2Articles = ['Phê duyệt chương trình công tác văn bản của Đoàn năm 2014.', d1, edited, d4, d3].map((body, k) => `Điều ${k + 1}. ${body}`);
  const v2 = [...lines.slice(0, articles[0].k), ...v2Articles, ...lines.slice(articles[3].k + 1)].join('\n');
  const before = clauseRows(text, 1);
  const after = clauseRows(v2, 1001);
  const pairs = matchClauses(before, after);
  const labelOf = (id: number | null): string => (id === null ? '∅' : ([...before, ...after].find((r) => r.id === id)?.label ?? '?'));
  const row = (p: ClausePair): string => `${labelOf(p.before)}→${labelOf(p.after)} ${p.change}${p.renumbered ? ' renumbered' : ''}`;

  it('when the texts are parsed then the decision has four articles and the Quy định its own', () => {
    expect(articles).toHaveLength(4);
    expect(before.filter((r) => r.kind === 'article').map((r) => r.label)).toEqual(['Điều 1.', 'Điều 2.', 'Điều 3.', 'Điều 4.', 'Điều 1.', 'Điều 2.']);
    expect(after.filter((r) => r.kind === 'article').map((r) => r.label)).toEqual(['Điều 1.', 'Điều 2.', 'Điều 3.', 'Điều 4.', 'Điều 5.', 'Điều 1.', 'Điều 2.']);
  });

  it('when an article is inserted first, one edited and two swapped then each article gets its class and the rest is untouched', () => {
    const swapped = ['Điều 4.→Điều 4.', 'Điều 3.→Điều 5.'];
    expect(pairs.map(row)).toEqual([
      ...Array(4).fill('-→- unchanged'), // the "- Căn cứ …" lines of the preamble, dashes to the parser
      '∅→Điều 1. added',
      'Điều 1.→Điều 2. unchanged renumbered',
      'Điều 2.→Điều 3. modified renumbered',
      expect.stringMatching(/^Điều 4\.→Điều 4\. (moved|unchanged)$/u),
      expect.stringMatching(/^Điều 3\.→Điều 5\. (moved|unchanged) renumbered$/u),
      'QUY ĐỊNH→QUY ĐỊNH unchanged',
      'Chương I→Chương I unchanged',
      'Điều 1.→Điều 1. unchanged',
      'Điều 2.→Điều 2. unchanged',
    ]);
    expect(pairs.filter((p) => swapped.some((s) => row(p).startsWith(s))).map((p) => p.change).sort()).toEqual(['moved', 'unchanged']);
  });
});
