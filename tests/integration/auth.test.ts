import request from 'supertest';
import { runCli } from '../../src/cli';
import { type TestApp, startTestApp } from '../helpers/app';
import { STAFF_PASSWORD, addStaff, csrfFrom, signIn } from '../helpers/staff';

const OFFICE = 'Sở Thông tin và Truyền thông tỉnh Gia Lai';

describe('staff accounts', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp();
    await addStaff(t, 'chuyenvien@gialai.example', { office: OFFICE });
  });
  afterEach(() => t.close());

  it('when the right password is given then a session cookie is set and the workspace link shows', async () => {
    const agent = await signIn(t.app, 'chuyenvien@gialai.example');
    const page = await agent.get('/').expect(200);
    expect(page.text).toContain('href="/office"');
    expect(page.text).toContain('chuyenvien');
    const row = await t.deps.db.selectFrom('sessions').selectAll().executeTakeFirstOrThrow();
    expect(row.id_hash).toMatch(/^[0-9a-f]{64}$/u);
  });

  it('when the password is wrong then the form says so, keeps the e-mail, and no session is made', async () => {
    const agent = request.agent(t.app);
    const csrf = csrfFrom((await agent.get('/login')).text);
    const res = await agent.post('/login').type('form').send({ _csrf: csrf, email: 'chuyenvien@gialai.example', password: 'sai' }).expect(401);
    expect(res.text).toContain('mật khẩu không đúng');
    expect(res.text).toContain('value="chuyenvien@gialai.example"');
    expect(res.headers['set-cookie']?.toString() ?? '').not.toContain('gopy_session');
  });

  it('when the login form is sent without its CSRF token then it is refused with 403', async () => {
    const res = await request(t.app).post('/login').type('form').send({ email: 'chuyenvien@gialai.example', password: STAFF_PASSWORD }).expect(403);
    expect(res.text).toContain('CSRF');
  });

  it('when sign-ins keep failing then the sixth try is refused with 429 even with the right password', async () => {
    const agent = request.agent(t.app);
    const csrf = csrfFrom((await agent.get('/login')).text);
    for (let i = 0; i < 5; i++) {
      await agent.post('/login').type('form').send({ _csrf: csrf, email: 'chuyenvien@gialai.example', password: `sai-${i}` }).expect(401);
    }
    const res = await agent.post('/login').type('form').send({ _csrf: csrf, email: 'chuyenvien@gialai.example', password: STAFF_PASSWORD }).expect(429);
    expect(res.text).toContain('quá nhiều lần');
  });

  it('when a visitor opens the workspace then they are sent to the login page and back', async () => {
    const res = await request(t.app).get('/office').expect(303);
    expect(res.headers.location).toBe('/login?next=%2Foffice');
  });

  it('when ?next= names another site then the login lands on the workspace instead', async () => {
    const agent = request.agent(t.app);
    const csrf = csrfFrom((await agent.get('/login?next=//evil.example')).text);
    const res = await agent.post('/login').type('form').send({ _csrf: csrf, email: 'chuyenvien@gialai.example', password: STAFF_PASSWORD, next: '//evil.example' }).expect(303);
    expect(res.headers.location).toBe('/office');
  });

  it('when the portal restarts then the session still works, and after logout it does not', async () => {
    const agent = await signIn(t.app, 'chuyenvien@gialai.example');
    const { createApp } = await import('../../src/app');
    const restarted = createApp(t.deps, { log: () => undefined });
    const cookie = (await agent.get('/').expect(200)).request.cookies;
    const again = await request(restarted).get('/').set('Cookie', cookie).expect(200);
    expect(again.text).toContain('href="/office"');
    const csrf = csrfFrom(again.text.slice(again.text.indexOf('action="/logout"') - 200));
    await request(restarted).post('/logout').set('Cookie', cookie).type('form').send({ _csrf: csrf }).expect(303);
    const after = await request(restarted).get('/').set('Cookie', cookie).expect(200);
    expect(after.text).not.toContain('href="/office"');
  });

  it('when a session has expired then it no longer signs anyone in', async () => {
    const agent = await signIn(t.app, 'chuyenvien@gialai.example');
    t.clock.advance(13 * 60 * 60 * 1000);
    await agent.get('/office').expect(303);
  });
});

describe('gopy user and token commands', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp({ demo: false });
  });
  afterEach(() => t.close());

  const cli = (args: string[], env: Record<string, string> = {}) => {
    const out: string[] = [];
    const err: string[] = [];
    const io = { log: (s: string) => out.push(s), error: (s: string) => err.push(s) };
    return runCli(args, io, { ...t.env, ...env }, null).then((code) => ({ code, out: out.join('\n'), err: err.join('\n') }));
  };

  it('when a user is added with GOPY_PASSWORD then they can sign in, and the office is created', async () => {
    const added = await cli(['user', 'add', '--email', 'Admin@Example.gov.vn', '--name', 'Quản trị', '--role', 'admin', '--office', 'Sở Tư pháp'], {
      GOPY_PASSWORD: STAFF_PASSWORD,
    });
    expect(added).toMatchObject({ code: 0 });
    await signIn(t.app, 'admin@example.gov.vn');
    const offices = await t.deps.db.selectFrom('offices').select('name').execute();
    expect(offices.map((o) => o.name)).toEqual(['Sở Tư pháp']);
  });

  it('when there is no terminal and no GOPY_PASSWORD then user add refuses', async () => {
    const res = await cli(['user', 'add', '--email', 'a@example.gov.vn', '--name', 'A', '--office', 'Sở Tư pháp']);
    expect(res.code).toBe(2);
    expect(res.err).toContain('GOPY_PASSWORD');
  });

  it('when two offices exist and none is named then user add asks for --office', async () => {
    await cli(['user', 'add', '--email', 'a@example.gov.vn', '--name', 'A', '--office', 'Sở Tư pháp'], { GOPY_PASSWORD: STAFF_PASSWORD });
    await cli(['user', 'add', '--email', 'b@example.gov.vn', '--name', 'B', '--office', 'Sở Y tế'], { GOPY_PASSWORD: STAFF_PASSWORD });
    const res = await cli(['user', 'add', '--email', 'c@example.gov.vn', '--name', 'C'], { GOPY_PASSWORD: STAFF_PASSWORD });
    expect(res.code).toBe(1);
    expect(res.err).toContain('--office');
  });

  it('when a token is created then only the token is printed, it opens the API, and revoking closes it', async () => {
    await cli(['user', 'add', '--email', 'a@example.gov.vn', '--name', 'A', '--office', 'Sở Tư pháp'], { GOPY_PASSWORD: STAFF_PASSWORD });
    const created = await cli(['token', 'create', '--email', 'a@example.gov.vn']);
    expect(created.code).toBe(0);
    expect(created.out).toMatch(/^[A-Za-z0-9_-]{43}$/u);
    await request(t.app).get('/api/v1/office/consultations').set('Authorization', `Bearer ${created.out}`).expect(200);
    const stored = await t.deps.db.selectFrom('api_tokens').select('token_hash').executeTakeFirstOrThrow();
    expect(stored.token_hash).not.toContain(created.out);
    await cli(['token', 'revoke', '--email', 'a@example.gov.vn']);
    const refused = await request(t.app).get('/api/v1/office/consultations').set('Authorization', `Bearer ${created.out}`).expect(401);
    expect(refused.body.error).toContain('thu hồi');
    await request(t.app).get('/api/v1/office/consultations').set('Authorization', 'Bearer wrong').expect(401);
    const missing = await request(t.app).get('/api/v1/office/consultations').expect(401);
    expect(missing.body.error).toContain('Authorization');
  });
});
