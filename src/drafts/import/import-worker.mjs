// Imports one draft file off the main thread: reads it, extracts a PDF's or a DOCX's text (and a
// DOCX's footnotes, endnotes and comments), checks the limits and parses the clauses, then posts back
// { text, result }, { refusal } or { error }.
// Plain ESM JavaScript on purpose: pdfjs-dist is ESM-only, and a worker loads outside jest's
// module system, where ts-jest would have turned import() into a failing require().
import { readFile, stat } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';
import { LimitExceeded, textBudget } from './limits.mjs';
import { loadModule } from './load-module.mjs';

/**
 * @type {{ kind: 'pdf' | 'docx' | 'txt', path: string, digest: string, pointLetters: string[],
 *   maxPartBytes: number, maxListNumber: number, limits: { maxTextBytes: number, maxClauses: number } }}
 */
const { kind, path, digest, pointLetters, maxPartBytes, maxListNumber, limits } = workerData;

/** @returns {Promise<{ text: string, notes: { kind: 'footnote' | 'endnote', mark: string, text: string }[], comments: { author: string, text: string }[] }>} */
async function extract() {
  if (kind === 'txt') {
    if ((await stat(path)).size > limits.maxTextBytes) throw new LimitExceeded({ reason: 'text', max: limits.maxTextBytes });
    return { text: await readFile(path, 'utf8'), notes: [], comments: [] };
  }
  const data = await readFile(path);
  const budget = textBudget(limits.maxTextBytes);
  // Loaded on demand: pdfjs alone takes a few hundred milliseconds to load.
  if (kind === 'pdf') return { text: await (await import('./pdf-text.mjs')).pdfText(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), { budget }), notes: [], comments: [] };
  return (await import('./docx-text.mjs')).docxText(data, pointLetters, { maxPartBytes, maxListNumber, budget });
}

try {
  const { text, notes, comments } = await extract();
  const { digestText, readableText } = loadModule(digest);
  const answer = digestText(text, { paragraphs: kind === 'docx', limits, notes, comments });
  parentPort.postMessage('refusal' in answer ? answer : { text: readableText(text, notes), result: answer.result });
} catch (err) {
  if (err instanceof LimitExceeded) parentPort.postMessage({ refusal: err.refusal });
  else parentPort.postMessage({ error: err instanceof Error ? err.message : String(err) });
}
