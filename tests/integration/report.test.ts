import ExcelJS from 'exceljs';
import mammoth from 'mammoth';
import request from 'supertest';
import { type TestApp, startTestApp } from '../helpers/app';
import { clauseIds, demoLinks } from '../helpers/agency';
import { DEMO_OFFICE } from '../helpers/office';
import { type TestMailbox, createMailbox } from '../helpers/mailbox';
import { addStaff, csrfFrom, signIn } from '../helpers/staff';
import { at, atVn, day, dmy } from '../helpers/days';

const AFTER_DEADLINE = at(7, '09:00');
const HOSTILE_HTML = '<script>alert("x")</script> cần sửa';
const HOSTILE_FORMULA = '=HYPERLINK("http://evil.example","bấm vào đây")';

const binary = (res: request.Response, done: (err: Error | null, body: Buffer) => void) => {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
};

describe('the consolidated report', () => {
  let smtp: TestMailbox;
  let t: TestApp;
  let officer: Awaited<ReturnType<typeof signIn>>;
  let token: string;

  beforeEach(async () => {
    smtp = createMailbox();
    t = await startTestApp({ transport: smtp.transport });
    const link = await demoLinks(t, smtp);
    const clause = await clauseIds(t, t.demoId!);
    const as = (agency: string) => ({ Authorization: `Bearer ${link(agency).split('/').at(-1)}` });
    const reply = async (agency: string, body: object) => {
      await request(t.app).put('/api/v1/invitation/submission').set(as(agency)).send(body).expect(200);
      await request(t.app).post('/api/v1/invitation/submission/submit').set(as(agency)).expect(201);
    };
    await reply('Công an tỉnh', { comments: [{ clauseId: clause('1.1.'), text: 'Đề nghị bổ sung Nghị định 15/2020/NĐ-CP.' }, { clauseId: clause('2.3.'), text: HOSTILE_HTML }], letter: { number: '123/CAT-PV05', date: day(2) } });
    await reply('Sở Giáo dục và Đào tạo', { comments: [{ clauseId: clause('1.1.'), text: 'Đề nghị bổ sung Nghị định 15/2020/NĐ-CP!' }], generalComment: HOSTILE_FORMULA });
    await reply('Tỉnh đoàn Gia Lai', { agreeWithoutComments: true });
    await addStaff(t, 'chuyenvien@gialai.example', { office: DEMO_OFFICE });
    officer = await signIn(t.app, 'chuyenvien@gialai.example');
    token = await t.deps.services.auth.createApiToken('chuyenvien@gialai.example');
  });
  afterEach(async () => {
    await t.close();
    await smtp.close();
  });

  it('when the officer answers every comment then the report holds them once each in every format, and publishing shows it to everyone', async () => {
    t.clock.set(AFTER_DEADLINE);
    officer = await signIn(t.app, 'chuyenvien@gialai.example'); // a week later: yesterday's session has expired
    const review = await officer.get(`/office/consultations/${t.demoId}/review`).expect(200);
    expect(review.text).toContain('Đã xử lý 0/4 ý kiến');
    expect(review.text).toContain('2 ý kiến giống nhau hoặc gần giống nhau');
    // Each group's answer fields say, for a screen reader, which comments they answer.
    const legends = [...review.text.matchAll(/<legend>Cách xử lý<span class="visually-hidden"> — ([^<]*)<\/span><\/legend>/gu)].map((m) => m[1]!);
    expect(legends.length).toBeGreaterThan(1);
    expect(new Set(legends).size).toBe(legends.length);
    expect(legends.some((l) => /^ý kiến số \d+ của .+; ý kiến số \d+ của .+$/u.test(l))).toBe(true);
    const groupIds = /name="ids" value="(\d+,\d+)"/u.exec(review.text)![1]!;

    const missing = await officer.post(`/office/consultations/${t.demoId}/responses`).type('form').send({ _csrf: csrfFrom(review.text), ids: groupIds, decision: 'not_accepted' }).expect(400);
    expect(missing.text).toContain('Hãy ghi nội dung giải trình');
    await officer.post(`/office/consultations/${t.demoId}/responses`).type('form').send({ _csrf: csrfFrom(review.text), ids: groupIds, decision: 'accepted' }).expect(303);

    const api = (path: string) => request(t.app).get(path).set('Authorization', `Bearer ${token}`);
    const comments = await api(`/api/v1/consultations/${t.demoId}/comments`).expect(200);
    expect(comments.body).toMatchObject({ total: 4, answered: 2 });
    for (const c of comments.body.items.filter((x: { response: unknown }) => !x.response)) {
      const answer = c.section === 'general' ? { decision: 'noted', explanation: 'Ghi nhận ý kiến.' } : { decision: 'partly_accepted', explanation: 'Đã chỉnh câu chữ.' };
      const res = await request(t.app).put(`/api/v1/comments/${c.id}/response`).set('Authorization', `Bearer ${token}`).send(answer).expect(200);
      expect(res.body.response.decision).toBe(answer.decision);
    }
    const bad = await request(t.app).put(`/api/v1/comments/${comments.body.items[0].id}/response`).set('Authorization', `Bearer ${token}`).send({ decision: 'maybe' }).expect(400);
    expect(bad.body.fields.decision).toBeDefined();

    const json = await api(`/api/v1/consultations/${t.demoId}/report?format=json`).expect(200);
    expect(json.body.counts).toMatchObject({ asked: 26, replied: 3, agreedWithoutComments: 1, commented: 2, noReply: 23, comments: 4, answered: 4 });
    expect(json.body.rows.map((r: { agency: string }) => r.agency)).toEqual(['Sở Giáo dục và Đào tạo', 'Công an tỉnh', 'Sở Giáo dục và Đào tạo', 'Công an tỉnh']);

    const html = await officer.get(`/office/consultations/${t.demoId}/report`).expect(200);
    expect(html.text).toContain('BẢNG TỔNG HỢP, TIẾP THU, GIẢI TRÌNH Ý KIẾN GÓP Ý');
    expect(html.text).not.toContain('<script>alert');
    expect(html.text).toContain('&lt;script&gt;');

    const docx = await officer.get(`/office/consultations/${t.demoId}/report.docx`).buffer(true).parse(binary).expect(200);
    const text = (await mammoth.extractRawText({ buffer: docx.body as Buffer })).value;
    for (const s of ['Công an tỉnh', 'Sở Giáo dục và Đào tạo', 'Đề nghị bổ sung Nghị định 15/2020/NĐ-CP.', HOSTILE_HTML, HOSTILE_FORMULA, 'Tiếp thu một phần', 'Ghi nhận']) expect(text).toContain(s);

    const xlsx = await officer.get(`/office/consultations/${t.demoId}/report.xlsx`).buffer(true).parse(binary).expect(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(xlsx.body as unknown as ExcelJS.Buffer);
    const cells: { value: unknown; formula?: string }[] = [];
    book.worksheets[0]!.eachRow((row) => row.eachCell((cell) => cells.push({ value: cell.value, formula: cell.formula })));
    expect(cells.some((c) => c.value === HOSTILE_FORMULA)).toBe(true);
    expect(cells.every((c) => !c.formula)).toBe(true);

    const csv = await officer.get(`/office/consultations/${t.demoId}/report.csv`).expect(200);
    expect(csv.text).toContain(`"'${HOSTILE_FORMULA.replaceAll('"', '""')}"`);

    const csrf = csrfFrom((await officer.get(`/office/consultations/${t.demoId}`)).text);
    await officer.post(`/office/consultations/${t.demoId}/report/publish`).type('form').send({ _csrf: csrf, confirm: 'yes' }).expect(303);
    const page = await request(t.app).get(`/consultations/${t.demoId}`).expect(200);
    expect(page.text).toContain('Báo cáo tổng hợp ý kiến');
    expect(page.text).toContain(dmy(7));
    const publicReport = await request(t.app).get(`/consultations/${t.demoId}/report`).expect(200);
    expect(publicReport.text).toContain('Đề nghị bổ sung Nghị định 15/2020/NĐ-CP.');
    await request(t.app).get(`/consultations/${t.demoId}/report.docx`).expect(200);
    const publicApi = await request(t.app).get(`/api/v1/consultations/${t.demoId}`).expect(200);
    expect(publicApi.body.report).toMatchObject({ publishedAt: atVn(7, '09:00'), url: `http://gopy.test/consultations/${t.demoId}/report` });

    // Published means final.
    const late = await request(t.app).put(`/api/v1/comments/${comments.body.items[0].id}/response`).set('Authorization', `Bearer ${token}`).send({ decision: 'accepted' }).expect(409);
    expect(late.body.error).toContain('báo cáo tổng hợp');
  });

  it('when the deadline has not passed or comments are unanswered then publishing is refused, and the public has no report', async () => {
    const csrf = csrfFrom((await officer.get(`/office/consultations/${t.demoId}`)).text);
    const early = await officer.post(`/office/consultations/${t.demoId}/report/publish`).type('form').send({ _csrf: csrf, confirm: 'yes' }).expect(409);
    expect(early.text).toContain('Chưa hết hạn góp ý');
    t.clock.set(AFTER_DEADLINE);
    const unanswered = await request(t.app).post(`/api/v1/consultations/${t.demoId}/report/publish`).set('Authorization', `Bearer ${token}`).expect(409);
    expect(unanswered.body.error).toContain('Còn 4 ý kiến chưa xử lý');
    await request(t.app).get(`/consultations/${t.demoId}/report`).expect(404);
    await request(t.app).get(`/api/v1/consultations/${t.demoId}/report?format=pdf`).set('Authorization', `Bearer ${token}`).expect(400);
  });

  it("when another office asks for the report or answers a comment then it is not found", async () => {
    await addStaff(t, 'khac@tuphap.example', { office: 'Sở Tư pháp tỉnh Gia Lai' });
    const other = await signIn(t.app, 'khac@tuphap.example');
    await other.get(`/office/consultations/${t.demoId}/report.docx`).expect(404);
    await other.get(`/office/consultations/${t.demoId}/review`).expect(404);
    const otherToken = await t.deps.services.auth.createApiToken('khac@tuphap.example');
    const comment = await t.deps.db.selectFrom('comments').select('id').executeTakeFirstOrThrow();
    await request(t.app).put(`/api/v1/comments/${comment.id}/response`).set('Authorization', `Bearer ${otherToken}`).send({ decision: 'accepted' }).expect(404);
    expect(await t.deps.db.selectFrom('responses').select('id').execute()).toEqual([]);
  });

  it('when the demo is asked for its report then every format is produced', async () => {
    for (const format of ['json', 'html', 'docx', 'xlsx', 'csv']) {
      const res = await request(t.app).get(`/api/v1/consultations/${t.demoId}/report?format=${format}`).set('Authorization', `Bearer ${token}`).buffer(true).parse(binary).expect(200);
      expect((res.body as Buffer).length).toBeGreaterThan(100);
    }
    const json = await request(t.app).get(`/api/v1/consultations/${t.demoId}/report`).set('Authorization', `Bearer ${token}`).expect(200);
    expect(json.body.consultation.number).toBe('532/STTTT-BCVT');
    expect(json.body.counts.asked).toBe(26);
  });

  it('when the report is downloaded then every format has each clause\'s whole wording, an excerpt only when asked for, and a wrong choice is refused', async () => {
    const END_OF_2_3 = 'bí mật nhà nước và các hoạt động tội phạm khác.';
    const get = (query: string) => request(t.app).get(`/api/v1/consultations/${t.demoId}/report?${query}`).set('Authorization', `Bearer ${token}`).buffer(true).parse(binary);
    const csv = ((await get('format=csv').expect(200)).body as Buffer).toString('utf8');
    expect(csv).toContain(END_OF_2_3);
    expect(csv).not.toContain('…');
    const book = new ExcelJS.Workbook();
    await book.xlsx.load((await get('format=xlsx').expect(200)).body as unknown as ExcelJS.Buffer);
    const cells: string[] = [];
    book.getWorksheet('Tổng hợp')!.eachRow((row) => row.eachCell((c) => cells.push(String(c.value))));
    expect(cells.some((c) => c.endsWith(END_OF_2_3))).toBe(true);
    expect(cells.some((c) => c.includes('…'))).toBe(false);
    const json = JSON.parse(((await get('format=json').expect(200)).body as Buffer).toString('utf8')) as { clauseText: string; rows: { clauseLabel: string | null; clauseText: string | null }[] };
    expect(json.clauseText).toBe('full');
    expect(json.rows.find((r) => r.clauseLabel === '2.3.')!.clauseText).toMatch(/tội phạm khác\.$/u);

    const excerpt = ((await get('format=csv&clauseText=excerpt').expect(200)).body as Buffer).toString('utf8');
    expect(excerpt).not.toContain(END_OF_2_3);
    expect(excerpt).toContain('…');
    const refused = await request(t.app).get(`/api/v1/consultations/${t.demoId}/report?format=csv&clauseText=short`).set('Authorization', `Bearer ${token}`).expect(400);
    expect(JSON.stringify(refused.body)).toContain('toàn văn');
    const page = await officer.get(`/office/consultations/${t.demoId}/report?clauseText=short`).expect(400);
    expect(page.text).toContain('Nội dung dự thảo trong bảng phải là');
  });
});
