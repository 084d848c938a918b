import {
  ADDRESSEE_RE, AUTHORITY_RE, CONTINUED_TITLE_RE, DOCUMENT_TITLE_RE, LETTER_SECTION_RE, PLACE_DATE_RE, SIGNATURE_PREFIX_RE, TABLE_CELL, TABLE_ROW, TABLE_ROW_RE, PAGE_NUMBER_RE, isSignerPositionLine, ROMAN_SECTION_RE, STAMP_RE, STAMP_CONTINUATION_RE, endsSentence, isAllCaps, isHeadingLine, isStructural, startsLowercase,
} from './labels';

export interface PreparedText {
  lines: string[];
  /**
   * Per line: true when the source marked it as the start of a paragraph (a DOCX paragraph).
   * Plain and PDF text marks none, so every boundary is found from the text itself.
   */
  paragraphStarts: boolean[];
  stamp: string[];
  pageNumbers: string[];
  version: number | null;
}

/** One logical paragraph: the physical lines a PDF or a wrapped text split it into. */
export interface Paragraph {
  lines: string[];
  text: string;
}

export interface PrepareOptions {
  /**
   * The input already holds one paragraph per line (\n), as a DOCX does; a line break inside a
   * paragraph is U+2028 or \v. Paragraphs are then never joined, and a line that is only a number
   * stays text: a DOCX keeps its page numbers in the footer, so such a line is content (a table cell).
   */
  paragraphs?: boolean;
}

const SPACES = /[\u00a0\u2000-\u200b\u202f\u3000\ufeff\t]/gu;
const fold = (l: string): string => l.replace(/ {2,}/gu, ' ').trim();

/** Lines with white space folded, blank lines, page numbers and the "Dự thảo lần N" stamp taken out. */
export function prepareLines(input: string, options: PrepareOptions = {}): PreparedText {
  const normalized = input.normalize('NFC');
  const text = (options.paragraphs ? normalized : markTables(normalized)).replace(SPACES, ' ');
  const raw: string[] = [];
  const starts: boolean[] = [];
  if (options.paragraphs) {
    for (const paragraph of text.split(/\r\n|\r|\n|\u2029|\f/u)) {
      const parts = paragraph.split(/\u2028|\v/u).map(fold).filter((l) => l.length > 0);
      parts.forEach((l, i) => {
        raw.push(l);
        starts.push(i === 0);
      });
    }
  } else {
    for (const l of text.split(/\r\n|\r|\n|\u2028|\u2029|\f|\v/u).map(fold)) {
      if (l.length === 0) continue;
      raw.push(l);
      starts.push(false);
    }
  }

  const lines: string[] = [];
  const paragraphStarts: boolean[] = [];
  /** A paragraph whose first line was the stamp still starts at its next line. */
  let pendingStart = false;
  const stamp: string[] = [];
  const pageNumbers: string[] = [];
  let version: number | null = null;
  for (let i = 0; i < raw.length; i++) {
    const line = raw[i];
    pendingStart ||= starts[i];
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
    // "… MÙA KHÔ NĂM 2019 -" + "2020": a year that ends a wrapped range is text, not a page number.
    const yearOfRange = /^(?:19|20)\d\d$/u.test(line) && /[-–]$/u.test(raw[i - 1] ?? '');
    if (!options.paragraphs && PAGE_NUMBER_RE.test(line) && !yearOfRange) {
      pageNumbers.push(line);
      continue;
    }
    lines.push(line);
    paragraphStarts.push(pendingStart);
    pendingStart = false;
  }
  return { lines, paragraphStarts, stamp, pageNumbers, version };
}

/**
 * Re-joins lines that an extraction wrapped. A line starts a new paragraph when it
 * begins with a label or a part of the letter, when the line before ends a sentence
 * and this one begins a new one, when a heading line came before, or when the text
 * switches between capitals and ordinary case (titles, signature blocks).
 */
export function toParagraphs(lines: readonly string[], paragraphStarts: readonly boolean[] = []): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  let current: string[] = [];
  /** The last line with letters: a line of digits alone ("2020") is neither capitals nor ordinary case. */
  let lettered = '';
  const flush = (): void => {
    if (current.length > 0) paragraphs.push({ lines: current, text: current.join(' ') });
    current = [];
  };
  lines.forEach((line, i) => {
    const prev = current[current.length - 1];
    if (prev !== undefined && (paragraphStarts[i] === true || startsNewParagraph(prev, line, lettered))) flush();
    if (/\p{L}/u.test(line)) lettered = line;
    current.push(line);
  });
  flush();
  return paragraphs;
}

/** A place and "ngày" open the date line even before its "tháng … năm" ("An Giang, ngày 26"). */
const PLACE_DATE_START = /^[^,\d]{2,40},\s*ngày\s+\d/u;

/** "… vụ đông Xuân 2019" + "- 2020 và cả năm": the dash of a range of years, wrapped, is no list dash. */
const WRAPPED_RANGE = /^[-–]\s+\d/u;

function startsNewParagraph(prev: string, line: string, lettered: string): boolean {
  if (TABLE_ROW_RE.test(prev)) return true;
  if (WRAPPED_RANGE.test(line) && /\d$/u.test(prev)) return false;
  if (isStructural(line)) return true;
  if (/\d\s*[-–]$/u.test(prev) && /^\d/u.test(line)) return false;
  if (startsLowercase(line)) return false;
  // "Lạng Sơn, ngày 27 tháng 3 năm 2020" ends with its year, no full stop: the next sentence is the preamble's;
  // and "An Giang, ngày 26" + "tháng 8 năm 2021", a date the header table wrapped, starts its own paragraph.
  if (PLACE_DATE_RE.test(prev) && /năm\s+\d{4}$/u.test(prev)) return true;
  if (PLACE_DATE_START.test(line)) return true;
  // "Kính gửi: Các Sở Thông tin và Truyền thông" + "Để chuẩn bị …": a capital after the addressee is the letter's text.
  if (ADDRESSEE_RE.test(prev) && prev.replace(ADDRESSEE_RE, '').trim() !== '') return true;
  // "Trân trọng./." closes the letter: never the end of the line before it ("Điện thoại … Fax …").
  if (/^Trân trọng/u.test(line)) return true;
  // A ";" ends an item of a list, not a paragraph: "Điện thoại: …;" + "Email: …" stay together.
  if (endsSentence(prev) && !prev.endsWith(';')) return true;
  // "II. TỔ CHỨC THỰC HIỆN VÀ TRÁCH NHIỆM CỦA" + "CÁC CƠ QUAN": a section's title in capitals wraps.
  // "CHỦ TỊCH" + "ỦY BAN NHÂN DÂN TỈNH …" (an unsigned draft, then the next part's issuer) are two.
  if (isSignerPositionLine(prev) && isAllCaps(line)) return true;
  // "… GIAI ĐOẠN 2021 - 2025" + "CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH AN GIANG": who issues it is no part of its title.
  if (isAllCaps(prev) && isAllCaps(line) && AUTHORITY_RE.test(line) && !CONTINUED_TITLE_RE.test(prev)) return true;
  // "TM. ỦY BAN NHÂN DÂN TỈNH" + "QUY CHẾ LÀM VIỆC": a document's title never continues a signature.
  if (SIGNATURE_PREFIX_RE.test(prev) && isAllCaps(line) && DOCUMENT_TITLE_RE.test(line)) return true;
  const wrappedCapitalTitle = (ROMAN_SECTION_RE.test(prev) || LETTER_SECTION_RE.test(prev)) && isAllCaps(prev) && isAllCaps(line);
  if (isHeadingLine(prev) && !wrappedCapitalTitle) return true;
  return /\p{L}/u.test(prev) || !/\p{L}/u.test(line) ? isAllCaps(prev) !== isAllCaps(line) : isAllCaps(lettered) !== isAllCaps(line);
}

/**
 * "| a | b |" or "a | b": cells between "|" with white space on both sides (or at the line's
 * edges), so no word is cut in two ("0|0" stays one word), and at least two cells of words.
 */
function pipeCells(line: string): string[] | null {
  if (!line.includes('|')) return null;
  const inner = line.trim().replace(/^\|(?=\s|$)/u, '').replace(/(?:^|\s)\|$/u, '');
  const cells = inner.split(/\s\|(?=\s)/u).map((c) => c.trim());
  return cells.length >= 2 && cells.filter(hasWord).length >= 2 && !cells.some((c) => /(?:^|\s)\|(?:\s|$)/u.test(c)) ? cells : null;
}

const hasWord = (cell: string): boolean => /[\p{L}\p{N}]/u.test(cell);

function tabCells(line: string): string[] | null {
  const cells = line.trim().split(/\t+/u).map((c) => c.trim());
  return cells.length >= 2 && cells.every(hasWord) ? cells : null;
}

/**
 * A plain text's table rows become TABLE_ROW lines, only where the table is unambiguous: a line of
 * cells between "|" (a separator line "|---|---|" of such a table is dropped: it holds no words), or
 * two or more lines in a row with the same number of tab-separated cells. Anything else stays text.
 */
function markTables(text: string): string {
  const lines = text.split(/\r\n|\r|\n/u);
  const out: string[] = [];
  const row = (cells: string[]): string => TABLE_ROW + cells.join(TABLE_CELL);
  let inPipeTable = false;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const pipes = pipeCells(line);
    if (pipes) {
      out.push(row(pipes));
      inPipeTable = true;
      continue;
    }
    if (inPipeTable && /^\s*\|?[\s|:+=-]+\|?\s*$/u.test(line) && line.includes('|')) continue;
    inPipeTable = false;
    const tabs = tabCells(line);
    if (tabs) {
      let end = i + 1;
      while (end < lines.length && tabCells(lines[end])?.length === tabs.length) end++;
      if (end - i >= 2) {
        for (let k = i; k < end; k++) out.push(row(tabCells(lines[k])!));
        i = end - 1;
        continue;
      }
    }
    out.push(line);
  }
  return out.join('\n');
}
