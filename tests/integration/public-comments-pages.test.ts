import request from 'supertest';
import { type TestApp, startTestApp } from '../helpers/app';
import { createMailbox, type TestMailbox } from '../helpers/mailbox';
import { startSmtpServer, type TestSmtpServer } from '../helpers/smtp';
import { csrfFrom } from '../helpers/staff';

const CONFIRM_PATH = /http:\/\/gopy\.test(\/public-comments\/confirm\/[A-Za-z0-9_-]{43})/u;
const stampFrom = (html: string) => /name="stamp" value="([^"]+)"/u.exec(html)![1]!;

/** A visitor's browser without JavaScript: one cookie jar, forms read from the pages. */
async function visitor(t: TestApp, path: string) {
  const agent = request.agent(t.app);
  const page = await agent.get(path).expect(200);
  return { agent, page, csrf: csrfFrom(page.text), stamp: stampFrom(page.text) };
}

const comment = { name: 'Lê Thị Cúc', email: 'cuc@example.vn', organisation: 'Hội Tin học tỉnh Gia Lai', text: 'Đề nghị làm rõ trách nhiệm của doanh nghiệp tại mục 3.2.', showName: 'on', website: '' };

describe('the citizen comment form, without JavaScript', () => {
  let t: TestApp;
  let box: TestMailbox;
  afterEach(() => t.close());

  const start = async (env: Record<string, string> = {}) => {
    box = createMailbox();
    t = await startTestApp({ transport: box.transport, env });
  };
  const send = async (fields: Record<string, string> = comment, path = `/consultations/${t.demoId}/comment`) => {
    const v = await visitor(t, path);
    t.clock.advance(10_000);
    return v.agent.post(`/consultations/${t.demoId}/comment`).type('form').send({ _csrf: v.csrf, stamp: v.stamp, ...fields });
  };

  it('when a citizen fills the form on a clause then the page says to check the mail, and the mailed link with its one button makes the comment count', async () => {
    await start();
    const clause = (await t.deps.services.drafts.publishedDraft(t.demoId!))!.flat.find((k) => k.label === '3.2.')!;
    const clausePage = await request(t.app).get(`/consultations/${t.demoId}/clauses/${clause.anchor}`).expect(200);
    expect(clausePage.text).toContain(`/consultations/${t.demoId}/comment?clause=${clause.id}`);
    const v = await visitor(t, `/consultations/${t.demoId}/comment?clause=${clause.id}`);
    expect(v.page.text).toContain('name="clauseId" value="' + clause.id + '"');
    t.clock.advance(10_000);
    const sent = await v.agent.post(`/consultations/${t.demoId}/comment`).type('form').send({ _csrf: v.csrf, stamp: v.stamp, clauseId: String(clause.id), ...comment }).expect(200);
    expect(sent.text).toContain('Hãy kiểm tra thư điện tử');
    expect(sent.text).toContain('cuc@example.vn');

    await t.deps.mail.delivery.deliverNow();
    const link = CONFIRM_PATH.exec(String(box.received.at(-1)!.text))![1]!;
    // Opening the link changes nothing (mail scanners open links); its page has one button.
    const page = await request.agent(t.app).get(link).expect(200);
    expect(await t.repos.publicComments.counts(t.demoId!)).toMatchObject({ pending: 0 });
    const confirmAgent = request.agent(t.app);
    const confirmPage = await confirmAgent.get(link).expect(200);
    expect(confirmPage.headers['cache-control']).toBe('no-store');
    expect(page.text).toContain('Xác nhận ý kiến');
    const done = await confirmAgent.post(link).type('form').send({ _csrf: csrfFrom(confirmPage.text) }).expect(200);
    expect(done.text).toContain('Ý kiến sẽ được đăng sau khi cơ quan soạn thảo kiểm duyệt');
    const rows = await t.repos.publicComments.inState(t.demoId!, 'pending', 10, 0);
    expect(rows).toEqual([expect.objectContaining({ clause_id: clause.id, name: 'Lê Thị Cúc', organisation: 'Hội Tin học tỉnh Gia Lai', show_name: 1, via: 'mail' })]);
    // The spent link is refused, in the visitor's language.
    const again = await request(t.app).get(`${link}?lang=en`).expect(404);
    expect(again.text).toContain('wrong or has already been used');
  });

  it('when the hidden box is filled or the form comes back at once then nothing is saved and the visitor is told why, with what they wrote kept', async () => {
    await start();
    const trapped = await send({ ...comment, website: 'http://spam.example' });
    expect(trapped.status).toBe(400);
    expect(trapped.text).toContain('Để trống ô này');
    expect(trapped.text).toContain('Đề nghị làm rõ trách nhiệm của doanh nghiệp');

    const v = await visitor(t, `/consultations/${t.demoId}/comment`);
    const hurried = await v.agent.post(`/consultations/${t.demoId}/comment`).type('form').send({ _csrf: v.csrf, stamp: v.stamp, ...comment });
    expect(hurried.status).toBe(400);
    expect(hurried.text).toContain('quá nhanh');
    const forged = await v.agent.post(`/consultations/${t.demoId}/comment`).type('form').send({ _csrf: v.csrf, stamp: `${Date.now() - 60_000}.${'A'.repeat(43)}`, ...comment });
    expect(forged.status).toBe(400);
    expect(await t.repos.publicComments.countForAuthor(t.demoId!, 'cuc@example.vn', new Date(0).toISOString())).toBe(0);
  });

  it('when one address sends more than its hourly limit then it is refused 429 with Retry-After, in English for an English visitor, and another address is still served', async () => {
    await start({ PUBLIC_COMMENTS_PER_ADDRESS_HOUR: '3', TRUST_PROXY: '1' });
    const api = (n: number, address: string, lang = 'vi') =>
      request(t.app).post(`/api/v1/consultations/${t.demoId}/public-comments?lang=${lang}`).set('X-Forwarded-For', address).send({ name: `Người ${n}`, email: `nguoi${n}@example.vn`, text: `Ý kiến số ${n}` });
    for (let n = 1; n <= 3; n++) await api(n, '203.0.113.7').expect(202);
    const refused = await api(4, '203.0.113.7', 'en').expect(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect(refused.body.error).toContain('Too many comments have come from your network address');
    await api(5, '198.51.100.1').expect(202);
    // The page refuses as clearly, with what was written kept.
    const v = await visitor(t, `/consultations/${t.demoId}/comment`);
    t.clock.advance(10_000);
    const page = await v.agent.post(`/consultations/${t.demoId}/comment`).set('X-Forwarded-For', '203.0.113.7').type('form').send({ _csrf: v.csrf, stamp: v.stamp, ...comment });
    expect(page.status).toBe(429);
    expect(page.headers['retry-after']).toBeDefined();
    expect(page.text).toContain('quá nhiều ý kiến gửi từ địa chỉ mạng của bạn');
    expect(page.text).toContain('Đề nghị làm rõ trách nhiệm của doanh nghiệp');
  });

  it('when one e-mail address sends too many in an hour or past its cap in the consultation then it is refused, naming the e-mail field', async () => {
    await start({ PUBLIC_COMMENTS_PER_EMAIL_HOUR: '2', PUBLIC_COMMENTS_PER_EMAIL_CONSULTATION: '3' });
    const api = (text: string, email = 'Cuc@Example.vn') => request(t.app).post(`/api/v1/consultations/${t.demoId}/public-comments`).send({ name: 'Lê Thị Cúc', email, text });
    await api('một').expect(202);
    await api('hai', ' cuc@example.vn ').expect(202);
    const hourly = await api('ba').expect(429);
    expect(hourly.body.fields.email[0]).toContain('trong một giờ');
    t.clock.advance(61 * 60 * 1000);
    await api('bốn').expect(202);
    const capped = await api('năm').expect(409);
    expect(capped.body.fields.email[0]).toContain('tối đa 3 ý kiến');
  });

  it('when the consultation takes no public comments or its deadline has passed then the form is refused', async () => {
    await start();
    await t.write((db) => db.updateTable('consultations').set({ public_comments: 'off' }).where('id', '=', t.demoId!).execute());
    await request(t.app).get(`/consultations/${t.demoId}/comment`).expect(409);
    const off = await request(t.app).post(`/api/v1/consultations/${t.demoId}/public-comments`).send({ name: 'A', email: 'a@example.vn', text: 'x' }).expect(409);
    expect(off.body.error).toContain('không nhận ý kiến');
    await t.write((db) => db.updateTable('consultations').set({ public_comments: 'before_moderation' }).where('id', '=', t.demoId!).execute());
    t.clock.advance(60 * 24 * 60 * 60 * 1000);
    const late = await request(t.app).post(`/api/v1/consultations/${t.demoId}/public-comments`).send({ name: 'A', email: 'a@example.vn', text: 'x' }).expect(409);
    expect(late.body.error).toContain('hết hạn');
  });

  it('when more comments wait for a transaction than the portal takes then new ones are refused 503 at once with Retry-After, and none is lost', async () => {
    await start({ PUBLIC_INTAKE_MAX_QUEUE: '5' });
    const results = await Promise.all(
      Array.from({ length: 40 }, (_, n) => request(t.app).post(`/api/v1/consultations/${t.demoId}/public-comments`).send({ name: `Người ${n}`, email: `p${n}@example.vn`, text: `Ý kiến ${n}` })),
    );
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s !== 202 && s !== 503)).toEqual([]);
    const refused = results.filter((r) => r.status === 503);
    expect(refused.length).toBeGreaterThan(0);
    expect(refused[0]!.body.error).toContain('quá nhiều ý kiến cùng lúc');
    for (const r of refused) expect(r.headers['retry-after']).toBeDefined();
    const accepted = results.filter((r) => r.status === 202).length;
    const stored = await t.deps.db.selectFrom('public_comments').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(stored.n)).toBe(accepted);
  });
});

describe('confirmation through a real SMTP server', () => {
  let t: TestApp;
  let smtp: TestSmtpServer;
  afterEach(async () => {
    await t.close();
    await smtp.close();
  });

  it('when the portal delivers the confirmation mail over SMTP then the link in it confirms the comment', async () => {
    smtp = await startSmtpServer();
    t = await startTestApp({ env: { SMTP_URL: smtp.url } });
    await request(t.app).post(`/api/v1/consultations/${t.demoId}/public-comments`).send({ name: 'Phạm Văn Dũng', email: 'dung@example.vn', text: 'Góp ý về phạm vi điều chỉnh.' }).expect(202);
    await t.deps.mail.delivery.deliverNow();
    const mail = smtp.received.find((m) => JSON.stringify(m.to).includes('dung@example.vn'))!;
    expect(mail.subject).toContain('Xác nhận ý kiến góp ý');
    const token = CONFIRM_PATH.exec(String(mail.text))![1]!.split('/').at(-1)!;
    expect(String(mail.html)).toContain(token);
    await request(t.app).post('/api/v1/public-comments/confirm').send({ token }).expect(200, { status: 'pending', consultationId: t.demoId });
    // Once sent, the outbox keeps no usable link.
    const kept = await t.deps.db.selectFrom('outbox').select('body_text').where('template', '=', 'public_comment_confirm').executeTakeFirstOrThrow();
    expect(kept.body_text).not.toContain(token);
  });
});
