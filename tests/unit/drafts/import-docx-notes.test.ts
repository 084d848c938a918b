import { bodyOf, pickDraft, words, wordsOfNodes } from '../../../src/drafts/clause-tree';
import { importDraft } from '../../../src/drafts/import';
import { runCli } from '../../../src/cli';
import { abstractNum, note, noteReference, num, p, rawDocx } from '../../fixtures/raw-docx';
import { LAW_FOOTNOTES, footnotedLawDocx } from '../../fixtures/make-docx';
import { tempFiles } from '../../fixtures/temp-files';
import { resaveDocx } from '../../helpers/libreoffice';

const files = tempFiles();
afterAll(files.cleanup);

const SEPARATORS = note('footnote', -1, '', 'separator') + note('footnote', 0, '', 'continuationSeparator');
const cited = (text: string, ...references: string[]): string =>
  `<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr><w:r><w:t xml:space="preserve">${text}</w:t></w:r>${references.join('')}</w:p>`;

const lawWithNotes = () =>
  rawDocx({
    numbering: abstractNum(0, [{ fmt: 'decimal', text: '%1.' }]) + num(1, 0),
    body:
      `<w:p><w:r><w:t>Điều 1. Phạm vi điều chỉnh</w:t></w:r>${noteReference('endnote', 1)}</w:p>` +
      cited('Theo Nghị định số 72/2013/NĐ-CP.', noteReference('footnote', 2)) +
      cited('Doanh nghiệp cung cấp dịch vụ', noteReference('footnote', 3), '<w:r><w:t xml:space="preserve"> Internet và đại lý.</w:t></w:r>', noteReference('footnote', 4, '*')) +
      cited('Cơ quan quản lý nhà nước.'),
    footnotes:
      SEPARATORS +
      note('footnote', 2, 'Đã được sửa đổi, bổ sung bởi Nghị định số 27/2018/NĐ-CP.') +
      note('footnote', 3, 'Gồm doanh nghiệp viễn thông.') +
      note('footnote', 4, 'Theo Luật Viễn thông.'),
    endnotes: note('endnote', 1, 'Ghi chú cuối văn bản.'),
  });

describe('DOCX footnotes and endnotes', () => {
  it('when a khoản cites footnotes then the khoản keeps each note with its mark as Word shows it, and its text no marker', async () => {
    const { result } = await importDraft(files.write('notes.docx', await lawWithNotes()));
    const [article] = bodyOf(pickDraft(result)!);
    expect(article.children.map((c) => [c.label, c.text, c.footnotes])).toEqual([
      ['1.', 'Theo Nghị định số 72/2013/NĐ-CP.', [{ mark: '1', text: 'Đã được sửa đổi, bổ sung bởi Nghị định số 27/2018/NĐ-CP.' }]],
      ['2.', 'Doanh nghiệp cung cấp dịch vụ Internet và đại lý.*', [{ mark: '2', text: 'Gồm doanh nghiệp viễn thông.' }, { mark: '*', text: 'Theo Luật Viễn thông.' }]],
      ['3.', 'Cơ quan quản lý nhà nước.', undefined],
    ]);
  });

  it('when an article title cites an endnote then the article keeps it as an endnote marked i', async () => {
    const { result } = await importDraft(files.write('endnote.docx', await lawWithNotes()));
    const [article] = bodyOf(pickDraft(result)!);
    expect(article).toMatchObject({ label: 'Điều 1.', heading: 'Phạm vi điều chỉnh', endnotes: [{ mark: 'i', text: 'Ghi chú cuối văn bản.' }] });
    expect(article.footnotes).toBeUndefined();
  });

  it('when a DOCX has notes then no word of them is lost: the tree holds every word of the text, the notes included', async () => {
    const { result, text } = await importDraft(files.write('words.docx', await lawWithNotes()));
    expect(text).toContain('Gồm doanh nghiệp viễn thông.');
    expect(text).not.toMatch(/[\u{F0000}-\u{FFFFD}]/u);
    const sorted = (a: string[]): string[] => [...a].sort();
    const notesUnmarked = text.replace(/^(?:\d+|[ivx]+|\*) /gmu, '');
    expect(sorted(wordsOfNodes(result.documents))).toEqual(sorted(words(notesUnmarked)));
  });

  it('when one footnote is cited many times and a hostile footnotes.xml holds many notes then the import stays quick and whole', async () => {
    const many = Array.from({ length: 5000 }, (_, i) => note('footnote', i + 1, `chú thích ${i + 1}`)).join('');
    const body = p('Điều 1. Phạm vi') + cited('Nội dung', ...Array.from({ length: 2000 }, () => noteReference('footnote', 7)));
    const started = Date.now();
    const { result } = await importDraft(files.write('many.docx', await rawDocx({ numbering: abstractNum(0, [{ fmt: 'decimal', text: '%1.' }]) + num(1, 0), body, footnotes: many })));
    const clause = bodyOf(pickDraft(result)!)[0].children[0];
    expect(clause.footnotes).toHaveLength(2000);
    expect(clause.footnotes![1999]).toEqual({ mark: '2000', text: 'chú thích 7' });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('when gopy parse reads a DOCX with footnotes then it prints them on the clause that cites them', async () => {
    let stdout = '';
    const code = await runCli(['parse', files.write('cli-notes.docx', await lawWithNotes())], { log: (s) => (stdout += s), error: () => undefined });
    expect(code).toBe(0);
    const out = JSON.parse(stdout) as { clauses: { children: { label: string; footnotes?: unknown }[] }[] };
    expect(out.clauses[0].children[0]).toMatchObject({ label: '1.', footnotes: [{ mark: '1', text: 'Đã được sửa đổi, bổ sung bởi Nghị định số 27/2018/NĐ-CP.' }] });
    expect(out.clauses[0].children[2]).not.toHaveProperty('footnotes');
  });

  it('when the docx package and LibreOffice save Word footnotes then each khoản keeps its own', async () => {
    const written = await footnotedLawDocx();
    const { resaved } = await resaveDocx({ resaved: written });
    for (const [name, data] of Object.entries({ written, resaved })) {
      const [article] = bodyOf(pickDraft((await importDraft(files.write(`footnoted-${name}.docx`, data))).result)!);
      expect(article.children.map((c) => [c.label, c.text, c.footnotes])).toEqual(
        LAW_FOOTNOTES.map((text, i) => [`${i + 1}.`, `Nội dung khoản ${i + 1}.`, [{ mark: `${i + 1}`, text }]]),
      );
    }
  }, 120_000);
});
