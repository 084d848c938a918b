import { type ClauseKind, type DraftNode, type ParseResult, node } from './clause-tree';
import {
  ADDRESSEE_RE, APPENDIX_RE, ARTICLE_RE, AUTHORITY_RE, DOCUMENT_TITLE_RE, ISSUED_WITH_RE, LETTER_SECTION_RE, NATIONAL_TITLE_ANYWHERE_RE, SIGNER_POSITION_RE, TABLE_ROW_RE, tableCells, CHAPTER_RE, DASH_RE, DECIMAL_RE, DISTRIBUTION_RE, MOTTO_RE, NATIONAL_TITLE_RE, NUMBER_RE,
  PART_RE, PLACE_DATE_RE, PLUS_RE, POINT_RE, ROMAN_SECTION_RE, SECTION_RE, SIGNATURE_PREFIX_RE, SUBJECT_RE, SUBSECTION_RE,
  UNDOTTED_DECIMAL_RE, endsSentence, isAllCaps, letterValue, pointIndex, romanValue,
} from './labels';
import { type Paragraph, type PrepareOptions, prepareLines, toParagraphs } from './lines';
import { OpenQuote, scanQuotes } from './quotes';

/** A numbered line whose rest ends with ":" and is this short reads as the section's heading ("2. Công an tỉnh:"). */
const MAX_HEADING_WORDS = 16;

interface Label {
  kind: ClauseKind;
  label: string;
  rest: string;
  /** Nesting rank: a node holds the nodes after it of a higher rank. */
  rank: number;
  /** "1.2." → [1, 2]; "b)" → [index of b]. */
  numbers: number[];
}

/** Roman sections ("I.", "II.") sit between an article and its khoản, and above a letter's "1.". */
const ROMAN_SECTION_RANK = 5.5;
/** "A.", "B." sections hold a kế hoạch's Roman sections; under a Phần, above a Chương. */
const LETTER_SECTION_RANK = 1.5;
const POINT_RANK = 20;

/** `previousLetter`: the number of the last "A.", "B." section opened, so that "C." after "B." is a letter. */
function matchLabel(text: string, previousLetter = 0): Label | null {
  const simple: [RegExp, ClauseKind, number][] = [
    [PART_RE, 'part', 1],
    [CHAPTER_RE, 'chapter', 2],
    [SUBSECTION_RE, 'subsection', 4],
    [SECTION_RE, 'section', 3],
  ];
  for (const [re, kind, rank] of simple) {
    const m = re.exec(text);
    if (m) return { kind, label: m[0].trim(), rest: text.slice(m[0].length).trim(), rank, numbers: [] };
  }
  const article = ARTICLE_RE.exec(text);
  if (article) return { kind: 'article', label: article[0], rest: text.slice(article[0].length).trim(), rank: 5, numbers: [Number(article[1])] };
  const letter = LETTER_SECTION_RE.exec(text);
  // "C.", "D." … are letters only after "B.", "C." …; otherwise "C." reads as the Roman numeral.
  if (letter && (!/^[IVXLC]$/u.test(letter[1]) || previousLetter === letterValue(letter[1]) - 1)) {
    return { kind: 'section', label: letter[0], rest: text.slice(letter[0].length).trim(), rank: LETTER_SECTION_RANK, numbers: [letterValue(letter[1])] };
  }
  const roman = ROMAN_SECTION_RE.exec(text);
  if (roman) {
    return { kind: 'section', label: roman[0], rest: text.slice(roman[0].length).trim(), rank: ROMAN_SECTION_RANK, numbers: [romanValue(roman[1])] };
  }
  const decimal = DECIMAL_RE.exec(text) ?? UNDOTTED_DECIMAL_RE.exec(text);
  if (decimal) {
    const numbers = decimal[1].split('.').map(Number);
    return {
      kind: numbers.length === 1 ? 'clause' : 'item',
      label: decimal[0],
      rest: text.slice(decimal[0].length).trim(),
      rank: 5 + numbers.length,
      numbers,
    };
  }
  const point = POINT_RE.exec(text);
  if (point) return { kind: 'point', label: point[0], rest: text.slice(point[0].length).trim(), rank: POINT_RANK, numbers: [pointIndex(point[1])] };
  const dash = DASH_RE.exec(text);
  if (dash) return { kind: 'dash', label: dash[0], rest: text.slice(dash[0].length).trim(), rank: 21, numbers: [] };
  const plus = PLUS_RE.exec(text);
  if (plus) return { kind: 'dash', label: plus[0], rest: text.slice(plus[0].length).trim(), rank: 22, numbers: [] };
  return null;
}

interface Open {
  node: DraftNode;
  rank: number;
  numbers: number[];
}

type State = 'header' | 'body' | 'closing' | 'appendix';

/** The first words of an issuing body's name: after a signature, such capitals begin the next document. */
const ISSUER_RE = /^(?:ỦY BAN|UỶ BAN|UBND|BỘ|BAN|CHÍNH PHỦ|HỘI ĐỒNG|SỞ|CỤC|TỔNG CỤC|VĂN PHÒNG|THỦ TƯỚNG|QUỐC HỘI|TÒA ÁN|TOÀ ÁN|VIỆN|NGÂN HÀNG|TRUNG ƯƠNG|ĐOÀN|TỈNH ỦY|THÀNH ỦY|HUYỆN ỦY|TRƯỜNG|ĐẠI HỌC|HỌC VIỆN)(?=\s|$)/u;

/**
 * Text in, clause tree out. Every word of the input lands in exactly one node,
 * except page numbers and the "Dự thảo lần N" stamp, which are returned beside the tree.
 * A file may hold several documents (a request letter followed by its draft).
 * With `{ paragraphs: true }` each input line is one paragraph (text extracted from a DOCX).
 */
export function parseDraft(input: string, options: PrepareOptions = {}): ParseResult {
  const prepared = prepareLines(input, options);
  const paragraphs = toParagraphs(prepared.lines, prepared.paragraphStarts);
  const documents = new DocumentsBuilder().build(paragraphs);
  return { version: prepared.version, stamp: prepared.stamp, pageNumbers: prepared.pageNumbers, documents };
}

interface DocumentParts {
  header: DraftNode;
  preamble: DraftNode;
  body: DraftNode;
  closing: DraftNode;
}

class DocumentsBuilder {
  private documents: DocumentParts[] = [];
  private header!: DraftNode;
  private preamble!: DraftNode;
  private body!: DraftNode;
  private closing!: DraftNode;
  private state: State = 'header';
  private stack: Open[] = [];
  /** The open "Kính gửi" or "Nơi nhận" list that takes dash lines. */
  private recipients: DraftNode | null = null;
  private signature: DraftNode | null = null;
  private signatureNamed = false;
  /** The signature block names the signer's position ("CHỦ TỊCH"): an issuer's capitals after it start the next document. */
  private signaturePositioned = false;
  private seenTitle = false;
  /** After "QUY CHẾ" (a document's type), its next line is the rest of its title. */
  private titleOpen = false;
  /** A document's title was printed ("QUYẾT ĐỊNH …"): the issuing authority's line may follow it. */
  private titled = false;
  /** The node that took the last table row, while rows follow each other. */
  private rowHolder: DraftNode | null = null;
  private lastParagraph: Paragraph | null = null;
  /** Per parent (or body), the numbers of its last child of each rank: looked up once per label, so never searched. */
  private lastOfRank = new Map<DraftNode, Map<number, number[]>>();
  private quote: OpenQuote | null = null;
  /** The number of the last "A.", "B." section opened in this document (0 before any). */
  private lastLetter = 0;

  build(paragraphs: readonly Paragraph[]): DraftNode[] {
    this.startDocument();
    for (const p of paragraphs) {
      this.take(p);
      this.lastParagraph = p;
    }
    return this.finish();
  }

  private startDocument(): void {
    this.header = node('header');
    this.preamble = node('preamble');
    this.body = node('body');
    this.closing = node('closing');
    this.documents.push({ header: this.header, preamble: this.preamble, body: this.body, closing: this.closing });
    this.state = 'header';
    this.stack = [];
    this.recipients = null;
    this.signature = null;
    this.signatureNamed = false;
    this.signaturePositioned = false;
    this.seenTitle = false;
    this.titleOpen = false;
    this.titled = false;
    this.rowHolder = null;
    this.quote = null;
    this.lastLetter = 0;
  }

  private finish(): DraftNode[] {
    return this.documents
      .map((parts) => {
        const doc = node('document');
        doc.children = [parts.header, parts.preamble, parts.body, parts.closing].filter((p) => p.children.length > 0);
        return doc;
      })
      .filter((doc) => doc.children.length > 0);
  }

  private take(p: Paragraph): void {
    const text = p.text;
    if (TABLE_ROW_RE.test(text)) {
      this.takeRow(text);
      return;
    }
    this.rowHolder = null;
    if (this.state !== 'header' && !this.quote && startsAppendix(text)) {
      this.openAppendix(text);
      return;
    }
    if (this.state === 'appendix') {
      this.takeAppendix(p);
      return;
    }
    const nextDocument =
      (this.state === 'closing' && this.startsNextDocument(text)) ||
      (this.state !== 'header' && (NATIONAL_TITLE_RE.test(text) || NUMBER_RE.test(text)));
    if (nextDocument) this.startDocument();
    if (this.state === 'header' && this.takeHeader(p)) return;
    if (this.state === 'header') this.state = 'body';
    if (this.state === 'body' && this.takeBody(p)) return;
    this.state = 'closing';
    this.takeClosing(p);
  }

  private startsNextDocument(text: string): boolean {
    if (NATIONAL_TITLE_RE.test(text) || NUMBER_RE.test(text) || SUBJECT_RE.test(text)) return true;
    // The header of a document the draft issues: "(Ban hành kèm theo Quyết định số …)", its
    // "QUY CHẾ" title, or straight its "Chương I" / "Điều 1." when it prints no header.
    if (ISSUED_WITH_RE.test(text) || PLACE_DATE_RE.test(text) || [PART_RE, CHAPTER_RE, ARTICLE_RE].some((re) => re.test(text))) return true;
    if (isAllCaps(text) && (DOCUMENT_TITLE_RE.test(text) || NATIONAL_TITLE_ANYWHERE_RE.test(text))) return true;
    // After a signer's name, the next capitals are the next document's issuer; after the signer's
    // position, an issuing body's name is (an unsigned draft prints no name).
    if (!isAllCaps(text) || DISTRIBUTION_RE.test(text)) return false;
    return this.signatureNamed || (this.signaturePositioned && ISSUER_RE.test(text) && !SIGNER_POSITION_RE.test(text) && !SIGNATURE_PREFIX_RE.test(text));
  }

  // ---- tables and appendices ----

  /** A table row goes to the open clause (or appendix); outside the clauses, to a paragraph of its own. */
  private takeRow(text: string): void {
    const cells = tableCells(text);
    if (cells.every((c) => c === '')) return;
    const top = this.state === 'body' || this.state === 'appendix' ? this.stack[this.stack.length - 1]?.node : undefined;
    let holder = top ?? this.rowHolder;
    if (!holder) {
      holder = node('paragraph');
      (this.state === 'header' ? this.header : this.state === 'closing' ? this.closing : this.preamble).children.push(holder);
    }
    (holder.rows ??= []).push(cells);
    this.rowHolder = holder;
  }

  /** "PHỤ LỤC I": an appendix, at the end of the body of the document it follows; it holds what comes until the next one. */
  private openAppendix(text: string): void {
    const m = APPENDIX_RE.exec(text)!;
    const appendix = node('appendix', m[0].trim());
    const rest = text.slice(m[0].length).trim().replace(/^[.:–-]\s*/u, '');
    if (rest) {
      if (isAllCaps(rest)) appendix.heading = rest;
      else appendix.text = rest;
    }
    this.body.children.push(appendix);
    this.state = 'appendix';
    this.stack = [{ node: appendix, rank: 0, numbers: [] }];
    this.recipients = null;
    this.quote = null;
  }

  /**
   * Inside an appendix: its title's capitals are its heading until its first text ("(Kèm theo Nghị
   * định số …)"); then numbered items open clauses under it and everything else is its text — a
   * form's "CỘNG HÒA …", "Số:", "Kính gửi" and dotted lines included.
   */
  private takeAppendix(p: Paragraph): void {
    const appendix = this.stack[0].node;
    const text = p.text;
    const untitled = this.stack.length === 1 && appendix.text === '' && appendix.children.length === 0 && !appendix.rows;
    if (!this.quote && untitled && isAllCaps(text) && matchLabel(text) === null) {
      appendix.heading = appendix.heading ? `${appendix.heading}\n${text}` : text;
      return;
    }
    this.takeBody(p, true);
  }

  // ---- header: issuer, số/ký hiệu, quốc hiệu, tiêu ngữ, place and date, V/v, kính gửi ----

  private takeHeader(p: Paragraph): boolean {
    const text = p.text;
    const add = (kind: DraftNode['kind'], label: string | null, rest: string): true => {
      this.header.children.push(node(kind, label, null, rest));
      this.seenTitle ||= kind === 'national_title' || kind === 'number';
      this.recipients = null;
      return true;
    };
    if (NUMBER_RE.test(text)) {
      const m = NUMBER_RE.exec(text)!;
      return add('number', m[0], text.slice(m[0].length).trim());
    }
    if (NATIONAL_TITLE_RE.test(text)) return add('national_title', null, text);
    if (MOTTO_RE.test(text)) return add('motto', null, text);
    // "***" or "-----" under the issuer: a decoration, kept where it is printed.
    if (!/[\p{L}\p{N}]/u.test(text)) return add('paragraph', null, text);
    if (ISSUED_WITH_RE.test(text)) return add('paragraph', null, text);
    if (isAllCaps(text) && DOCUMENT_TITLE_RE.test(text)) {
      add('title', null, text);
      this.seenTitle = true;
      this.titleOpen = true;
      this.titled = true;
      return true;
    }
    if (this.titleOpen) {
      this.titleOpen = false;
      if (!SUBJECT_RE.test(text) && !/^Căn cứ/iu.test(text) && !isAllCaps(text) && matchLabel(text) === null && !ADDRESSEE_RE.test(text)) {
        return add('title', null, text);
      }
    }
    if (PLACE_DATE_RE.test(text)) return add('place_date', null, text);
    if (SUBJECT_RE.test(text)) {
      const m = SUBJECT_RE.exec(text)!;
      return add('subject', m[0], text.slice(m[0].length).trim());
    }
    if (ADDRESSEE_RE.test(text)) {
      this.openList(this.header, 'recipients', ADDRESSEE_RE, text);
      return true;
    }
    if (this.takeListItem(text)) return true;
    if (isAllCaps(text) && matchLabel(text) === null) {
      // "QUYẾT ĐỊNH" / "Ban hành Quy chế …" / "ỦY BAN NHÂN DÂN TỈNH GIA LAI": who issues it, before the căn cứ.
      if (this.titled && AUTHORITY_RE.test(text)) {
        this.titled = false;
        return add('authority', null, text);
      }
      return add(this.seenTitle ? 'title' : 'issuer', null, text);
    }
    return false;
  }

  // ---- body: preamble paragraphs, then the clause tree ----

  private takeBody(p: Paragraph, inAppendix = false): boolean {
    const text = p.text;
    if (!inAppendix && (DISTRIBUTION_RE.test(text) || SIGNATURE_PREFIX_RE.test(text))) {
      this.quote = null;
      return false;
    }
    const label = matchLabel(text, this.lastLetter);
    if (this.quote && !(label && this.resumesAfterQuote(this.quote, label))) {
      this.takeQuoted(this.quote, text, label);
      return true;
    }
    this.quote = null;
    // "./." ends a letter's text; in a decree or circular it ends the last article, whose sentence it is.
    const endsLetter = !inAppendix && this.body.children.length > 0 && /\/\.$/u.test(text) && label === null && !this.insideArticle();
    if (endsLetter) return false;

    const holder = label && this.accepts(label) ? this.openClause(label) : this.appendText(text);
    if (holder) this.quote = openQuote(text, holder, this.stack[this.stack.length - 1]?.rank ?? 0);
    return true;
  }

  private insideArticle(): boolean {
    return this.stack.some((o) => o.node.kind === 'article');
  }

  /** A quotation holds its text, whatever labels it contains, until its closing mark. */
  private takeQuoted(quote: OpenQuote, text: string, label: Label | null): void {
    if (label) quote.noteLabel(label);
    const target = quote.holder;
    target.text = target.text ? `${target.text}\n${text}` : text;
    if (!quote.continueWith(text)) this.quote = null;
  }

  /**
   * A quotation left unclosed ends where the quoting structure clearly resumes: at a label the
   * document itself would take at the quoting clause's level or above, which does not continue
   * the numbering of the quoted text ("2." after a quoted "Điều 24. … 3.", or "Điều 2.").
   */
  private resumesAfterQuote(quote: OpenQuote, label: Label): boolean {
    return label.rank <= quote.rank && this.accepts(label) && !quote.continuedBy(label);
  }

  /** Numbered labels must continue their siblings' sequence, so a wrapped "2. " inside a sentence stays text. */
  private accepts(label: Label): boolean {
    // Articles are numbered through the whole law, across chapters, so their number is not checked.
    if (label.numbers.length === 0 || label.kind === 'article') return true;
    const parent = this.parentFor(label.rank);
    const prev = this.lastOfRank.get(parent ? parent.node : this.body)?.get(label.rank);
    const last = label.numbers[label.numbers.length - 1];
    const decimalParent = parent && (parent.node.kind === 'clause' || parent.node.kind === 'item');
    if (label.kind === 'item' && decimalParent && parent.numbers.length === label.numbers.length - 1) {
      const prefixMatches = parent.numbers.every((n, i) => n === label.numbers[i]);
      if (!prefixMatches) return false;
    }
    if (prev) return last === prev[prev.length - 1] + 1;
    if (label.kind === 'point' ? last === 0 : last === 1) return true;
    // A Roman "C." or "V." opening a sentence ("C. Mác") is no section: sections start at I (and A).
    if (label.rank === ROMAN_SECTION_RANK || label.rank === LETTER_SECTION_RANK) return false;
    const before = this.lastParagraph?.text ?? '';
    return endsSentence(before);
  }

  private parentFor(rank: number): Open | undefined {
    for (let i = this.stack.length - 1; i >= 0; i--) {
      if (this.stack[i].rank < rank) return this.stack[i];
    }
    return undefined;
  }

  /** Opens the clause and returns it: the node that holds the words after its label. */
  private openClause(label: Label): DraftNode {
    while (this.stack.length > 0 && this.stack[this.stack.length - 1].rank >= label.rank) this.stack.pop();
    const parent = this.stack[this.stack.length - 1];
    const clause = node(label.kind, label.label);
    const insideArticle = this.stack.some((o) => o.node.kind === 'article');
    if (['part', 'chapter', 'section', 'subsection', 'article'].includes(label.kind)) {
      const heading = label.rest.replace(/^[.:\-–]\s*/u, '');
      // "I. QUAN ĐIỂM:" reads as the title "QUAN ĐIỂM", as "2. Công an tỉnh:" does.
      clause.heading = (label.rank === ROMAN_SECTION_RANK || label.rank === LETTER_SECTION_RANK ? heading.replace(/\s*:$/u, '') : heading) || null;
      // "Chương 1:" with its title on the next line: the colon alone is no text, and the title still comes.
      if (label.rest && !clause.heading && !/^[.:\-–]$/u.test(label.rest)) clause.text = label.rest;
    } else if (
      (label.kind === 'clause' || label.kind === 'item') && !insideArticle &&
      /:$/u.test(label.rest) && label.rest.split(/\s+/u).length <= MAX_HEADING_WORDS
    ) {
      clause.heading = label.rest.slice(0, -1).trimEnd();
    } else {
      clause.text = label.rest;
    }
    const owner = parent ? parent.node : this.body;
    owner.children.push(clause);
    let last = this.lastOfRank.get(owner);
    if (!last) this.lastOfRank.set(owner, (last = new Map()));
    last.set(label.rank, label.numbers);
    this.stack.push({ node: clause, rank: label.rank, numbers: label.numbers });
    if (label.rank === LETTER_SECTION_RANK) this.lastLetter = label.numbers[0];
    return clause;
  }

  /** Adds the text to the open clause and returns it, or to the preamble (then null). */
  private appendText(text: string): DraftNode | null {
    const top = this.stack[this.stack.length - 1];
    if (!top) {
      this.preamble.children.push(node('paragraph', null, null, text));
      return null;
    }
    const target = top.node;
    // A heading-only part (Chương, Mục) takes the next capitals as its title.
    const titled = ['part', 'chapter', 'section', 'subsection'].includes(target.kind);
    if (titled && target.heading === null && target.text === '' && target.children.length === 0) {
      target.heading = text;
      return target;
    }
    if (target.children.length > 0) {
      // Text after a node's children, with no label of its own, still belongs to that node.
      target.text = target.text ? `${target.text}\n${text}` : text;
      return target;
    }
    const joinAsWrap = target.text !== '' && !endsSentence(this.lastParagraph?.text ?? '');
    target.text = target.text === '' ? text : `${target.text}${joinAsWrap ? ' ' : '\n'}${text}`;
    return target;
  }

  /** "Kính gửi:" or "Nơi nhận:" opens a list; words after the colon are its first entry. */
  private openList(parent: DraftNode, kind: 'recipients' | 'distribution', re: RegExp, text: string): void {
    const m = re.exec(text)!;
    const list = node(kind, m[0].trim());
    const inline = text.slice(m[0].length).trim();
    if (inline) list.children.push(node('recipient', null, null, inline));
    parent.children.push(list);
    this.recipients = list;
  }

  private takeListItem(text: string): boolean {
    const m = this.recipients ? (DASH_RE.exec(text) ?? PLUS_RE.exec(text)) : null;
    if (!this.recipients || !m) return false;
    this.recipients.children.push(node('recipient', m[0], null, text.slice(m[0].length).trim()));
    return true;
  }

  // ---- closing: closing sentence, nơi nhận, signature block ----

  private takeClosing(p: Paragraph): void {
    const text = p.text;
    if (DISTRIBUTION_RE.test(text)) {
      this.openList(this.closing, 'distribution', DISTRIBUTION_RE, text);
      this.signature = null;
      return;
    }
    if (this.takeListItem(text)) return;
    if (SIGNATURE_PREFIX_RE.test(text) || isAllCaps(text) || (this.signature && !this.signatureNamed && looksLikeName(text))) {
      if (!this.signature || SIGNATURE_PREFIX_RE.test(text)) {
        this.signature = node('signature');
        this.signatureNamed = false;
        this.signaturePositioned = false;
        this.closing.children.push(this.signature);
      }
      for (const line of p.lines) {
        if (isAllCaps(line) && SIGNER_POSITION_RE.test(line)) this.signaturePositioned = true;
        else if (!isAllCaps(line) && !SIGNATURE_PREFIX_RE.test(line) && looksLikeName(line)) this.signatureNamed = true;
      }
      // Appended, never re-joined: a closing of many capital lines would otherwise be copied once per line.
      const lines = p.lines.join('\n');
      this.signature.text = this.signature.text ? `${this.signature.text}\n${lines}` : lines;
      if (!isAllCaps(text) && !SIGNATURE_PREFIX_RE.test(text)) this.signatureNamed = true;
      this.recipients = null;
      return;
    }
    this.recipients = null;
    this.closing.children.push(node('paragraph', null, null, text));
  }
}

/** An appendix's own line: "PHỤ LỤC", "PHỤ LỤC I DANH MỤC …", "Phụ lục 02", never a sentence that names one. */
function startsAppendix(text: string): boolean {
  const m = APPENDIX_RE.exec(text);
  if (!m) return false;
  const rest = text.slice(m[0].length).trim();
  return rest === '' || isAllCaps(rest) || /^[.:–-]/u.test(rest) || /^\((?:Ban hành\s+)?kèm theo/iu.test(rest);
}

function looksLikeName(text: string): boolean {
  const parts = text.split(/\s+/u);
  return parts.length >= 2 && parts.length <= 7 && parts.every((w) => /^\p{Lu}/u.test(w));
}

/** The quotation a paragraph leaves open, with the labels right after its opening mark noted. */
function openQuote(text: string, holder: DraftNode, rank: number): OpenQuote | null {
  const { depth, openedAt } = scanQuotes(text, 0);
  if (depth === 0) return null;
  const quote = new OpenQuote(holder, rank, depth);
  const quoted = matchLabel(text.slice(openedAt + 1).trim());
  if (quoted) quote.noteLabel(quoted);
  return quote;
}
