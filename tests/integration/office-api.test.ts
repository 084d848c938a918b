import request from 'supertest';
import { type TestApp, startTestApp } from '../helpers/app';
import { DEMO_OFFICE, PDF_FIXTURE, demoDirectory } from '../helpers/office';
import { type TestMailbox, createMailbox } from '../helpers/mailbox';
import { addStaff } from '../helpers/staff';
import { seedDraftDocx } from '../fixtures/make-docx';
import { atVn, day } from '../helpers/days';

describe('the officer API', () => {
  let smtp: TestMailbox;
  let t: TestApp;
  let token: string;
  const auth = () => ({ Authorization: `Bearer ${token}` });

  beforeEach(async () => {
    smtp = createMailbox();
    t = await startTestApp({ transport: smtp.transport });
    await addStaff(t, 'api@gialai.example', { office: DEMO_OFFICE });
    token = await t.deps.services.auth.createApiToken('api@gialai.example');
  });
  afterEach(async () => {
    await t.deps.mail.delivery.stop();
    await t.close();
    await smtp.close();
  });

  const create = (fields: Record<string, string> = {}, file: string | Buffer = PDF_FIXTURE, name = 'du-thao.pdf') => {
    const req = request(t.app).post('/api/v1/consultations').set(auth());
    const all = { number: '601/STTTT-BCVT', letterDate: day(-1), subject: 'tham gia góp ý dự thảo', deadline: `${day(11)}T17:00`, latePolicy: 'accept_late', contactName: 'Trần Thị Liên Hệ', contactEmail: 'lienhe@gialai.example', letterRequired: 'true', ...fields };
    for (const [k, v] of Object.entries(all)) req.field(k, v);
    return req.attach('draft', file, name);
  };

  it('when a consultation is created from a PDF then it answers 201 with the clause tree, Vietnam time and the rules', async () => {
    const res = await create().expect(201);
    expect(res.headers.location).toBe(`/api/v1/consultations/${res.body.id}`);
    expect(res.body).toMatchObject({ number: '601/STTTT-BCVT', status: 'draft', deadline: atVn(11, '17:00'), deadlineRule: 'at_time', latePolicy: 'accept_late', letterRequired: true });
    expect(res.body.draft.clauses.map((c: { label: string }) => c.label)).toEqual(['1.', '2.', '3.', '4.', '5.', '6.', '7.', '8.', '9.']);
    expect(res.body.draft.clauses[0].children[0]).toMatchObject({ label: '1.1.', id: expect.any(Number), anchor: 'muc-1-1' });
  });

  it('when fields are changed, recipients added and the consultation published then the agencies are mailed and the status counts them', async () => {
    const { group } = await demoDirectory(t);
    const { body } = await create({}, await seedDraftDocx('typed'), 'du-thao.docx').expect(201);
    const patched = await request(t.app).patch(`/api/v1/consultations/${body.id}`).set(auth()).send({ contactPhone: '0269 3823 456', deadline: day(13), deadlineRule: 'before_date' }).expect(200);
    expect(patched.body).toMatchObject({ deadline: atVn(13, '00:00'), deadlineRule: 'before_date', contact: { phone: '0269 3823 456', name: 'Trần Thị Liên Hệ' } });

    const added = await request(t.app)
      .post(`/api/v1/consultations/${body.id}/recipients`)
      .set(auth())
      .send({ agencies: [{ name: 'Sở Y tế', email: 'syt@gialai.example' }], groupIds: [group('Các doanh nghiệp')] })
      .expect(201);
    expect(added.body.recipients.map((r: { label: string }) => r.label)).toEqual(['Sở Y tế', 'Các doanh nghiệp cung cấp dịch vụ Internet trên địa bàn tỉnh']);

    const published = await request(t.app).post(`/api/v1/consultations/${body.id}/publish`).set(auth()).expect(200);
    expect(published.body).toMatchObject({ status: 'open', invited: 4 });
    await t.deps.mail.delivery.deliverDue();
    expect(smtp.received.map((m) => m.to && (Array.isArray(m.to) ? m.to[0] : m.to).text).sort()).toContain('syt@gialai.example');

    const status = await request(t.app).get(`/api/v1/consultations/${body.id}/status`).set(auth()).expect(200);
    expect(status.body).toMatchObject({ status: 'open', total: 4, replied: 0, counts: { sent: 4 } });

    const again = await request(t.app).post(`/api/v1/consultations/${body.id}/publish`).set(auth()).expect(409);
    expect(again.body.error).toContain('đã công bố');

    // Extending after publishing is announced to the four agencies.
    const extended = await request(t.app).patch(`/api/v1/consultations/${body.id}`).set(auth()).send({ deadline: `${day(21)}T17:00+07:00` }).expect(200);
    expect(extended.body).toMatchObject({ announced: 4, originalDeadline: atVn(13, '00:00') });
  });

  it('when input is wrong then the errors are JSON with the fields, and nothing is stored', async () => {
    const res = await create({ number: '', deadline: 'next friday', contactEmail: 'abc@' }).expect(400);
    expect(res.body.error).toEqual(expect.any(String));
    expect(Object.keys(res.body.fields).sort()).toEqual(['contactEmail', 'deadline', 'number']);
    const past = await create({ deadline: '2020-04-27' }).expect(400);
    expect(past.body.fields.deadline[0]).toContain('Hạn góp ý phải sau');
    const big = await create({}, Buffer.alloc(25 * 1024 * 1024, 0x20), 'du-thao.txt').expect(413);
    expect(big.body.error).toContain('Tệp quá lớn');
    const exe = await create({}, Buffer.concat([Buffer.from('MZ'), Buffer.alloc(2048)]), 'du-thao.pdf').expect(400);
    expect(exe.body.fields.draft[0]).toContain('không phải DOCX, PDF, TXT');
    const noFile = await request(t.app).post('/api/v1/consultations').set(auth()).send({ number: '1/X', letterDate: day(-1), subject: 's', deadline: day(11) }).expect(400);
    expect(noFile.body.fields.draft).toBeDefined();
    const bad = await request(t.app).post('/api/v1/consultations/1/recipients').set(auth()).send({ agencies: [{ name: 'X', email: 'nope' }], extra: 1 }).expect(400);
    expect(bad.body.fields).toBeDefined();
    const rows = await t.deps.db.selectFrom('consultations').select('id').execute();
    expect(rows).toHaveLength(1); // the demo only
  });

  it("when the token is missing, wrong, revoked or another office's then the API refuses", async () => {
    const { body } = await create().expect(201);
    await request(t.app).get(`/api/v1/consultations/${body.id}/status`).expect(401);
    await request(t.app).get(`/api/v1/consultations/${body.id}/status`).set('Authorization', 'Bearer x'.repeat(1)).expect(401);
    await addStaff(t, 'other@tuphap.example', { office: 'Sở Tư pháp tỉnh Gia Lai' });
    const otherToken = await t.deps.services.auth.createApiToken('other@tuphap.example');
    const foreign = await request(t.app).get(`/api/v1/consultations/${body.id}/status`).set('Authorization', `Bearer ${otherToken}`).expect(404);
    expect(foreign.body.error).toContain('Không tìm thấy');
    await request(t.app).post(`/api/v1/consultations/${body.id}/publish`).set('Authorization', `Bearer ${otherToken}`).expect(404);
    await t.deps.services.auth.revokeApiTokens('api@gialai.example');
    await request(t.app).get(`/api/v1/consultations/${body.id}/status`).set(auth()).expect(401);
  });
});

describe('changing a consultation through the officer API', () => {
  let t: TestApp;
  let token: string;
  const auth = () => ({ Authorization: `Bearer ${token}` });

  beforeEach(async () => {
    t = await startTestApp();
    await addStaff(t, 'api@gialai.example', { office: DEMO_OFFICE });
    token = await t.deps.services.auth.createApiToken('api@gialai.example');
  });
  afterEach(() => t.close());

  const created = async () => {
    const req = request(t.app).post('/api/v1/consultations').set(auth());
    for (const [k, v] of Object.entries({ number: '602/STTTT-BCVT', letterDate: day(-1), subject: 'tham gia góp ý dự thảo', deadline: `${day(11)}T17:00` })) req.field(k, v);
    return (await req.attach('draft', PDF_FIXTURE, 'du-thao.pdf').expect(201)).body as { id: number; number: string; draft: { clauses: { label: string }[] } };
  };

  it('when a PATCH carries only a draft file then the draft is replaced and the fields are kept', async () => {
    const before = await created();
    const res = await request(t.app)
      .patch(`/api/v1/consultations/${before.id}`)
      .set(auth())
      .attach('draft', await seedDraftDocx('typed'), 'du-thao-lan-2.docx');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ number: '602/STTTT-BCVT', deadline: atVn(11, '17:00') });
    expect(res.body.draft.clauses.length).toBeGreaterThan(0);
    const source = await t.deps.db.selectFrom('attachments').select('filename').where('consultation_id', '=', before.id).where('kind', '=', 'draft_source').execute();
    expect(source.map((a) => a.filename)).toContain('du-thao-lan-2.docx');
  });

  it('when a PATCH has an empty JSON body then nothing changes and it answers 200', async () => {
    const before = await created();
    const res = await request(t.app).patch(`/api/v1/consultations/${before.id}`).set(auth()).send({});
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: before.id, number: '602/STTTT-BCVT', deadline: atVn(11, '17:00') });
  });

  it('when a PATCH has no body at all then it answers 200 and changes nothing', async () => {
    const before = await created();
    const res = await request(t.app).patch(`/api/v1/consultations/${before.id}`).set(auth());
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: before.id, number: '602/STTTT-BCVT' });
  });
});
