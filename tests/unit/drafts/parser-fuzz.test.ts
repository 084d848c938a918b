import fc from 'fast-check';
import { type ClauseKind, type DraftNode, bodyOf, node } from '../../../src/drafts/clause-tree';
import { POINT_LETTERS } from '../../../src/drafts/labels';
import { parseDraft } from '../../../src/drafts/parser';

// Random documents built from the shapes of real drafts — Phần, Chương, Mục, Tiểu mục, Điều, khoản,
// 1.1. items (some typed "1.2 Xây dựng" without the last dot), a) points, - and + dashes, Roman and
// capital-letter sections, quoted articles with labels inside — are rendered to text, then parsed:
// the tree must be exactly the one they were built from.

const WORDS = ['cơ', 'quan', 'thực', 'hiện', 'báo', 'cáo', 'kinh', 'phí', 'tỉnh', 'đơn', 'vị', 'kế', 'hoạch', 'và', 'các', 'trên', 'địa', 'bàn', 'theo', 'quy', 'định', 'dự', 'thảo', 'văn', 'bản', 'góp', 'ý', 'năm', 'huyện', 'xã'];
const FIRST = ['Sở', 'Ủy', 'Bộ', 'Tổ', 'Rà', 'Xây', 'Bảo', 'Công', 'Tăng', 'Kiểm', 'Hướng', 'Phối'];
const CAPS = ['QUY ĐỊNH CHUNG', 'MỤC TIÊU, YÊU CẦU', 'NHIỆM VỤ', 'TỔ CHỨC THỰC HIỆN', 'KẾT QUẢ ĐẠT ĐƯỢC', 'GIẢI PHÁP', 'ĐIỀU KHOẢN THI HÀNH'];
const TITLES = ['Phạm vi điều chỉnh', 'Đối tượng áp dụng', 'Hiệu lực thi hành', 'Trách nhiệm thi hành', 'Giải thích từ ngữ', 'Mục tiêu', 'Yêu cầu'];

interface Sentence {
  words: string[];
  end: string;
  /** Where the text wraps onto a second line, as a word index (0: one line). */
  wrap: number;
}

const sentence: fc.Arbitrary<Sentence> = fc.record({
  words: fc.tuple(fc.constantFrom(...FIRST), fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 14 })).map(([f, rest]) => [f, ...rest]),
  end: fc.constantFrom('.', ';'),
  wrap: fc.nat(20),
});
const caps = fc.constantFrom(...CAPS);
const title = fc.constantFrom(...TITLES);

const textOf = (s: Sentence): string => `${s.words.join(' ')}${s.end}`;
/** Marks a line that goes on the line before it, for the rendering one paragraph a line. */
const WRAPPED = '\u0000';
/** The sentence's lines: the second starts with a lowercase word, so only a re-join can give the sentence back. */
function linesOf(label: string, s: Sentence): string[] {
  const words = [...(label ? [label] : []), ...s.words];
  const at = s.wrap === 0 || s.words.length < 3 ? 0 : words.length - s.words.length + 1 + (s.wrap % (s.words.length - 1));
  if (at === 0) return [`${words.join(' ')}${s.end}`];
  return [words.slice(0, at).join(' '), `${WRAPPED}${words.slice(at).join(' ')}${s.end}`];
}

interface DashSpec { text: Sentence; plus: Sentence[] }
interface PointSpec { text: Sentence; dashes: DashSpec[] }
interface ItemSpec { text: Sentence; undotted: boolean; points: PointSpec[] }
type ClauseKids = { kind: 'none' } | { kind: 'points'; list: PointSpec[] } | { kind: 'items'; list: ItemSpec[] } | { kind: 'dashes'; list: DashSpec[] };
interface QuoteSpec { marks: string; title: string; clauses: Sentence[]; points: Sentence[] }
interface ClauseSpec { text: Sentence; heading: string | null; kids: ClauseKids; quote: QuoteSpec | null }
interface RomanSpec { title: string; body: { kind: 'text'; text: Sentence } | { kind: 'clauses'; clauses: ClauseSpec[] } }
interface ArticleSpec {
  title: string;
  lead: Sentence | null;
  body: { kind: 'text'; text: Sentence } | { kind: 'clauses'; clauses: ClauseSpec[] } | { kind: 'romans'; romans: RomanSpec[] };
}

const dash: fc.Arbitrary<DashSpec> = fc.record({ text: sentence, plus: fc.array(sentence, { maxLength: 2 }) });
const point: fc.Arbitrary<PointSpec> = fc.record({ text: sentence, dashes: fc.array(dash, { maxLength: 2 }) });
const item: fc.Arbitrary<ItemSpec> = fc.record({ text: sentence, undotted: fc.boolean(), points: fc.array(point, { maxLength: 3 }) });
const kids: fc.Arbitrary<ClauseKids> = fc.oneof(
  fc.constant({ kind: 'none' as const }),
  fc.array(point, { minLength: 1, maxLength: 7 }).map((list) => ({ kind: 'points' as const, list })),
  fc.array(item, { minLength: 1, maxLength: 3 }).map((list) => ({ kind: 'items' as const, list })),
  fc.array(dash, { minLength: 1, maxLength: 3 }).map((list) => ({ kind: 'dashes' as const, list })),
);
const quote: fc.Arbitrary<QuoteSpec> = fc.record({
  marks: fc.constantFrom('“”', '‘’'),
  title,
  clauses: fc.array(sentence, { minLength: 1, maxLength: 3 }),
  points: fc.array(sentence, { maxLength: 2 }),
});
/** In an article, a khoản may quote an amended article; in a letter or plan, one with children may have a heading "Title:". */
const clause = (inArticle: boolean): fc.Arbitrary<ClauseSpec> =>
  fc.record({
    text: sentence,
    heading: inArticle ? fc.constant(null) : fc.option(title, { freq: 3 }),
    kids,
    quote: inArticle ? fc.option(quote, { freq: 3 }) : fc.constant(null),
  });
const roman = (inArticle: boolean): fc.Arbitrary<RomanSpec> =>
  fc.record({
    title: caps,
    body: fc.oneof(
      sentence.map((text) => ({ kind: 'text' as const, text })),
      fc.array(clause(inArticle), { minLength: 1, maxLength: 3 }).map((clauses) => ({ kind: 'clauses' as const, clauses })),
    ),
  });
const article: fc.Arbitrary<ArticleSpec> = fc.record({
  title,
  lead: fc.option(sentence, { freq: 2 }),
  body: fc.oneof(
    sentence.map((text) => ({ kind: 'text' as const, text })),
    fc.array(clause(true), { minLength: 1, maxLength: 4 }).map((clauses) => ({ kind: 'clauses' as const, clauses })),
    fc.array(roman(true), { minLength: 1, maxLength: 2 }).map((romans) => ({ kind: 'romans' as const, romans })),
  ),
});
const articles = fc.array(article, { minLength: 1, maxLength: 3 });
const tieuMuc = fc.record({ title: caps, articles });
const muc = fc.record({ title: caps, body: fc.oneof(fc.array(tieuMuc, { minLength: 1, maxLength: 2 }).map((subs) => ({ subs })), articles.map((list) => ({ articles: list }))) });
const chapter = fc.record({ title: caps, body: fc.oneof(fc.array(muc, { minLength: 1, maxLength: 2 }).map((mucs) => ({ mucs })), articles.map((list) => ({ articles: list }))) });
type Chapter = typeof chapter extends fc.Arbitrary<infer T> ? T : never;
const law = fc.oneof(
  fc.array(fc.record({ title: caps, chapters: fc.array(chapter, { minLength: 1, maxLength: 2 }) }), { minLength: 1, maxLength: 2 }).map((parts) => ({ parts })),
  fc.array(chapter, { minLength: 1, maxLength: 3 }).map((chapters) => ({ chapters })),
  articles.map((list) => ({ articles: list })),
);
const romans = fc.array(roman(false), { minLength: 1, maxLength: 4 });
const plan = fc.oneof(
  fc.array(fc.record({ title: caps, romans }), { minLength: 1, maxLength: 2 }).map((parts) => ({ parts })),
  fc.array(fc.record({ title: caps, romans }), { minLength: 1, maxLength: 4 }).map((letters) => ({ letters })),
  romans.map((list) => ({ romans: list })),
);

const ROMAN_NUMERALS = ['I', 'II', 'III', 'IV', 'V', 'VI'];

/** Renders a spec to lines of text and, beside them, the tree the parser must find in them. */
class Renderer {
  readonly lines: string[] = [];
  private articleNumber = 0;

  private add(kind: ClauseKind, label: string, heading: string | null, text: string, children: DraftNode[] = []): DraftNode {
    const n = node(kind, label, heading, text);
    n.children = children;
    return n;
  }

  private textNode(kind: ClauseKind, label: string, s: Sentence, children: () => DraftNode[]): DraftNode {
    this.lines.push(...linesOf(label, s));
    return this.add(kind, label, null, textOf(s), children());
  }

  private dashes(list: DashSpec[]): DraftNode[] {
    return list.map((d) => this.textNode('dash', '-', d.text, () => d.plus.map((p) => this.textNode('dash', '+', p, () => []))));
  }

  private points(list: PointSpec[]): DraftNode[] {
    return list.map((p, i) => this.textNode('point', `${POINT_LETTERS[i]})`, p.text, () => this.dashes(p.dashes)));
  }

  private clauses(list: ClauseSpec[]): DraftNode[] {
    return list.map((c, i) => {
      const label = `${i + 1}.`;
      if (c.quote) return this.quoting(label, c.quote);
      const children = (): DraftNode[] => {
        if (c.kids.kind === 'points') return this.points(c.kids.list);
        if (c.kids.kind === 'dashes') return this.dashes(c.kids.list);
        if (c.kids.kind === 'items') {
          return c.kids.list.map((it, j) => {
            const itemLabel = it.undotted && j > 0 ? `${i + 1}.${j + 1}` : `${i + 1}.${j + 1}.`;
            return this.textNode('item', itemLabel, it.text, () => this.points(it.points));
          });
        }
        return [];
      };
      if (c.heading !== null && c.kids.kind !== 'none') {
        this.lines.push(`${label} ${c.heading}:`);
        return this.add('clause', label, c.heading, '', children());
      }
      return this.textNode('clause', label, c.text, children);
    });
  }

  /** A khoản that quotes a whole amended article: every quoted line is the khoản's text. */
  private quoting(label: string, q: QuoteSpec): DraftNode {
    const amended = 100 + this.articleNumber;
    const quoted = [
      `${q.marks[0]}Điều ${amended}. ${q.title}`,
      ...q.clauses.map((s, i) => `${i + 1}. ${textOf(s)}`),
      ...q.points.map((s, i) => `${POINT_LETTERS[i]}) ${textOf(s)}`),
    ];
    quoted[quoted.length - 1] += q.marks[1];
    const own = `Sửa đổi, bổ sung Điều ${amended} như sau:`;
    this.lines.push(`${label} ${own}`, ...quoted);
    return this.add('clause', label, null, [own, ...quoted].join('\n'));
  }

  private romans(list: RomanSpec[]): DraftNode[] {
    return list.map((r, i) => {
      const label = `${ROMAN_NUMERALS[i]}.`;
      this.lines.push(`${label} ${r.title}`);
      if (r.body.kind === 'text') {
        this.lines.push(...linesOf('', r.body.text));
        return this.add('section', label, r.title, textOf(r.body.text));
      }
      return this.add('section', label, r.title, '', this.clauses(r.body.clauses));
    });
  }

  articles(list: ArticleSpec[]): DraftNode[] {
    return list.map((a) => {
      const label = `Điều ${++this.articleNumber}.`;
      this.lines.push(`${label} ${a.title}`);
      if (a.body.kind === 'text') {
        this.lines.push(...linesOf('', a.body.text));
        return this.add('article', label, a.title, textOf(a.body.text));
      }
      let lead = '';
      if (a.lead) {
        this.lines.push(...linesOf('', a.lead));
        lead = textOf(a.lead);
      }
      const children = a.body.kind === 'clauses' ? this.clauses(a.body.clauses) : this.romans(a.body.romans);
      return this.add('article', label, a.title, lead, children);
    });
  }

  private titled(kind: ClauseKind, label: string, heading: string, inline: boolean, children: () => DraftNode[]): DraftNode {
    this.lines.push(...(inline ? [`${label} ${heading}`] : [label, heading]));
    return this.add(kind, label, heading, '', children());
  }

  chapters(list: Chapter[]): DraftNode[] {
    return list.map((c, i) =>
      this.titled('chapter', `Chương ${ROMAN_NUMERALS[i]}`, c.title, false, () =>
        'articles' in c.body
          ? this.articles(c.body.articles)
          : c.body.mucs.map((m, j) =>
              this.titled('section', `Mục ${j + 1}.`, m.title, true, () =>
                'articles' in m.body
                  ? this.articles(m.body.articles)
                  : m.body.subs.map((s, k) => this.titled('subsection', `Tiểu mục ${k + 1}.`, s.title, true, () => this.articles(s.articles))),
              ),
            ),
      ),
    );
  }

  law(spec: typeof law extends fc.Arbitrary<infer T> ? T : never): DraftNode[] {
    if ('parts' in spec) return spec.parts.map((p, i) => this.titled('part', `Phần ${ROMAN_NUMERALS[i]}`, p.title, false, () => this.chapters(p.chapters)));
    if ('chapters' in spec) return this.chapters(spec.chapters);
    return this.articles(spec.articles);
  }

  plan(spec: typeof plan extends fc.Arbitrary<infer T> ? T : never): DraftNode[] {
    if ('parts' in spec) return spec.parts.map((p, i) => this.titled('part', `Phần ${ROMAN_NUMERALS[i]}`, p.title, false, () => this.romans(p.romans)));
    if ('letters' in spec) return spec.letters.map((l, i) => this.titled('section', `${'ABCD'[i]}.`, l.title, true, () => this.romans(l.romans)));
    return this.romans(spec.romans);
  }
}

function expectParsedAsBuilt(render: (r: Renderer) => DraftNode[]): void {
  const renderer = new Renderer();
  const built = render(renderer);
  // As a TXT or a PDF gives it (wrapped lines to re-join), and as a DOCX does (one paragraph a line, none wrapped).
  expect(bodyOf(parseDraft(renderer.lines.map((l) => l.replace(WRAPPED, '')).join('\n')).documents[0])).toEqual(built);
  const paragraphs: string[] = [];
  for (const line of renderer.lines) {
    if (line.startsWith(WRAPPED)) paragraphs[paragraphs.length - 1] += ` ${line.slice(1)}`;
    else paragraphs.push(line);
  }
  expect(bodyOf(parseDraft(paragraphs.join('\n'), { paragraphs: true }).documents[0])).toEqual(built);
}

describe('random documents built from the shapes of real drafts', () => {
  it('when a law of Phần, Chương, Mục, Tiểu mục, Điều, khoản, items, points, dashes and quoted articles is rendered then it parses to the tree it was built from', () => {
    fc.assert(fc.property(law, (spec) => expectParsedAsBuilt((r) => r.law(spec))), { numRuns: 300 });
  });

  it('when a kế hoạch of Phần, A./B., Roman sections, khoản with headings, items (some without the last dot), points and dashes is rendered then it parses to the tree it was built from', () => {
    fc.assert(fc.property(plan, (spec) => expectParsedAsBuilt((r) => r.plan(spec))), { numRuns: 300 });
  });
});
