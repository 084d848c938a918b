import request from 'supertest';
import { runCli } from '../../src/cli';
import { type TestApp, startTestApp } from '../helpers/app';
import { STAFF_PASSWORD, addStaff, csrfFrom, signIn } from '../helpers/staff';

const DEMO_OFFICE = 'Sở Thông tin và Truyền thông tỉnh Gia Lai';
const OTHER_OFFICE = 'Sở Tư pháp tỉnh Gia Lai';
const EMAIL = 'chuyenvien@tuphap.example';
const HOUR = 60 * 60 * 1000;

describe('cutting off staff access', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp();
    await addStaff(t, EMAIL, { office: OTHER_OFFICE });
  });
  afterEach(() => t.close());

  const cli = (args: string[], env: Record<string, string> = {}) => {
    const lines: string[] = [];
    const io = { log: (s: string) => lines.push(s), error: (s: string) => lines.push(s) };
    // The command opens the same database file as the running portal, as `npx gopy` beside it would.
    return runCli(args, io, { ...t.env, ...env }, null).then((code) => ({ code, out: lines.join('\n') }));
  };
  const apiToken = async () => (await cli(['token', 'create', '--email', EMAIL])).out;
  const api = (token: string) => request(t.app).get('/api/v1/office/consultations').set('Authorization', `Bearer ${token}`);
  const loginWith = async (password: string) => {
    const agent = request.agent(t.app);
    const csrf = csrfFrom((await agent.get('/login')).text);
    return agent.post('/login').type('form').send({ _csrf: csrf, email: EMAIL, password });
  };

  it('when a user is disabled then their open session goes to the login page and their API token is refused', async () => {
    const agent = await signIn(t.app, EMAIL);
    const token = await apiToken();
    await agent.get('/office').expect(200);
    await api(token).expect(200);

    expect(await cli(['user', 'disable', '--email', EMAIL])).toMatchObject({ code: 0 });

    const page = await agent.get('/office').expect(303);
    expect(page.headers.location).toBe('/login?next=%2Foffice');
    await api(token).expect(401);
    expect(await t.deps.db.selectFrom('sessions').selectAll().execute()).toEqual([]);
  });

  it('when a disabled user signs in then they get the same answer as a wrong password', async () => {
    await cli(['user', 'disable', '--email', EMAIL]);
    const disabled = await loginWith(STAFF_PASSWORD);
    const wrong = await loginWith('not-the-password');
    expect(disabled.status).toBe(401);
    expect(wrong.status).toBe(401);
    expect(disabled.text).toContain('Địa chỉ thư điện tử hoặc mật khẩu không đúng.');
    expect(disabled.text.replace(/name="_csrf" value="[^"]+"/gu, '')).toBe(wrong.text.replace(/name="_csrf" value="[^"]+"/gu, ''));
  });

  it('when a disabled user is enabled again then they can sign in, but old API tokens stay revoked', async () => {
    const token = await apiToken();
    await cli(['user', 'disable', '--email', EMAIL]);
    expect(await cli(['user', 'enable', '--email', EMAIL])).toMatchObject({ code: 0 });
    const agent = await signIn(t.app, EMAIL);
    await agent.get('/office').expect(200);
    await api(token).expect(401);
  });

  it('when the e-mail is unknown then disable says so and fails', async () => {
    const res = await cli(['user', 'disable', '--email', 'nobody@tuphap.example']);
    expect(res.code).toBe(1);
    expect(res.out).toContain('No account');
  });

  it('when the password is changed then open sessions and API tokens end, and the new password signs in', async () => {
    const agent = await signIn(t.app, EMAIL);
    const token = await apiToken();
    const changed = await cli(['user', 'add', '--email', EMAIL, '--name', 'A', '--office', OTHER_OFFICE], { GOPY_PASSWORD: 'một-mật-khẩu-mới-2026' });
    expect(changed.code).toBe(0);
    await agent.get('/office').expect(303);
    await api(token).expect(401);
    expect((await loginWith(STAFF_PASSWORD)).status).toBe(401);
    await signIn(t.app, EMAIL, 'một-mật-khẩu-mới-2026');
  });

  it('when a user is moved to another office then their old session cannot open the new office’s consultation', async () => {
    const demoId = t.demoId!;
    const agent = await signIn(t.app, EMAIL);
    await agent.get(`/office/consultations/${demoId}`).expect(404);

    await addStaff(t, EMAIL, { office: DEMO_OFFICE });

    const old = await agent.get(`/office/consultations/${demoId}`).expect(303);
    expect(old.headers.location).toMatch(/^\/login/u);
    const fresh = await signIn(t.app, EMAIL);
    await fresh.get(`/office/consultations/${demoId}`).expect(200);
  });

  it('when a user’s office is changed behind the portal’s back then the session opened in the old office is refused', async () => {
    const agent = await signIn(t.app, EMAIL);
    const demoOffice = await t.deps.db.selectFrom('offices').select('id').where('name', '=', DEMO_OFFICE).executeTakeFirstOrThrow();
    await t.deps.db.updateTable('users').set({ office_id: demoOffice.id }).where('email', '=', EMAIL).execute();
    await agent.get(`/office/consultations/${t.demoId!}`).expect(303);
  });

  it('when a session keeps sliding then it still ends seven days after sign-in, and the cookie never outlives that', async () => {
    const agent = await signIn(t.app, EMAIL);
    // Used every 11 hours, the session slides forward each time, until its absolute end.
    for (let elapsed = 11; elapsed < 7 * 24; elapsed += 11) {
      t.clock.advance(11 * HOUR);
      const res = await agent.get('/office').expect(200);
      const cookie = (res.headers['set-cookie'] as unknown as string[] | undefined)?.find((c) => c.startsWith('gopy_session='));
      const maxAge = Number(/Max-Age=(\d+)/u.exec(cookie ?? '')?.[1] ?? 0);
      if (cookie) expect(elapsed * HOUR + maxAge * 1000).toBeLessThanOrEqual(7 * 24 * HOUR);
    }
    t.clock.advance(11 * HOUR);
    await agent.get('/office').expect(303);
  });
});

describe('session lifetimes from the configuration', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp({ demo: false, env: { SESSION_IDLE_HOURS: '2', SESSION_MAX_DAYS: '0.25' } });
    await addStaff(t, EMAIL, { office: OTHER_OFFICE });
  });
  afterEach(() => t.close());

  it('when SESSION_MAX_DAYS is a quarter of a day then a two-hour session used every 90 minutes ends after six hours', async () => {
    const agent = await signIn(t.app, EMAIL);
    for (let step = 1; step < 4; step++) {
      t.clock.advance(1.5 * HOUR);
      await agent.get('/office').expect(200);
    }
    t.clock.advance(1.5 * HOUR);
    await agent.get('/office').expect(303);
  });
});
