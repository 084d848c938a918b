import { type DraftNode, walk } from '../../../src/drafts/clause-tree';
import { parseDraft } from '../../../src/drafts/parser';
import { EXPECTED, checkDocument, labelsFound } from '../../fixtures/corpus-check';
import { realText } from '../../fixtures/corpus-formats';

// The real documents of several parts: a decision followed by the regulation it issues (and
// appendices, PHỤ LỤC). Their expected counts are in expected.json with `parts: true`, read off the
// files by eye like the others.
const DOCUMENTS = EXPECTED.filter((d) => d.parts);
const titleOf = (doc: DraftNode): string =>
  [...walk(doc.children.filter((c) => c.kind === 'header'))].filter((n) => n.kind === 'title').map((n) => n.text).join(' ');

describe.each(DOCUMENTS.map((d) => [d.file, d] as const))('the real document %s', (file, doc) => {
  const text = realText(file);
  const result = parseDraft(text);

  it('when parsed then the decision has the expected labels at every level, in sequence', () => {
    expect(labelsFound({ ...result, documents: result.documents.slice(0, 1) })).toEqual(doc.labels);
  });

  it('when the decision issues a regulation then the regulation is a document of its own, with its title and labels', () => {
    expect(doc.issued).toBeDefined();
    const issued = result.documents[1];
    expect(titleOf(issued)).toBe(doc.issued!.title);
    expect(labelsFound({ ...result, documents: [issued] })).toEqual(doc.issued!.labels);
  });

  it('when parsed then no word of the file is lost or doubled', () => {
    const check = checkDocument(text, result);
    expect({ lost: check.lost, extra: check.extra }).toEqual({ lost: [], extra: [] });
  });
});
