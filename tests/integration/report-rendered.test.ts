import request from 'supertest';
import { DOCX_TABLE_LAYOUT } from '../../src/reports/writers/docx';
import { renderReportDocx, renderReportHtml } from '../../src/reports/writers';
import { launchBrowser } from '../helpers/browser';
import type { ReportModel } from '../../src/reports/model';
import { giaLaiReportModel, largeReportModel, withPublicComments } from '../fixtures/report-model';
import { type TestApp, startTestApp } from '../helpers/app';
import { clauseIds, demoLinks } from '../helpers/agency';
import { at, day } from '../helpers/days';
import { docxToPdf, pdfPagesToPng } from '../helpers/libreoffice';
import { DEMO_OFFICE } from '../helpers/office';
import { holds, letters, lineText, type PdfLine, type PdfPage, pdfLayout, pdfLines } from '../helpers/pdf-layout';
import { type TestMailbox, createMailbox } from '../helpers/mailbox';
import { addStaff } from '../helpers/staff';

// The DOCX report as a reader sees it: rendered by LibreOffice, read back with pdfjs.
jest.setTimeout(180_000);

const NATION = 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM';
const MOTTO = 'Độc lập - Tự do - Hạnh phúc';
const twipsToPoints = (twips: number): number => twips / 20;

/** The last line whose letters hold `phrase` (the signature comes after any mention in the text). */
function lastLineHolding(lines: PdfLine[], phrase: string): PdfLine | undefined {
  return lines.filter((line) => holds(letters(lineText(line)), phrase)).at(-1);
}

/** The x range, in points, of the table's column `index` (0: STT, 1: the draft's wording). */
function columnRange(index: number): [number, number] {
  const start = DOCX_TABLE_LAYOUT.left + DOCX_TABLE_LAYOUT.columns.slice(0, index).reduce((a, b) => a + b, 0);
  return [twipsToPoints(start), twipsToPoints(start + DOCX_TABLE_LAYOUT.columns[index])];
}

/** What every rendering of a report must show, checked on the printed pages. */
function expectSignable(pages: PdfPage[], model: Pick<ReportModel, 'signature'> & { clauseTexts: string[] }): void {
  // The quốc hiệu stands on one line of the header's right block, the tiêu ngữ under it.
  const right = pdfLines(pages.slice(0, 1), (item, page) => item.x > page.width * 0.4);
  const nation = right.findIndex((line) => holds(letters(lineText(line)), NATION));
  expect(nation).toBeGreaterThanOrEqual(0);
  expect(holds(letters(lineText(right[nation + 1])), MOTTO)).toBe(true);

  // The signer's title and name on one page, and that page carries some of the table above them.
  const lines = pdfLines(pages);
  const title = lastLineHolding(lines, model.signature.title!)!;
  const name = lastLineHolding(lines, model.signature.name!)!;
  const received = lastLineHolding(lines, 'Nơi nhận')!;
  expect([title.page, received.page]).toEqual([name.page, name.page]);
  const [sttFrom, sttTo] = columnRange(0);
  const rowsAbove = pages[name.page - 1].items.filter((it) => it.y > received.y && /^\d+$/u.test(it.str.trim()) && it.x >= sttFrom && it.x < sttTo);
  expect(rowsAbove.length).toBeGreaterThan(0);

  // Nothing is cut short: no "…" anywhere, and the draft's column holds every clause's whole wording.
  expect(pages.flatMap((p) => p.items).filter((it) => it.str.includes('…'))).toEqual([]);
  const [clauseFrom, clauseTo] = columnRange(1);
  const clauseColumn = pages.flatMap((p) => p.items.filter((it) => it.x >= clauseFrom && it.x < clauseTo)).map((it) => it.str);
  expect(holds(letters(clauseColumn.join('')), model.clauseTexts.join(''))).toBe(true);
}

const clauseTextsOf = (model: ReportModel): string[] => [...new Map([...model.general, ...model.byClause].filter((r) => r.clause).map((r) => [r.clause!.id, r.clause!.text])).values()];

describe('the DOCX report as LibreOffice prints it', () => {
  let smtp: TestMailbox;
  let t: TestApp;

  beforeAll(async () => {
    smtp = createMailbox();
    t = await startTestApp({ transport: smtp.transport });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('when the demo consultation is reported then its printed pages could be signed as they are, and a PNG of each page is kept', async () => {
    const link = await demoLinks(t, smtp);
    const clause = await clauseIds(t, t.demoId!);
    const reply = async (agency: string, body: object) => {
      const as = { Authorization: `Bearer ${link(agency).split('/').at(-1)}` };
      await request(t.app).put('/api/v1/invitation/submission').set(as).send(body).expect(200);
      await request(t.app).post('/api/v1/invitation/submission/submit').set(as).expect(201);
    };
    await reply('Công an tỉnh', {
      comments: [
        { clauseId: clause('2.3.'), text: 'Đề nghị bổ sung cụm từ "và các hành vi vi phạm trên mạng xã hội" sau cụm từ "hành vi vi phạm".' },
        { clauseId: clause('6.'), text: 'Đề nghị làm rõ trách nhiệm phối hợp của Báo Gia Lai với Công an tỉnh.' },
      ],
      generalComment: 'Cơ bản thống nhất với nội dung dự thảo.',
      letter: { number: '123/CAT-PV05', date: day(1) },
    });
    await reply('Sở Giáo dục và Đào tạo', { comments: [{ clauseId: clause('8.2.'), text: 'Đề nghị bổ sung nội dung tuyên truyền trong trường học.' }], letter: { number: '678/SGDĐT-VP', date: day(2) } });
    await reply('Tỉnh đoàn Gia Lai', { agreeWithoutComments: true, letter: { number: '45/TĐTN-VP', date: day(2) } });

    t.clock.set(at(7, '09:00'));
    await addStaff(t, 'chuyenvien@gialai.example', { office: DEMO_OFFICE });
    const token = await t.deps.services.auth.createApiToken('chuyenvien@gialai.example');
    const api = (path: string) => request(t.app).get(path).set('Authorization', `Bearer ${token}`);
    const json = (await api(`/api/v1/consultations/${t.demoId}/report`).expect(200)).body as { rows: { clauseText: string | null }[]; office: { name: string } };
    const docx = await api(`/api/v1/consultations/${t.demoId}/report?format=docx`)
      .buffer(true)
      .parse((res, done) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => done(null, Buffer.concat(chunks)));
      })
      .expect(200);

    const { demo } = await docxToPdf({ demo: docx.body as Buffer });
    const pngs = await pdfPagesToPng(demo, 'report-docx-demo');
    console.log(`The demo report as LibreOffice prints it, one PNG a page:\n${pngs.join('\n')}`);
    const signature = (await t.deps.db.selectFrom('consultations').select(['signer_title', 'signer_name']).where('id', '=', t.demoId!).executeTakeFirstOrThrow());
    expectSignable(await pdfLayout(demo), {
      signature: { prefix: null, authority: null, title: signature.signer_title, name: signature.signer_name },
      clauseTexts: [...new Set(json.rows.map((r) => r.clauseText).filter((text): text is string => !!text))],
    });
    expect(pngs.length).toBeGreaterThan(1);
  });

  it('when the table ends anywhere on its last page then the signature stays whole, on a page with the table\'s last rows', async () => {
    const models: Record<string, ReportModel> = Object.fromEntries([0, 3, 5, 6, 7, 8, 9, 10, 11, 12].map((n) => [`n${n}`, n === 0 ? giaLaiReportModel() : largeReportModel(n)]));
    // Section III (public comments) then holds the table's last rows: the same rules, for a few sizes of it.
    for (const n of [0, 1, 4, 7]) models[`public${n}`] = withPublicComments(giaLaiReportModel(), n);
    const pdfs = await docxToPdf(Object.fromEntries(await Promise.all(Object.entries(models).map(async ([name, model]) => [name, await renderReportDocx(model)] as const))));
    for (const [name, model] of Object.entries(models)) {
      try {
        const pages = await pdfLayout(pdfs[name]);
        expectSignable(pages, { signature: model.signature, clauseTexts: clauseTextsOf(model) });
        if (model.publicComments) {
          const lines = pdfLines(pages).map((line) => letters(lineText(line)));
          expect(lines.some((line) => holds(line, 'III. Ý KIẾN CỦA TỔ CHỨC, CÁ NHÂN GÓP Ý TRÊN CỔNG THÔNG TIN'))).toBe(true);
          if (model.publicComments.groups.length) expect(lines.some((line) => holds(line, '(1.284 ý kiến có nội dung giống nhau)'))).toBe(true);
        }
      } catch (err) {
        await pdfPagesToPng(pdfs[name], `report-docx-${name}`);
        throw new Error(`${name}: ${(err as Error).message}`);
      }
    }
  });
});

describe('the HTML report as chromium prints it', () => {
  it('when printed then the same rules hold: the quốc hiệu on one line, the signature whole with the table\'s last rows, nothing cut', async () => {
    const browser = await launchBrowser();
    try {
      const page = await browser.newPage();
      const models = [0, 3, 6, 9, 12].map((n) => (n === 0 ? giaLaiReportModel() : largeReportModel(n)));
      for (const [i, model] of models.entries()) {
        await page.setContent(renderReportHtml(model, { css: 'inline' }), { waitUntil: 'load' });
        const pdf = await page.pdf({ preferCSSPageSize: true, printBackground: false });
        try {
          expectSignable(await pdfLayout(pdf), { signature: model.signature, clauseTexts: clauseTextsOf(model) });
        } catch (err) {
          await pdfPagesToPng(pdf, `report-html-${i}`);
          throw new Error(`model ${i}: ${(err as Error).message}`);
        }
        if (i === 0) await pdfPagesToPng(pdf, 'report-html-demo');
      }
    } finally {
      await browser.close();
    }
  });
});
