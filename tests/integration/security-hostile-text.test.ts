import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import JSZip from 'jszip';
import mammoth from 'mammoth';
import request from 'supertest';
import { type TestApp, startTestApp } from '../helpers/app';
import { agencyCsrf, clauseIds, demoLinks, receiptsTo } from '../helpers/agency';
import { DEMO_OFFICE } from '../helpers/office';
import { binary, tokenOf } from '../helpers/security';
import { type TestMailbox, createMailbox } from '../helpers/mailbox';
import { addStaff, signIn } from '../helpers/staff';

/**
 * What an agency may type. report.test.ts covers a <script> comment and an "=" formula through
 * the API into the report; these add the other formula starts, SQL, markup in every field,
 * Unicode that tricks the eye or the parser, a NUL byte, and the form next to the API.
 */
const HOSTILE = {
  markup: '<script>alert("x")</script><img src=x onerror=alert(1)> & "ngoặc kép" \'đơn\' </textarea><b>đậm</b>',
  sql: "'; DROP TABLE comments;-- Robert'); DELETE FROM submissions WHERE '1'='1",
  hyperlink: '=HYPERLINK("http://evil.example","bấm vào đây")',
  plus: "+cmd|' /C calc'!A0",
  minus: "-2+3+cmd|' /C calc'!A0",
  at: "@SUM(1+9)*cmd|' /C calc'!A0",
  unicode: 'Góp ý \u202Egnp.exe\u202C, zero\u200Bwidth\u200D\uFEFF, e\u0301\u0323\u0302 dấu tổ hợp, 🇻🇳👩‍👩‍👧 𝔘𝔫𝔦𝔠𝔬𝔡𝔢, NUL\u0000ở giữa',
};
const FORMULAS = [HOSTILE.hyperlink, HOSTILE.plus, HOSTILE.minus, HOSTILE.at];
/** A tab in front also starts a formula; the portal trims what is typed, so "=1+2" is kept, and quoted in CSV. */
const TAB = '\t=1+2';
/** A letter number quoting the portal's address with a second slash: made clickable as-is it would lead off-site. */
const LETTER_NUMBER = '<b>12</b>/CAT http://gopy.test//evil.example/dang-nhap';
const SIGNER = '<img src=x onerror=alert(2)> Nguyễn Văn \u202EB';
const MAX = 20_000;

/** Text as EJS escapes it into HTML. */
const html = (s: string) => s.replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;').replace(/"/gu, '&#34;').replace(/'/gu, '&#39;');
// eslint-disable-next-line no-control-regex
const xmlSafe = (s: string) => s.replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/gu, '');
const RAW_MARKUP = ['<script>alert', '<img src=x', '<b>đậm', '<b>12</b>', 'href="//evil.example'];

describe('hostile text from agencies is kept as typed and shown inert everywhere', () => {
  let smtp: TestMailbox;
  let t: TestApp;
  let link: (agency: string) => string;
  let clause: (label: string) => number;
  let officer: Awaited<ReturnType<typeof signIn>>;
  let officerApi: string;
  const as = (agency: string) => ({ Authorization: `Bearer ${tokenOf(link(agency))}` });
  /** Clause label → what the agency typed there, and the general comment. */
  const FORM = { '1.1.': HOSTILE.markup, '1.2.': HOSTILE.sql, '1.3.': HOSTILE.hyperlink, '1.4.': HOSTILE.plus, '1.5.': HOSTILE.minus, '2.1.': HOSTILE.at, '2.2.': HOSTILE.unicode, '2.3.': TAB };
  const API = { '3.1.': HOSTILE.markup, '3.2.': HOSTILE.sql, '3.3.': HOSTILE.hyperlink, '4.1.': HOSTILE.plus, '4.2.': HOSTILE.minus, '4.3.': HOSTILE.at, '5.1.': HOSTILE.unicode, '5.2.': TAB };
  const stored = (typed: string) => typed.trim();
  const allTyped = [...Object.values(HOSTILE), `Chung: ${HOSTILE.markup}`, `Chung: ${HOSTILE.unicode}`];

  beforeAll(async () => {
    smtp = createMailbox();
    t = await startTestApp({ transport: smtp.transport });
    link = await demoLinks(t, smtp);
    clause = await clauseIds(t, t.demoId!);
    await addStaff(t, 'chuyenvien@gialai.example', { office: DEMO_OFFICE });
    officer = await signIn(t.app, 'chuyenvien@gialai.example');
    officerApi = await t.deps.services.auth.createApiToken('chuyenvien@gialai.example');

    // Công an tỉnh by the page's form, with the letter's fields and a proposed wording too.
    const agent = request.agent(t.app);
    const csrf = await agencyCsrf(t, agent, link('Công an tỉnh'));
    const form = agent.post(`${link('Công an tỉnh')}?_csrf=${encodeURIComponent(csrf)}`).field('action', 'submit');
    for (const [label, text] of Object.entries(FORM)) form.field(`c_${clause(label)}`, text);
    form.field(`p_${clause('1.1.')}`, HOSTILE.sql).field('generalComment', `Chung: ${HOSTILE.markup}`);
    form.field('letterNumber', LETTER_NUMBER).field('letterSigner', SIGNER).field('letterTitle', HOSTILE.plus).field('savedBy', HOSTILE.sql);
    await form.expect(303);

    // Tỉnh đoàn by the API.
    await request(t.app)
      .put('/api/v1/invitation/submission')
      .set(as('Tỉnh đoàn Gia Lai'))
      .send({
        generalComment: `Chung: ${HOSTILE.unicode}`,
        comments: Object.entries(API).map(([label, text]) => ({ clauseId: clause(label), text, proposedText: label === '3.1.' ? HOSTILE.at : null })),
        letter: { number: HOSTILE.hyperlink, signer: HOSTILE.markup },
        savedBy: HOSTILE.unicode,
      })
      .expect(200);
    await request(t.app).post('/api/v1/invitation/submission/submit').set(as('Tỉnh đoàn Gia Lai')).expect(201);
    await t.deps.mail.delivery.deliverDue();
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('when they are read back from the database and the agency API then every character is there, NUL and bidi controls included', async () => {
    const rows = await t.deps.db
      .selectFrom('comments as k')
      .innerJoin('submissions as s', 's.id', 'k.submission_id')
      .innerJoin('invitations as i', 'i.id', 's.invitation_id')
      .innerJoin('agencies as a', 'a.id', 'i.agency_id')
      .innerJoin('clauses as c', 'c.id', 'k.clause_id')
      .select(['a.name', 'c.label', 'k.text', 'k.proposed_text'])
      .where('s.state', '=', 'submitted')
      .execute();
    const byAgency = (name: string) => Object.fromEntries(rows.filter((r) => r.name === name).map((r) => [r.label, r.text]));
    expect(byAgency('Công an tỉnh')).toEqual(Object.fromEntries(Object.entries(FORM).map(([l, s]) => [l, stored(s)])));
    expect(byAgency('Tỉnh đoàn Gia Lai')).toEqual(Object.fromEntries(Object.entries(API).map(([l, s]) => [l, stored(s)])));
    expect(rows.find((r) => r.label === '1.1.')!.proposed_text).toBe(HOSTILE.sql);
    const police = await t.deps.db.selectFrom('submissions').selectAll().where('receipt_number', 'like', 'BN-%').orderBy('id').executeTakeFirstOrThrow();
    expect(police).toMatchObject({ general_comment: `Chung: ${HOSTILE.markup}`, letter_number: LETTER_NUMBER, letter_signer: SIGNER, letter_signer_title: HOSTILE.plus, saved_by: HOSTILE.sql });
    // The SQL-looking text did nothing: every table is there, every comment kept.
    expect(rows).toHaveLength(16);

    const api = await request(t.app).get('/api/v1/invitation').set(as('Tỉnh đoàn Gia Lai')).expect(200);
    const sent = api.body.submissions[0];
    expect(sent.generalComment).toBe(`Chung: ${HOSTILE.unicode}`);
    expect(Object.fromEntries(sent.comments.map((k: { label: string; text: string }) => [k.label, k.text]))).toEqual(Object.fromEntries(Object.entries(API).map(([l, s]) => [l, stored(s)])));
    expect(api.body.draft.savedBy).toBe(HOSTILE.unicode);
  });

  it("when the agency's page, its receipt, the office's reply, review and report pages show them then they are escaped text, never markup", async () => {
    const police = await t.deps.db.selectFrom('invitations as i').innerJoin('agencies as a', 'a.id', 'i.agency_id').select('i.id').where('a.name', '=', 'Công an tỉnh').executeTakeFirstOrThrow();
    const receipt = await t.deps.db.selectFrom('submissions').select('receipt_number').where('invitation_id', '=', police.id).where('state', '=', 'submitted').executeTakeFirstOrThrow();
    const pages: [string, string, string[]][] = [
      ['agency page', (await request(t.app).get(link('Công an tỉnh')).expect(200)).text, [...Object.values(FORM).map(stored), LETTER_NUMBER, SIGNER]],
      ['agency receipt', (await request(t.app).get(`${link('Công an tỉnh')}/receipts/${receipt.receipt_number}`).expect(200)).text, [HOSTILE.markup, HOSTILE.unicode]],
      ['office reply', (await officer.get(`/office/consultations/${t.demoId}/invitations/${police.id}`).expect(200)).text, [...Object.values(FORM).map(stored), LETTER_NUMBER, SIGNER]],
      ['office review', (await officer.get(`/office/consultations/${t.demoId}/review`).expect(200)).text, allTyped.filter((s) => !s.startsWith('Chung: '))],
      ['office report', (await officer.get(`/office/consultations/${t.demoId}/report`).expect(200)).text, [...Object.values(HOSTILE), `Chung: ${HOSTILE.markup}`]],
    ];
    for (const [where, text, shown] of pages) {
      for (const s of shown) expect([where, s, text.includes(html(s))]).toEqual([where, s, true]);
      for (const raw of RAW_MARKUP) expect([where, raw, text.includes(raw)]).toEqual([where, raw, false]);
    }
  });

  it('when the receipt mail and the office outbox quote the letter number then the HTML is escaped and the only links are the portal\'s own', async () => {
    const [mail] = receiptsTo(smtp, 'congan@gialai.example');
    expect(mail!.text).toContain(`văn bản số ${LETTER_NUMBER}`);
    expect(String(mail!.html)).toContain(html(LETTER_NUMBER).replace('//evil', '//evil'));
    for (const raw of RAW_MARKUP) expect([raw, String(mail!.html).includes(raw)]).toEqual([raw, false]);
    expect(String(mail!.html)).not.toMatch(/href="[^"]*evil\.example/u);

    const row = await t.deps.db.selectFrom('outbox').select('id').where('template', '=', 'receipt').where('to_address', 'like', '%congan%').executeTakeFirstOrThrow();
    const page = await officer.get(`/office/outbox/${row.id}`).expect(200);
    expect(page.text).toContain(html(LETTER_NUMBER));
    for (const raw of RAW_MARKUP) expect([raw, page.text.includes(raw)]).toEqual([raw, false]);
    const hrefs = [...page.text.matchAll(/href="([^"]*)"/gu)].map((m) => m[1]!);
    expect(hrefs.filter((h) => !/^(\/(?![/\\])|#)/u.test(h))).toEqual([]);
    expect(hrefs.some((h) => h.startsWith('/invite/'))).toBe(true); // the portal's own link is still made clickable
  });

  it('when the report is downloaded as CSV, XLSX, DOCX and JSON then formulas stay text, markup makes no field, and every comment reads as typed', async () => {
    const csv = await officer.get(`/office/consultations/${t.demoId}/report.csv`).expect(200);
    const cells = (parse(csv.text.replace(/^\uFEFF/u, ''), { relaxColumnCount: true }) as string[][]).flat();
    for (const f of [...FORMULAS, stored(TAB)]) {
      expect([f, cells.filter((c) => c === `'${f}`).length >= 2]).toEqual([f, true]);
      expect([f, cells.includes(f)]).toEqual([f, false]);
    }
    // Every cell that starts like a formula is quoted, whichever column it is in.
    expect(cells.filter((c) => /^[=+\-@\t\r]/u.test(c))).toEqual([]);
    for (const s of [HOSTILE.markup, HOSTILE.sql, HOSTILE.unicode]) expect([s, cells.includes(s)]).toEqual([s, true]);

    const xlsx = await officer.get(`/office/consultations/${t.demoId}/report.xlsx`).buffer(true).parse(binary).expect(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body as unknown as ExcelJS.Buffer);
    const values: unknown[] = [];
    book.eachSheet((sheet) =>
      sheet.eachRow((r) =>
        r.eachCell((cell) => {
          expect([cell.address, cell.formula, cell.type === ExcelJS.ValueType.Formula]).toEqual([cell.address, undefined, false]);
          values.push(cell.value);
        }),
      ),
    );
    for (const s of [...Object.values(HOSTILE), stored(TAB)]) expect([s, values.filter((v) => v === xmlSafe(s)).length >= 2]).toEqual([s, true]);

    const docx = await officer.get(`/office/consultations/${t.demoId}/report.docx`).buffer(true).parse(binary).expect(200);
    const zip = await JSZip.loadAsync(docx.body as Buffer);
    const documentXml = await zip.file('word/document.xml')!.async('string');
    expect(documentXml).not.toMatch(/<w:fldSimple|<w:instrText|<w:hyperlink|<script|<img/u);
    expect(documentXml).toContain(xmlSafe(HOSTILE.markup).replace(/&/gu, '&amp;').replace(/</gu, '&lt;').replace(/>/gu, '&gt;').replace(/"/gu, '&quot;').replace(/'/gu, '&apos;'));
    const text = (await mammoth.extractRawText({ buffer: docx.body as Buffer })).value;
    for (const s of [...Object.values(HOSTILE), stored(TAB)]) expect([s, text.includes(xmlSafe(s))]).toEqual([s, true]);

    const json = await request(t.app).get(`/api/v1/consultations/${t.demoId}/report?format=json`).set('Authorization', `Bearer ${officerApi}`).expect(200);
    const texts = json.body.rows.map((r: { text: string }) => r.text);
    for (const s of [...allTyped, stored(TAB)]) expect([s, texts.includes(s)]).toEqual([s, true]);
  });

  it('when a comment is exactly at the limit it is kept whole, and one character over is refused at its field, by form and API, with the saved draft untouched', async () => {
    const agency = 'Sở Giáo dục và Đào tạo';
    const atLimit = 'ệ'.repeat(MAX);
    const astral = '😀'.repeat(MAX / 2); // 20 000 UTF-16 units, as the limit counts
    const agent = request.agent(t.app);
    const csrf = await agencyCsrf(t, agent, link(agency));
    const post = (fields: Record<string, string>) => {
      const req = agent.post(`${link(agency)}?_csrf=${encodeURIComponent(csrf)}`).field('action', 'save');
      for (const [k, v] of Object.entries(fields)) req.field(k, v);
      return req;
    };
    await post({ [`c_${clause('1.1.')}`]: atLimit, [`p_${clause('1.1.')}`]: astral, generalComment: atLimit }).expect(303);
    const saved = async () => (await request(t.app).get('/api/v1/invitation').set(as(agency)).expect(200)).body.draft;
    const before = await saved();
    expect(before.comments[0]).toMatchObject({ text: atLimit, proposedText: astral });
    expect(before.generalComment).toBe(atLimit);

    const over = await post({ [`c_${clause('1.1.')}`]: `${atLimit}x`, [`c_${clause('1.2.')}`]: 'Ý kiến khác, phải còn trong ô.' }).expect(400);
    expect(over.text).toMatch(new RegExp(`id="c_${clause('1.1.')}-error">(<[^>]+>[^<]*</[^>]+>)? Nội dung quá dài`, 'u'));
    expect(over.text).toContain('>Ý kiến khác, phải còn trong ô.</textarea>');
    await post({ generalComment: `${atLimit}x` }).expect(400);
    await post({ [`c_${clause('1.1.')}`]: 'Ngắn.', [`p_${clause('1.1.')}`]: `${astral}😀` }).expect(400);
    // A proposed wording sent without its comment box is checked (and kept) all the same.
    await post({ [`p_${clause('1.1.')}`]: `${astral}😀` }).expect(400);

    const api = await request(t.app).put('/api/v1/invitation/submission').set(as(agency)).send({ comments: [{ clauseId: clause('1.1.'), text: `${atLimit}x` }] }).expect(400);
    expect(api.body).toMatchObject({ error: 'Nội dung quá dài.', fields: { 'comments.0.text': ['Nội dung quá dài.'] } });
    await request(t.app).put('/api/v1/invitation/submission').set(as(agency)).send({ generalComment: `${atLimit}x` }).expect(400);
    expect(await saved()).toEqual(before);
  });
});
