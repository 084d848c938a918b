import path from 'node:path';
import { bodyOf, pickDraft, walk, wordsOfNodes, type DraftNode } from '../../../src/drafts/clause-tree';
import { importDraft, type ImportedDraft } from '../../../src/drafts/import';
import { seedDraftParagraphs } from '../../fixtures/make-docx';
import { seedDraft } from '../../fixtures/seed-draft';

const PDF = path.join(__dirname, '../../fixtures/du-thao-532.pdf');
const sorted = (a: string[]): string[] => [...a].sort();
/**
 * A PDF cannot tell a sentence that ends a visual line inside a paragraph from one that ends the
 * paragraph, so such a break may come back as a line break rather than a space (8.1. here).
 */
const sameWords = (nodes: DraftNode[]): unknown[] =>
  nodes.map((n) => ({ kind: n.kind, label: n.label, heading: n.heading, text: n.text.replace(/\s+/gu, ' '), children: sameWords(n.children) }));

describe('importDraft on the seed draft printed to PDF (narrow column, page numbers, stamp box)', () => {
  let imported: ImportedDraft;
  let body: DraftNode[];
  beforeAll(async () => {
    imported = await importDraft(PDF);
    body = bodyOf(pickDraft(imported.result)!);
  });

  it('when read then every paragraph arrives wrapped over several visual lines', () => {
    expect(imported.kind).toBe('pdf');
    expect(imported.text.split('\n').length).toBeGreaterThan(3 * seedDraftParagraphs().length);
  });

  it('when parsed then the wrapped lines re-join into the seed draft tree: sections 1.–9. and their items', () => {
    expect(body.map((n) => n.label)).toEqual(['1.', '2.', '3.', '4.', '5.', '6.', '7.', '8.', '9.']);
    expect(sameWords(body)).toEqual(sameWords(bodyOf(seedDraft())));
  });

  it('when parsed then page numbers and the stamp are metadata, never text of a node', () => {
    expect(imported.result.version).toBe(1);
    expect(imported.result.stamp).toEqual(['Dự thảo', 'lần 1']);
    expect(imported.result.pageNumbers.length).toBeGreaterThanOrEqual(3);
    expect(imported.result.pageNumbers).toEqual(imported.result.pageNumbers.map((_, i) => String(i + 1)));
    for (const n of walk(body)) {
      expect(n.text).not.toMatch(/Dự thảo\s*lần/u);
      for (const page of imported.result.pageNumbers) expect(n.text).not.toMatch(new RegExp(`(^|\\s)${page}(\\s|$)`, 'u'));
    }
  });

  it('when parsed then the draft holds exactly the words of the seed draft', () => {
    expect(sorted(wordsOfNodes(imported.result.documents))).toEqual(sorted(wordsOfNodes([seedDraft()])));
  });
});
