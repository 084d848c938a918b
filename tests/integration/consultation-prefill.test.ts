import { type TestApp, startTestApp } from '../helpers/app';
import { DEMO_SEED_FILE } from '../../src/demo/load-demo';
import { DEMO_OFFICE, demoDirectory, letterFields, sendFields } from '../helpers/office';
import { addStaff, signIn } from '../helpers/staff';

type Agent = Awaited<ReturnType<typeof signIn>>;

const countConsultations = async (t: TestApp) => Number((await t.deps.db.selectFrom('consultations').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
const checked = (page: string, name: string, id: number) => page.includes(`name="${name}" value="${id}" checked`);
const LETTER = ['SỞ TƯ PHÁP', 'Số: 77/STP-VP', 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM', 'Độc lập - Tự do - Hạnh phúc', 'Gia Lai, ngày 3 tháng 11 năm 2026', 'V/v góp ý dự thảo quy chế', 'Kính gửi:', '- Công an tỉnh;', '- Sở Du lịch.', 'Đề nghị các đơn vị góp ý.', 'GIÁM ĐỐC', 'Trần Văn B'].join('\n');

describe('filling the new-consultation form in from a letter or a draft', () => {
  let t: TestApp;
  let officer: Agent;

  beforeAll(async () => {
    t = await startTestApp();
    await addStaff(t, 'chuyenvien@gialai.example', { office: DEMO_OFFICE });
    officer = await signIn(t.app, 'chuyenvien@gialai.example');
  });
  afterAll(() => t.close());

  async function fillIn(fields: Record<string, string | string[]>, file?: { content: string | Buffer; name: string }) {
    const csrf = await officer.csrf('/office/consultations/new');
    const req = officer.post('/office/consultations').field('_csrf', csrf);
    sendFields(req, { ...fields, action: 'prefill' });
    if (file) req.attach('source', typeof file.content === 'string' && file.content.startsWith('/') ? file.content : Buffer.from(file.content), file.name);
    return req;
  }

  it('when the officer fills in from letter 532/STTTT-BCVT then its facts fill the empty fields, marked, every "Kính gửi" line is ticked, what was typed stays, and nothing is saved', async () => {
    const before = await countConsultations(t);
    const { agency, group } = await demoDirectory(t);
    const res = await fillIn({ subject: 'trích yếu đã gõ', deadlineDate: '30/12/2030' }, { content: DEMO_SEED_FILE, name: '532.txt' });
    expect(res.status).toBe(200);
    expect(res.text).toContain('“532.txt” — hãy kiểm tra các ô được đánh dấu');
    expect(res.text).toContain('id="number" name="number" type="text" value="532/STTTT-BCVT"');
    expect(res.text).toContain('value="21/04/2020"');
    expect(res.text).toContain('value="Lê Thị Thu Hương"');
    expect(res.text).toContain('<option value="KT." selected>');
    expect(res.text).toContain('>trích yếu đã gõ</textarea>');
    expect(res.text).toContain('value="30/12/2030"');
    expect(res.text).toContain('<p class="prefilled" id="number-filled">Đã điền từ tệp — hãy kiểm tra.</p>');
    expect(res.text).not.toContain('id="subject-filled"');
    for (const untouched of ['summary', 'contactName', 'deadlineDate', 'deadlineTime']) expect(res.text).not.toContain(`id="${untouched}-filled"`);
    expect(res.text).toContain('Đã điền 8 ô từ tệp “532.txt”');
    for (const name of ['Công an tỉnh', 'Sở Kế hoạch và Đầu tư', 'Tỉnh đoàn Gia Lai', 'Cục Quản lý thị trường Gia Lai']) expect(checked(res.text, 'agencyIds', agency(name))).toBe(true);
    expect(checked(res.text, 'groupIds', group('Ủy ban nhân dân các huyện'))).toBe(true);
    expect(checked(res.text, 'groupIds', group('Các doanh nghiệp'))).toBe(true);
    expect(res.text).not.toContain('id="prefill-unmatched"');
    expect(res.text).not.toContain('_csrf=');
    expect(await countConsultations(t)).toBe(before);
  });

  it('when a "Kính gửi" line names nothing in the directory then it is listed for the officer, the others ticked beside those already ticked', async () => {
    const { agency } = await demoDirectory(t);
    const res = await fillIn({ agencyIds: String(agency('Tỉnh đoàn Gia Lai')) }, { content: LETTER, name: 'cong-van-77.txt' });
    expect(res.status).toBe(200);
    expect(res.text).toMatch(/id="prefill-unmatched">[\s\S]*<li>Sở Du lịch<\/li>/u);
    expect(checked(res.text, 'agencyIds', agency('Công an tỉnh'))).toBe(true);
    expect(checked(res.text, 'agencyIds', agency('Tỉnh đoàn Gia Lai'))).toBe(true);
    expect(res.text).toContain('value="77/STP-VP"');
    expect(res.text).toContain('value="03/11/2026"');
  });

  it('when the file is a program, holds no letter, or is missing then the field says so, 400, with the typed values kept', async () => {
    const exe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'binary'), Buffer.alloc(2048, 0)]);
    for (const [file, message] of [
      [{ content: exe, name: 'cong-van.docx' }, 'không phải DOCX, PDF, TXT'],
      [{ content: 'chỉ là một dòng chữ', name: 'ghi-chu.txt' }, 'Không tìm thấy số, ngày, trích yếu hay nơi nhận'],
      [undefined, 'Hãy chọn tệp công văn hoặc dự thảo để điền.'],
    ] as const) {
      const res = await fillIn({ number: '900/ABC', signerName: 'Người Đã Gõ' }, file);
      expect(res.status).toBe(400);
      expect(res.text).toMatch(new RegExp(`id="source-error">[^<]*<span class="visually-hidden">Lỗi:</span> [^<]*${message}`, 'u'));
      expect(res.text).toContain('href="#source"');
      expect(res.text).toContain('value="900/ABC"');
      expect(res.text).toContain('value="Người Đã Gõ"');
    }
  });
});

describe("the draft's title", () => {
  let t: TestApp;
  let officer: Agent;
  beforeAll(async () => {
    t = await startTestApp();
    await addStaff(t, 'chuyenvien@gialai.example', { office: DEMO_OFFICE });
    officer = await signIn(t.app, 'chuyenvien@gialai.example');
  });
  afterAll(() => t.close());

  it('when "Tên dự thảo" is left empty then the title printed on the draft is used rather than the letter\'s subject, also after an edit leaves it empty', async () => {
    const { agency } = await demoDirectory(t);
    const csrf = await officer.csrf('/office/consultations/new');
    const req = officer.post('/office/consultations').field('_csrf', csrf);
    sendFields(req, { ...letterFields({ draftTitle: '' }), agencyIds: String(agency('Công an tỉnh')) });
    const res = await req.attach('draft', DEMO_SEED_FILE, 'du-thao.txt').expect(303);
    const id = Number(/(\d+)\/draft$/u.exec(res.headers.location as string)![1]);
    const title = async () => (await t.deps.db.selectFrom('consultations').select('draft_title').where('id', '=', id).executeTakeFirstOrThrow()).draft_title;
    const printed = 'Tăng cường công tác quản lý, cung cấp, sử dụng dịch vụ Internet và thông tin trên mạng trên địa bàn tỉnh Gia Lai';
    expect(await title()).toBe(printed);

    const edit = await officer.csrf(`/office/consultations/${id}/edit`);
    await officer.post(`/office/consultations/${id}/edit`).type('form').send({ _csrf: edit, ...letterFields({ draftTitle: 'Tên khác' }) }).expect(303);
    expect(await title()).toBe('Tên khác');
    await officer.post(`/office/consultations/${id}/edit`).type('form').send({ _csrf: edit, ...letterFields({ draftTitle: '' }) }).expect(303);
    expect(await title()).toBe(printed);
  });
});

describe('the CSRF token of a multipart form', () => {
  let t: TestApp;
  let officer: Agent;
  beforeAll(async () => {
    t = await startTestApp();
    await addStaff(t, 'chuyenvien@gialai.example', { office: DEMO_OFFICE });
    officer = await signIn(t.app, 'chuyenvien@gialai.example');
  });
  afterAll(() => t.close());

  it('when the page is shown then the form names its token as its first field, not in its address', async () => {
    const page = (await officer.get('/office/consultations/new').expect(200)).text;
    expect(page).toMatch(/<form method="post" action="\/office\/consultations" enctype="multipart\/form-data"[^>]*>\s*<input type="hidden" name="_csrf" value="[^"]+">/u);
  });

  it('when the token is missing, wrong, after another field or after a file then the form is refused before anything is read or stored', async () => {
    const before = await countConsultations(t);
    const csrf = await officer.csrf('/office/consultations/new');
    const posts = [
      () => sendFields(officer.post('/office/consultations'), letterFields()),
      () => sendFields(officer.post('/office/consultations').field('_csrf', 'wrong'), letterFields()),
      () => sendFields(officer.post('/office/consultations').field('number', '1/A').field('_csrf', csrf), letterFields()),
      () => officer.post('/office/consultations').attach('draft', DEMO_SEED_FILE, 'du-thao.txt').field('_csrf', csrf),
    ];
    for (const post of posts) expect((await post()).status).toBe(403);
    expect(await countConsultations(t)).toBe(before);
  });
});
