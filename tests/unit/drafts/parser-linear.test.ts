import path from 'node:path';
import fc from 'fast-check';
import { assignAnchors } from '../../../src/drafts/anchors';
import { bodyOf, pickDraft } from '../../../src/drafts/clause-tree';
import * as labels from '../../../src/drafts/labels';
import { parseDraft } from '../../../src/drafts/parser';
import { runWorker } from '../../../src/drafts/import/run-worker';

// Inputs a few hundred kilobytes long, shaped to make a backtracking pattern or a search over
// siblings quadratic: such code takes minutes here, linear code a second. Each step yields to the
// event loop afterwards, so jest's timeout ends a test whose step ran too long.
const KB = 1024;
const size = fc.integer({ min: 150 * KB, max: 250 * KB });
const repeatTo = (unit: string, bytes: number): string => unit.repeat(Math.ceil(bytes / unit.length));
const PATTERNS = Object.entries(labels).filter((e): e is [string, RegExp] => e[1] instanceof RegExp);

const turn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Every pattern of labels.ts, the parser in both modes and the anchors of what it found. */
async function digest(input: string): Promise<void> {
  for (const [, re] of PATTERNS) {
    re.test(input);
    re.exec(input);
    await turn();
  }
  labels.isStructural(input);
  labels.endsSentence(input);
  for (const paragraphs of [false, true]) {
    const draft = pickDraft(parseDraft(input, { paragraphs }));
    await turn();
    if (draft) assignAnchors(bodyOf(draft));
    await turn();
  }
}

describe('the clause parser on long pathological input', () => {
  it('when one line repeats a fragment hundreds of thousands of times then every pattern and the parser finish', async () => {
    const line = fc.record({
      head: fc.constantFrom('', 'Hà Nội, ngày', 'Gia Lai, ngày 21', 'Điều ', '1. a', 'Kính gửi:', 'KT. ', 'Dự thảo', 'Phần thứ ', 'PHỤ LỤC ', '| ', 'QUY CHẾ ', '(Ban hành kèm theo Quyết định', 'CHỦ TỊCH'),
      unit: fc.constantFrom(' tháng', '1.', '1', 'Điều ', ' ', '\u205f', '.)', '.")', 'a) ', 'ngày tháng ', '1.1.', '- ', ' | ', '\t', 'PHỤ LỤC ', ' CHỦ TỊCH', 'I '),
      tail: fc.constantFrom('', 'x', ':', 'b:', ' năm'),
      size,
    });
    await fc.assert(
      fc.asyncProperty(line, ({ head, unit, tail, size: bytes }) => digest(head + repeatTo(unit, bytes) + tail)),
      { numRuns: 12, examples: [[{ head: 'Hà Nội, ngày', unit: ' tháng', tail: '', size: 200 * KB }], [{ head: '1. a', unit: '\u205f', tail: 'b:', size: 200 * KB }]] },
    );
  });

  it('when many short lines repeat one shape then the parser finishes', async () => {
    const lines = fc.record({
      unit: fc.constantFrom('Điều 1.\n', 'A.\n', 'a) x\n', '- Sở X;\n', 'Số: 1\n', 'KT. GIÁM ĐỐC\nNguyễn Văn A\n', 'Hà Nội, ngày tháng tháng\n'),
      before: fc.constantFrom('', '1. x.\nNơi nhận:\nKT. GIÁM ĐỐC\n', 'Kính gửi:\n'),
      size,
    });
    await fc.assert(
      fc.asyncProperty(lines, ({ unit, before, size: bytes }) => digest(before + repeatTo(unit, bytes))),
      { numRuns: 10, examples: [[{ unit: 'Điều 1.\n', before: '', size: 250 * KB }], [{ unit: 'A.\n', before: '1. x.\nNơi nhận:\nKT. GIÁM ĐỐC\n', size: 250 * KB }]] },
    );
  });

  it('when labels that never continue a sequence follow thousands of dash items then the parser finishes', async () => {
    await fc.assert(
      fc.asyncProperty(size, fc.constantFrom('5. b\n', 'c) b\n', '3.2. b\n'), (bytes, label) => digest(repeatTo('- a\n', bytes / 2) + repeatTo(label, bytes / 2))),
      { numRuns: 6, examples: [[250 * KB, '5. b\n']] },
    );
  });

  it('when a PDF line holds 200,000 text items then its text is put together in linear time', async () => {
    const worker = path.join(__dirname, '../../fixtures/workers/visual-lines.mjs');
    await expect(runWorker(worker, { count: 200_000 }, { timeoutMs: 20_000 })).resolves.toEqual({ lengths: [599_999] });
  });
});
