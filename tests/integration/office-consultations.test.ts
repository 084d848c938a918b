import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { type TestApp, startTestApp } from '../helpers/app';
import { DEMO_OFFICE, PDF_FIXTURE, demoDirectory, letterFields, linkIn, sendFields } from '../helpers/office';
import { type TestSmtpServer, closedPort, startSmtpServer } from '../helpers/smtp';
import { addStaff, csrfFrom, signIn } from '../helpers/staff';
import { seedDraftDocx } from '../fixtures/make-docx';
import { at, dmy } from '../helpers/days';

const countRows = async (t: TestApp, table: 'consultations' | 'attachments' | 'outbox') =>
  Number((await t.deps.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

/** Uploads in flight are removed when the response closes, just after it is sent: wait up to 2 s for that. */
async function uploadsLeft(t: TestApp): Promise<string[]> {
  const dir = path.join(t.dataDir, 'uploads');
  for (let i = 0; i < 40 && readdirSync(dir).length > 0; i++) await new Promise((r) => setTimeout(r, 50));
  return readdirSync(dir);
}

/** Mail about the consultation a test made, not the demo's own invitations. */
const ours = (server: TestSmtpServer) => server.received.filter((m) => m.subject?.includes('600/STTTT-BCVT'));

async function createConsultation(t: TestApp, agent: Awaited<ReturnType<typeof signIn>>, extra: Record<string, string | string[]> = {}) {
  const { agency, group } = await demoDirectory(t);
  const csrf = await agent.csrf('/office/consultations/new');
  const req = agent.post(`/office/consultations?_csrf=${encodeURIComponent(csrf)}`);
  sendFields(req, { ...letterFields(), agencyIds: [String(agency('Công an tỉnh')), String(agency('Tỉnh đoàn Gia Lai'))], groupIds: [String(group('Các doanh nghiệp'))], ...extra });
  req.attach('draft', await seedDraftDocx('automatic'), 'du-thao-lan-1.docx');
  req.attach('requestLetter', PDF_FIXTURE, 'cong-van-600.pdf');
  const res = await req.expect(303);
  return Number(/\/office\/consultations\/(\d+)\/draft$/u.exec(res.headers.location as string)![1]);
}

describe('a consultation from a DOCX, published to agencies by mail', () => {
  let smtp: TestSmtpServer;
  let t: TestApp;
  let agent: Awaited<ReturnType<typeof signIn>>;

  beforeEach(async () => {
    smtp = await startSmtpServer();
    t = await startTestApp({ env: { SMTP_URL: smtp.url } });
    await addStaff(t, 'chuyenvien@gialai.example', { office: DEMO_OFFICE, name: 'Chuyên viên Phòng BCVT' });
    agent = await signIn(t.app, 'chuyenvien@gialai.example');
  });
  afterEach(async () => {
    await t.deps.mail.delivery.stop();
    await t.close();
    await smtp.close();
  });

  it('when the officer creates, checks and publishes then every agency gets a personal link that works', async () => {
    const id = await createConsultation(t, agent);

    const review = await agent.get(`/office/consultations/${id}/draft`).expect(200);
    for (const label of ['1.1.', '2.5.', '9.4.']) expect(review.text).toContain(`<strong>${label}</strong>`);
    expect(review.text).toContain('du-thao-lan-1.docx');

    // Not public before publishing.
    await request(t.app).get(`/consultations/${id}`).expect(404);

    const csrf = csrfFrom((await agent.get(`/office/consultations/${id}`).expect(200)).text);
    await agent.post(`/office/consultations/${id}/publish`).type('form').send({ _csrf: csrf, confirm: 'yes' }).expect(303);
    await t.deps.mail.delivery.deliverDue();

    // Công an tỉnh, Tỉnh đoàn and the three Internet service providers of the group.
    expect(ours(smtp)).toHaveLength(5);
    const police = ours(smtp).find((m) => m.text?.includes('Kính gửi: Công an tỉnh'))!;
    expect(police.subject).toContain('600/STTTT-BCVT');
    expect(police.text).toContain(`trước ngày ${dmy(6)}`);
    expect(police.text).toContain('Trần Thị Liên Hệ');
    const link = linkIn(police.text!);
    expect(link.startsWith('http://gopy.test/invite/')).toBe(true);

    const page = await request(t.app).get(new URL(link).pathname).expect(200);
    expect(page.text).toContain('Góp ý của Công an tỉnh');
    expect(page.text).toContain('Tăng cường công tác');

    const dashboard = await agent.get(`/office/consultations/${id}`).expect(200);
    expect(dashboard.text).toContain('Đã mở đường liên kết');
    expect(dashboard.text).toContain('0/5 cơ quan đã gửi ý kiến');

    // Tokens are stored only as hashes, and a sent mail's stored copy no longer holds the link.
    const tokens = await t.deps.db.selectFrom('invitation_tokens').select('token_hash').execute();
    expect(tokens.every((k) => /^[0-9a-f]{64}$/u.test(k.token_hash))).toBe(true);
    const stored = await t.deps.db.selectFrom('outbox').select('body_text').execute();
    expect(stored.some((m) => m.body_text.includes(new URL(link).pathname))).toBe(false);
  });

  it('when the officer fixes the tree then the edit is kept and no text is lost', async () => {
    const id = await createConsultation(t, agent);
    const draft = (await t.deps.services.drafts.latestDraft(id))!;
    const item = draft.flat.find((c) => c.label === '1.2.')!;
    const csrf = await agent.csrf(`/office/consultations/${id}/draft`);
    await agent.post(`/office/consultations/${id}/clauses/${item.id}`).type('form').send({ _csrf: csrf, op: 'merge_previous' }).expect(303);
    const merged = (await t.deps.services.drafts.latestDraft(id))!;
    const first = merged.flat.find((c) => c.label === '1.1.')!;
    expect(first.text).toContain(item.text);
    expect(merged.flat.find((c) => c.label === '1.2.')).toBeUndefined();

    await agent.post(`/office/consultations/${id}/clauses/${first.id}`).type('form').send({ _csrf: csrf, op: 'split', text: first.text.split('\n')[0], newLabel: '1.2.', newText: item.text }).expect(303);
    const split = (await t.deps.services.drafts.latestDraft(id))!;
    expect(split.flat.find((c) => c.label === '1.2.')!.text).toBe(item.text);

    const refused = await agent.post(`/office/consultations/${id}/clauses/${split.flat[0]!.id}`).type('form').send({ _csrf: csrf, op: 'merge_previous' }).expect(400);
    expect(refused.text).toContain('Không có mục đứng trước');
  });

  it('when the SMTP server is down at publishing then publishing succeeds and the mail arrives once it is back', async () => {
    const port = await closedPort();
    const offline = await startTestApp({ env: { SMTP_URL: `smtp://127.0.0.1:${port}` } });
    try {
      await addStaff(offline, 'cv@gialai.example', { office: DEMO_OFFICE });
      const officer = await signIn(offline.app, 'cv@gialai.example');
      const id = await createConsultation(offline, officer);
      const csrf = await officer.csrf(`/office/consultations/${id}`);
      await officer.post(`/office/consultations/${id}/publish`).type('form').send({ _csrf: csrf, confirm: 'yes' }).expect(303);
      const first = await offline.deps.mail.delivery.deliverDue();
      expect(first.sent).toBe(0);
      const pending = await offline.deps.db.selectFrom('outbox').selectAll().where('consultation_id', '=', id).execute();
      expect(pending).toHaveLength(5);
      expect(pending.every((m) => m.state === 'pending' && m.attempts === 1 && m.last_error)).toBe(true);
      expect((await officer.get(`/office/consultations/${id}`).expect(200)).text).toContain('Đang chờ gửi');

      const back = await startSmtpServer({ port });
      try {
        offline.clock.advance(2 * 60 * 1000);
        await offline.deps.mail.delivery.deliverDue();
        expect(ours(back)).toHaveLength(5);
        expect((await offline.deps.db.selectFrom('outbox').select('state').where('consultation_id', '=', id).execute()).every((m) => m.state === 'sent')).toBe(true);
      } finally {
        await back.close();
      }
    } finally {
      await offline.deps.mail.delivery.stop();
      await offline.close();
    }
  });

  it('when a link is revoked it stops working, and a re-sent link works', async () => {
    const id = await createConsultation(t, agent);
    let csrf = await agent.csrf(`/office/consultations/${id}`);
    await agent.post(`/office/consultations/${id}/publish`).type('form').send({ _csrf: csrf, confirm: 'yes' }).expect(303);
    await t.deps.mail.delivery.deliverDue();
    const link = linkIn(ours(smtp).find((m) => m.text?.includes('Kính gửi: Tỉnh đoàn Gia Lai'))!.text!);
    const invitation = await t.deps.db.selectFrom('invitations as i').innerJoin('agencies as a', 'a.id', 'i.agency_id').select('i.id').where('a.name', '=', 'Tỉnh đoàn Gia Lai').where('i.consultation_id', '=', id).executeTakeFirstOrThrow();

    csrf = await agent.csrf(`/office/consultations/${id}`);
    await agent.post(`/office/consultations/${id}/invitations/${invitation.id}/revoke`).type('form').send({ _csrf: csrf }).expect(303);
    const revoked = await request(t.app).get(new URL(link).pathname).expect(410);
    expect(revoked.text).toContain('thu hồi');
    expect((await agent.get(`/office/consultations/${id}`)).text).toContain('Đã thu hồi đường liên kết');
    // Saving the recipients again does not quietly reinstate a revoked agency.
    const { group } = await demoDirectory(t);
    await agent.post(`/office/consultations/${id}/recipients`).type('form').send({ _csrf: csrf, groupIds: String(group('Ủy ban nhân dân')) }).expect(303);
    await request(t.app).get(new URL(link).pathname).expect(410);
    expect((await agent.get(`/office/consultations/${id}?notice=nonsense`).expect(200)).text).toContain('Đã thu hồi đường liên kết');

    await agent.post(`/office/consultations/${id}/invitations/${invitation.id}/resend`).type('form').send({ _csrf: csrf }).expect(303);
    await t.deps.mail.delivery.deliverDue();
    const fresh = linkIn(ours(smtp).at(-1)!.text!);
    expect(fresh).not.toBe(link);
    await request(t.app).get(new URL(fresh).pathname).expect(200);
    await request(t.app).get(new URL(link).pathname).expect(410);
  });

  it('when the deadline is extended or ended early then it is logged and announced, and reminders reach those who have not replied', async () => {
    const id = await createConsultation(t, agent);
    let csrf = await agent.csrf(`/office/consultations/${id}`);
    await agent.post(`/office/consultations/${id}/publish`).type('form').send({ _csrf: csrf, confirm: 'yes' }).expect(303);
    await t.deps.mail.delivery.deliverDue();

    await agent.post(`/office/consultations/${id}/remind`).type('form').send({ _csrf: csrf }).expect(303);
    await t.deps.mail.delivery.deliverDue();
    expect(ours(smtp).filter((m) => m.subject?.startsWith('Nhắc hạn góp ý'))).toHaveLength(5);
    const reminder = ours(smtp).find((m) => m.subject?.startsWith('Nhắc hạn góp ý'))!;
    await request(t.app).get(new URL(linkIn(reminder.text!)).pathname).expect(200);

    await agent.post(`/office/consultations/${id}/deadline`).type('form').send({ _csrf: csrf, action: 'change', deadlineDate: dmy(13), deadlineRule: 'by_end_of_date' }).expect(303);
    await t.deps.mail.delivery.deliverDue();
    const extension = ours(smtp).filter((m) => m.subject?.startsWith('Gia hạn góp ý'));
    expect(extension).toHaveLength(5);
    expect(extension[0]!.text).toContain(`chậm nhất ngày ${dmy(13)}`);
    const row = await t.deps.db.selectFrom('consultations').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.deadline_at).toBe(at(14, '00:00'));
    expect(row.original_deadline_at).toBe(at(6, '00:00'));
    // The letter's deadline keeps its own wording after the extension changed the rule.
    expect((await request(t.app).get(`/consultations/${id}`).expect(200)).text).toContain(`Hạn ghi trong công văn: trước ngày ${dmy(6)}`);

    csrf = await agent.csrf(`/office/consultations/${id}`);
    await agent.post(`/office/consultations/${id}/deadline`).type('form').send({ _csrf: csrf, action: 'end_now', confirm: 'yes' }).expect(303);
    const ended = await agent.get(`/office/consultations/${id}`).expect(200);
    expect(ended.text).toContain('Đã hết hạn góp ý');
    expect(ended.text).toContain('Đổi hạn góp ý');
    expect(ended.text).toContain('Kết thúc lấy ý kiến sớm');
    expect((await request(t.app).get(`/consultations/${id}`).expect(200)).text).toContain('Đã hết hạn góp ý');
  });

  it('when the deadline comes within REMINDER_DAYS then the automatic reminder goes out once', async () => {
    const id = await createConsultation(t, agent);
    const csrf = await agent.csrf(`/office/consultations/${id}`);
    await agent.post(`/office/consultations/${id}/publish`).type('form').send({ _csrf: csrf, confirm: 'yes' }).expect(303);
    expect(await t.deps.services.officeConsultations.remindDue(2)).toEqual([]);
    t.clock.set(at(4, '07:00')); // 07:00 of day 4; the deadline is 00:00 of day 6
    // Two runs of the job at once, as two instances on one database would: one reminder each.
    const runs = await Promise.all([t.deps.services.officeConsultations.remindDue(2), t.deps.services.officeConsultations.remindDue(2)]);
    expect(runs.flat()).toContain(id);
    expect(await t.deps.services.officeConsultations.remindDue(2)).toEqual([]);
    const reminders = await t.deps.db.selectFrom('outbox').select('id').where('template', '=', 'reminder').where('consultation_id', '=', id).execute();
    expect(reminders).toHaveLength(5);
  });
});

describe('the office pages refuse what they must', () => {
  let t: TestApp;
  let agent: Awaited<ReturnType<typeof signIn>>;
  beforeEach(async () => {
    t = await startTestApp();
    await addStaff(t, 'chuyenvien@gialai.example', { office: DEMO_OFFICE });
    agent = await signIn(t.app, 'chuyenvien@gialai.example');
  });
  afterEach(async () => {
    await t.deps.mail.delivery.stop();
    await t.close();
  });

  it("when an officer of another office asks for a consultation then it is not found, and publishing it changes nothing", async () => {
    const id = await createConsultation(t, agent);
    await addStaff(t, 'other@tuphap.example', { office: 'Sở Tư pháp tỉnh Gia Lai' });
    const other = await signIn(t.app, 'other@tuphap.example');
    await other.get(`/office/consultations/${id}`).expect(404);
    await other.get(`/office/consultations/${id}/draft`).expect(404);
    const csrf = await other.csrf('/office');
    await other.post(`/office/consultations/${id}/publish`).type('form').send({ _csrf: csrf, confirm: 'yes' }).expect(404);
    const row = await t.deps.db.selectFrom('consultations').select('status').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.status).toBe('draft');
    expect((await other.get('/office').expect(200)).text).not.toContain('600/STTTT-BCVT');
  });

  it('when a visitor is not signed in then the pages send them to the login and the forms refuse', async () => {
    const res = await request(t.app).get('/office/consultations/new').expect(303);
    expect(res.headers.location).toContain('/login?next=');
    await request(t.app).post('/office/consultations/1/publish').type('form').send({}).expect(403);
  });

  it('when a form comes without its CSRF token then it is refused and nothing is stored', async () => {
    const req = agent.post('/office/consultations');
    sendFields(req, letterFields());
    req.attach('draft', await seedDraftDocx('typed'), 'du-thao.docx');
    await req.expect(403);
    expect(await countRows(t, 'consultations')).toBe(1);
  });

  it('when the draft is 25 MB then it is refused with a clear message and nothing is stored', async () => {
    const csrf = await agent.csrf('/office/consultations/new');
    const before = { consultations: await countRows(t, 'consultations'), attachments: await countRows(t, 'attachments') };
    const req = agent.post(`/office/consultations?_csrf=${encodeURIComponent(csrf)}`);
    sendFields(req, letterFields());
    req.attach('draft', Buffer.alloc(25 * 1024 * 1024, 0x41), 'du-thao.txt');
    const res = await req.expect(413);
    expect(res.text).toContain('Tệp quá lớn');
    expect({ consultations: await countRows(t, 'consultations'), attachments: await countRows(t, 'attachments') }).toEqual(before);
    expect(await uploadsLeft(t)).toEqual([]);
  });

  it('when a program is renamed .docx then it is refused by its content, with the answers kept', async () => {
    const csrf = await agent.csrf('/office/consultations/new');
    const exe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'binary'), Buffer.alloc(4096, 0)]);
    const req = agent.post(`/office/consultations?_csrf=${encodeURIComponent(csrf)}`);
    sendFields(req, letterFields());
    req.attach('draft', exe, 'du-thao.docx');
    const res = await req.expect(400);
    expect(res.text).toContain('không phải DOCX, PDF, TXT');
    expect(res.text).toContain('value="600/STTTT-BCVT"');
    expect(await countRows(t, 'consultations')).toBe(1);
    expect(await uploadsLeft(t)).toEqual([]);
    expect(existsSync(path.join(t.dataDir, 'files'))).toBe(true);
  });

  it('when fields are missing or wrong then each gets its message and nothing is stored', async () => {
    const csrf = await agent.csrf('/office/consultations/new');
    const req = agent.post(`/office/consultations?_csrf=${encodeURIComponent(csrf)}`);
    sendFields(req, letterFields({ number: '', letterDate: '31/02/2026', contactEmail: 'abc@', deadlineDate: '01/01/2020' }));
    req.attach('draft', await seedDraftDocx('typed'), 'du-thao.docx');
    const res = await req.expect(400);
    expect(res.text).toContain('Hãy nhập số, ký hiệu công văn');
    expect(res.text).toContain('Ngày không hợp lệ');
    expect(res.text).toContain('Địa chỉ thư điện tử không hợp lệ');
    expect(res.text).toContain('href="#number"');
    expect(await countRows(t, 'consultations')).toBe(1);

    const past = agent.post(`/office/consultations?_csrf=${encodeURIComponent(csrf)}`);
    sendFields(past, letterFields({ deadlineDate: '01/01/2020' }));
    past.attach('draft', await seedDraftDocx('typed'), 'du-thao.docx');
    expect((await past.expect(400)).text).toContain('Hạn góp ý phải sau thời điểm hiện tại');
  });

  it('when a personal link is wrong then it is not found, and guessing is slowed down', async () => {
    const wrong = `/invite/${'A'.repeat(43)}`;
    const res = await request(t.app).get(wrong).expect(404);
    expect(res.text).toContain('Đường liên kết không đúng');
    await request(t.app).get('/invite/short').expect(404);
    for (let i = 0; i < 18; i++) await request(t.app).get(wrong).expect(404);
    const limited = await request(t.app).get(wrong).expect(429);
    expect(limited.text).toContain('Quá nhiều lần');
  });

  it('when publishing without recipients then it is refused and stays a draft', async () => {
    const csrf = await agent.csrf('/office/consultations/new');
    const req = agent.post(`/office/consultations?_csrf=${encodeURIComponent(csrf)}`);
    sendFields(req, letterFields());
    req.attach('draft', await seedDraftDocx('typed'), 'du-thao.docx');
    const id = Number(/(\d+)\/draft$/u.exec((await req.expect(303)).headers.location as string)![1]);
    const res = await agent.post(`/office/consultations/${id}/publish`).type('form').send({ _csrf: csrf, confirm: 'yes' }).expect(400);
    expect(res.text).toContain('Chưa chọn cơ quan nào');
  });
});
