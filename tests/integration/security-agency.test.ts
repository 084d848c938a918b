import path from 'node:path';
import request from 'supertest';
import { type TestApp, startTestApp } from '../helpers/app';
import { agencyCsrf, clauseIds, demoLinks, receiptsTo } from '../helpers/agency';
import { DEMO_OFFICE, PDF_FIXTURE } from '../helpers/office';
import { registeredRoutes } from '../helpers/routes';
import { binary, concrete, dbSnapshot, filesUnder, setCookie, tokenOf, uploadsEmptied } from '../helpers/security';
import { type TestMailbox, createMailbox } from '../helpers/mailbox';
import { addStaff, csrfFrom, signIn } from '../helpers/staff';

const A = 'Công an tỉnh';
const B = 'Tỉnh đoàn Gia Lai';
const B_SUBMITTED = 'Ý kiến đã gửi của Tỉnh đoàn, chỉ Tỉnh đoàn và cơ quan chủ trì được đọc.';
const B_DRAFT = 'Bản nháp của Tỉnh đoàn, chưa gửi.';
const B_LETTERS = ['to-trinh-tinh-doan.pdf', 'nhap-tinh-doan.pdf'];
const A_TEXT = 'Ý kiến của Công an tỉnh.';
const pdf = (marker: string) => Buffer.from(`%PDF-1.4\n% ${marker}\n%%EOF\n`);

describe("an agency's link opens its own invitation and nothing else", () => {
  let smtp: TestMailbox;
  let t: TestApp;
  let link: (agency: string) => string;
  let clause: (label: string) => number;
  let invitationOf: Record<string, number>;
  let receiptB: string;
  // Every request comes from a new client address (through the one trusted proxy), so the
  // guessing limit, tested in security-limits, never decides a status here.
  let client = 0;
  const fresh = () => ({ 'X-Forwarded-For': `10.${Math.floor(++client / 250)}.${client % 250}.1` });
  const bearer = (agency: string) => ({ Authorization: `Bearer ${tokenOf(link(agency))}` });
  /** B's texts, letter names and receipt number found in a response (those the request itself named are echoed, not leaked). */
  const secretsOf = (text: string, asked = '') => [B_SUBMITTED, B_DRAFT, ...B_LETTERS, receiptB].filter((s) => text.includes(s) && !decodeURIComponent(asked).includes(s));

  /** B's rows: its invitation's submissions, their comments and letters. */
  async function rowsOfB() {
    const submissions = await t.deps.db.selectFrom('submissions').selectAll().where('invitation_id', '=', invitationOf[B]!).orderBy('id').execute();
    const ids = submissions.map((s) => s.id);
    const comments = await t.deps.db.selectFrom('comments').selectAll().where('submission_id', 'in', ids).orderBy('id').execute();
    const letterIds = submissions.map((s) => s.letter_attachment_id).filter((id): id is number => id !== null);
    const letters = await t.deps.db.selectFrom('attachments').selectAll().where('id', 'in', letterIds).orderBy('id').execute();
    return { submissions, comments, letters };
  }

  beforeAll(async () => {
    smtp = createMailbox();
    t = await startTestApp({ env: { TRUST_PROXY: 'true' }, transport: smtp.transport });
    link = await demoLinks(t, smtp);
    clause = await clauseIds(t, t.demoId!);
    const invitations = await t.deps.db.selectFrom('invitations as i').innerJoin('agencies as a', 'a.id', 'i.agency_id').select(['i.id', 'a.name']).execute();
    invitationOf = Object.fromEntries(invitations.map((i) => [i.name, i.id]));
    await addStaff(t, 'chuyenvien@gialai.example', { office: DEMO_OFFICE });

    // B: a submitted reply with its letter, then a newer draft with another letter.
    const api = () => request(t.app);
    await api().put('/api/v1/invitation/submission').set(bearer(B)).set(fresh()).send({ comments: [{ clauseId: clause('1.1.'), text: B_SUBMITTED }], letter: { number: '45/TĐ-VP' } }).expect(200);
    await api().post('/api/v1/invitation/letter').set(bearer(B)).set(fresh()).attach('file', PDF_FIXTURE, B_LETTERS[0]).expect(201);
    receiptB = (await api().post('/api/v1/invitation/submission/submit').set(bearer(B)).set(fresh()).expect(201)).body.receiptNumber as string;
    await api().put('/api/v1/invitation/submission').set(bearer(B)).set(fresh()).send({ comments: [{ clauseId: clause('1.2.'), text: B_DRAFT }] }).expect(200);
    await api().post('/api/v1/invitation/letter').set(bearer(B)).set(fresh()).attach('file', pdf('Tỉnh đoàn nháp'), B_LETTERS[1]).expect(201);
    // A: its own submitted reply and letter.
    await api().put('/api/v1/invitation/submission').set(bearer(A)).set(fresh()).send({ comments: [{ clauseId: clause('2.3.'), text: A_TEXT }] }).expect(200);
    await api().post('/api/v1/invitation/letter').set(bearer(A)).set(fresh()).attach('file', pdf('Công an tỉnh'), 'cv-cong-an.pdf').expect(201);
    await api().post('/api/v1/invitation/submission/submit').set(bearer(A)).set(fresh()).expect(201);
    await t.deps.mail.delivery.deliverDue();
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  describe('refuses anonymous and wrong-role access', () => {
    const wrongTokens = () => {
      const b = tokenOf(link(B));
      return ['A'.repeat(43), `${b.slice(0, -1)}${b.endsWith('A') ? 'B' : 'A'}`, b.slice(0, 20), `${b}A`, encodeURIComponent(`${b}\u0000`), '..%2Foffice'];
    };

    it("when a visitor or the consultation's own officer uses a wrong or malformed link then every agency page is 404, even with B's real receipt and letter ids, and nothing is written", async () => {
      const pages = registeredRoutes(t.app).filter((r) => r.path.startsWith('/invite/'));
      expect(pages.map((r) => `${r.method} ${r.path}`)).toEqual(expect.arrayContaining(['get /invite/:token', 'post /invite/:token', 'get /invite/:token/receipts/:number', 'get /invite/:token/letters/:id/:filename']));
      const letterB = (await rowsOfB()).letters[0]!;
      const visitor = request.agent(t.app);
      const visitorCsrf = csrfFrom((await visitor.get('/login').set(fresh())).text);
      const officer = await signIn(t.app, 'chuyenvien@gialai.example');
      const officerCsrf = await officer.csrf('/office');
      const before = (await dbSnapshot(t));
      const files = filesUnder(path.join(t.dataDir, 'files'));
      for (const [who, agent, csrf] of [['visitor', visitor, visitorCsrf], ['officer', officer, officerCsrf]] as const) {
        for (const route of pages) {
          for (const token of wrongTokens()) {
            const url = concrete(route.path, { token, number: receiptB, id: String(letterB.id), filename: letterB.filename });
            const res =
              route.method === 'get'
                ? await agent.get(url).set(fresh())
                : await agent.post(`${url}?_csrf=${encodeURIComponent(csrf)}`).set(fresh()).field('action', 'submit').field(`c_${clause('1.1.')}`, 'Ghi đè ý kiến.').attach('letterFile', pdf('ghi đè'), 'ghi-de.pdf');
            expect([who, route.method, url, res.status]).toEqual([who, route.method, url, 404]);
            expect([url, secretsOf(res.text, url)]).toEqual([url, []]);
          }
        }
      }
      expect((await dbSnapshot(t))).toEqual(before);
      expect(filesUnder(path.join(t.dataDir, 'files'))).toEqual(files);
      expect(await uploadsEmptied(t)).toEqual([]);
    });

    it("when the agency API is called without a token, with a wrong one, with an officer's API token or session, or with the token anywhere but the Authorization header, then it is 401", async () => {
      const routes = registeredRoutes(t.app).filter((r) => r.path.startsWith('/api/v1/invitation'));
      expect(routes.length).toBeGreaterThanOrEqual(4);
      const officerApi = await t.deps.services.auth.createApiToken('chuyenvien@gialai.example');
      const officer = await signIn(t.app, 'chuyenvien@gialai.example');
      const b = tokenOf(link(B));
      const before = (await dbSnapshot(t));
      for (const route of routes) {
        const call = (agent: ReturnType<typeof request.agent> | ReturnType<typeof request>, url = route.path) =>
          (agent as ReturnType<typeof request.agent>)[route.method as 'get' | 'put' | 'post'](url).set(fresh());
        const attempts: [string, () => request.Test][] = [
          ['no token', () => call(request(t.app)).send({ generalComment: 'x' })],
          ...wrongTokens().map((w): [string, () => request.Test] => [`wrong ${w.slice(0, 8)}`, () => call(request(t.app)).set('Authorization', `Bearer ${decodeURIComponent(w).replaceAll('\u0000', '')}x`)]),
          ["an officer's API token", () => call(request(t.app)).set('Authorization', `Bearer ${officerApi}`)],
          ["an officer's session", () => call(officer)],
          ['the token in the query', () => call(request(t.app), `${route.path}?token=${b}&access_token=${b}`)],
          ['the token in a cookie', () => call(request(t.app)).set('Cookie', `token=${b}; gopy_session=${b}`)],
          ['the token without a scheme', () => call(request(t.app)).set('Authorization', b)],
          ['the token as Basic', () => call(request(t.app)).set('Authorization', `Basic ${Buffer.from(`${b}:`).toString('base64')}`)],
        ];
        for (const [what, attempt] of attempts) {
          const res = await attempt();
          expect([route.method, route.path, what, res.status]).toEqual([route.method, route.path, what, 401]);
          expect([what, secretsOf(JSON.stringify(res.body))]).toEqual([what, []]);
        }
      }
      expect((await dbSnapshot(t))).toEqual(before);
    });

    it("when an agency's token is used as an officer's session or API token then no office page, form or API answers", async () => {
      const a = tokenOf(link(A));
      // A has submitted: its form (and the token in its action) is on the page once it asks to revise.
      const page = await request(t.app).get(`${link(A)}?revise=1`).set(fresh()).expect(200);
      const csrfCookie = setCookie(page, 'gopy_csrf')!.split(';')[0]!;
      const csrf = csrfFrom(page.text);
      const ids: Record<string, string> = { id: String(t.demoId), invitation: String(invitationOf[B]), sub: String(invitationOf[B]), file: '1.eml', format: 'csv' };
      const before = (await dbSnapshot(t));
      const office = registeredRoutes(t.app).filter((r) => r.path.startsWith('/office'));
      expect(office.length).toBeGreaterThan(40);
      for (const route of office) {
        const url = concrete(route.path, ids);
        const cookies = `${csrfCookie}; gopy_session=${a}`;
        const res =
          route.method === 'get'
            ? await request(t.app).get(url).set(fresh()).set('Cookie', cookies).set('Authorization', `Bearer ${a}`)
            : await request(t.app).post(url).set(fresh()).set('Cookie', cookies).set('Authorization', `Bearer ${a}`).type('form').send({ _csrf: csrf });
        // Past the CSRF check (the agency's own token is valid for its cookie), refused for want of a staff session.
        const expected = route.method === 'get' ? [303, expect.stringMatching(/^\/login\?next=/u)] : [401, undefined];
        expect([route.method, url, res.status, res.headers.location]).toEqual([route.method, url, ...expected]);
      }
      // Anyone may send a public comment and confirm it: those take no token of any kind.
      const forAnyone = new Set(['post /api/v1/consultations/:id/public-comments', 'post /api/v1/public-comments/confirm']);
      const api = registeredRoutes(t.app).filter(
        (r) => r.path.startsWith('/api/v1') && !r.path.startsWith('/api/v1/invitation') && !(r.method === 'get' && /^\/api\/v1\/consultations(\/:id)?$/u.test(r.path)) && !forAnyone.has(`${r.method} ${r.path}`),
      );
      expect(api.length).toBeGreaterThan(8);
      for (const route of api) {
        const url = concrete(route.path, ids);
        const res = await request(t.app)[route.method as 'get' | 'post' | 'put' | 'patch'](url).set(fresh()).set('Authorization', `Bearer ${a}`).send({ decision: 'accepted' });
        expect([route.method, url, res.status]).toEqual([route.method, url, 401]);
      }
      expect((await dbSnapshot(t))).toEqual(before);
    });
  });

  describe("never reaches another agency's data", () => {
    it("when A's link reads its page, every receipt number and every attachment id, then only A's own are served", async () => {
      const agentA = request.agent(t.app);
      const page = await agentA.get(link(A)).set(fresh()).expect(200);
      expect(page.text).toContain(A_TEXT);
      expect(secretsOf(page.text)).toEqual([]);

      const own = await t.deps.db.selectFrom('submissions').select(['receipt_number', 'letter_attachment_id']).where('invitation_id', '=', invitationOf[A]!).execute();
      const ownReceipts = own.map((s) => s.receipt_number).filter(Boolean);
      const ownLetters = new Set(own.map((s) => s.letter_attachment_id));
      expect(ownReceipts).toHaveLength(1);
      const receipts = await t.deps.db.selectFrom('submissions').select('receipt_number').where('receipt_number', 'is not', null).execute();
      expect(receipts.length).toBeGreaterThanOrEqual(2);
      for (const { receipt_number: number } of receipts) {
        const res = await agentA.get(`${link(A)}/receipts/${encodeURIComponent(number!)}`).set(fresh());
        expect([number, res.status]).toEqual([number, ownReceipts.includes(number) ? 200 : 404]);
        expect([number, secretsOf(res.text, number!)]).toEqual([number, []]);
      }

      const attachments = await t.deps.db.selectFrom('attachments').select(['id', 'filename']).execute();
      const maxId = Math.max(...attachments.map((x) => x.id));
      expect(attachments.filter((x) => B_LETTERS.includes(x.filename))).toHaveLength(2);
      for (let id = 0; id <= maxId + 2; id++) {
        const res = await agentA.get(`${link(A)}/letters/${id}/tep.pdf`).set(fresh()).buffer(true).parse(binary);
        expect([id, res.status]).toEqual([id, ownLetters.has(id) ? 200 : 404]);
        if (ownLetters.has(id)) expect((res.body as Buffer).toString()).toContain('Công an tỉnh');
      }
      for (const odd of ['-1', '1e9', '0x7fffffff', '..%2F..%2Ffiles', `${maxId}.5`]) {
        await agentA.get(`${link(A)}/letters/${odd}/tep.pdf`).set(fresh()).expect(404);
      }
      // B's letters are not public attachments either.
      for (const letter of (await rowsOfB()).letters) await request(t.app).get(`/attachments/${letter.id}/${letter.filename}`).set(fresh()).expect(404);

      const api = await request(t.app).get('/api/v1/invitation').set(bearer(A)).set(fresh()).expect(200);
      expect(api.body.agency.name).toBe(A);
      expect(secretsOf(JSON.stringify(api.body))).toEqual([]);
    });

    it("when A saves, attaches and submits naming B's invitation, agency, token or submission then only A's reply changes, and only A is mailed", async () => {
      const before = await rowsOfB();
      const bMail = receiptsTo(smtp, 'tinhdoan@gialai.example').length;
      const agencyB = await t.deps.db.selectFrom('agencies').select('id').where('name', '=', B).executeTakeFirstOrThrow();
      const foreign = { invitationId: String(invitationOf[B]), invitation: String(invitationOf[B]), agencyId: String(agencyB.id), token: tokenOf(link(B)), submissionId: String(before.submissions.at(-1)!.id) };

      const agentA = request.agent(t.app);
      const csrf = await agencyCsrf(t, agentA, link(A));
      const formOfA = () => agentA.post(`${link(A)}?_csrf=${encodeURIComponent(csrf)}`).set(fresh()).field('action', 'submit').field(`c_${clause('1.2.')}`, 'A sửa mục 1.2.');
      const naming = formOfA();
      for (const [k, v] of Object.entries(foreign)) naming.field(k, v);
      const refused = await naming.attach('letterFile', pdf('A lần hai'), 'cv-cong-an-2.pdf').expect(400);
      expect(refused.text).toContain('Có trường không được chấp nhận: invitationId, invitation, agencyId, token, submissionId.');
      await formOfA().attach('letterFile', pdf('A lần hai'), 'cv-cong-an-2.pdf').expect(303);

      const strict = await request(t.app).put('/api/v1/invitation/submission').set(bearer(A)).set(fresh()).send({ invitationId: invitationOf[B], comments: [{ clauseId: clause('1.1.'), text: 'x' }] }).expect(400);
      expect(strict.body.error).toBe('Có trường không được chấp nhận: invitationId.');
      await request(t.app).put(`/api/v1/invitation/submission?invitation=${invitationOf[B]}&token=${tokenOf(link(B))}`).set(bearer(A)).set(fresh()).send({ generalComment: 'A lần ba.' }).expect(200);
      await request(t.app).post('/api/v1/invitation/letter').set(bearer(A)).set(fresh()).field('invitationId', String(invitationOf[B])).attach('file', pdf('A lần ba'), 'cv-cong-an-3.pdf').expect(201);
      await request(t.app).post('/api/v1/invitation/submission/submit').set(bearer(A)).set(fresh()).send({ invitationId: invitationOf[B] }).expect(201);
      await t.deps.mail.delivery.deliverDue();

      expect(await rowsOfB()).toEqual(before);
      const aRows = await t.deps.db.selectFrom('submissions').select(['state', 'general_comment']).where('invitation_id', '=', invitationOf[A]!).where('state', '=', 'submitted').execute();
      expect(aRows.map((r) => r.general_comment)).toEqual([null, null, 'A lần ba.']);
      expect(receiptsTo(smtp, 'tinhdoan@gialai.example')).toHaveLength(bMail);
      expect(receiptsTo(smtp, 'congan@gialai.example')).toHaveLength(3);
      const bPage = await request(t.app).get(`${link(B)}?revise=1`).set(fresh()).expect(200);
      expect(bPage.text).toContain(B_DRAFT);
      expect(bPage.text).not.toContain('A lần ba.');
      expect(bPage.text).not.toContain('A sửa mục 1.2.');
    });
  });
});
