import cookieParser from 'cookie-parser';
import express from 'express';
import request from 'supertest';
import { citizenIdentity, safeReturnPath } from '../../src/public-comments/oidc-routes';
import { type TestApp, TEST_NOW, startTestApp } from '../helpers/app';
import { type TestProvider, startTestProvider } from '../helpers/oidc';
import { csrfFrom } from '../helpers/staff';

const CALLBACK = 'http://gopy.test/sign-in/citizen/callback';
const CITIZEN = { name: 'Nguyễn Văn An', email: 'an.nguyen@citizen.example', email_verified: true };

/** The Set-Cookie line of one cookie in a response, if it is there. */
function setCookie(res: request.Response, name: string): string | undefined {
  const lines = (res.headers['set-cookie'] as unknown as string[] | undefined) ?? [];
  return lines.find((line) => line.startsWith(`${name}=`));
}

/** A cookie's value as the browser sends it back. */
const valueOf = (line: string): string => line.split(';')[0]!.slice(line.indexOf('=') + 1);

describe('citizen sign-in with an OpenID Connect provider', () => {
  let provider: TestProvider;
  let t: TestApp;
  /** An app of its own reading the portal's cookies with the portal's secret: what a comment page would see. */
  let reader: express.Express;

  beforeAll(async () => {
    provider = await startTestProvider({
      clients: [{ client_id: 'gopy', client_secret: 'gopy-client-secret', redirect_uris: [CALLBACK] }],
      accounts: {
        an: CITIZEN,
        parts: { given_name: 'Thị Bình', family_name: 'Trần', email: 'binh@citizen.example' },
        'no-email': { name: 'Lê Văn Cường' },
        unverified: { name: 'Phạm Thị Dung', email: 'dung@citizen.example', email_verified: false },
      },
    });
    t = await startTestApp({ demo: false, env: { OIDC_ISSUER: provider.issuer, OIDC_CLIENT_ID: 'gopy', OIDC_CLIENT_SECRET: 'gopy-client-secret', OIDC_PROVIDER_NAME: 'VNeID' } });
    reader = express().use(cookieParser(t.deps.sessionSecret)).get('/who', (req, res) => {
      res.json(citizenIdentity(req));
    });
  });
  afterAll(async () => {
    await t?.close();
    await provider?.stop();
  });
  afterEach(() => t.clock.set(TEST_NOW));

  /** Starts a sign-in in `agent` and takes the browser through the provider; returns the callback URL it comes back to. */
  async function toCallback(agent: ReturnType<typeof request.agent>, account: string, returnTo = '/consultations/1/comment'): Promise<URL> {
    const start = await agent.get(`/sign-in/citizen?return=${encodeURIComponent(returnTo)}`).expect(302);
    expect(start.headers.location).toMatch(new RegExp(`^${provider.issuer}/auth\\?`, 'u'));
    const back = await provider.signInAs(start.headers.location!, account);
    expect(`${back.origin}${back.pathname}`).toBe(CALLBACK);
    return back;
  }

  const callbackPath = (url: URL): string => `${url.pathname}${url.search}`;

  it('when a citizen signs in, then the provider is asked with PKCE, state and nonce, and they come back to their page with an identity cookie that citizenIdentity reads', async () => {
    const agent = request.agent(t.app);
    const start = await agent.get('/sign-in/citizen?return=/consultations/1/comment').expect(302);
    const asked = new URL(start.headers.location!);
    expect(Object.fromEntries(asked.searchParams)).toMatchObject({ client_id: 'gopy', response_type: 'code', redirect_uri: CALLBACK, scope: 'openid profile email', code_challenge_method: 'S256' });
    for (const param of ['code_challenge', 'state', 'nonce']) expect(asked.searchParams.get(param)).toBeTruthy();
    const flowCookie = setCookie(start, 'gopy_citizen_flow')!;
    expect(flowCookie).toMatch(/HttpOnly/u);
    expect(flowCookie).toMatch(/SameSite=Lax/u);
    expect(flowCookie).not.toMatch(/Expires|Max-Age/iu);
    expect(decodeURIComponent(valueOf(flowCookie))).toMatch(/^s:/u);

    const back = await provider.signInAs(start.headers.location!, 'an');
    const done = await agent.get(callbackPath(back)).expect(302);
    expect(done.headers.location).toBe('/consultations/1/comment');
    const identityCookie = setCookie(done, 'gopy_citizen')!;
    expect(identityCookie).toMatch(/HttpOnly/u);
    expect(identityCookie).toMatch(/SameSite=Lax/u);
    expect(identityCookie).toMatch(/Path=\//u);
    expect(identityCookie).not.toMatch(/Expires|Max-Age/iu);
    // BASE_URL is http here: not Secure.
    expect(identityCookie).not.toMatch(/Secure/u);
    expect(setCookie(done, 'gopy_citizen_flow')).toMatch(/Expires=Thu, 01 Jan 1970/u);

    const who = await request(reader).get('/who').set('Cookie', `gopy_citizen=${valueOf(identityCookie)}`).expect(200);
    expect(who.body).toEqual({ iss: provider.issuer, sub: 'an', name: CITIZEN.name, email: CITIZEN.email });
  });

  it('when BASE_URL is https, then the sign-in cookies are Secure', async () => {
    const https = await startTestApp({ demo: false, env: { BASE_URL: 'https://gopy.test', OIDC_ISSUER: provider.issuer, OIDC_CLIENT_ID: 'gopy', OIDC_CLIENT_SECRET: 'gopy-client-secret' } });
    try {
      const start = await request(https.app).get('/sign-in/citizen').expect(302);
      expect(new URL(start.headers.location!).searchParams.get('redirect_uri')).toBe('https://gopy.test/sign-in/citizen/callback');
      expect(setCookie(start, 'gopy_citizen_flow')).toMatch(/; Secure/u);
    } finally {
      await https.close();
    }
  });

  it('when the provider gives no name but given and family names, then the name is composed family name first', async () => {
    const agent = request.agent(t.app);
    const done = await agent.get(callbackPath(await toCallback(agent, 'parts'))).expect(302);
    const who = await request(reader).get('/who').set('Cookie', `gopy_citizen=${valueOf(setCookie(done, 'gopy_citizen')!)}`);
    expect(who.body).toMatchObject({ sub: 'parts', name: 'Trần Thị Bình', email: 'binh@citizen.example' });
  });

  it('when the state that comes back is not the one sent, then the sign-in is refused with 400 and a Vietnamese message, and no identity cookie is set', async () => {
    const agent = request.agent(t.app);
    const back = await toCallback(agent, 'an');
    back.searchParams.set('state', 'not-the-state-that-was-sent');
    const res = await agent.get(callbackPath(back)).expect(400);
    expect(res.text).toContain('tham số state sai');
    expect(setCookie(res, 'gopy_citizen')).toBeUndefined();
  });

  it('when the visitor reads English, then the refusal is in English', async () => {
    const agent = request.agent(t.app);
    await agent.get('/?lang=en').expect(200);
    const back = await toCallback(agent, 'an');
    back.searchParams.set('state', 'x');
    expect((await agent.get(callbackPath(back)).expect(400)).text).toContain('wrong state parameter');
  });

  it('when the callback comes with no sign-in started in this browser, then it is refused with 400', async () => {
    const back = await toCallback(request.agent(t.app), 'an');
    const res = await request(t.app).get(callbackPath(back)).expect(400);
    expect(res.text).toContain('Không tìm thấy phiên đăng nhập');
  });

  it('when the provider refuses (error=access_denied), then the page says so with 400', async () => {
    const agent = request.agent(t.app);
    const start = await agent.get('/sign-in/citizen').expect(302);
    const state = new URL(start.headers.location!).searchParams.get('state')!;
    const res = await agent.get(`/sign-in/citizen/callback?error=access_denied&state=${state}`).expect(400);
    expect(res.text).toContain('Dịch vụ định danh đã không cho đăng nhập (access_denied)');
  });

  it('when the provider gives no e-mail address, or one it has not verified, then the sign-in is refused with 400 saying why', async () => {
    const noEmail = request.agent(t.app);
    const refusedNoEmail = await noEmail.get(callbackPath(await toCallback(noEmail, 'no-email'))).expect(400);
    expect(refusedNoEmail.text).toContain('không cung cấp địa chỉ thư điện tử');
    expect(setCookie(refusedNoEmail, 'gopy_citizen')).toBeUndefined();

    const unverified = request.agent(t.app);
    const refusedUnverified = await unverified.get(callbackPath(await toCallback(unverified, 'unverified'))).expect(400);
    expect(refusedUnverified.text).toContain('chưa được dịch vụ định danh xác minh');
  });

  it('when the callback comes more than 10 minutes after the sign-in started, then it is refused', async () => {
    const agent = request.agent(t.app);
    const back = await toCallback(agent, 'an');
    t.clock.advance(11 * 60 * 1000);
    expect((await agent.get(callbackPath(back)).expect(400)).text).toContain('quá 10 phút');
  });

  it('when the return path is another site (//evil.example), then the citizen comes back to / instead', async () => {
    const agent = request.agent(t.app);
    const done = await agent.get(callbackPath(await toCallback(agent, 'an', '//evil.example'))).expect(302);
    expect(done.headers.location).toBe('/');
  });

  it.each([
    ['/consultations/1/comment?clause=5#form', '/consultations/1/comment?clause=5#form'],
    ['//evil.example', '/'],
    ['/\\evil.example', '/'],
    ['/\t/evil.example', '/'],
    ['https://evil.example/', '/'],
    ['consultations/1', '/'],
    ['', '/'],
    [undefined, '/'],
    [['/a', '/b'], '/'],
  ])('a return path %p is followed as %p', (value, expected) => {
    expect(safeReturnPath(value)).toBe(expected);
  });

  it('when the identity cookie is tampered with, or not signed, then citizenIdentity ignores it', async () => {
    const agent = request.agent(t.app);
    const done = await agent.get(callbackPath(await toCallback(agent, 'an'))).expect(302);
    const signed = decodeURIComponent(valueOf(setCookie(done, 'gopy_citizen')!));
    const tampered = signed.replace(CITIZEN.email, 'someone.else@citizen.example');
    expect(tampered).not.toBe(signed);
    const forged = JSON.stringify({ iss: provider.issuer, sub: 'an', name: 'X', email: 'x@citizen.example' });

    for (const cookie of [tampered, forged, `s:${forged}.bad-signature`]) {
      const who = await request(reader).get('/who').set('Cookie', `gopy_citizen=${encodeURIComponent(cookie)}`).expect(200);
      expect(who.body).toBeNull();
    }
  });

  it('when a signed-in citizen signs out through the form (with its CSRF token), then the identity cookie is cleared and they go back; without the token it is refused', async () => {
    const agent = request.agent(t.app);
    await agent.get(callbackPath(await toCallback(agent, 'an'))).expect(302);
    const csrf = csrfFrom((await agent.get('/login').expect(200)).text);

    await agent.post('/sign-out/citizen').type('form').send({ return: '/consultations/1' }).expect(403);
    const out = await agent.post('/sign-out/citizen').type('form').send({ _csrf: csrf, return: '/consultations/1' }).expect(303);
    expect(out.headers.location).toBe('/consultations/1');
    expect(setCookie(out, 'gopy_citizen')).toMatch(/^gopy_citizen=;.*Expires=Thu, 01 Jan 1970/u);
  });
});

describe('citizen sign-in when no provider is configured', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ demo: false });
  });
  afterAll(() => t.close());

  it('when OIDC_ISSUER is unset, then the sign-in routes do not exist (404)', async () => {
    expect(t.deps.citizenSignIn).toBeNull();
    await request(t.app).get('/sign-in/citizen?return=/').expect(404);
    await request(t.app).get('/sign-in/citizen/callback?code=x&state=y').expect(404);
  });
});
