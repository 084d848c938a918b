import request from 'supertest';
import { type TestApp, startTestApp } from '../helpers/app';
import { createMailbox, type TestMailbox } from '../helpers/mailbox';

const CONFIRM_LINK = /http:\/\/gopy\.test\/public-comments\/confirm\/([A-Za-z0-9_-]{43})/u;

// A citizen comments on the seed draft (the demo takes public comments, moderated before they are shown).
describe('public comments through the API', () => {
  let t: TestApp;
  let box: TestMailbox;
  beforeEach(async () => {
    box = createMailbox();
    t = await startTestApp({ transport: box.transport });
  });
  afterEach(() => t.close());

  const send = (body: Record<string, unknown>, id = t.demoId!) => request(t.app).post(`/api/v1/consultations/${id}/public-comments`).send(body);
  const confirmTokenFor = async (email: string) => {
    await t.deps.mail.delivery.deliverNow();
    const mail = box.received.filter((m) => JSON.stringify(m.to).includes(email)).at(-1);
    return CONFIRM_LINK.exec(String(mail?.text))?.[1] ?? null;
  };

  it('when a citizen sends a comment then it waits for confirmation, counts nowhere, and the mailed link makes it pending', async () => {
    const clause = (await t.deps.services.drafts.publishedDraft(t.demoId!))!.flat.find((k) => k.label === '1.2.')!;
    const res = await send({ name: 'Nguyễn Văn An', email: 'An.Nguyen@example.vn', clauseId: clause.id, text: 'Đề nghị bổ sung thời hạn báo cáo.', showName: true }).expect(202);
    expect(res.body).toEqual({ status: 'awaiting_confirmation' });
    expect(await t.repos.publicComments.counts(t.demoId!)).toEqual({ pending: 0, published: 0, rejected: 0, hidden: 0 });

    const token = await confirmTokenFor('An.Nguyen@example.vn');
    expect(token).not.toBeNull();
    const mail = box.received.at(-1)!;
    expect(mail.subject).toContain('Xác nhận ý kiến góp ý');
    expect(mail.text).toContain('Đề nghị bổ sung thời hạn báo cáo.');

    const confirmed = await request(t.app).post('/api/v1/public-comments/confirm').send({ token }).expect(200);
    expect(confirmed.body).toMatchObject({ status: 'pending', consultationId: t.demoId });
    expect(await t.repos.publicComments.counts(t.demoId!)).toMatchObject({ pending: 1 });
    // A link confirms once.
    await request(t.app).post('/api/v1/public-comments/confirm').send({ token }).expect(404);
    // Not published yet: the public list is empty.
    const list = await request(t.app).get(`/api/v1/consultations/${t.demoId}/public-comments`).expect(200);
    expect(list.body).toMatchObject({ total: 0, items: [] });
  });

  it('when the link has expired then confirming is refused 410 and the comment never counts', async () => {
    await send({ name: 'Trần Thị Bình', email: 'binh@example.vn', text: 'Góp ý chung về dự thảo.' }).expect(202);
    const token = await confirmTokenFor('binh@example.vn');
    t.clock.advance(49 * 60 * 60 * 1000);
    const res = await request(t.app).post('/api/v1/public-comments/confirm').send({ token }).expect(410);
    expect(res.body.error).toContain('hết hạn');
    expect(await t.deps.services.publicComments.purgeExpired()).toBe(1);
  });

  it('when a body is wrong then each field is named in the visitor language', async () => {
    const res = await send({ name: '', email: 'not-an-address', text: '', clauseId: 'x', extra: 1 }).expect(400);
    expect(Object.keys(res.body.fields).sort()).toEqual(expect.arrayContaining(['name', 'email', 'text', 'clauseId']));
    await send({ name: 'A', email: 'a@example.vn', text: 'x', clauseId: 999999 }).expect(400);
    await send({ name: 'A', email: 'a@example.vn', text: 'x' }, 999999).expect(404);
  });
});
