import request from 'supertest';
import { type TestApp, startTestApp } from '../helpers/app';
import { type TestMailbox, createMailbox } from '../helpers/mailbox';
import { DEMO_OFFICE } from '../helpers/office';
import { confirmedComment, pendingComments, unconfirmedComment } from '../helpers/public-comments';
import { addStaff } from '../helpers/staff';

describe('moderating public comments through the API', () => {
  let t: TestApp;
  let box: TestMailbox;
  let token: string;
  const as = () => ({ Authorization: `Bearer ${token}` });
  const list = (query = '') => request(t.app).get(`/api/v1/consultations/${t.demoId}/public-comments${query}`);
  const moderate = (id: number, body: Record<string, unknown>) => request(t.app).post(`/api/v1/public-comments/${id}/moderation`).set(as()).send(body);

  beforeEach(async () => {
    box = createMailbox();
    t = await startTestApp({ transport: box.transport });
    await addStaff(t, 'kiemduyet@gialai.example', { office: DEMO_OFFICE });
    token = await t.deps.services.auth.createApiToken('kiemduyet@gialai.example');
  });
  afterEach(() => t.close());

  it('when the office lists a state then it gets every field with the address, the counts and the total, and never an unconfirmed comment', async () => {
    const clause = (await t.deps.services.drafts.publishedDraft(t.demoId!))!.flat.find((k) => k.label === '1.2.')!;
    const id = await confirmedComment(t, box, { name: 'Nguyễn Văn An', email: 'an@example.vn', text: 'Xem www.example.vn.', clauseId: clause.id, organisation: 'Hội Tin học', showName: true });
    await unconfirmedComment(t, { name: 'Chưa Xác Nhận', email: 'chua@example.vn', text: 'Chưa xác nhận.' });

    const res = await list().set(as()).expect(200);
    expect(res.body).toMatchObject({ status: 'pending', total: 1, counts: { pending: 1, published: 0, rejected: 0, hidden: 0 }, limit: 100, offset: 0 });
    expect(res.body.items).toEqual([
      {
        id,
        clauseId: clause.id,
        clauseLabel: expect.stringContaining('1.2.'),
        name: 'Nguyễn Văn An',
        email: 'an@example.vn',
        organisation: 'Hội Tin học',
        text: 'Xem www.example.vn.',
        showName: true,
        state: 'pending',
        flags: ['link'],
        createdAt: expect.stringMatching(/\+07:00$/u),
        confirmedAt: expect.stringMatching(/\+07:00$/u),
        publishedAt: null,
        moderatedAt: null,
        reason: null,
        note: null,
      },
    ]);
    expect(JSON.stringify(res.body)).not.toContain('chua@example.vn');
    expect((await list('?status=published').set(as()).expect(200)).body).toMatchObject({ total: 0, items: [] });

    // Without a token the public list answers, published comments only and no address; a wrong token is refused.
    expect((await list().expect(200)).body).toMatchObject({ total: 0, items: [] });
    await list().set('Authorization', `Bearer ${'x'.repeat(43)}`).expect(401);
  });

  it('when the query asks too much or names no state then it is refused 400 with a message', async () => {
    const over = await list('?limit=1001').set(as()).expect(400);
    expect(over.body.error).toBe('Mỗi lần lấy tối đa 1000 ý kiến (limit).');
    expect((await list('?limit=1001&lang=en').set(as()).expect(400)).body.error).toBe('At most 1000 comments at a time (limit).');
    await list('?limit=0').set(as()).expect(400);
    await list('?limit=abc').set(as()).expect(400);
    expect((await list('?status=unconfirmed').set(as()).expect(400)).body.fields).toHaveProperty('status');
    await list('?limit=1000').set(as()).expect(200);
  });

  it('when pages of a long list are asked then limit and offset walk it oldest first', async () => {
    const ids = await pendingComments(t, 250);
    const first = await list('?limit=200').set(as()).expect(200);
    expect(first.body.total).toBe(250);
    expect(first.body.items.map((p: { id: number }) => p.id)).toEqual(ids.slice(0, 200));
    const rest = await list('?limit=200&offset=200').set(as()).expect(200);
    expect(rest.body.items.map((p: { id: number }) => p.id)).toEqual(ids.slice(200));
  });

  it('when a comment is published, hidden, or rejected then it answers its new state; the public list follows; the rejected author is mailed', async () => {
    const a = await confirmedComment(t, box, { name: 'Nguyễn Văn An', email: 'an@example.vn', text: 'Ý kiến được đăng.', showName: true });
    const b = await confirmedComment(t, box, { name: 'Trần Thị Bình', email: 'binh@example.vn', text: 'Ý kiến bị từ chối.' });

    expect((await moderate(a, { decision: 'publish' }).expect(200)).body).toEqual({ id: a, state: 'published' });
    const open = await list().expect(200);
    expect(open.body.items.map((p: { text: string }) => p.text)).toEqual(['Ý kiến được đăng.']);
    expect(JSON.stringify(open.body)).not.toContain('@example.vn');

    expect((await moderate(a, { decision: 'hide', reason: 'abusive' }).expect(200)).body).toEqual({ id: a, state: 'hidden' });
    expect((await list().expect(200)).body).toMatchObject({ total: 0, items: [] });
    expect((await list('?status=hidden').set(as()).expect(200)).body.items[0]).toMatchObject({ id: a, state: 'hidden', reason: 'abusive', note: null });

    expect((await moderate(b, { decision: 'reject', reason: 'other', note: 'Trùng với ý kiến đã gửi.' }).expect(200)).body).toEqual({ id: b, state: 'rejected' });
    await t.deps.mail.delivery.deliverNow();
    const mail = box.received.filter((m) => JSON.stringify(m.to).includes('binh@example.vn')).at(-1)!;
    expect(mail.text).toContain('Lý do: Lý do khác');
    expect(mail.text).toContain('Trùng với ý kiến đã gửi.');
    const log = await t.deps.db.selectFrom('audit_log').select(['action', 'details_json']).where('action', 'like', 'public_comment.%').orderBy('id').execute();
    expect(log.map((l) => [l.action, JSON.parse(l.details_json!)])).toEqual([
      ['public_comment.publish', { ids: [a], reason: null, note: null }],
      ['public_comment.hide', { ids: [a], reason: 'abusive', note: null }],
      ['public_comment.reject', { ids: [b], reason: 'other', note: 'Trùng với ý kiến đã gửi.' }],
    ]);
  });

  it('when a decision is wrong then it is refused: 400 without a reason or note, 400 for an unknown field, 409 for a wrong transition', async () => {
    const id = await confirmedComment(t, box, { name: 'Nguyễn Văn An', email: 'an@example.vn', text: 'Ý kiến.' });
    expect((await moderate(id, { decision: 'reject' }).expect(400)).body.fields).toHaveProperty('reason');
    expect((await moderate(id, { decision: 'reject', reason: 'other' }).expect(400)).body.fields).toHaveProperty('note');
    expect((await moderate(id, { decision: 'reject', reason: 'because' }).expect(400)).body.fields).toHaveProperty('reason');
    await moderate(id, { decision: 'approve' }).expect(400);
    await moderate(id, { decision: 'publish', extra: 1 }).expect(400);
    const wrong = await moderate(id, { decision: 'hide', reason: 'spam' }).expect(409);
    expect(wrong.body.error).toContain(`Không ẩn được ý kiến số ${id}`);
    await moderate(id, { decision: 'publish' }).expect(200);
    await moderate(id, { decision: 'publish' }).expect(409);
    await moderate(id, { decision: 'reject', reason: 'spam' }).expect(409);
    await moderate(999_999, { decision: 'publish' }).expect(404);
  });

  it("when another office's officer lists or decides then it is not found, whatever the query or body", async () => {
    const id = await confirmedComment(t, box, { name: 'Nguyễn Văn An', email: 'an@example.vn', text: 'Ý kiến.' });
    const unconfirmed = (await unconfirmedComment(t, { name: 'Chưa', email: 'chua@example.vn', text: 'Chưa xác nhận.' }), await t.deps.db.selectFrom('public_comments').select('id').where('state', '=', 'unconfirmed').executeTakeFirstOrThrow()).id;
    await addStaff(t, 'khac@tuphap.example', { office: 'Sở Tư pháp tỉnh Gia Lai' });
    const foreign = { Authorization: `Bearer ${await t.deps.services.auth.createApiToken('khac@tuphap.example')}` };
    await list().set(foreign).expect(404);
    await list('?limit=5000').set(foreign).expect(404);
    await request(t.app).post(`/api/v1/public-comments/${id}/moderation`).set(foreign).send({ decision: 'publish' }).expect(404);
    await request(t.app).post(`/api/v1/public-comments/${id}/moderation`).set(foreign).send({ nonsense: true }).expect(404);
    // An unconfirmed comment is nobody's, not even its own office's.
    await moderate(unconfirmed, { decision: 'publish' }).expect(404);
    await request(t.app).post(`/api/v1/public-comments/${id}/moderation`).send({ decision: 'publish' }).expect(401);
    expect((await t.deps.db.selectFrom('public_comments').select('state').where('id', '=', id).executeTakeFirstOrThrow()).state).toBe('pending');
  });
});
