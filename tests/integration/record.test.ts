import request from 'supertest';
import { type TestApp, startTestApp } from '../helpers/app';
import { clauseIds, demoLinks, receiptsTo } from '../helpers/agency';
import { at, atVn, dmy } from '../helpers/days';
import { DEMO_OFFICE, PDF_FIXTURE } from '../helpers/office';
import { type TestMailbox, createMailbox } from '../helpers/mailbox';
import { addStaff, signIn, csrfFrom } from '../helpers/staff';

const CONTACT = 'nghitnt.stttt@gialai.example';
const AFTER_DEADLINE = at(7, '09:00');
const PERSONAL_LINK = /\/invite\/[A-Za-z0-9_-]{43}/u;

/** The official record: who was asked, who replied, what each said, and who did what. */
describe('the record of the demo consultation', () => {
  let smtp: TestMailbox;
  let t: TestApp;
  let tokenOf: (agency: string) => string;
  let clause: (label: string) => number;
  let officer: Awaited<ReturnType<typeof signIn>>;

  beforeEach(async () => {
    smtp = createMailbox();
    t = await startTestApp({ transport: smtp.transport });
    const link = await demoLinks(t, smtp);
    tokenOf = (agency) => link(agency).split('/').at(-1)!;
    clause = await clauseIds(t, t.demoId!);
    await addStaff(t, 'chuyenvien2@gialai.example', { office: DEMO_OFFICE, name: 'Lê Văn Cán Bộ' });
    officer = await signIn(t.app, 'chuyenvien2@gialai.example');
  });
  afterEach(async () => {
    await t.deps.mail.delivery.stop();
    await t.close();
    await smtp.close();
  });

  const as = (agency: string) => ({ Authorization: `Bearer ${tokenOf(agency)}` });
  const invitationOf = async (agency: string) =>
    (await t.deps.db.selectFrom('invitations as i').innerJoin('agencies as a', 'a.id', 'i.agency_id').select('i.id').where('a.name', '=', agency).executeTakeFirstOrThrow()).id;
  const submit = async (agency: string, text: string) => {
    await request(t.app).put('/api/v1/invitation/submission').set(as(agency)).send({ comments: [{ clauseId: clause('1.1.'), text }] }).expect(200);
    return (await request(t.app).post('/api/v1/invitation/submission/submit').set(as(agency)).expect(201)).body as { receiptNumber: string };
  };
  const revoke = async (agency: string) => {
    const csrf = await officer.csrf(`/office/consultations/${t.demoId}`);
    await officer.post(`/office/consultations/${t.demoId}/invitations/${await invitationOf(agency)}/revoke`).type('form').send({ _csrf: csrf }).expect(303);
  };
  const enterOnPaper = async (agency: string, text: string) => {
    const path = `/office/consultations/${t.demoId}/invitations/${await invitationOf(agency)}/entry`;
    const form = await officer.get(path).expect(200);
    const csrf = csrfFrom(form.text);
    await officer.post(`${path}?_csrf=${encodeURIComponent(csrf)}`).field('receivedDate', dmy(0)).field('receivedTime', '08:00').field(`c_${clause('2.')}`, text).expect(303);
  };

  it('when a link is revoked then the agency is still counted among those asked and listed, with its state, as not replying', async () => {
    await submit('Công an tỉnh', 'Bổ sung căn cứ.');
    await revoke('Tỉnh đoàn Gia Lai');
    t.clock.set(AFTER_DEADLINE);
    officer = await signIn(t.app, 'chuyenvien2@gialai.example');
    const json = await officer.get(`/office/consultations/${t.demoId}/report.json`).expect(200);
    expect(json.body.counts).toMatchObject({ asked: 26, replied: 1, noReply: 25, revoked: 1 });
    expect(json.body.noReply).toContain('Tỉnh đoàn Gia Lai');
    expect(json.body.revoked).toEqual([{ name: 'Tỉnh đoàn Gia Lai', revokedAt: expect.stringMatching(/\+07:00$/u) }]);
    const page = await officer.get(`/office/consultations/${t.demoId}/report`).expect(200);
    expect(page.text).toContain('đề nghị 26 cơ quan, đơn vị');
    expect(page.text).toContain('Có 25 cơ quan, đơn vị không có văn bản trả lời');
    expect(page.text).toContain(`Tỉnh đoàn Gia Lai (đã thu hồi đường dẫn góp ý ngày ${dmy(0)})`);
  });

  it('when an agency submits then the log names the agency, not an officer, and says what happened and what changed', async () => {
    const { receiptNumber } = await submit('Công an tỉnh', 'Bổ sung căn cứ.');
    await enterOnPaper('Sở Kế hoạch và Đầu tư', 'Ý kiến trên giấy.');
    const dashboard = await officer.get(`/office/consultations/${t.demoId}`).expect(200);
    const log = dashboard.text.slice(dashboard.text.indexOf('id="trail-heading"'));
    const entries = log.split('<time').slice(1);
    const entry = (needle: string) => entries.find((e) => e.includes(needle)) ?? '';
    const agencyEntry = entry('Gửi ý kiến góp ý');
    expect(agencyEntry).toContain('Cơ quan góp ý: Công an tỉnh');
    expect(agencyEntry).toContain(`Biên nhận ${receiptNumber}, lần gửi 1`);
    for (const officerName of ['Lê Văn Cán Bộ', 'Cán bộ ']) expect(agencyEntry).not.toContain(officerName);
    expect(entry('Nhập văn bản góp ý')).toContain('Cơ quan chủ trì nhập thay Sở Kế hoạch và Đầu tư (cán bộ Lê Văn Cán Bộ)');
    expect(log).not.toContain('<code>');

    const english = await officer.get(`/office/consultations/${t.demoId}?lang=en`).expect(200);
    expect(english.text).toContain('Consulted agency: Công an tỉnh');
    expect(english.text).toContain('Submitted comments');
  });

  it('when drafts are saved between submissions, also at once, then receipt numbers run 1, 2, 3 … per office and year without gaps', async () => {
    const agencies = ['Công an tỉnh', 'Sở Kế hoạch và Đầu tư', 'Sở Giáo dục và Đào tạo', 'Tỉnh đoàn Gia Lai', 'Sở Lao động - Thương binh và Xã hội'];
    // Saved drafts and a refused submission take no number.
    await request(t.app).put('/api/v1/invitation/submission').set(as(agencies[0]!)).send({ generalComment: 'Bản nháp.' }).expect(200);
    await request(t.app).put('/api/v1/invitation/submission').set(as(agencies[1]!)).send({}).expect(200);
    await request(t.app).post('/api/v1/invitation/submission/submit').set(as(agencies[1]!)).expect(400);
    const receipts = await Promise.all(agencies.map((agency, n) => submit(agency, `Ý kiến ${n}.`)));
    const year = atVn(0).slice(0, 4);
    const today = dmy(0).split('/').reverse().join('');
    const serials = receipts.map((r) => {
      expect(r.receiptNumber).toMatch(new RegExp(`^BN-${today}-\\d{6}$`, 'u'));
      return Number(r.receiptNumber.slice(-6));
    });
    expect(serials.sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5]);
    // A second version and an entry by the office continue the same series.
    expect((await submit(agencies[0]!, 'Sửa lại.')).receiptNumber.slice(-6)).toBe('000006');
    await enterOnPaper('Cục Quản lý thị trường Gia Lai', 'Trên giấy.');
    const last = await t.deps.db.selectFrom('receipt_counters').selectAll().executeTakeFirstOrThrow();
    expect(last).toMatchObject({ year: Number(year), last_number: 7 });
  });

  it('when the office ends the consultation now then the letter keeps its wording and the closing is said once, on every page and the report', async () => {
    const closed = t.clock.now();
    const csrf = await officer.csrf(`/office/consultations/${t.demoId}`);
    await officer.post(`/office/consultations/${t.demoId}/deadline`).type('form').send({ _csrf: csrf, action: 'end_now', confirm: 'yes' }).expect(303);

    const row = await t.deps.db.selectFrom('consultations').selectAll().where('id', '=', t.demoId!).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ deadline_rule: 'before_date', deadline_at: at(6), closed_at: closed.toISOString(), original_deadline_rule: 'before_date' });

    const page = await request(t.app).get(`/consultations/${t.demoId}`).expect(200);
    expect(page.text).toContain(`trước ngày ${dmy(6)}`);
    expect(page.text).toContain(`đã kết thúc lấy ý kiến sớm, lúc 10:00 ${dmy(0)}`);
    expect(page.text).toContain('Hạn ghi trong công văn: trước ngày 27/04/2020');
    expect(page.text).not.toContain('đến 10:00');
    expect(page.text).not.toContain(`Hết hạn lúc 00:00 ${dmy(6)}`);

    const api = await request(t.app).get(`/api/v1/consultations/${t.demoId}`).expect(200);
    expect(api.body).toMatchObject({ deadlineRule: 'before_date', originalDeadline: '2020-04-27T00:00:00+07:00', originalDeadlineRule: 'before_date', closedAt: atVn(0, '10:00') });

    const refused = await request(t.app).post('/api/v1/invitation/submission/submit').set(as('Công an tỉnh')).expect(409);
    expect(refused.body.error).toContain(`kết thúc lấy ý kiến lúc 10:00 ${dmy(0)}`);

    const report = await officer.get(`/office/consultations/${t.demoId}/report`).expect(200);
    expect(report.text).toContain('thời hạn góp ý trước ngày 27/04/2020');
    expect(report.text).toContain(`đã kết thúc lấy ý kiến lúc 10:00 ngày ${dmy(0)}`);
    expect(report.text).not.toContain('trước 10:00 ngày');
  });

  it('when an agency submits then its receipt carries its link, and the contact person gets a notice of its own without it', async () => {
    const { receiptNumber } = await submit('Công an tỉnh', 'Bổ sung căn cứ.');
    await t.deps.mail.delivery.deliverDue();
    const [receipt] = receiptsTo(smtp, 'congan@gialai.example');
    expect(receipt!.text).toMatch(PERSONAL_LINK);
    expect(receipt!.cc).toBeUndefined();
    const copies = smtp.received.filter((m) => JSON.stringify(m.to).includes(CONTACT) || JSON.stringify(m.cc ?? '').includes(CONTACT));
    expect(copies).toHaveLength(1);
    expect(copies[0]!.subject).toContain(`Đã nhận ý kiến góp ý của Công an tỉnh (biên nhận số ${receiptNumber})`);
    expect(copies[0]!.text).not.toMatch(PERSONAL_LINK);
    expect(copies[0]!.html).not.toMatch(PERSONAL_LINK);
    expect(JSON.stringify(copies[0]!.to)).not.toContain('congan@');
  });

  it('when the office enters a reply for a revoked agency then no mail carries a working link and old links stay closed', async () => {
    const oldToken = tokenOf('Công an tỉnh');
    await revoke('Công an tỉnh');
    await enterOnPaper('Công an tỉnh', 'Ý kiến gửi bằng giấy.');
    await t.deps.mail.delivery.deliverDue();
    const receipts = receiptsTo(smtp, 'congan@gialai.example');
    expect(receipts).toHaveLength(1);
    expect(receipts[0]!.text).not.toMatch(PERSONAL_LINK);
    expect(receipts[0]!.text).toContain('đã được thu hồi');
    await request(t.app).get(`/invite/${oldToken}`).expect(410);
    // Even a token of the invitation that escaped revocation is refused: the invitation's state decides.
    const tokens = await t.deps.db.selectFrom('invitation_tokens').select('revoked_at').where('invitation_id', '=', await invitationOf('Công an tỉnh')).execute();
    expect(tokens.every((k) => k.revoked_at !== null)).toBe(true);
    const submission = await t.deps.db.selectFrom('submissions').select(['entered_by_office', 'entered_by_user_id']).where('state', '=', 'submitted').executeTakeFirstOrThrow();
    expect(submission).toMatchObject({ entered_by_office: 1, entered_by_user_id: expect.any(Number) });
  });
});

describe('a link minted for a revoked invitation', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp();
  });
  afterEach(() => t.close());

  it('when a token row exists for a revoked invitation then the link answers 410', async () => {
    const { hashToken, newSecretToken } = await import('../../src/auth/tokens');
    const invitation = await t.deps.db.selectFrom('invitations').select('id').where('consultation_id', '=', t.demoId!).executeTakeFirstOrThrow();
    await t.deps.db.updateTable('invitations').set({ revoked_at: at(0) }).where('id', '=', invitation.id).execute();
    const token = newSecretToken();
    await t.deps.db.insertInto('invitation_tokens').values({ invitation_id: invitation.id, token_hash: hashToken(token), created_at: at(0, '10:00'), revoked_at: null }).execute();
    await request(t.app).get(`/invite/${token}`).expect(410);
    await request(t.app).get('/api/v1/invitation').set('Authorization', `Bearer ${token}`).expect(401);
  });
});

describe('a draft replaced before publishing', () => {
  let t: TestApp;
  let token: string;
  beforeEach(async () => {
    t = await startTestApp({ demo: false });
    await addStaff(t, 'api@gialai.example', { office: DEMO_OFFICE });
    token = await t.deps.services.auth.createApiToken('api@gialai.example');
  });
  afterEach(() => t.close());

  it('when another draft is uploaded then only the draft in use is published; the first file stays with the office', async () => {
    const auth = { Authorization: `Bearer ${token}` };
    const { seedDraftDocx } = await import('../fixtures/make-docx');
    const created = await request(t.app)
      .post('/api/v1/consultations')
      .set(auth)
      .field('number', '601/STTTT-BCVT')
      .field('letterDate', at(-1).slice(0, 10))
      .field('subject', 'tham gia góp ý dự thảo')
      .field('deadline', at(11).slice(0, 10))
      .attach('draft', PDF_FIXTURE, 'ban-dau.pdf')
      .expect(201);
    const id = created.body.id as number;
    const officerAgent = await signIn(t.app, 'api@gialai.example');
    const csrf = await officerAgent.csrf(`/office/consultations/${id}/draft`);
    await officerAgent.post(`/office/consultations/${id}/draft?_csrf=${encodeURIComponent(csrf)}`).attach('draft', await seedDraftDocx('automatic'), 'ban-thay.docx').expect(303);
    await t.deps.db.updateTable('consultations').set({ status: 'open', published_at: at(0) }).where('id', '=', id).execute();

    const files = await t.deps.db.selectFrom('attachments').select(['id', 'filename', 'is_public']).where('consultation_id', '=', id).orderBy('id').execute();
    expect(files.map((f) => [f.filename, f.is_public])).toEqual([['ban-dau.pdf', 0], ['ban-thay.docx', 1]]);
    const page = await request(t.app).get(`/consultations/${id}`).expect(200);
    expect(page.text).toContain('ban-thay.docx');
    expect(page.text).not.toContain('ban-dau.pdf');
    await request(t.app).get(`/attachments/${files[0]!.id}/ban-dau.pdf`).expect(404);
    await request(t.app).get(`/attachments/${files[1]!.id}/ban-thay.docx`).expect(200);
    const office = await officerAgent.get(`/office/consultations/${id}`).expect(200);
    expect(office.text).toContain('ban-dau.pdf');
  });
});
