import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { cleanFilename } from '../../src/office/files';
import { type TestApp, startTestApp } from '../helpers/app';
import { agencyCsrf, clauseIds, demoLinks } from '../helpers/agency';
import { DEMO_OFFICE, PDF_FIXTURE, letterFields, sendFields } from '../helpers/office';
import { binary, dbSnapshot, filesUnder, tokenOf, uploadsEmptied } from '../helpers/security';
import { type TestMailbox, createMailbox } from '../helpers/mailbox';
import { addStaff, signIn } from '../helpers/staff';
import { docxBomb, docxWithEntries } from '../fixtures/hostile-zip';
import { seedDraftDocx } from '../fixtures/make-docx';
import { day } from '../helpers/days';

const PDF = readFileSync(PDF_FIXTURE);
const HTML = Buffer.from('<!doctype html><html><body><script>alert(document.cookie)</script></body></html>');
const EXE = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'binary'), Buffer.alloc(4096)]);
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64)]);

/** Runs `fn`, sampling the process's resident memory every few milliseconds (a worker thread's included). */
async function measured<T>(fn: () => Promise<T>): Promise<{ result: T; ms: number; growthMb: number }> {
  const base = process.memoryUsage().rss;
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
  const start = Date.now();
  try {
    const result = await fn();
    return { result, ms: Date.now() - start, growthMb: (peak - base) / 1024 / 1024 };
  } finally {
    clearInterval(timer);
  }
}

describe('hostile uploads', () => {
  let smtp: TestMailbox;
  let t: TestApp;
  let link: (agency: string) => string;
  let clause: (label: string) => number;
  let officer: Awaited<ReturnType<typeof signIn>>;
  let officerApi: string;
  const as = (agency: string) => ({ Authorization: `Bearer ${tokenOf(link(agency))}` });
  const dataFiles = () => filesUnder(t.dataDir);

  /** A consultation by the officer API with `file` as its draft. */
  const createByApi = (file: Buffer, name: string) =>
    request(t.app)
      .post('/api/v1/consultations')
      .set('Authorization', `Bearer ${officerApi}`)
      .field('number', '700/STTTT-BCVT')
      .field('letterDate', day(-1))
      .field('subject', 'tham gia góp ý dự thảo')
      .field('deadline', `${day(11)}T17:00`)
      .attach('draft', file, name);

  beforeAll(async () => {
    smtp = createMailbox();
    t = await startTestApp({ transport: smtp.transport });
    link = await demoLinks(t, smtp);
    clause = await clauseIds(t, t.demoId!);
    await addStaff(t, 'chuyenvien@gialai.example', { office: DEMO_OFFICE });
    officer = await signIn(t.app, 'chuyenvien@gialai.example');
    officerApi = await t.deps.services.auth.createApiToken('chuyenvien@gialai.example');
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('when file names carry folders, drive letters or bidi tricks then only a cleaned last part is kept, files live only under DATA_DIR by content, and the download says that name', async () => {
    const names: [string, string][] = [
      ['../../etc/passwd.pdf', 'passwd.pdf'],
      ['..\\..\\Windows\\win.pdf', 'win.pdf'],
      ['/etc/shadow.pdf', 'shadow.pdf'],
      ['C:\\Users\\vanthu\\cong-van.pdf', 'cong-van.pdf'],
      ['thu-moi\u202Efdp.exe', 'thu-moifdp.pdf'],
      ['bao\u200Bcao <b>\u0301.pdf', 'baocao b\u0301.pdf'],
      ['Công văn số 12.pdf', 'Công văn số 12.pdf'],
    ];
    const stored: string[] = [];
    for (const [name] of names) {
      await request(t.app).post('/api/v1/invitation/letter').set(as('Công an tỉnh')).attach('file', PDF, name).expect(201);
      const row = await t.deps.db.selectFrom('attachments').select(['id', 'filename']).orderBy('id', 'desc').executeTakeFirstOrThrow();
      stored.push(row.filename);
    }
    expect(stored).toEqual(names.map(([, clean]) => clean.normalize('NFC')));
    // The same cleaning holds if a multipart parser ever passed the client's full path through.
    expect(names.map(([name]) => cleanFilename(name, 'pdf'))).toEqual(names.map(([, clean]) => clean.normalize('NFC')));
    expect(['..', '.', '../..', '.htaccess.pdf'].map((name) => cleanFilename(name, 'pdf'))).toEqual(['tep.pdf', 'tep.pdf', 'tep.pdf', 'htaccess.pdf']);
    // A file named only ".." arrives without a name: it is not taken, and the agency is told to attach one.
    const dots = await request(t.app).post('/api/v1/invitation/letter').set(as('Công an tỉnh')).attach('file', PDF, '..').expect(400);
    expect(dots.body.error).toContain('hãy đính kèm tệp');

    const form = request.agent(t.app);
    const csrf = await agencyCsrf(t, form, link('Tỉnh đoàn Gia Lai'));
    await form.post(`${link('Tỉnh đoàn Gia Lai')}?_csrf=${encodeURIComponent(csrf)}`).field('action', 'save').attach('letterFile', PDF, '../../../../tmp/x.pdf').expect(303);
    expect((await t.deps.db.selectFrom('attachments').select('filename').orderBy('id', 'desc').executeTakeFirstOrThrow()).filename).toBe('x.pdf');

    for (const [name] of names) {
      for (const base of [path.join(t.dataDir, 'uploads'), path.join(t.dataDir, 'files'), t.dataDir]) {
        const target = path.resolve(base, name.replaceAll('\\', '/'));
        if (!target.startsWith(`${t.dataDir}${path.sep}`)) expect([target, existsSync(target)]).toEqual([target, false]);
      }
    }
    expect(await uploadsEmptied(t)).toEqual([]);
    const unexpected = dataFiles().filter((f) => !/^(gopy\.sqlite(-wal|-shm)?|session-secret|demo-login\.txt|files\/[0-9a-f]{2}\/[0-9a-f]{64})$/u.test(f));
    expect(unexpected).toEqual([]);

    // The agency's saved draft holds the last letter; the officer downloads it under its clean name.
    const last = await t.deps.db.selectFrom('submissions as s').innerJoin('attachments as f', 'f.id', 's.letter_attachment_id').select(['f.id', 'f.filename']).where('s.state', '=', 'draft').orderBy('s.id').executeTakeFirstOrThrow();
    const download = await officer.get(`/office/consultations/${t.demoId}/attachments/${last.id}/x`).buffer(true).parse(binary).expect(200);
    expect(last.filename).toBe('Công văn số 12.pdf');
    expect(download.headers['content-disposition']).toBe(`attachment; filename="C?ng v?n s? 12.pdf"; filename*=UTF-8''C%C3%B4ng%20v%C4%83n%20s%E1%BB%91%2012.pdf`);
    expect(download.headers['x-content-type-options']).toBe('nosniff');
    expect(download.headers['content-type']).toBe('application/pdf');
  });

  it('when a program, a web page or a picture is named .pdf or .docx, or a PDF .docx, then it is refused with a message naming the file, and nothing is kept', async () => {
    const agent = request.agent(t.app);
    const csrf = await agencyCsrf(t, agent, link('Công an tỉnh'));
    await request(t.app).get('/api/v1/office/consultations').set('Authorization', `Bearer ${officerApi}`).expect(200); // the token's last use is noted
    const before = (await dbSnapshot(t));
    const files = dataFiles();
    const page = await agent
      .post(`${link('Công an tỉnh')}?_csrf=${encodeURIComponent(csrf)}`)
      .field('action', 'save')
      .field(`c_${clause('1.1.')}`, 'Ý kiến gõ kèm tệp giả.')
      .attach('letterFile', HTML, 'cong-van.pdf')
      .expect(400);
    expect(page.text).toContain('Tệp &#34;cong-van.pdf&#34; không phải PDF, DOCX, PNG, JPEG');
    expect(page.text).toContain('>Ý kiến gõ kèm tệp giả.</textarea>');

    const letter = (file: Buffer, name: string) => request(t.app).post('/api/v1/invitation/letter').set(as('Công an tỉnh')).attach('file', file, name).expect(400);
    expect((await letter(EXE, 'cong-van.docx')).body.error).toContain('không phải PDF, DOCX, PNG, JPEG');
    expect((await letter(HTML, 'cong-van.html')).body.error).toContain('không phải PDF, DOCX, PNG, JPEG');
    expect((await letter(PDF, 'cong-van.docx')).body.error).toBe('Tệp "cong-van.docx" có đuôi .docx nhưng nội dung là PDF: tên tệp và nội dung không khớp. Hãy kiểm tra lại tệp; không có gì được lưu.');
    expect((await letter(PNG, 'cong-van.pdf')).body.error).toContain('có đuôi .pdf nhưng nội dung là PNG');
    expect((await letter(await seedDraftDocx('typed'), 'cong-van.JPG')).body.fields.letterFile[0]).toContain('có đuôi .jpg nhưng nội dung là DOCX');

    const draft = (file: Buffer, name: string) => createByApi(file, name).expect(400);
    expect((await draft(HTML, 'du-thao.docx')).body.error).toContain('có đuôi .docx nhưng nội dung là TXT');
    expect((await draft(PDF, 'du-thao.docx')).body.error).toContain('có đuôi .docx nhưng nội dung là PDF');
    expect((await draft(EXE, 'du-thao.pdf')).body.error).toContain('không phải DOCX, PDF, TXT');

    expect((await dbSnapshot(t))).toEqual(before);
    expect(dataFiles()).toEqual(files);
    expect(await uploadsEmptied(t)).toEqual([]);
  });

  it('when a DOCX is a ZIP bomb (a part inflating to 400 MB, declared or hidden, or 10 000 entries) then it is refused in seconds without the memory it asks for, and nothing is kept', async () => {
    await request(t.app).get('/api/v1/invitation').set(as('Sở Kế hoạch và Đầu tư')).expect(200);
    await request(t.app).get('/api/v1/office/consultations').set('Authorization', `Bearer ${officerApi}`).expect(200);
    const before = (await dbSnapshot(t));
    const files = dataFiles();
    const honest = docxBomb(400);
    const hidden = docxBomb(400, { declaredSize: 4096 });
    const many = docxWithEntries(10_000);
    expect(honest.length).toBeLessThan(1024 * 1024);

    const declared = await measured(() => createByApi(honest, 'du-thao.docx').expect(400));
    expect(declared.result.body.error).toContain('khi giải nén vượt quá 50 MB');
    expect(declared.ms).toBeLessThan(3000);

    // Headers that lie are caught while inflating: the import stops at the limit, whatever is declared.
    const lying = await measured(() => createByApi(hidden, 'du-thao.docx').expect(400));
    expect(lying.result.body.error).toMatch(/^Không đọc được dự thảo: .*zip bomb/u);
    expect(lying.ms).toBeLessThan(8000);
    expect(lying.growthMb).toBeLessThan(400);

    const entries = await measured(() => createByApi(many, 'du-thao.docx').expect(400));
    expect(entries.result.body.error).toContain('có quá nhiều phần nén (10002, tối đa 2000)');
    expect(entries.ms).toBeLessThan(3000);

    // The office's form says so at the field and keeps what was typed.
    const csrf = await officer.csrf('/office/consultations/new');
    const form = officer.post(`/office/consultations?_csrf=${encodeURIComponent(csrf)}`);
    sendFields(form, letterFields());
    const page = await form.attach('draft', honest, 'du-thao.docx').expect(400);
    expect(page.text).toContain('zip bomb');
    expect(page.text).toContain('value="600/STTTT-BCVT"');

    // A reply letter is never opened, but a bomb is not kept either.
    const letter = (file: Buffer) => request(t.app).post('/api/v1/invitation/letter').set(as('Sở Kế hoạch và Đầu tư')).attach('file', file, 'cong-van.docx').expect(400);
    expect((await letter(honest)).body.error).toContain('zip bomb');
    expect((await letter(many)).body.error).toContain('quá nhiều phần nén');

    expect((await dbSnapshot(t))).toEqual(before);
    expect(dataFiles()).toEqual(files);
    expect(await uploadsEmptied(t)).toEqual([]);
  });

  it('when a body is over its limit (a 21 MB file, 1 MB of JSON, of a form or of one form field) then it is 413 with a message, and what was saved before stays', async () => {
    const agency = 'Sở Giáo dục và Đào tạo';
    await request(t.app).put('/api/v1/invitation/submission').set(as(agency)).send({ comments: [{ clauseId: clause('1.1.'), text: 'Đã lưu trước.' }] }).expect(200);
    const saved = async () => (await request(t.app).get('/api/v1/invitation').set(as(agency)).expect(200)).body.draft;
    const before = await saved();
    const consultation = await t.deps.db.selectFrom('consultations').selectAll().where('id', '=', t.demoId!).executeTakeFirstOrThrow();

    const file = await request(t.app).post('/api/v1/invitation/letter').set(as(agency)).attach('file', Buffer.alloc(21 * 1024 * 1024, 0x25), 'cv.pdf').expect(413);
    expect(file.body.error).toContain('Tệp quá lớn: mỗi tệp tối đa 20 MB');

    const json = await request(t.app).put('/api/v1/invitation/submission').set(as(agency)).set('Content-Type', 'application/json').send(JSON.stringify({ generalComment: 'x'.repeat(1_100_000) })).expect(413);
    expect(json.body.error).toBe('Nội dung gửi lên quá lớn (tối đa 1 MB). Không có gì được lưu; hãy rút gọn và gửi lại.');

    const csrf = await officer.csrf(`/office/consultations/${t.demoId}/edit`);
    const urlencoded = await officer.post(`/office/consultations/${t.demoId}/edit`).type('form').send({ _csrf: csrf, ...letterFields(), summary: 'y'.repeat(1_100_000) }).expect(413);
    expect(urlencoded.text).toContain('Nội dung gửi lên quá lớn (tối đa 1 MB)');

    const agent = request.agent(t.app);
    const agencyToken = await agencyCsrf(t, agent, link(agency));
    const field = await agent
      .post(`${link(agency)}?_csrf=${encodeURIComponent(agencyToken)}`)
      .field('action', 'save')
      .field(`c_${clause('1.2.')}`, 'z'.repeat(1_100_000))
      .expect(413);
    expect(field.text).toContain('Nội dung gửi lên quá lớn (tối đa 1 MB)');

    expect(await saved()).toEqual(before);
    expect(await t.deps.db.selectFrom('consultations').selectAll().where('id', '=', t.demoId!).executeTakeFirstOrThrow()).toEqual(consultation);
    expect(await uploadsEmptied(t)).toEqual([]);
  });
});
