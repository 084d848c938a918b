import request from 'supertest';
import { type TestApp, startTestApp } from '../helpers/app';
import { demoLinks } from '../helpers/agency';
import { type TestMailbox, createMailbox } from '../helpers/mailbox';
import { addStaff, csrfFrom, STAFF_PASSWORD } from '../helpers/staff';
import { tokenOf } from '../helpers/security';
import { compactDay } from '../helpers/days';

// Behind the one reverse proxy TRUST_PROXY describes, the proxy appends the address it saw to
// X-Forwarded-For; whatever a client wrote there before it is the client's own claim.
const via = (client: string, claimed?: string) => ({ 'X-Forwarded-For': claimed ? `${claimed}, ${client}` : client });
const WRONG = 'A'.repeat(43);

describe('guessing links and passwords is rate limited per client', () => {
  let smtp: TestMailbox;
  let t: TestApp;
  let link: (agency: string) => string;

  // One portal for all: each case guesses from its own client address, and limits are per client.
  beforeAll(async () => {
    smtp = createMailbox();
    t = await startTestApp({ env: { TRUST_PROXY: 'true' }, transport: smtp.transport });
    link = await demoLinks(t, smtp);
    await addStaff(t, 'chuyenvien@gialai.example');
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('when one client tries wrong links on every agency page, changing the address it claims, then the 21st try is 429, and a right link from the same address and other clients still get in', async () => {
    const guesser = '198.51.100.7';
    const paths = [`/invite/${WRONG}`, `/invite/${WRONG}/receipts/BN-${compactDay(0)}-000001`, `/invite/${WRONG}/letters/1/cv.pdf`, '/invite/short'];
    for (let i = 0; i < 20; i++) {
      const res = await request(t.app).get(paths[i % paths.length]!).set(via(guesser, `10.0.0.${i}`));
      expect([i, res.status]).toEqual([i, 404]);
    }
    const limited = await request(t.app).get(`/invite/${WRONG}`).set(via(guesser, '10.0.0.99')).expect(429);
    expect(limited.text).toContain('Quá nhiều lần mở đường liên kết không đúng');
    // A right link is served at the guesser's address (behind a shared address, a whole province's
    // offices), while wrong ones stay refused.
    await request(t.app).get(link('Công an tỉnh')).set(via(guesser, '10.0.0.98')).expect(200);
    await request(t.app).get(`/invite/${WRONG}`).set(via(guesser)).expect(429);
    await request(t.app).get('/api/v1/invitation').set(via(guesser)).set('Authorization', `Bearer ${WRONG}`).expect(429);
    await request(t.app).get('/api/v1/invitation').set(via(guesser)).set('Authorization', `Bearer ${tokenOf(link('Công an tỉnh'))}`).expect(200);
    // Another client is not held up by the guesser.
    await request(t.app).get(link('Công an tỉnh')).set(via('203.0.113.5')).expect(200);
  });

  it('when one client tries wrong tokens on the agency API then the 21st wrong try is 429 with a JSON message, and a right token from the same address or elsewhere works', async () => {
    const guesser = '198.51.100.8';
    const calls = [
      () => request(t.app).get('/api/v1/invitation'),
      () => request(t.app).put('/api/v1/invitation/submission').send({ generalComment: 'x' }),
      () => request(t.app).post('/api/v1/invitation/submission/submit'),
      () => request(t.app).post('/api/v1/invitation/letter'),
    ];
    for (let i = 0; i < 20; i++) {
      const call = calls[i % calls.length]!().set(via(guesser, `10.0.1.${i}`));
      const res = i % 5 === 0 ? await call : await call.set('Authorization', `Bearer ${WRONG.slice(0, 42)}${i % 10}`);
      expect([i, res.status]).toEqual([i, 401]);
    }
    const limited = await request(t.app).put('/api/v1/invitation/submission').set(via(guesser)).set('Authorization', `Bearer ${WRONG}`).send({ generalComment: 'x' }).expect(429);
    expect(limited.body.error).toContain('Quá nhiều lần');
    await request(t.app).get('/api/v1/invitation').set(via(guesser)).set('Authorization', `Bearer ${tokenOf(link('Công an tỉnh'))}`).expect(200);
    await request(t.app).get(link('Công an tỉnh')).set(via(guesser)).expect(200);
    await request(t.app).get('/api/v1/invitation').set(via('203.0.113.6')).set('Authorization', `Bearer ${tokenOf(link('Công an tỉnh'))}`).expect(200);
    expect(await t.deps.db.selectFrom('submissions').select('id').execute()).toEqual([]);
  });

  it('when one client fails to sign in with 30 different addresses then the next try is 429 even with a right password, and other clients still sign in', async () => {
    const guesser = '198.51.100.9';
    const agent = request.agent(t.app);
    const csrf = csrfFrom((await agent.get('/login').set(via(guesser))).text);
    for (let i = 0; i < 30; i++) {
      const res = await agent.post('/login').set(via(guesser, `10.0.2.${i}`)).type('form').send({ _csrf: csrf, email: `khong-co-${i}@gialai.example`, password: `sai-${i}` });
      expect([i, res.status]).toEqual([i, 401]);
    }
    const limited = await agent.post('/login').set(via(guesser)).type('form').send({ _csrf: csrf, email: 'chuyenvien@gialai.example', password: STAFF_PASSWORD }).expect(429);
    expect(limited.text).toContain('Đăng nhập sai quá nhiều lần');
    expect(limited.headers['set-cookie']?.toString() ?? '').not.toContain('gopy_session');

    const other = request.agent(t.app);
    const otherCsrf = csrfFrom((await other.get('/login').set(via('203.0.113.7'))).text);
    await other.post('/login').set(via('203.0.113.7')).type('form').send({ _csrf: otherCsrf, email: 'chuyenvien@gialai.example', password: STAFF_PASSWORD }).expect(303);
  });

  it('when one account is tried from rotating claimed addresses then its sixth failure is still 429', async () => {
    const agent = request.agent(t.app);
    const csrf = csrfFrom((await agent.get('/login').set(via('198.51.100.10'))).text);
    for (let i = 0; i < 5; i++) {
      await agent.post('/login').set(via('198.51.100.10', `10.0.3.${i}`)).type('form').send({ _csrf: csrf, email: 'ChuyenVien@gialai.example ', password: `sai-${i}` }).expect(401);
    }
    await agent.post('/login').set(via('198.51.100.10', '10.0.3.77')).type('form').send({ _csrf: csrf, email: 'chuyenvien@gialai.example', password: STAFF_PASSWORD }).expect(429);
  });
});
