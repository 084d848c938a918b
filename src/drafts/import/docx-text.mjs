// A DOCX's text, one paragraph per line, with Word's automatic numbers written in front as the
// reader sees them ("1.", "1.2.", "a)"). mammoth drops those numbers, so document.xml,
// numbering.xml and styles.xml are read directly, following ECMA-376 Part 1, §17.9.
import JSZip from 'jszip';
import { DOMParser } from '@xmldom/xmldom';
import { LimitExceeded, textBudget } from './limits.mjs';

const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const MC = 'http://schemas.openxmlformats.org/markup-compatibility/2006';
/** A line break inside a paragraph; parseDraft's paragraph mode keeps such lines in one paragraph. */
export const LINE_BREAK = '\u2028';
/**
 * A footnote or endnote cited in the text is written there as one character of Plane 15's private
 * use area, this code point plus the note's index, so the clause that holds it can take the note
 * once the text is parsed (digest.ts); no Vietnamese text uses those characters.
 */
export const NOTE_MARKER_BASE = 0xf0000;
const MAX_NOTES = 0xfffd;
/** A Word comment is written at the start of its range as this code point plus its index (Plane 16). */
export const COMMENT_MARKER_BASE = 0x100000;
const MAX_COMMENTS = 0xfffd;
/** A table row is one line: this mark, then its cells' text separated by TABLE_CELL (labels.ts). */
export const TABLE_ROW = '\uE000';
export const TABLE_CELL = '\uE001';
/**
 * A table that lays out a letter's header or signature (issuer | national title, Nơi nhận | signer)
 * is read as paragraphs, as before; only other tables of two rows and two columns or more are rows.
 */
const LAYOUT_RE = /^(?:CỘNG\s+H(?:OÀ|ÒA)\s+XÃ|Độc\s+lập|Số\s*[:：]|Nơi\s+nhận|(?:KT|TM|Q|TL|TUQ)\.\s|V\/v\s|Kính\s+gửi)|^[^,\d]{2,40},\s*ngày\s/iu;
const NOTE_SEPARATORS = new Set(['separator', 'continuationSeparator', 'continuationNotice']);

/** Text in w:t, w:tab, w:br is shown; these hold deleted, moved-away or field-code text. */
const SKIPPED = new Set(['del', 'moveFrom', 'delText', 'instrText', 'delInstrText', 'pPr', 'rPr', 'footnoteReference', 'endnoteReference']);

/**
 * @param {Buffer} data the .docx file
 * @param {string[]} pointLetters the letters of lowerLetter numbering (Vietnamese order)
 * @param {{ maxPartBytes?: number, maxListNumber?: number, budget?: ReturnType<typeof textBudget> }} [options]
 *   inflating a part stops past maxPartBytes, whatever its header says; a list number past
 *   maxListNumber, or text past the budget, stops the reading with LimitExceeded
 * @returns {Promise<{ text: string, notes: { kind: 'footnote' | 'endnote', mark: string, text: string }[], comments: { author: string, text: string }[] }>}
 *   the text, the notes it cites in citation order (see NOTE_MARKER_BASE), and the drafter's
 *   comments in the order their ranges start (see COMMENT_MARKER_BASE)
 */
export async function docxText(data, pointLetters, options = {}) {
  const zip = await JSZip.loadAsync(data);
  const documentXml = zip.file('word/document.xml');
  if (!documentXml) throw new Error('thiếu phần word/document.xml');
  const limit = options.maxPartBytes ?? Infinity;
  const parse = async (name) => {
    const f = zip.file(name);
    return f ? parseXml(await inflateAtMost(f, limit, name), name) : null;
  };
  const document = await parse('word/document.xml');
  const numbering = readNumbering(await parse('word/numbering.xml'));
  const styles = readStyles(await parse('word/styles.xml'));
  followStyleLinks(numbering, styles);
  const body = firstChild(document.documentElement, 'body');
  if (!body) throw new Error('word/document.xml không có phần thân (w:body)');

  const counters = new Counters(numbering, pointLetters, options.maxListNumber ?? Infinity);
  const budget = options.budget ?? textBudget();
  const notes = new Notes(await parse('word/footnotes.xml'), await parse('word/endnotes.xml'), budget);
  notes.comments = new Comments(await parse('word/comments.xml'), budget);
  const lines = [];
  const paragraph = (p) => {
    const boxes = [];
    const text = runText(p, boxes, notes).replace(/[\r\n]+/gu, ' ');
    const props = firstChild(p, 'pPr');
    const markDeleted = props && firstChild(firstChild(props, 'rPr'), 'del');
    if (!(markDeleted && text.trim() === '')) {
      const label = counters.next(numberingOf(props, styles, numbering));
      const line = label ? `${label} ${text}` : text;
      budget.add(line);
      lines.push(line);
    }
    // A text box (often the "Dự thảo" stamp) is read after the paragraph that anchors it.
    for (const box of boxes) blocks(box, paragraph);
  };
  /** A data table's rows, each one line; a layout table's paragraphs, as any others. */
  const table = (tbl) => {
    const rows = [...elements(tbl)].filter((e) => e.namespaceURI === W && e.localName === 'tr');
    const wide = rows.some((tr) => [...elements(tr)].filter((e) => e.localName === 'tc').length >= 2);
    if (rows.length < 2 || !wide || isLayoutTable(tbl)) {
      blocks(tbl, paragraph);
      return;
    }
    for (const tr of rows) {
      const cells = [];
      for (const tc of elements(tr)) {
        if (tc.namespaceURI !== W || tc.localName !== 'tc') continue;
        const parts = [];
        const inCell = (p) => {
          const boxes = [];
          const text = runText(p, boxes, notes).replace(/[\r\n\u2028]+/gu, ' ').trim();
          const label = counters.next(numberingOf(firstChild(p, 'pPr'), styles, numbering));
          const line = label ? `${label} ${text}` : text;
          if (line !== '') parts.push(line);
          for (const box of boxes) blocks(box, inCell);
        };
        blocks(tc, inCell);
        cells.push(parts.join(' ').replaceAll(TABLE_ROW, '').replaceAll(TABLE_CELL, ''));
      }
      const line = TABLE_ROW + cells.join(TABLE_CELL);
      budget.add(line);
      lines.push(line);
    }
  };
  blocks(body, paragraph, table);
  return { text: lines.join('\n'), notes: notes.cited, comments: notes.comments.cited };
}

/** Whether a table's paragraphs include a header's or a signature's lines (one pass over its text). */
function isLayoutTable(tbl) {
  const paragraphs = tbl.getElementsByTagNameNS(W, 'p');
  for (let i = 0; i < paragraphs.length; i++) {
    const ts = paragraphs[i].getElementsByTagNameNS(W, 't');
    let text = '';
    for (let k = 0; k < ts.length; k++) text += ts[k].textContent ?? '';
    if (LAYOUT_RE.test(text.trim())) return true;
  }
  return false;
}

/**
 * A part's text, inflated chunk by chunk and abandoned once past `limit` bytes: a ZIP's headers may
 * lie about a part's size, so the count is kept on what actually comes out.
 */
function inflateAtMost(file, limit, name) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    const stream = file.internalStream('nodebuffer');
    stream
      .on('data', (chunk) => {
        size += chunk.length;
        if (size > limit) {
          stream.pause();
          reject(new Error(`${name} giải nén vượt quá ${Math.round(limit / 1024 / 1024)} MB: tệp hỏng hoặc không an toàn (zip bomb)`));
          return;
        }
        chunks.push(chunk);
      })
      .on('error', reject)
      .on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    stream.resume();
  });
}

function parseXml(xml, name) {
  const errors = [];
  const doc = new DOMParser({ onError: (level, msg) => level !== 'warning' && errors.push(msg) }).parseFromString(xml, 'text/xml');
  if (errors.length > 0 || !doc.documentElement) throw new Error(`${name} không phải XML hợp lệ: ${errors[0] ?? ''}`.trim());
  return doc;
}

// ---- tree helpers ----

function* elements(parent) {
  if (!parent) return;
  for (let n = parent.firstChild; n; n = n.nextSibling) if (n.nodeType === 1) yield n;
}
function firstChild(parent, localName, ns = W) {
  for (const e of elements(parent)) if (e.localName === localName && e.namespaceURI === ns) return e;
  return null;
}
function val(el, attr = 'val') {
  if (!el) return null;
  const v = el.getAttributeNS(W, attr);
  return v === '' ? null : v;
}
function intVal(el) {
  const v = val(el);
  return v === null || !/^-?\d+$/u.test(v) ? null : Number(v);
}
/** The content Word shows from mc:AlternateContent: its first Choice, else its Fallback. */
function chosen(alternate) {
  return firstChild(alternate, 'Choice', MC) ?? firstChild(alternate, 'Fallback', MC);
}

// ---- block content: paragraphs, tables (each cell paragraph is a line), content controls ----

function blocks(parent, paragraph, table) {
  for (const e of elements(parent)) {
    if (e.namespaceURI === MC && e.localName === 'AlternateContent') {
      blocks(chosen(e), paragraph, table);
      continue;
    }
    if (e.namespaceURI !== W) continue;
    if (e.localName === 'p') paragraph(e);
    else if (e.localName === 'tbl' && table) table(e);
    else if (['tbl', 'tr', 'tc', 'sdt', 'sdtContent', 'customXml', 'ins', 'moveTo', 'txbxContent'].includes(e.localName)) blocks(e, paragraph, table);
  }
}

/**
 * The paragraph's shown text; text boxes met on the way are collected into `boxes`, and notes cited
 * are written as markers when `notes` is given (a note's own text cites none).
 */
function runText(parent, boxes, notes) {
  let out = '';
  for (const e of elements(parent)) {
    if (e.namespaceURI === MC && e.localName === 'AlternateContent') {
      out += runText(chosen(e), boxes, notes);
      continue;
    }
    if (e.namespaceURI === W) {
      if (notes && (e.localName === 'footnoteReference' || e.localName === 'endnoteReference')) {
        out += notes.cite(e);
        continue;
      }
      if (notes?.comments && (e.localName === 'commentRangeStart' || e.localName === 'commentReference')) {
        out += notes.comments.mark(e);
        continue;
      }
      if (SKIPPED.has(e.localName)) continue;
      if (e.localName === 't') {
        out += e.textContent ?? '';
        continue;
      }
      if (e.localName === 'tab' || e.localName === 'ptab') {
        out += ' ';
        continue;
      }
      if (e.localName === 'br' || e.localName === 'cr') {
        out += LINE_BREAK;
        continue;
      }
      if (e.localName === 'noBreakHyphen') {
        out += '-';
        continue;
      }
      if (e.localName === 'txbxContent') {
        boxes.push(e);
        continue;
      }
    }
    // Runs, hyperlinks, insertions, fields' results, drawings that may hold a text box.
    out += runText(e, boxes, notes);
  }
  return out;
}

// ---- footnotes.xml and endnotes.xml ----

/**
 * The notes cited, in citation order, with their marks as Word shows them by default: footnotes
 * 1, 2, 3…, endnotes i, ii, iii…; a custom mark (w:customMarkFollows) is the text that follows the
 * reference in its run. A note's text is read once however often it is cited.
 */
class Notes {
  constructor(footnotes, endnotes, budget) {
    this.parts = { footnote: notesById(footnotes, 'footnote'), endnote: notesById(endnotes, 'endnote') };
    this.texts = new Map();
    this.numbers = { footnote: 0, endnote: 0 };
    this.budget = budget;
    this.cited = [];
  }

  /** The marker to write in the text for this w:footnoteReference or w:endnoteReference. */
  cite(reference) {
    const kind = reference.localName === 'footnoteReference' ? 'footnote' : 'endnote';
    const id = val(reference, 'id');
    const note = this.parts[kind].get(id);
    if (!note) return '';
    const custom = ['1', 'true', 'on'].includes(val(reference, 'customMarkFollows') ?? '');
    const mark = custom ? customMark(reference) : formatNumber(++this.numbers[kind], kind === 'footnote' ? 'decimal' : 'lowerRoman');
    const key = `${kind}:${id}`;
    if (!this.texts.has(key)) this.texts.set(key, noteText(note));
    const text = this.texts.get(key);
    this.budget.add(text);
    // Past what the markers can number, the note stays in the text rather than being lost.
    if (this.cited.length >= MAX_NOTES) return ` (${mark}: ${text})`;
    this.cited.push({ kind, mark, text });
    return String.fromCodePoint(NOTE_MARKER_BASE + this.cited.length - 1);
  }
}

/**
 * The drafter's comments (word/comments.xml), each marked once in the text where its range starts
 * (w:commentRangeStart), or at its w:commentReference when it has no range.
 */
class Comments {
  constructor(doc, budget) {
    this.byId = new Map();
    for (const e of elements(doc?.documentElement)) if (e.namespaceURI === W && e.localName === 'comment') this.byId.set(val(e, 'id'), e);
    this.marked = new Set();
    this.budget = budget;
    this.cited = [];
  }

  mark(element) {
    const id = val(element, 'id');
    const comment = this.byId.get(id);
    if (!comment || this.marked.has(id) || this.cited.length >= MAX_COMMENTS) return '';
    this.marked.add(id);
    const text = noteText(comment);
    this.budget.add(text);
    this.cited.push({ author: val(comment, 'author') ?? '', text });
    return String.fromCodePoint(COMMENT_MARKER_BASE + this.cited.length - 1);
  }
}

function notesById(doc, localName) {
  const notes = new Map();
  for (const e of elements(doc?.documentElement)) {
    if (e.namespaceURI === W && e.localName === localName && !NOTE_SEPARATORS.has(val(e, 'type') ?? '')) notes.set(val(e, 'id'), e);
  }
  return notes;
}

function noteText(note) {
  const parts = [];
  const paragraph = (p) => {
    const boxes = [];
    parts.push(runText(p, boxes).replace(/[\r\n\u2028]+/gu, ' ').trim());
    for (const box of boxes) blocks(box, paragraph);
  };
  blocks(note, paragraph);
  return parts.filter((t) => t !== '').join('\n');
}

function customMark(reference) {
  let mark = '';
  for (let n = reference.nextSibling; n; n = n.nextSibling) if (n.nodeType === 1 && n.localName === 't') mark += n.textContent ?? '';
  return mark.trim();
}

// ---- numbering.xml and styles.xml ----

function readLevel(lvl) {
  return {
    start: intVal(firstChild(lvl, 'start')) ?? 0,
    format: val(firstChild(lvl, 'numFmt')) ?? 'decimal',
    text: val(firstChild(lvl, 'lvlText')),
    legal: firstChild(lvl, 'isLgl') !== null && val(firstChild(lvl, 'isLgl')) !== 'false' && val(firstChild(lvl, 'isLgl')) !== '0',
    style: val(firstChild(lvl, 'pStyle')),
    restartAfter: intVal(firstChild(lvl, 'lvlRestart')),
  };
}

function readNumbering(doc) {
  const abstracts = new Map();
  const nums = new Map();
  /** abstractNumId → the numbering style whose list it takes (w:numStyleLink). */
  const styleLinks = new Map();
  if (!doc) return { abstracts, nums, styleLinks };
  for (const e of elements(doc.documentElement)) {
    if (e.namespaceURI !== W) continue;
    if (e.localName === 'abstractNum') {
      const levels = new Map();
      for (const lvl of elements(e)) if (lvl.localName === 'lvl') levels.set(Number(val(lvl, 'ilvl') ?? 0), readLevel(lvl));
      abstracts.set(val(e, 'abstractNumId'), levels);
      const link = val(firstChild(e, 'numStyleLink'));
      if (link) styleLinks.set(val(e, 'abstractNumId'), link);
    } else if (e.localName === 'num') {
      const overrides = new Map();
      for (const o of elements(e)) {
        if (o.localName !== 'lvlOverride') continue;
        const lvl = firstChild(o, 'lvl');
        overrides.set(Number(val(o, 'ilvl') ?? 0), { start: intVal(firstChild(o, 'startOverride')), level: lvl ? readLevel(lvl) : null });
      }
      nums.set(val(e, 'numId'), { abstractId: val(firstChild(e, 'abstractNumId')), overrides });
    }
  }
  return { abstracts, nums, styleLinks };
}

/**
 * An abstractNum with w:numStyleLink holds no levels of its own: they are those of the list its
 * numbering style names (one step; a link to a link is left unnumbered).
 */
function followStyleLinks(numbering, { numberingStyles }) {
  for (const [abstractId, styleId] of numbering.styleLinks) {
    const target = numbering.nums.get(numberingStyles.get(styleId))?.abstractId;
    const levels = numbering.abstracts.get(target);
    if (levels?.size && !numbering.abstracts.get(abstractId)?.size) numbering.abstracts.set(abstractId, levels);
  }
}

function readStyles(doc) {
  const styles = new Map();
  /** A numbering style's styleId → its numId. */
  const numberingStyles = new Map();
  let defaultId = null;
  if (!doc) return { styles, numberingStyles, defaultId };
  for (const s of elements(doc.documentElement)) {
    if (s.localName !== 'style') continue;
    const id = val(s, 'styleId');
    const numPr = firstChild(firstChild(s, 'pPr'), 'numPr');
    if (val(s, 'type') === 'numbering') numberingStyles.set(id, val(firstChild(numPr, 'numId')));
    if (val(s, 'type') !== 'paragraph') continue;
    styles.set(id, {
      basedOn: val(firstChild(s, 'basedOn')),
      numId: val(firstChild(numPr, 'numId')),
      ilvl: intVal(firstChild(numPr, 'ilvl')),
    });
    if (['1', 'true', 'on'].includes(val(s, 'default') ?? '')) defaultId = id;
  }
  return { styles, numberingStyles, defaultId };
}

/** { numId, ilvl } of a paragraph: its own w:numPr first, then its style's, up the basedOn chain. */
function numberingOf(pPr, { styles, defaultId }, numbering) {
  const own = firstChild(pPr, 'numPr');
  let numId = val(firstChild(own, 'numId'));
  let ilvl = intVal(firstChild(own, 'ilvl'));
  const styleId = val(firstChild(pPr, 'pStyle')) ?? defaultId;
  const seen = new Set();
  for (let id = styleId; id && !seen.has(id) && (numId === null || ilvl === null); id = styles.get(id)?.basedOn) {
    seen.add(id);
    const style = styles.get(id);
    if (!style) break;
    numId ??= style.numId;
    ilvl ??= style.ilvl;
  }
  if (numId === null || numId === '0' || !numbering.nums.has(numId)) return null;
  if (ilvl === null) {
    // A style linked to a level (w:lvl/w:pStyle) numbers its paragraphs at that level.
    const levels = numbering.abstracts.get(numbering.nums.get(numId).abstractId);
    ilvl = [...(levels?.entries() ?? [])].find(([, l]) => l.style && l.style === styleId)?.[0] ?? 0;
  }
  return { numId, ilvl };
}

// ---- counters and labels ----

/** ECMA-376 defines levels 0 to 8; a paragraph claiming another is left unnumbered. */
const MAX_LEVEL = 8;

/**
 * The running numbers of every list. As in Word, a count belongs to the abstractNum, so w:num
 * instances sharing one continue each other; a w:num's startOverride restarts the shared count at
 * that level the first time a paragraph of that w:num reaches it (LibreOffice writes one w:num per
 * restart and the following paragraphs on another w:num of the same abstractNum).
 */
class Counters {
  constructor(numbering, pointLetters, maxNumber) {
    this.numbering = numbering;
    this.pointLetters = pointLetters;
    // A hostile w:start of 1000000000 in lowerLetter would write a letter 43 million times per label.
    this.maxNumber = maxNumber;
    /** abstractNumId → counts per level; undefined where a level has not started (again). */
    this.lists = new Map();
    /** "numId/ilvl" pairs already met, whose startOverride is spent. */
    this.overridden = new Set();
  }

  level(num, ilvl) {
    return num.overrides.get(ilvl)?.level ?? this.numbering.abstracts.get(num.abstractId)?.get(ilvl) ?? null;
  }

  start(num, ilvl) {
    return this.level(num, ilvl)?.start ?? 0;
  }

  /** Advances the list's counter for this paragraph and returns its label, or '' for none. */
  next(ref) {
    if (!ref || ref.ilvl < 0 || ref.ilvl > MAX_LEVEL) return '';
    const num = this.numbering.nums.get(ref.numId);
    const lvl = this.level(num, ref.ilvl);
    if (!lvl) return '';
    let counts = this.lists.get(num.abstractId);
    if (!counts) this.lists.set(num.abstractId, (counts = []));
    const restartAt = this.overridden.has(`${ref.numId}/${ref.ilvl}`) ? null : (num.overrides.get(ref.ilvl)?.start ?? null);
    this.overridden.add(`${ref.numId}/${ref.ilvl}`);
    if (restartAt !== null) counts[ref.ilvl] = restartAt;
    else counts[ref.ilvl] = counts[ref.ilvl] === undefined ? this.start(num, ref.ilvl) : counts[ref.ilvl] + 1;
    for (let deeper = ref.ilvl + 1; deeper < counts.length; deeper++) {
      if (restartsAfter(this.level(num, deeper), deeper, ref.ilvl)) counts[deeper] = undefined;
    }
    if (lvl.format === 'bullet') return '-';
    if (lvl.format === 'none' || !lvl.text) return '';
    return lvl.text.replace(/%([1-9])/gu, (_, n) => {
      const i = Number(n) - 1;
      const value = counts[i] ?? this.start(num, i);
      if (value > this.maxNumber) throw new LimitExceeded({ reason: 'list_number', value, max: this.maxNumber });
      const format = lvl.legal ? 'decimal' : (this.level(num, i)?.format ?? 'decimal');
      return formatNumber(value, format, this.pointLetters);
    });
  }
}

/**
 * Whether a paragraph at level `used` restarts the deeper level `ilvl` (§17.9.10): by default any
 * higher level does; w:lvlRestart N (1-based) restarts it only after levels up to N, 0 never, and a
 * value that is not higher than the level itself is ignored.
 */
function restartsAfter(lvl, ilvl, used) {
  const after = lvl?.restartAfter ?? null;
  if (after === null || after > ilvl) return true;
  return after !== 0 && used < after;
}

function formatNumber(n, format, letters) {
  switch (format) {
    case 'lowerLetter':
      return letter(n, letters);
    case 'upperLetter':
      return letter(n, letters).toUpperCase();
    case 'lowerRoman':
      return roman(n).toLowerCase();
    case 'upperRoman':
      return roman(n);
    case 'decimalZero':
      return n < 10 && n >= 0 ? `0${n}` : String(n);
    default:
      return String(n);
  }
}

/** 1 → a, 6 → e (đ is 5th), past the last letter Word repeats it: aa, bb. */
function letter(n, letters) {
  if (n < 1) return String(n);
  const i = (n - 1) % letters.length;
  return letters[i].repeat(Math.floor((n - 1) / letters.length) + 1);
}

function roman(n) {
  if (n < 1 || n > 3999) return String(n);
  const table = [[1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'], [100, 'C'], [90, 'XC'], [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I']];
  let out = '';
  for (const [v, s] of table) for (; n >= v; n -= v) out += s;
  return out;
}
