import { bodyOf, childOfKind, draftParts, partClauses, walk, words, wordsOfNodes, type DraftNode } from '../../../src/drafts/clause-tree';
import { importDraft } from '../../../src/drafts/import';
import { runCli } from '../../../src/cli';
import { PARTS_COMMENT, PARTS_FOOTNOTES, PARTS_TABLE, decisionWithRegulationDocx } from '../../fixtures/make-parts-docx';
import { tempFiles } from '../../fixtures/temp-files';
import { resaveDocx } from '../../helpers/libreoffice';

const files = tempFiles();
afterAll(files.cleanup);

const find = (nodes: readonly DraftNode[], pred: (n: DraftNode) => boolean): DraftNode | undefined => [...walk(nodes)].find(pred);

describe('a DOCX decision with the regulation it issues, an appendix table, footnotes and a comment', () => {
  let written: Buffer;
  let resaved: Buffer;
  beforeAll(async () => {
    written = await decisionWithRegulationDocx();
    resaved = (await resaveDocx({ resaved: written })).resaved;
  }, 120_000);

  it.each([['written by the docx package', () => written], ['re-saved by LibreOffice', () => resaved]])(
    'when it is %s then both parts are documents in order, the signature keeps neither the regulation header nor Chương I, and the appendix holds the table',
    async (name, data) => {
      const { result } = await importDraft(files.write(`parts-${name.split(' ')[0]}.docx`, data()));
      const parts = draftParts(result);
      expect(parts).toHaveLength(2);
      const [decision, regulation] = parts as [DraftNode, DraftNode];
      expect(bodyOf(decision).map((n) => n.label)).toEqual(['Điều 1.', 'Điều 2.', 'Điều 3.']);
      const signature = childOfKind(childOfKind(decision, 'closing')!, 'signature')!;
      expect(signature.text).toBe('TM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH');
      const header = childOfKind(regulation, 'header')!.children.map((n) => [n.kind, n.text]);
      expect(header).toEqual([
        ['issuer', 'ỦY BAN NHÂN DÂN TỈNH GIA LAI'],
        ['national_title', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM'],
        ['motto', 'Độc lập - Tự do - Hạnh phúc'],
        ['title', 'QUY CHẾ'],
        ['title', 'Quản lý, cung cấp, sử dụng dịch vụ Internet trên địa bàn tỉnh Gia Lai'],
        ['paragraph', '(Ban hành kèm theo Quyết định số /2026/QĐ-UBND ngày tháng năm 2026 của Ủy ban nhân dân tỉnh Gia Lai)'],
      ]);
      const body = bodyOf(regulation);
      expect(body.map((n) => [n.kind, n.label])).toEqual([['chapter', 'Chương I'], ['appendix', 'PHỤ LỤC 1']]);
      const appendix = body[1]!;
      expect(appendix).toMatchObject({ heading: 'DANH SÁCH DOANH NGHIỆP CUNG CẤP DỊCH VỤ INTERNET', text: '(Kèm theo Quy chế ban hành tại Quyết định số /2026/QĐ-UBND)', rows: PARTS_TABLE });

      expect(bodyOf(decision)[0]!.footnotes).toEqual([{ mark: '1', text: PARTS_FOOTNOTES[0] }]);
      const article2 = find(body, (n) => n.label === 'Điều 2.')!;
      expect(article2.text).toBe('Quy chế này áp dụng đối với doanh nghiệp cung cấp dịch vụ Internet và đại lý Internet trên địa bàn tỉnh.');
      expect(article2.footnotes).toEqual([{ mark: '2', text: PARTS_FOOTNOTES[1] }]);
      expect(article2.comments).toEqual([PARTS_COMMENT]);
      expect([...walk(result.documents)].filter((n) => n.comments)).toHaveLength(1);
    },
    60_000,
  );

  it('when it is read then no word is lost: every word of the text is in exactly one node, notes and table cells included', async () => {
    const { result, text } = await importDraft(files.write('parts-words.docx', written));
    const sorted = (a: string[]): string[] => [...a].sort();
    // The readable text has the notes after the text, each opened by its mark.
    const unmarked = text.replace(/^\d+ (?=[A-ZĐ])/gmu, '');
    expect(sorted(wordsOfNodes(result.documents))).toEqual(sorted(words(unmarked)));
    expect(text).not.toContain(PARTS_COMMENT.text);
  });

  it('when gopy parse reads it then the default output holds both parts and the appendix with its rows, as the portal stores them', async () => {
    let stdout = '';
    expect(await runCli(['parse', files.write('parts-cli.docx', written)], { log: (s) => (stdout += s), error: () => undefined })).toBe(0);
    const out = JSON.parse(stdout) as { clauses: { kind: string; label: string | null; heading: string | null; children: { kind: string; label: string; rows?: string[][] }[] }[] };
    expect(out.clauses.map((c) => [c.kind, c.label])).toEqual([['article', 'Điều 1.'], ['article', 'Điều 2.'], ['article', 'Điều 3.'], ['attached_document', 'QUY CHẾ']]);
    expect(out.clauses[3]!.heading).toBe('Quản lý, cung cấp, sử dụng dịch vụ Internet trên địa bàn tỉnh Gia Lai');
    expect(out.clauses[3]!.children.map((c) => [c.kind, c.label])).toEqual([['chapter', 'Chương I'], ['appendix', 'PHỤ LỤC 1']]);
    expect(out.clauses[3]!.children[1]!.rows).toEqual(PARTS_TABLE);
    const { result } = await importDraft(files.write('parts-same.docx', written));
    expect(JSON.parse(JSON.stringify(partClauses(draftParts(result)).map((c) => c.label)))).toEqual(out.clauses.map((c) => c.label));
  });
});
