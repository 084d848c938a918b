import request from 'supertest';
import { type TestApp, startTestApp } from '../helpers/app';
import { clauseIds, demoLinks, receiptsTo } from '../helpers/agency';
import { DEMO_OFFICE, PDF_FIXTURE } from '../helpers/office';
import { type TestMailbox, createMailbox } from '../helpers/mailbox';
import { addStaff, signIn } from '../helpers/staff';
import { atVn, compactDay, day, dmy } from '../helpers/days';

describe('the agency API', () => {
  let smtp: TestMailbox;
  let t: TestApp;
  let tokenOf: (agency: string) => string;
  let clause: (label: string) => number;

  beforeEach(async () => {
    smtp = createMailbox();
    t = await startTestApp({ transport: smtp.transport });
    const link = await demoLinks(t, smtp);
    tokenOf = (agency) => link(agency).split('/').at(-1)!;
    clause = await clauseIds(t, t.demoId!);
  });
  afterEach(async () => {
    await t.close();
    await smtp.close();
  });

  const as = (agency: string) => ({ Authorization: `Bearer ${tokenOf(agency)}` });

  it('when an agency reads, saves, attaches and submits then it gets a receipt by JSON and by mail', async () => {
    const start = await request(t.app).get('/api/v1/invitation').set(as('Công an tỉnh')).expect(200);
    expect(start.body).toMatchObject({ agency: { name: 'Công an tỉnh' }, window: 'open', draft: null, submissions: [], consultation: { number: '532/STTTT-BCVT', deadline: atVn(6, '00:00'), deadlineRule: 'before_date' } });
    expect(start.body.clauses[1]).toMatchObject({ label: '2.', heading: 'Công an tỉnh', id: clause('2.'), anchor: 'muc-2' });
    expect(start.body.relatedClauseIds).toEqual([clause('2.')]);

    const saved = await request(t.app)
      .put('/api/v1/invitation/submission')
      .set(as('Công an tỉnh'))
      .send({ comments: [{ clauseId: clause('1.1.'), text: 'Bổ sung căn cứ.' }, { clauseId: clause('2.3.'), text: 'Làm rõ đầu mối.', proposedText: 'Công an tỉnh chủ trì …' }], letter: { number: '123/CAT-PV05', date: day(2), signer: 'Nguyễn Văn B', title: 'Phó Giám đốc' }, savedBy: 'API' })
      .expect(200);
    expect(saved.body.savedAt).toBe(atVn(0, '10:00'));

    await request(t.app).post('/api/v1/invitation/letter').set(as('Công an tỉnh')).attach('file', PDF_FIXTURE, 'cv-123.pdf').expect(201);
    const draft = await request(t.app).get('/api/v1/invitation').set(as('Công an tỉnh')).expect(200);
    expect(draft.body.draft).toMatchObject({ comments: [{ label: '1.1.' }, { label: '2.3.', proposedText: 'Công an tỉnh chủ trì …' }], letter: { number: '123/CAT-PV05', file: { filename: 'cv-123.pdf' } } });

    const receipt = await request(t.app).post('/api/v1/invitation/submission/submit').set(as('Công an tỉnh')).expect(201);
    expect(receipt.body).toMatchObject({ receiptNumber: expect.stringMatching(new RegExp(`^BN-${compactDay(0)}-\\d{6}$`, 'u')), submittedAt: atVn(0, '10:00'), late: false, revision: 1 });
    await t.deps.mail.delivery.deliverDue();
    expect(receiptsTo(smtp, 'congan@gialai.example')[0]!.subject).toContain(receipt.body.receiptNumber);

    // Another agency sees none of it.
    const other = await request(t.app).get('/api/v1/invitation').set(as('Tỉnh đoàn Gia Lai')).expect(200);
    expect(other.body).toMatchObject({ agency: { name: 'Tỉnh đoàn Gia Lai' }, draft: null, submissions: [] });
  });

  it('when the deadline has passed under "refuse" then submit answers 409 naming the deadline, and the draft stays', async () => {
    await request(t.app).put('/api/v1/invitation/submission').set(as('Công an tỉnh')).send({ generalComment: 'Trước hạn.' }).expect(200);
    t.clock.set(atVn(6, '00:00'));
    const refused = await request(t.app).post('/api/v1/invitation/submission/submit').set(as('Công an tỉnh')).expect(409);
    expect(refused.body.error).toContain(`trước ngày ${dmy(6)}`);
    await request(t.app).put('/api/v1/invitation/submission').set(as('Công an tỉnh')).send({ generalComment: 'Sau hạn.' }).expect(409);
    const after = await request(t.app).get('/api/v1/invitation').set(as('Công an tỉnh')).expect(200);
    expect(after.body).toMatchObject({ window: 'closed', draft: { generalComment: 'Trước hạn.' } });
  });

  it('when a comment names an id that is no clause of the draft then the message calls it a clause id, not a "mục", in either language', async () => {
    const vi = await request(t.app).put('/api/v1/invitation/submission').set(as('Công an tỉnh')).send({ comments: [{ clauseId: 10_000_000, text: 'x' }] }).expect(400);
    expect(vi.body.fields.comments).toEqual(['Mã điều khoản (clauseId) 10000000 không thuộc dự thảo của đợt lấy ý kiến này: ý kiến phải gắn với mã của một điều khoản trong dự thảo.']);
    expect(vi.body.fields.comments[0]).not.toMatch(/\bmục\b/u);
    const en = await request(t.app).put('/api/v1/invitation/submission?lang=en').set(as('Công an tỉnh')).send({ comments: [{ clauseId: 10_000_000, text: 'x' }] }).expect(400);
    expect(en.body.fields.comments).toEqual(["Clause id (clauseId) 10000000 is not in this consultation's draft: a comment must name the id of one of the draft's clauses."]);
    const twice = await request(t.app)
      .put('/api/v1/invitation/submission')
      .set(as('Công an tỉnh'))
      .send({ comments: [{ clauseId: clause('2.3.'), text: 'a' }, { clauseId: clause('2.3.'), text: 'b' }] })
      .expect(400);
    expect(twice.body.fields.comments).toEqual([`Hai ý kiến cùng gắn với một điều khoản (mã ${clause('2.3.')}): hãy gộp thành một.`]);
  });

  it('when the body is wrong or names a clause of another consultation then it is refused with the field', async () => {
    const foreign = await request(t.app).put('/api/v1/invitation/submission').set(as('Công an tỉnh')).send({ comments: [{ clauseId: 987654, text: 'x' }] }).expect(400);
    expect(foreign.body.fields.comments[0]).toContain('không thuộc dự thảo');
    const shape = await request(t.app).put('/api/v1/invitation/submission').set(as('Công an tỉnh')).send({ comments: 'nope', extra: true }).expect(400);
    expect(shape.body.fields).toBeDefined();
    const empty = await request(t.app).post('/api/v1/invitation/submission/submit').set(as('Công an tỉnh')).expect(400);
    expect(empty.body.error).toContain('Chưa có ý kiến nào');
    const exe = await request(t.app).post('/api/v1/invitation/letter').set(as('Công an tỉnh')).attach('file', Buffer.concat([Buffer.from('MZ'), Buffer.alloc(1024)]), 'cv.pdf').expect(400);
    expect(exe.body.fields.letterFile[0]).toContain('không phải');
    expect(await t.deps.db.selectFrom('submissions').select('id').execute()).toEqual([]);
  });

  it('when the token is missing, wrong or revoked then the API refuses with 401', async () => {
    await request(t.app).get('/api/v1/invitation').expect(401);
    await request(t.app).get('/api/v1/invitation').set('Authorization', `Bearer ${'x'.repeat(43)}`).expect(401);
    await addStaff(t, 'chuyenvien@gialai.example', { office: DEMO_OFFICE });
    const officer = await signIn(t.app, 'chuyenvien@gialai.example');
    const invitation = await t.deps.db.selectFrom('invitations as i').innerJoin('agencies as a', 'a.id', 'i.agency_id').select('i.id').where('a.name', '=', 'Công an tỉnh').executeTakeFirstOrThrow();
    const csrf = await officer.csrf(`/office/consultations/${t.demoId}`);
    await officer.post(`/office/consultations/${t.demoId}/invitations/${invitation.id}/revoke`).type('form').send({ _csrf: csrf }).expect(303);
    const revoked = await request(t.app).get('/api/v1/invitation').set(as('Công an tỉnh')).expect(401);
    expect(revoked.body.error).toContain('thu hồi');
  });
});
