import {
  PAGE_NUMBER_RE, STAMP_RE, STAMP_CONTINUATION_RE, endsSentence, isAllCaps, isHeadingLine, isStructural, startsLowercase,
} from './labels';

export interface PreparedText {
  lines: string[];
  stamp: string[];
  pageNumbers: string[];
  version: number | null;
}

/** One logical paragraph: the physical lines a PDF or a wrapped text split it into. */
export interface Paragraph {
  lines: string[];
  text: string;
}

/** Lines with white space folded, blank lines, page numbers and the "Dự thảo lần N" stamp taken out. */
export function prepareLines(input: string): PreparedText {
  const raw = input
    .normalize('NFC')
    .replace(/[\u00a0\u2000-\u200b\u202f\u3000\ufeff\t]/gu, ' ')
    .split(/\r\n|\r|\n|\u2028|\u2029|\f|\v/u)
    .map((l) => l.replace(/ {2,}/gu, ' ').trim())
    .filter((l) => l.length > 0);

  const lines: string[] = [];
  const stamp: string[] = [];
  const pageNumbers: string[] = [];
  let version: number | null = null;
  for (let i = 0; i < raw.length; i++) {
    const line = raw[i];
    const stampMatch = STAMP_RE.exec(line);
    if (stampMatch) {
      stamp.push(line);
      if (stampMatch[1]) {
        version ??= Number(stampMatch[1]);
      } else {
        const next = raw[i + 1];
        const continuation = next === undefined ? null : STAMP_CONTINUATION_RE.exec(next);
        if (continuation && next !== undefined) {
          stamp.push(next);
          version ??= Number(continuation[1]);
          i++;
        }
      }
      continue;
    }
    if (PAGE_NUMBER_RE.test(line)) {
      pageNumbers.push(line);
      continue;
    }
    lines.push(line);
  }
  return { lines, stamp, pageNumbers, version };
}

/**
 * Re-joins lines that an extraction wrapped. A line starts a new paragraph when it
 * begins with a label or a part of the letter, when the line before ends a sentence
 * and this one begins a new one, when a heading line came before, or when the text
 * switches between capitals and ordinary case (titles, signature blocks).
 */
export function toParagraphs(lines: readonly string[]): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  let current: string[] = [];
  const flush = (): void => {
    if (current.length > 0) paragraphs.push({ lines: current, text: current.join(' ') });
    current = [];
  };
  for (const line of lines) {
    const prev = current[current.length - 1];
    if (prev !== undefined && startsNewParagraph(prev, line)) flush();
    current.push(line);
  }
  flush();
  return paragraphs;
}

function startsNewParagraph(prev: string, line: string): boolean {
  if (isStructural(line)) return true;
  if (startsLowercase(line)) return false;
  // A ";" ends an item of a list, not a paragraph: "Điện thoại: …;" + "Email: …" stay together.
  if (endsSentence(prev) && !prev.endsWith(';')) return true;
  if (isHeadingLine(prev)) return true;
  return isAllCaps(prev) !== isAllCaps(line);
}
