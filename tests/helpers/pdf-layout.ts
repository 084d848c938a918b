import path from 'node:path';
import { Worker } from 'node:worker_threads';

export interface PdfItem {
  str: string;
  /** PDF points from the page's bottom left. */
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PdfPage {
  width: number;
  height: number;
  items: PdfItem[];
}

export interface PdfLine {
  page: number;
  y: number;
  items: PdfItem[];
}

/** Every page's text items with their positions, read by pdfjs in a worker thread. */
export function pdfLayout(pdf: Buffer): Promise<PdfPage[]> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(path.join(__dirname, 'pdf-layout-worker.mjs'), { workerData: pdf });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => code !== 0 && reject(new Error(`pdf-layout worker exited with ${code}`)));
  });
}

/**
 * The base letters of a text, sorted: pdfjs splits a line of LibreOffice's Vietnamese into items
 * whose order is not reliable, and may keep a diacritic apart from its letter, so lines are
 * compared by the letters they hold.
 */
export function letters(text: string): string {
  return [...text.normalize('NFD').replace(/[^\p{L}\p{N}]/gu, '').toLocaleUpperCase('vi')].sort().join('');
}

/** Whether `line`'s letters hold every letter of `phrase`, as often as the phrase has it. */
export function holds(lineLetters: string, phrase: string): boolean {
  const have = new Map<string, number>();
  for (const c of lineLetters) have.set(c, (have.get(c) ?? 0) + 1);
  for (const c of letters(phrase)) {
    const n = have.get(c) ?? 0;
    if (n === 0) return false;
    have.set(c, n - 1);
  }
  return true;
}

/** Items grouped into visual lines (baselines within 1.5 pt), page by page, top to bottom. */
export function pdfLines(pages: PdfPage[], filter: (item: PdfItem, page: PdfPage) => boolean = () => true): PdfLine[] {
  const lines: PdfLine[] = [];
  pages.forEach((page, index) => {
    const pageLines: PdfLine[] = [];
    for (const item of page.items.filter((it) => filter(it, page)).sort((a, b) => b.y - a.y)) {
      const line = pageLines.find((l) => Math.abs(l.y - item.y) < 1.5);
      if (line) line.items.push(item);
      else pageLines.push({ page: index + 1, y: item.y, items: [item] });
    }
    lines.push(...pageLines);
  });
  return lines;
}

export const lineText = (line: PdfLine): string =>
  [...line.items]
    .sort((a, b) => a.x - b.x)
    .map((it) => it.str)
    .join(' ');
