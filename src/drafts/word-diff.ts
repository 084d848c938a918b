export interface WordChange {
  op: 'same' | 'ins' | 'del';
  text: string;
}

/** Past this many inserted plus deleted tokens the texts are shown as one deletion and one insertion. */
export const MAX_EDITS = 1000;

/**
 * Tokens of a text: runs of letters, marks and digits (a Vietnamese syllable with its tone mark is
 * one token, decomposed or not), runs of white space, and each other character. Their concatenation
 * is the text.
 */
export function tokensOf(text: string): string[] {
  return text.match(/[\p{L}\p{M}\p{N}]+|\s+|[^\p{L}\p{M}\p{N}\s]/gu) ?? [];
}

/**
 * A word-level diff of two clause texts, for <del>/<ins>. Tokens are compared NFC-normalised; the
 * texts given are the original ones, so that the 'same' and 'del' texts concatenated are `before`
 * and the 'same' and 'ins' texts are `after`, character for character (a token equal only once
 * normalised is shown as deleted and inserted, since one string cannot be both spellings).
 * Myers' O((N + M)·D) algorithm on what lies between the common prefix and suffix, D at most
 * MAX_EDITS. Within a change, deletions come before insertions; white space alone between two
 * changes joins them.
 */
export function diffWords(before: string, after: string): WordChange[] {
  const x = tokensOf(before);
  const y = tokensOf(after);
  const nx = x.map((t) => t.normalize('NFC'));
  const ny = y.map((t) => t.normalize('NFC'));
  let start = 0;
  while (start < x.length && start < y.length && x[start] === y[start]) start++;
  let endX = x.length;
  let endY = y.length;
  while (endX > start && endY > start && x[endX - 1] === y[endY - 1]) {
    endX--;
    endY--;
  }
  const ops: WordChange[] = [];
  push(ops, 'same', x.slice(0, start).join(''));
  const middle = myers(nx.slice(start, endX), ny.slice(start, endY));
  if (middle) {
    for (const [op, k] of middle) {
      if (op === 'del') push(ops, 'del', x[start + k]);
      else if (op === 'ins') push(ops, 'ins', y[start + k]);
      else {
        const [kx, ky] = k;
        if (x[start + kx] === y[start + ky]) push(ops, 'same', x[start + kx]);
        else {
          push(ops, 'del', x[start + kx]);
          push(ops, 'ins', y[start + ky]);
        }
      }
    }
  } else {
    push(ops, 'del', x.slice(start, endX).join(''));
    push(ops, 'ins', y.slice(start, endY).join(''));
  }
  push(ops, 'same', x.slice(endX).join(''));
  return tidy(ops);
}

function push(ops: WordChange[], op: WordChange['op'], text: string): void {
  if (!text) return;
  const last = ops[ops.length - 1];
  if (last?.op === op) last.text += text;
  else ops.push({ op, text });
}

type Step = ['del', number] | ['ins', number] | ['same', [number, number]];

/** The edit script from x to y, or null when it needs more than MAX_EDITS insertions and deletions. */
function myers(x: readonly string[], y: readonly string[]): Step[] | null {
  const n = x.length;
  const m = y.length;
  const limit = Math.min(n + m, MAX_EDITS);
  const offset = limit + 1;
  const v = new Int32Array(2 * limit + 3);
  const trace: Int32Array[] = [];
  for (let d = 0; d <= limit; d++) {
    trace.push(v.slice());
    for (let k = -d; k <= d; k += 2) {
      let px = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? v[offset + k + 1] : v[offset + k - 1] + 1;
      let py = px - k;
      while (px < n && py < m && x[px] === y[py]) {
        px++;
        py++;
      }
      v[offset + k] = px;
      if (px >= n && py >= m) return backtrack(trace, offset, n, m);
    }
  }
  return null;
}

function backtrack(trace: readonly Int32Array[], offset: number, n: number, m: number): Step[] {
  const steps: Step[] = [];
  let px = n;
  let py = m;
  for (let d = trace.length - 1; d > 0; d--) {
    const v = trace[d];
    const k = px - py;
    const prevK = k === -d || (k !== d && v[offset + k - 1] < v[offset + k + 1]) ? k + 1 : k - 1;
    const prevX = v[offset + prevK];
    const prevY = prevX - prevK;
    while (px > prevX && py > prevY) steps.push(['same', [--px, --py]]);
    if (prevK === k + 1) steps.push(['ins', prevY]);
    else steps.push(['del', prevX]);
    px = prevX;
    py = prevY;
  }
  while (px > 0 && py > 0) steps.push(['same', [--px, --py]]);
  return steps.reverse();
}

/** White space alone between two changes joins them; each change lists its deletions first. */
function tidy(ops: readonly WordChange[]): WordChange[] {
  const out: WordChange[] = [];
  let del = '';
  let ins = '';
  const flush = (): void => {
    push(out, 'del', del);
    push(out, 'ins', ins);
    del = '';
    ins = '';
  };
  ops.forEach((o, k) => {
    const between = k > 0 && k < ops.length - 1 && /^\s+$/u.test(o.text);
    if (o.op === 'same' && !between) {
      flush();
      push(out, 'same', o.text);
    } else if (o.op === 'same') {
      del += o.text;
      ins += o.text;
    } else if (o.op === 'del') del += o.text;
    else ins += o.text;
  });
  flush();
  return out;
}
