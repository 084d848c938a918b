import { readFileSync } from 'node:fs';
import path from 'node:path';
import { mulberry32 } from '../../fixtures/seeded-random';
import { groupComments, normaliseComment } from '../../../src/reports/grouping';

interface Comment {
  id: number;
  text: string;
}

const PARAGRAPHS = readFileSync(path.join(__dirname, '..', '..', 'fixtures', 'du-thao-532.paragraphs.txt'), 'utf8').split('\n');
const withoutLabel = (line: string) => line.replace(/^\d+(\.\d+)*\.\s+/, '').trim();
/** The campaign: the seed draft's point 1.2 (86 words), as a form letter that a thousand people send. */
const CAMPAIGN = withoutLabel(PARAGRAPHS.find((l) => l.startsWith('1.2. Phối hợp với Ban Tuyên giáo'))!);
/** The words people put in: any word of the draft (about 400), so that nearly every edited copy is a text of its own. */
const INSERTED = [...new Set(normaliseComment(PARAGRAPHS.join(' ')).split(' '))].filter((w) => w.length > 1);

/** A copy as people send a form letter: a word changed, added or removed (sometimes two), punctuation and case touched. */
function editedCopy(random: () => number, wordEdits = random() < 0.2 ? 0 : random() < 0.9 ? 1 : 2): string {
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(random() * xs.length)];
  const words = CAMPAIGN.split(' ');
  for (let e = 0; e < wordEdits; e++) {
    const at = Math.floor(random() * words.length);
    const op = Math.floor(random() * 3);
    if (op === 0) words[at] = pick(INSERTED);
    else if (op === 1) words.splice(at, 0, pick(INSERTED));
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
}

/** Sentences of the other paragraphs of the draft (8 words or more): each a different comment. */
function unrelatedSentences(count: number): string[] {
  const campaignWords = new Set(normaliseComment(CAMPAIGN).split(' '));
  const sentences = PARAGRAPHS.filter((l) => !l.startsWith('1.2. '))
    .flatMap((l) => withoutLabel(l).split(/;\s*|\.\s+/))
    .map((s) => s.trim())
    .filter((s) => s.split(/\s+/).length >= 8);
  const distinct = [...new Set(sentences.map((s) => s.replace(/[.;:]+$/, '')))];
  // None of them is the campaign in other words: fewer than half their words are the campaign's.
  const different = distinct.filter((s) => {
    const words = normaliseComment(s).split(' ');
    return words.filter((w) => campaignWords.has(w)).length < words.length / 2;
  });
  expect(different.length).toBeGreaterThanOrEqual(count);
  return different.slice(0, count).map((s) => `${s}.`);
}

describe('groupComments on a campaign', () => {
  it('when 1,000 lightly edited copies of one text and 50 unrelated comments are on one clause then the copies are one group of 1,000 and the rest each their own', () => {
    const random = mulberry32(20261201);
    const copies: Comment[] = Array.from({ length: 1000 }, (_, id) => ({ id, text: editedCopy(random) }));
    const others: Comment[] = unrelatedSentences(50).map((text, i) => ({ id: 1000 + i, text }));
    const all = [...copies, ...others];
    for (let i = all.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [all[i], all[j]] = [all[j], all[i]];
    }
    // The copies really are varied: most are distinct texts even after normalisation.
    expect(new Set(copies.map((c) => normaliseComment(c.text))).size).toBeGreaterThan(600);

    const groups = groupComments(all, (c) => ({ scope: 7, text: c.text }));

    const big = groups.filter((g) => g.length > 1);
    expect(big).toHaveLength(1);
    expect(big[0].map((c) => c.id).sort((a, b) => a - b)).toEqual(copies.map((c) => c.id));
    expect(groups).toHaveLength(1 + 50);
  });

  // The walk this replaced checked every earlier member of a bucket, quadratic in a campaign's size; jest's time
  // limit ends a run that goes that way again. How the time grows is measured by bench/public-grouping.js.
  it('when a campaign has 20,000 copies, each with one word edited, then they are one group', () => {
    const random = mulberry32(7);
    const copies: Comment[] = Array.from({ length: 20_000 }, (_, id) => ({ id, text: editedCopy(random, 1) }));
    const groups = groupComments(copies, (c) => ({ scope: 'general', text: c.text }));
    expect(new Set(copies.map((c) => normaliseComment(c.text))).size).toBeGreaterThan(10_000);
    // LSH may leave a rare copy out (a false negative), never more than a handful.
    expect(groups[0]!.length).toBeGreaterThanOrEqual(20_000 - 10);
  });
});
