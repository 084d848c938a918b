// A PDF's text as visual lines, page after page. PDF text has no paragraphs: parseDraft re-joins
// the wrapped lines and takes lines that are only a page number out as metadata.
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** Items whose baselines differ by less than this share a line (superscripts, mixed fonts). */
const SAME_LINE = 0.5;
/** A horizontal gap wider than this, in font heights, is a space between words. */
const WORD_GAP = 0.15;

/**
 * @param {Uint8Array} data the .pdf file
 * @param {{ budget?: { add(text: string): void } }} [options] reading stops once the text is past the budget
 * @returns {Promise<string>}
 */
export async function pdfText(data, options = {}) {
  const task = getDocument({ data, isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 });
  const doc = await task.promise;
  try {
    const pages = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      const text = visualLines(content.items).join('\n');
      options.budget?.add(text);
      pages.push(text);
      page.cleanup();
    }
    return pages.join('\n');
  } finally {
    await task.destroy();
  }
}

/** Text items grouped by baseline, top to bottom, each line ordered left to right. */
export function visualLines(items) {
  const glyphs = items
    .filter((it) => typeof it.str === 'string' && it.str.length > 0)
    .map((it) => ({
      str: it.str,
      x: it.transform[4],
      y: it.transform[5],
      width: it.width,
      size: Math.hypot(it.transform[2], it.transform[3]) || it.height || 1,
    }))
    .sort((a, b) => b.y - a.y || a.x - b.x);

  const lines = [];
  for (const g of glyphs) {
    const line = lines[lines.length - 1];
    if (line && Math.abs(line.y - g.y) < SAME_LINE * Math.min(line.size, g.size)) line.items.push(g);
    else lines.push({ y: g.y, size: g.size, items: [g] });
  }
  return lines.map((line) => {
    line.items.sort((a, b) => a.x - b.x);
    // Parts joined once at the end, and the space before an item decided from the previous item:
    // testing /\s$/ on the line built so far made a line of many items quadratic.
    const parts = [];
    let end = null;
    let endsInSpace = false;
    for (const g of line.items) {
      const gap = end === null ? 0 : g.x - end;
      if (end !== null && gap > WORD_GAP * g.size && !endsInSpace && !/^\s/u.test(g.str)) parts.push(' ');
      parts.push(g.str);
      endsInSpace = /\s$/u.test(g.str);
      end = g.x + g.width;
    }
    const out = parts.join('');
    return out.trim();
  }).filter((l) => l.length > 0);
}
