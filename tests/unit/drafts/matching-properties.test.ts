import { readFileSync } from 'node:fs';
import path from 'node:path';
import { matchClauses } from '../../../src/drafts/matching';
import { editScript, rowsOf, treeOf } from '../../fixtures/edit-script';
import { clauseRows } from '../../fixtures/match-rows';
import { mulberry32 } from '../../fixtures/seeded-random';

// Random edit scripts over the seed draft's clause tree (9 sections, 25 items). A clause the
// script never touched must come out unchanged (renumbered perhaps), paired with its original —
// whatever happened around it, its parent section moving included.
const SEED = readFileSync(path.join(__dirname, '../../../src/demo/seed/532-STTTT-BCVT-du-thao-lan-1.txt'), 'utf8');
const ORIGINAL = clauseRows(SEED, 1);
const WORDS = ORIGINAL.flatMap((r) => r.text.split(/\s+/u)).filter(Boolean);

describe('matchClauses under random edit scripts', () => {
  it('when a script edits the seed draft at random then every clause it left alone is unchanged and paired with its original (400 seeded runs)', () => {
    const random = mulberry32(2020);
    const lost: unknown[] = [];
    let checked = 0;
    for (let run = 0; run < 400; run++) {
      const roots = treeOf(ORIGINAL);
      editScript(roots, random, 1 + Math.floor(random() * 6), WORDS, String(run));
      const after = rowsOf(roots, 10_000);
      const pairs = matchClauses(ORIGINAL, after);

      const byAfter = new Map(pairs.filter((p) => p.after !== null).map((p) => [p.after, p]));
      for (const row of after) {
        if (row.node.ops.size) continue;
        checked++;
        const pair = byAfter.get(row.id);
        if (pair?.change !== 'unchanged' || pair.before !== row.node.origin) lost.push({ run, label: row.label, pair });
      }
      // Each clause of either version appears exactly once, the new ones in their order.
      const befores = pairs.map((p) => p.before).filter((id) => id !== null);
      if (befores.length !== ORIGINAL.length || new Set(befores).size !== ORIGINAL.length) lost.push({ run, befores });
      if (pairs.filter((p) => p.after !== null).map((p) => p.after).join() !== after.map((r) => r.id).join()) lost.push({ run, order: 'after' });
    }
    expect(lost).toEqual([]);
    expect(checked).toBeGreaterThan(400 * 20);
  });
});
