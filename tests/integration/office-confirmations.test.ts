import request from 'supertest';
import { seedDraftDocx } from '../fixtures/make-docx';
import { clauseIds, demoLinks } from '../helpers/agency';
import { type TestApp, startTestApp } from '../helpers/app';
import { at } from '../helpers/days';
import { DEMO_OFFICE, PDF_FIXTURE, demoDirectory, letterFields, sendFields } from '../helpers/office';
import { type TestMailbox, createMailbox } from '../helpers/mailbox';
import { addStaff, csrfFrom, signIn } from '../helpers/staff';

type Officer = Awaited<ReturnType<typeof signIn>>;

/** A working personal link anywhere in a text: a confirmation page must never hold one. */
const PERSONAL_LINK = /\/invite\/[A-Za-z0-9_-]{43}/u;

const count = async (t: TestApp, table: 'outbox' | 'invitations' | 'invitation_tokens', consultationId?: number) => {
  let q = t.deps.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n'));
  if (consultationId !== undefined && table !== 'invitation_tokens') q = q.where('consultation_id', '=', consultationId);
  return Number((await q.executeTakeFirstOrThrow()).n);
};

async function createConsultation(t: TestApp, officer: Officer): Promise<number> {
  const { agency, group } = await demoDirectory(t);
  const csrf = await officer.csrf('/office/consultations/new');
  const req = officer.post(`/office/consultations?_csrf=${encodeURIComponent(csrf)}`);
  sendFields(req, { ...letterFields(), agencyIds: [String(agency('Công an tỉnh')), String(agency('Tỉnh đoàn Gia Lai'))], groupIds: [String(group('Các doanh nghiệp'))] });
  req.attach('draft', await seedDraftDocx('automatic'), 'du-thao-lan-1.docx');
  req.attach('requestLetter', PDF_FIXTURE, 'cong-van-600.pdf');
  const res = await req.expect(303);
  return Number(/\/office\/consultations\/(\d+)\/draft$/u.exec(res.headers.location as string)![1]);
}

describe('publishing asks first', () => {
  let t: TestApp;
  let officer: Officer;
  beforeEach(async () => {
    t = await startTestApp();
    await addStaff(t, 'chuyenvien@gialai.example', { office: DEMO_OFFICE });
    officer = await signIn(t.app, 'chuyenvien@gialai.example');
  });
  afterEach(() => t.close());

  it('when the officer opens the confirmation then it shows the public page, the invitation and who gets it, and nothing is published or queued', async () => {
    const id = await createConsultation(t, officer);
    const tokensBefore = await count(t, 'invitation_tokens');
    const dashboard = await officer.get(`/office/consultations/${id}`).expect(200);
    // The dashboard's button only leads to the confirmation page.
    expect(dashboard.text).toContain(`href="/office/consultations/${id}/publish"`);
    expect(dashboard.text).not.toContain(`action="/office/consultations/${id}/publish"`);

    const page = await officer.get(`/office/consultations/${id}/publish`).expect(200);
    expect(page.text).toContain('<h1>Xác nhận công bố và gửi thư mời</h1>');
    for (const name of ['Công an tỉnh', 'Tỉnh đoàn Gia Lai', 'congan@gialai.example']) expect(page.text).toContain(name);
    expect(page.text).toContain('Danh sách nhận thư mời (5 cơ quan)');
    // The invitation as the first agency gets it, from the real template, its link a placeholder.
    expect(page.text).toContain('Kính gửi: Công an tỉnh');
    expect(page.text).toContain('Công văn số 600/STTTT-BCVT');
    expect(page.text).toContain('[đường liên kết riêng của cơ quan — chỉ tạo khi gửi thư]');
    expect(page.text).not.toMatch(PERSONAL_LINK);
    expect(page.text).toContain('Xác nhận: công bố và gửi 5 thư mời');
    expect(page.text).toContain('name="confirm" value="yes"');

    const preview = await officer.get(`/office/consultations/${id}/publish/preview`).expect(200);
    expect(preview.text).toContain('Bản xem trước: trang này chưa công khai.');
    expect(preview.text).toContain('Đang lấy ý kiến');
    expect(preview.text).toContain('id="muc-2-3"');

    expect((await t.deps.db.selectFrom('consultations').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe('draft');
    expect(await count(t, 'outbox', id)).toBe(0);
    expect(await count(t, 'invitations', id)).toBe(0);
    expect(await count(t, 'invitation_tokens')).toBe(tokensBefore);
    await request(t.app).get(`/consultations/${id}`).expect(404);
  });

  it('when the old one-click form is posted then it leads to the confirmation and publishes nothing; the confirm button publishes', async () => {
    const id = await createConsultation(t, officer);
    const csrf = await officer.csrf(`/office/consultations/${id}`);
    const bare = await officer.post(`/office/consultations/${id}/publish`).type('form').send({ _csrf: csrf }).expect(303);
    expect(bare.headers.location).toBe(`/office/consultations/${id}/publish`);
    expect(await count(t, 'outbox', id)).toBe(0);
    expect((await t.deps.db.selectFrom('consultations').select('status').where('id', '=', id).executeTakeFirstOrThrow()).status).toBe('draft');

    const page = await officer.get(`/office/consultations/${id}/publish`).expect(200);
    const done = await officer.post(`/office/consultations/${id}/publish`).type('form').send({ _csrf: csrfFrom(page.text), confirm: 'yes' }).expect(303);
    expect(done.headers.location).toBe(`/office/consultations/${id}?notice=published`);
    expect(await count(t, 'outbox', id)).toBe(5);
    await request(t.app).get(`/consultations/${id}`).expect(200);

    // Published: the confirmation now says why it cannot be done again and offers no button.
    const again = await officer.get(`/office/consultations/${id}/publish`).expect(200);
    expect(again.text).toContain('Đợt lấy ý kiến đã công bố');
    expect(again.text).not.toContain('name="confirm"');
  });

  it('when publishing would be refused then the confirmation says why at once and has no confirm button', async () => {
    const csrf = await officer.csrf('/office/consultations/new');
    const req = officer.post(`/office/consultations?_csrf=${encodeURIComponent(csrf)}`);
    sendFields(req, letterFields());
    req.attach('draft', await seedDraftDocx('typed'), 'du-thao.docx');
    const id = Number(/(\d+)\/draft$/u.exec((await req.expect(303)).headers.location as string)![1]);
    const page = await officer.get(`/office/consultations/${id}/publish`).expect(200);
    expect(page.text).toContain('Chưa chọn cơ quan nào');
    expect(page.text).not.toContain('name="confirm"');
  });

  it('when the invitations are queued then the dashboard and the status API say "queued" until they are delivered', async () => {
    const id = await createConsultation(t, officer);
    // Publishing starts a delivery run at once; held back here, the mail stays queued until deliverDue()
    // below, however fast the engine lets that run get ahead of this test's requests.
    await t.deps.mail.delivery.stop();
    const csrf = await officer.csrf(`/office/consultations/${id}/publish`);
    await officer.post(`/office/consultations/${id}/publish`).type('form').send({ _csrf: csrf, confirm: 'yes' }).expect(303);
    const token = await t.deps.services.auth.createApiToken('chuyenvien@gialai.example');
    const status = () => request(t.app).get(`/api/v1/consultations/${id}/status`).set('Authorization', `Bearer ${token}`).expect(200);

    const queued = await officer.get(`/office/consultations/${id}`).expect(200);
    expect(queued.text).not.toContain('Chưa gửi được thư');
    expect(queued.text.match(/<span class="state state--queued">Đang chờ gửi<\/span><\/td>/gu)).toHaveLength(5);
    const before = await status();
    expect(before.body.counts).toMatchObject({ queued: 5, not_sent: 0, sent: 0 });
    expect(before.body.recipients.map((r: { state: string }) => r.state)).toEqual(['queued', 'queued', 'queued', 'queued', 'queued']);

    await t.deps.mail.delivery.deliverDue();
    const failed = await t.deps.db.selectFrom('outbox').select('id').where('consultation_id', '=', id).orderBy('id').executeTakeFirstOrThrow();
    await t.deps.db.updateTable('outbox').set({ state: 'failed', last_error: '550 mailbox unavailable' }).where('id', '=', failed.id).execute();
    const after = await status();
    expect(after.body.counts).toMatchObject({ queued: 0, sent: 4, delivery_failed: 1 });
    const page = await officer.get(`/office/consultations/${id}`).expect(200);
    expect(page.text).toContain('Gửi thư thất bại');
    expect(page.text).not.toContain('state--queued">');
  });
});

describe('ending now asks first', () => {
  let smtp: TestMailbox;
  let t: TestApp;
  let officer: Officer;
  beforeEach(async () => {
    smtp = createMailbox();
    t = await startTestApp({ transport: smtp.transport });
    await addStaff(t, 'chuyenvien@gialai.example', { office: DEMO_OFFICE });
    officer = await signIn(t.app, 'chuyenvien@gialai.example');
  });
  afterEach(async () => {
    await t.close();
    await smtp.close();
  });

  it('when the officer opens the confirmation then it shows the closing time, who has not replied and who will be told, and nothing changes until the confirm', async () => {
    const link = await demoLinks(t, smtp);
    const police = `Bearer ${link('Công an tỉnh').split('/').at(-1)}`;
    await request(t.app).put('/api/v1/invitation/submission').set('Authorization', police).send({ agreeWithoutComments: true }).expect(200);
    await request(t.app).post('/api/v1/invitation/submission/submit').set('Authorization', police).expect(201);
    const mailBefore = await count(t, 'outbox', t.demoId!);

    const dashboard = await officer.get(`/office/consultations/${t.demoId}`).expect(200);
    expect(dashboard.text).toContain(`href="/office/consultations/${t.demoId}/end-now"`);
    const page = await officer.get(`/office/consultations/${t.demoId}/end-now`).expect(200);
    expect(page.text).toContain('<h1>Xác nhận kết thúc lấy ý kiến ngay</h1>');
    expect(page.text).toContain('bây giờ là 10:00');
    expect(page.text).toContain('Chưa gửi ý kiến (25 cơ quan)');
    expect(page.text).toContain('Được thông báo qua thư (25 cơ quan)');
    const told = page.text.slice(page.text.indexOf('id="told-heading"'));
    expect(told).not.toContain('Công an tỉnh');
    expect(told).toContain('Thay đổi hạn góp ý');
    expect(page.text).not.toMatch(PERSONAL_LINK);

    const csrf = csrfFrom(page.text);
    const bare = await officer.post(`/office/consultations/${t.demoId}/deadline`).type('form').send({ _csrf: csrf, action: 'end_now' }).expect(303);
    expect(bare.headers.location).toBe(`/office/consultations/${t.demoId}/end-now`);
    const still = await t.deps.db.selectFrom('consultations').select('closed_at').where('id', '=', t.demoId!).executeTakeFirstOrThrow();
    expect(still.closed_at).toBeNull();
    expect(await count(t, 'outbox', t.demoId!)).toBe(mailBefore);

    t.clock.advance(5 * 60 * 1000);
    const done = await officer.post(`/office/consultations/${t.demoId}/deadline`).type('form').send({ _csrf: csrf, action: 'end_now', confirm: 'yes' }).expect(303);
    expect(done.headers.location).toBe(`/office/consultations/${t.demoId}?notice=ended`);
    const ended = await t.deps.db.selectFrom('consultations').select('closed_at').where('id', '=', t.demoId!).executeTakeFirstOrThrow();
    expect(ended.closed_at).toBe(at(0, '10:05'));
    const notices = await t.deps.db.selectFrom('outbox').select('to_address').where('consultation_id', '=', t.demoId!).where('template', '=', 'deadline_changed').execute();
    expect(notices).toHaveLength(25);
    expect(notices.some((n) => n.to_address.includes('congan@'))).toBe(false);
    expect((await officer.get(done.headers.location as string).expect(200)).text).toContain('Đã kết thúc lấy ý kiến');
  });
});

describe('publishing the report asks first', () => {
  let smtp: TestMailbox;
  let t: TestApp;
  let officer: Officer;
  let token: string;
  beforeEach(async () => {
    smtp = createMailbox();
    t = await startTestApp({ transport: smtp.transport });
    const link = await demoLinks(t, smtp);
    const clause = await clauseIds(t, t.demoId!);
    const police = `Bearer ${link('Công an tỉnh').split('/').at(-1)}`;
    await request(t.app).put('/api/v1/invitation/submission').set('Authorization', police).send({ comments: [{ clauseId: clause('2.3.'), text: 'Đề nghị làm rõ đầu mối phối hợp.' }], letter: { number: '45/CAT-PV05' } }).expect(200);
    await request(t.app).post('/api/v1/invitation/submission/submit').set('Authorization', police).expect(201);
    await addStaff(t, 'chuyenvien@gialai.example', { office: DEMO_OFFICE });
    token = await t.deps.services.auth.createApiToken('chuyenvien@gialai.example');
    t.clock.set(at(7, '09:00'));
    officer = await signIn(t.app, 'chuyenvien@gialai.example');
  });
  afterEach(async () => {
    await t.close();
    await smtp.close();
  });

  const status = async () => (await t.deps.db.selectFrom('consultations').select('status').where('id', '=', t.demoId!).executeTakeFirstOrThrow()).status;

  it('when a comment is unanswered then the confirmation says so and offers no button', async () => {
    const page = await officer.get(`/office/consultations/${t.demoId}/report/publish`).expect(200);
    expect(page.text).toContain('Còn 1 ý kiến chưa xử lý');
    expect(page.text).not.toContain('name="confirm"');
  });

  it('when every comment is answered then the confirmation shows the report and what becomes public, and only the confirm publishes it', async () => {
    const comments = await request(t.app).get(`/api/v1/consultations/${t.demoId}/comments`).set('Authorization', `Bearer ${token}`).expect(200);
    await request(t.app).put(`/api/v1/comments/${comments.body.items[0].id}/response`).set('Authorization', `Bearer ${token}`).send({ decision: 'accepted' }).expect(200);

    const dashboard = await officer.get(`/office/consultations/${t.demoId}`).expect(200);
    expect(dashboard.text).toContain(`href="/office/consultations/${t.demoId}/report/publish"`);
    const page = await officer.get(`/office/consultations/${t.demoId}/report/publish`).expect(200);
    expect(page.text).toContain('<h1>Xác nhận công bố báo cáo</h1>');
    expect(page.text).toContain('Trở thành công khai: tên 1 cơ quan đã trả lời');
    expect(page.text).toContain('tên 25 cơ quan không trả lời');
    for (const s of ['Đề nghị làm rõ đầu mối phối hợp.', 'Tiếp thu', '45/CAT-PV05', 'BẢNG TỔNG HỢP, TIẾP THU, GIẢI TRÌNH Ý KIẾN GÓP Ý']) expect(page.text).toContain(s);

    const csrf = csrfFrom(page.text);
    const bare = await officer.post(`/office/consultations/${t.demoId}/report/publish`).type('form').send({ _csrf: csrf }).expect(303);
    expect(bare.headers.location).toBe(`/office/consultations/${t.demoId}/report/publish`);
    expect(await status()).toBe('open');
    await request(t.app).get(`/consultations/${t.demoId}/report`).expect(404);

    await officer.post(`/office/consultations/${t.demoId}/report/publish`).type('form').send({ _csrf: csrf, confirm: 'yes' }).expect(303);
    expect(await status()).toBe('report_published');
    await request(t.app).get(`/consultations/${t.demoId}/report`).expect(200);
  });
});

describe('confirmation pages of another office', () => {
  it('when an officer of another office opens or posts them then they are not found and nothing happens', async () => {
    const t = await startTestApp();
    try {
      await addStaff(t, 'chuyenvien@gialai.example', { office: DEMO_OFFICE });
      const id = await createConsultation(t, await signIn(t.app, 'chuyenvien@gialai.example'));
      await addStaff(t, 'khac@tuphap.example', { office: 'Sở Tư pháp tỉnh Gia Lai' });
      const other = await signIn(t.app, 'khac@tuphap.example');
      for (const path of [`/office/consultations/${id}/publish`, `/office/consultations/${id}/publish/preview`, `/office/consultations/${t.demoId}/end-now`, `/office/consultations/${t.demoId}/report/publish`]) {
        expect([path, (await other.get(path)).status]).toEqual([path, 404]);
      }
      const csrf = await other.csrf('/office');
      for (const [path, body] of [[`/office/consultations/${id}/publish`, {}], [`/office/consultations/${t.demoId}/deadline`, { action: 'end_now' }], [`/office/consultations/${t.demoId}/report/publish`, {}]] as const) {
        for (const confirm of [{}, { confirm: 'yes' }]) expect([path, confirm, (await other.post(path).type('form').send({ _csrf: csrf, ...body, ...confirm })).status]).toEqual([path, confirm, 404]);
      }
      expect(await count(t, 'outbox', id)).toBe(0);
      const demo = await t.deps.db.selectFrom('consultations').select(['status', 'closed_at']).where('id', '=', t.demoId!).executeTakeFirstOrThrow();
      expect(demo).toEqual({ status: 'open', closed_at: null });
    } finally {
      await t.close();
    }
  });
});

describe('saving a clause says so', () => {
  it('when the officer saves a clause then the page opens at that clause, open, with a status naming it', async () => {
    const t = await startTestApp();
    try {
      await addStaff(t, 'chuyenvien@gialai.example', { office: DEMO_OFFICE });
      const officer = await signIn(t.app, 'chuyenvien@gialai.example');
      const id = await createConsultation(t, officer);
      const clause = (label: string) => t.deps.services.drafts.latestDraft(id).then((d) => d!.flat.find((c) => c.label === label)!);
      const c31 = await clause('3.1.');
      const csrf = await officer.csrf(`/office/consultations/${id}/draft`);
      const saved = await officer.post(`/office/consultations/${id}/clauses/${c31.id}`).type('form').send({ _csrf: csrf, op: 'save', label: '3.1.', heading: '', text: `${c31.text} (đã sửa)` }).expect(303);
      const after = await clause('3.1.');
      expect(saved.headers.location).toBe(`/office/consultations/${id}/draft?saved=${after.id}&op=save#c-${after.anchor}`);
      const page = await officer.get(saved.headers.location as string).expect(200);
      expect(page.text).toContain('<p class="notice" role="status">Đã lưu mục 3.1.</p>');
      expect(page.text.match(/<details open>/gu)).toHaveLength(1);
      const open = page.text.slice(page.text.indexOf('<details open>'));
      expect(open).toContain(`(đã sửa)`);
      expect(open.indexOf(`action="/office/consultations/${id}/clauses/${after.id}"`)).toBeLessThan(400);

      const c32 = await clause('3.2.');
      const merged = await officer.post(`/office/consultations/${id}/clauses/${c32.id}`).type('form').send({ _csrf: csrf, op: 'merge_previous' }).expect(303);
      const into = await clause('3.1.');
      expect(merged.headers.location).toBe(`/office/consultations/${id}/draft?saved=${into.id}&op=merge_previous#c-${into.anchor}`);
      expect((await officer.get(merged.headers.location as string).expect(200)).text).toContain('Đã gộp vào mục 3.1.');

      // A plain visit opens nothing and says nothing.
      const plain = await officer.get(`/office/consultations/${id}/draft`).expect(200);
      expect(plain.text).not.toContain('<details open>');
      expect(plain.text).not.toContain('role="status"');
    } finally {
      await t.close();
    }
  });
});
