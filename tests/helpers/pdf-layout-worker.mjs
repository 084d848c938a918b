// The text items of a PDF with their page and position, for tests that check a layout as printed.
// Plain ESM on purpose: pdfjs-dist is ESM-only, and a worker loads outside jest's module system.
import { parentPort, workerData } from 'node:worker_threads';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

const task = getDocument({ data: new Uint8Array(workerData), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 });
const doc = await task.promise;
const pages = [];
for (let n = 1; n <= doc.numPages; n++) {
  const page = await doc.getPage(n);
  const [, , width, height] = page.view;
  const content = await page.getTextContent();
  const items = content.items
    .filter((it) => typeof it.str === 'string' && it.str.trim() !== '')
    .map((it) => ({ str: it.str, x: it.transform[4], y: it.transform[5], width: it.width, height: it.height }));
  pages.push({ width, height, items });
  page.cleanup();
}
await task.destroy();
parentPort.postMessage(pages);
