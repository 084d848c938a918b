import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import JSZip from 'jszip';
import { type ParseResult } from '../../../src/drafts/clause-tree';
import { createDraftImporter } from '../../../src/drafts/import';
import { type DocumentCheck, EXPECTED, checkDocument, countsOf, countsText } from '../../fixtures/corpus-check';
import { FORMATS, type CorpusFiles, type CorpusFormat, buildCorpus, realText } from '../../fixtures/corpus-formats';
import { tempFiles } from '../../fixtures/temp-files';
import { ARTIFACTS } from '../../helpers/libreoffice';

// The real corpus (tests/fixtures/real, expected counts in expected.json read off the files by eye),
// each file imported through the portal's importer as TXT, DOCX (typed, Word numbering, re-saved by
// LibreOffice) and PDF (chromium, LibreOffice). Appendices and decisions with their regulation are
// in corpus-parts.test.ts.
const files = tempFiles();
afterAll(files.cleanup);

const DOCUMENTS = EXPECTED.filter((d) => !d.parts);
const WORKERS = 2;
const EXTENSION: Record<CorpusFormat, string> = {
  txt: 'txt', 'docx-typed': 'docx', 'docx-numbered': 'docx', 'docx-libreoffice': 'docx', 'pdf-chromium': 'pdf', 'pdf-libreoffice': 'pdf',
};

interface Row {
  file: string;
  shape: string;
  format: CorpusFormat;
  result: ParseResult;
  check: DocumentCheck;
  ms: number;
}

const rows = new Map<string, Row>();
const key = (file: string, format: CorpusFormat): string => `${file} ${format}`;
let corpus: CorpusFiles;

beforeAll(async () => {
  corpus = await buildCorpus(DOCUMENTS.map((d) => d.file));
  const importer = createDraftImporter({ workers: WORKERS, maxTextBytes: 5_000_000, maxClauses: 20_000 });
  const jobs = DOCUMENTS.flatMap((doc) => FORMATS.map((format) => ({ doc, format })));
  // Two at a time, as many as the importer's workers, so that each time is the import's own, not a wait.
  const next = async (): Promise<void> => {
    for (let job = jobs.shift(); job; job = jobs.shift()) {
      const { doc, format } = job;
      const file = files.write(`${doc.file.replace(/\.txt$/u, '')}.${format}.${EXTENSION[format]}`, corpus.files[format][doc.file]);
      const start = Date.now();
      const imported = await importer.importDraft(file);
      const ms = Date.now() - start;
      rows.set(key(doc.file, format), { file: doc.file, shape: doc.shape, format, result: imported.result, check: checkDocument(realText(doc.file), imported.result), ms });
    }
  };
  await Promise.all(Array.from({ length: WORKERS }, next));
  writeTable();
}, 120_000);

function writeTable(): void {
  const lines = [
    '| document | shape | format | expected | found | min article recall | lost / extra words | import ms |',
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const doc of DOCUMENTS) {
    for (const format of FORMATS) {
      const row = rows.get(key(doc.file, format))!;
      const recalls = [...row.check.articleRecall.values()];
      const minRecall = recalls.length ? `${(Math.min(...recalls) * 100).toFixed(1)} %` : '—';
      const expected = countsText(countsOf(doc.labels));
      const found = countsText(countsOf(row.check.labels));
      lines.push(`| ${doc.file} | ${doc.shape} | ${format} | ${expected} | ${found === expected ? '=' : found} | ${minRecall} | ${row.check.lost.length} / ${row.check.extra.length} | ${row.ms} |`);
    }
  }
  lines.push('', `Build (whole corpus): ${FORMATS.map((f) => `${f} ${corpus.buildMs[f]} ms`).join(', ')}`);
  const table = lines.join('\n');
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(path.join(ARTIFACTS, 'corpus.md'), `${table}\n`);
  console.log(table);
}

describe('the corpus in Word', () => {
  const numberedParagraphs = async (docx: Buffer): Promise<number> => {
    const xml = await (await JSZip.loadAsync(docx)).file('word/document.xml')!.async('string');
    return xml.split('<w:numPr>').length - 1;
  };

  it('when built with Word numbering then every khoản and item of the text is a numbered paragraph, before and after LibreOffice saves it', async () => {
    for (const doc of DOCUMENTS) {
      const numbered = (doc.labels.clause?.length ?? 0) + (doc.labels.item?.length ?? 0) + (doc.labels.point?.length ?? 0);
      expect([doc.file, await numberedParagraphs(corpus.files['docx-numbered'][doc.file])]).toEqual([doc.file, numbered]);
      expect([doc.file, await numberedParagraphs(corpus.files['docx-libreoffice'][doc.file])]).toEqual([doc.file, numbered]);
      expect([doc.file, await numberedParagraphs(corpus.files['docx-typed'][doc.file])]).toEqual([doc.file, 0]);
    }
  });
});

describe.each(DOCUMENTS.map((d) => [d.file, d] as const))('the real document %s', (file, doc) => {
  describe.each(FORMATS.map((f) => [f] as const))('imported as %s', (format) => {
    const row = (): Row => rows.get(key(file, format))!;

    it('when parsed then it has the expected labels at every level, in sequence', () => {
      expect(row().check.labels).toEqual(doc.labels);
    });

    it('when parsed then every article keeps at least 99 % of its own words', () => {
      for (const [label, share] of row().check.articleRecall) expect([label, share >= 0.99]).toEqual([label, true]);
    });

    it('when parsed then no word of the file is lost or doubled', () => {
      expect({ lost: row().check.lost, extra: row().check.extra }).toEqual({ lost: [], extra: [] });
    });
  });
});
