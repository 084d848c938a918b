import { bodyOf, childOfKind, pickDraft, walk, words, wordsOfNodes, type DraftNode } from '../../../src/drafts/clause-tree';
import { importDraft, type ImportedDraft } from '../../../src/drafts/import';
import { parseDraft } from '../../../src/drafts/parser';
import { LAW_ARTICLES, lawDocx, multilevelLawDocx, seedDraftDocx, seedDraftParagraphs } from '../../fixtures/make-docx';
import { seedDraft } from '../../fixtures/seed-draft';
import { tempFiles } from '../../fixtures/temp-files';
import { resaveDocx } from '../../helpers/libreoffice';

const files = tempFiles();
afterAll(files.cleanup);

const labels = (nodes: DraftNode[]): unknown[] => nodes.map((n) => (n.children.length ? [n.label, labels(n.children)] : n.label));
const sorted = (a: string[]): string[] => [...a].sort();
const headerKinds = (doc: DraftNode): string[] => sorted(childOfKind(doc, 'header')!.children.map((c) => c.kind));

describe('the fixture of the seed draft typed as paragraphs', () => {
  it('when parsed one paragraph per line then it gives the seed draft body and closing exactly', () => {
    const result = parseDraft(seedDraftParagraphs().join('\n'), { paragraphs: true });
    const draft = pickDraft(result)!;
    expect(bodyOf(draft)).toEqual(bodyOf(seedDraft()));
    expect(childOfKind(draft, 'closing')).toEqual(childOfKind(seedDraft(), 'closing'));
    expect(result.version).toBe(1);
  });
});

describe('importDraft on the seed draft as DOCX', () => {
  let typed: ImportedDraft;
  let automatic: ImportedDraft;
  beforeAll(async () => {
    typed = await importDraft(files.write('typed.docx', await seedDraftDocx('typed')));
    automatic = await importDraft(files.write('automatic.docx', await seedDraftDocx('automatic')));
  });

  it('when the labels are typed then the tree is the seed draft tree', () => {
    expect(typed.kind).toBe('docx');
    const draft = pickDraft(typed.result)!;
    expect(labels(bodyOf(draft))).toEqual(labels(bodyOf(seedDraft())));
    expect(bodyOf(draft)).toEqual(bodyOf(seedDraft()));
  });

  it('when the labels come from Word automatic numbering then they are the same as typed', () => {
    expect(automatic.text).toContain('\n1.1. Tăng cường công tác quản lý nhà nước');
    expect(automatic.text).toContain('\n9.4. Hướng dẫn các đại lý Internet');
    expect(automatic.result.documents).toEqual(typed.result.documents);
  });

  it('when the header is a two-column table then each cell paragraph is read as a line of the header', () => {
    const draft = pickDraft(automatic.result)!;
    expect(headerKinds(draft)).toEqual(headerKinds(seedDraft()));
    expect(childOfKind(childOfKind(draft, 'header')!, 'number')?.text).toBe('/UBND-KGVX');
  });

  it('when imported then the stamp becomes the version and no word is lost or doubled', () => {
    expect(automatic.result.version).toBe(1);
    expect(automatic.result.stamp).toEqual(['Dự thảo lần 1']);
    expect(automatic.result.pageNumbers).toEqual([]);
    const draft = pickDraft(automatic.result)!;
    expect(sorted(wordsOfNodes([draft]))).toEqual(sorted(wordsOfNodes([seedDraft()])));
    const stamp = words(automatic.result.stamp.join(' '));
    expect(sorted([...wordsOfNodes(automatic.result.documents), ...stamp])).toEqual(sorted(words(automatic.text)));
  });
});

const LAW_LABELS = [
  ['Điều 1.', ['1.', ['2.', ['a)', 'b)', 'c)', 'd)', 'đ)', 'e)', 'g)']]]],
  ['Điều 2.', ['1.', ['2.', ['a)', 'b)']], '3.']],
  ['Điều 3.', ['1.', '2.']],
];

describe('importDraft on a law-shaped DOCX with automatic khoản and điểm', () => {
  let body: DraftNode[];
  beforeAll(async () => {
    const { result } = await importDraft(files.write('law.docx', await lawDocx()));
    body = bodyOf(pickDraft(result)!);
  });

  it('when each Điều has its own list then khoản restart at 1. in every Điều', () => {
    expect(labels(body)).toEqual(LAW_LABELS);
  });

  it('when điểm are numbered lowerLetter then they follow the Vietnamese order, đ after d and no f', () => {
    const points = [...walk(body)].filter((n) => n.kind === 'point');
    expect(points.map((n) => n.label)).not.toContain('f)');
    expect(points.map((n) => n.text)).toEqual(LAW_ARTICLES.flatMap((a) => a.clauses.flatMap((c) => c.points)));
  });

  it('when imported then each khoản keeps its text and the Điều its title', () => {
    expect(body[0]).toMatchObject({ kind: 'article', heading: 'Phạm vi điều chỉnh' });
    expect(body[1].children.map((c) => c.text)).toEqual(LAW_ARTICLES[1].clauses.map((c) => c.text));
  });
});

describe('importDraft on laws numbered by Word lists, as the docx package and LibreOffice save them', () => {
  const bodies: Record<string, DraftNode[]> = {};
  beforeAll(async () => {
    const written = { perArticle: await lawDocx(), multilevel: await multilevelLawDocx(), seed: await seedDraftDocx('automatic') };
    const resaved = await resaveDocx(written);
    for (const [writer, docs] of Object.entries({ docx: written, libreoffice: resaved })) {
      for (const [name, data] of Object.entries(docs)) {
        bodies[`${writer}/${name}`] = bodyOf(pickDraft((await importDraft(files.write(`${writer}-${name}.docx`, data))).result)!);
      }
    }
  }, 120_000);

  it.each(['docx', 'libreoffice'])('when %s saved one list per Điều then every khoản and điểm keeps its number', (writer) => {
    expect(labels(bodies[`${writer}/perArticle`])).toEqual(LAW_LABELS);
  });

  it.each(['docx', 'libreoffice'])('when %s saved one multilevel list whose first level is "Điều %%1." then its levels are articles, khoản and điểm', (writer) => {
    const body = bodies[`${writer}/multilevel`];
    expect(labels(body)).toEqual(LAW_LABELS);
    expect(body.map((a) => a.heading)).toEqual(LAW_ARTICLES.map((a) => a.title));
    expect([...walk(body)].filter((n) => n.kind === 'point').map((n) => n.text)).toEqual(LAW_ARTICLES.flatMap((a) => a.clauses.flatMap((c) => c.points)));
  });

  it('when LibreOffice saved the seed draft with automatic sections then its sections are those Word shows', () => {
    expect(bodies['libreoffice/seed']).toEqual(bodies['docx/seed']);
    expect(bodies['libreoffice/seed']).toEqual(bodyOf(seedDraft()));
  });
});
