import http from 'node:http';
import type { AddressInfo } from 'node:net';
import request from 'supertest';
import { type TestApp, startTestApp } from '../helpers/app';
import { agencyCsrf, clauseIds, demoLinks } from '../helpers/agency';
import { DEMO_OFFICE } from '../helpers/office';
import { dbSnapshot, tokenOf, uploadsEmptied } from '../helpers/security';
import { type TestMailbox, createMailbox } from '../helpers/mailbox';
import { addStaff, signIn, csrfFrom } from '../helpers/staff';

const MB = 1024 * 1024;
const BOUNDARY = 'gopy-test-boundary';

interface RawAnswer {
  status: number;
  body: string;
  /** Bytes of the body the client had sent when the answer came. */
  sentBefore: number;
}

/**
 * Sends a body piece by piece on its own connection, without waiting between pieces, until the
 * answer comes or `pieces` runs out: how much was sent before the answer shows whether the
 * portal read it all first.
 */
function sendUntilAnswered(base: string, path: string, headers: Record<string, string>, pieces: Iterable<Buffer>): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    let sent = 0;
    let answered = false;
    // Kept alive as a browser's is: asking to close would have the portal close it once it has answered.
    const req = http.request(`${base}${path}`, { method: 'POST', headers, agent: new http.Agent({ keepAlive: true }) }, (res) => {
      answered = true;
      const sentBefore = sent;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => {
        req.destroy();
        resolve({ status: res.statusCode!, body, sentBefore });
      });
    });
    req.on('error', (err) => (answered ? undefined : reject(err)));
    const it = pieces[Symbol.iterator]();
    const pump = () => {
      while (!answered) {
        const next = it.next();
        if (next.done) return void req.end();
        sent += next.value.length;
        if (!req.write(next.value)) return void req.once('drain', pump);
      }
    };
    pump();
  });
}

function* repeated(piece: Buffer, times: number, head = Buffer.alloc(0)): Generator<Buffer> {
  yield head;
  for (let i = 0; i < times; i++) yield piece;
}

describe('bodies are bounded as a whole', () => {
  let smtp: TestMailbox;
  let t: TestApp;
  let link: (agency: string) => string;
  let clause: (label: string) => number;
  let server: http.Server;
  let base: string;
  const agency = 'Sở Kế hoạch và Đầu tư';
  const as = () => ({ Authorization: `Bearer ${tokenOf(link(agency))}` });

  beforeAll(async () => {
    smtp = createMailbox();
    t = await startTestApp({ transport: smtp.transport });
    link = await demoLinks(t, smtp);
    clause = await clauseIds(t, t.demoId!);
    await addStaff(t, 'chuyenvien@gialai.example', { office: DEMO_OFFICE });
    server = t.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise((resolve) => server.close(resolve));
    await t.close();
    await smtp.close();
  });

  /** The agency's form as a browser posts it: the CSRF token in the address, the rest multipart. */
  async function agencyForm() {
    const agent = request.agent(t.app);
    const csrf = await agencyCsrf(t, agent, link(agency));
    return { agent, action: `${link(agency)}?_csrf=${encodeURIComponent(csrf)}` };
  }

  /** The agency form's address with its CSRF token, and the cookie that goes with it, for a client of our own. */
  async function rawAgencyForm() {
    const page = await request(t.app).get(link(agency)).expect(200);
    const cookie = (page.headers['set-cookie'] as unknown as string[]).map((c) => c.split(';')[0]).join('; ');
    const action = `${link(agency)}?_csrf=${encodeURIComponent(csrfFrom(page.text))}`;
    return { action, headers: { 'Content-Type': `multipart/form-data; boundary=${BOUNDARY}`, Cookie: cookie, 'Transfer-Encoding': 'chunked' } };
  }
  const part = (name: string, value: string | Buffer) => Buffer.concat([Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n`), Buffer.from(value), Buffer.from('\r\n')]);

  // A browser's connection to a portal that keeps listening (supertest closes its server after the
  // answer, cutting a body still being sent), so these cases use a client of their own.
  it('when an agency form sends 400 fields of almost 1 MB each then it is 413 with a message once they pass 2 MB together, long before the rest is sent, nothing is saved, and the next request is answered', async () => {
    const { action, headers } = await rawAgencyForm();
    const before = (await dbSnapshot(t));
    const value = 'x'.repeat(MB - 10);
    const fields = function* () {
      yield part('action', 'save');
      for (let i = 0; i < 400; i++) yield part(`c_${clause(i % 2 ? '2.3.' : '1.1.')}`, value);
    };
    const answer = await sendUntilAnswered(base, action, headers, fields());
    expect(answer.status).toBe(413);
    expect(answer.body).toContain('Nội dung gửi lên quá lớn (tối đa 2 MB)');
    expect(answer.sentBefore).toBeLessThan(100 * MB);
    expect((await dbSnapshot(t))).toEqual(before);
    expect(await uploadsEmptied(t)).toEqual([]);
    await request(t.app).get(link(agency)).expect(200);
  });

  it('when a form carries 100 MB that no limit of its own counts (a preamble before its first part, which the parser skips) then the answer is 413 long before the client has sent it all', async () => {
    const { action, headers } = await rawAgencyForm();
    const answer = await sendUntilAnswered(base, action, headers, repeated(Buffer.alloc(MB, 0x61), 100));
    expect(answer.status).toBe(413);
    expect(answer.body).toContain('Nội dung gửi lên quá lớn (tối đa 22 MB)');
    expect(answer.sentBefore).toBeLessThan(60 * MB);
    expect(await uploadsEmptied(t)).toEqual([]);
    await request(t.app).get(link(agency)).expect(200);
  });

  it('when a JSON body announces more than 1 MB then it is 413 with the message before the client sends the rest, and the English message with ?lang=en', async () => {
    const json = (lang: string) =>
      sendUntilAnswered(base, `/api/v1/invitation/submission${lang}`, { ...as(), 'Content-Type': 'application/json', 'Content-Length': String(50 * MB) }, repeated(Buffer.alloc(64 * 1024, 0x20), 800, Buffer.from('{"generalComment":"')));
    const vi = await json('');
    expect(vi.status).toBe(413);
    expect(JSON.parse(vi.body).error).toBe('Nội dung gửi lên quá lớn (tối đa 1 MB). Không có gì được lưu; hãy rút gọn và gửi lại.');
    expect(vi.sentBefore).toBeLessThan(10 * MB);
    const en = await json('?lang=en');
    expect(JSON.parse(en.body).error).toContain('What was sent is too large (at most 1 MB)');
  });

  it('when a chunked urlencoded body passes 1 MB then it is 413 before the client has sent it all', async () => {
    const answer = await sendUntilAnswered(base, '/login', { 'Content-Type': 'application/x-www-form-urlencoded', 'Transfer-Encoding': 'chunked' }, repeated(Buffer.alloc(64 * 1024, 0x61), 1600, Buffer.from('email=')));
    expect(answer.status).toBe(413);
    expect(answer.body).toContain('Nội dung gửi lên quá lớn (tối đa 1 MB)');
    expect(answer.sentBefore).toBeLessThan(60 * MB);
  });

  it('when the agency form has a field it does not have, or a box of a clause not in its draft, then it is 400 naming them, with the answers kept, and nothing is saved', async () => {
    const before = (await dbSnapshot(t));
    const { agent, action } = await agencyForm();
    const extra = await agent.post(action).field('action', 'save').field(`c_${clause('2.3.')}`, 'Ý kiến giữ lại.').field('isAdmin', '1').expect(400);
    expect(extra.text).toContain('Có trường không được chấp nhận: isAdmin.');
    expect(extra.text).toContain('Ý kiến giữ lại.');
    const foreign = await agent.post(action).field('action', 'save').field('c_999999', '').field('p_999998', '').expect(400);
    expect(foreign.text).toContain('Mã điều khoản (clauseId) 999999 không thuộc dự thảo của đợt lấy ý kiến này');
    expect((await dbSnapshot(t))).toEqual(before);
  });

  it('when the agency form has more fields than its draft has boxes then it is 400 with a message, and nothing is saved', async () => {
    const before = (await dbSnapshot(t));
    const clauses = (await t.deps.services.drafts.latestDraft(t.demoId!))!.flat.length;
    const { agent, action } = await agencyForm();
    let post = agent.post(action).field('action', 'save');
    for (let i = 0; i < 2 * clauses + 20; i++) post = post.field(`c_${clause('2.3.')}`, '');
    const res = await post.expect(400);
    expect(res.text).toContain('Quá nhiều tệp hoặc trường trong biểu mẫu.');
    expect((await dbSnapshot(t))).toEqual(before);
  });

  it('when the agency API names a clause not in the draft, even with an empty comment, then it is 400 and nothing is saved', async () => {
    const before = (await dbSnapshot(t));
    const res = await request(t.app).put('/api/v1/invitation/submission').set(as()).send({ comments: [{ clauseId: 999_999, text: '' }] }).expect(400);
    expect(res.body.error).toContain('999999');
    expect((await dbSnapshot(t))).toEqual(before);
  });

  it('when an officer answers 120,000 comment ids at once then it is 400 with a message, not a database error', async () => {
    const officer = await signIn(t.app, 'chuyenvien@gialai.example');
    const csrf = await officer.csrf();
    const ids = Array.from({ length: 120_000 }, (_, i) => i + 1).join(',');
    const res = await officer.post(`/office/consultations/${t.demoId}/responses`).type('form').send({ _csrf: csrf, ids, decision: 'accepted' }).expect(400);
    expect(res.text).toContain('Quá nhiều mục trong một lần gửi (tối đa 5000).');
  });

  it('when the API sends more comments than it accepts then it is 400 with the limit', async () => {
    const comments = Array.from({ length: 10_001 }, () => ({ clauseId: clause('2.3.'), text: '' }));
    const res = await request(t.app).put('/api/v1/invitation/submission').set(as()).send({ comments }).expect(400);
    expect(res.body.fields.comments).toEqual(['Quá nhiều mục trong một lần gửi (tối đa 10000).']);
  });
});
