// Reads one PDF or DOCX off the main thread and posts back { text } or { error }.
// Plain ESM JavaScript on purpose: pdfjs-dist is ESM-only, and a worker loads outside jest's
// module system, where ts-jest would have turned import() into a failing require().
import { readFile } from 'node:fs/promises';
import { parentPort, workerData } from 'node:worker_threads';

/** @type {{ kind: 'pdf' | 'docx', path: string, pointLetters: string[], maxPartBytes: number }} */
const { kind, path, pointLetters, maxPartBytes } = workerData;

try {
  const data = await readFile(path);
  // Loaded on demand: pdfjs alone takes a few hundred milliseconds to load.
  const text =
    kind === 'pdf'
      ? await (await import('./pdf-text.mjs')).pdfText(new Uint8Array(data.buffer, data.byteOffset, data.byteLength))
      : await (await import('./docx-text.mjs')).docxText(data, pointLetters, { maxPartBytes });
  parentPort.postMessage({ text });
} catch (err) {
  parentPort.postMessage({ error: err instanceof Error ? err.message : String(err) });
}
