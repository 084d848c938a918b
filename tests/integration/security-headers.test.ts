import request from 'supertest';
import { type TestApp, startTestApp } from '../helpers/app';
import { demoLinks } from '../helpers/agency';
import { DEMO_OFFICE } from '../helpers/office';
import { type TestMailbox, createMailbox } from '../helpers/mailbox';
import { STAFF_PASSWORD, addStaff, csrfFrom, signIn } from '../helpers/staff';
import { setCookie } from '../helpers/security';

function expectSecurityHeaders(res: request.Response, where: string) {
  const h = res.headers;
  const csp = String(h['content-security-policy']);
  expect([where, csp]).toEqual([where, expect.stringContaining("default-src 'self'")]);
  for (const directive of ["frame-ancestors 'none'", "object-src 'none'", "base-uri 'self'", "form-action 'self'", "script-src 'self'"]) {
    expect([where, csp]).toEqual([where, expect.stringContaining(directive)]);
  }
  expect([where, csp]).not.toEqual([where, expect.stringContaining('unsafe-inline')]);
  expect([where, h['x-content-type-options']]).toEqual([where, 'nosniff']);
  expect([where, h['x-frame-options']]).toEqual([where, expect.stringMatching(/^(DENY|SAMEORIGIN)$/u)]);
  expect([where, h['referrer-policy']]).toEqual([where, expect.stringMatching(/^(no-referrer|same-origin|strict-origin|strict-origin-when-cross-origin)$/u)]);
  const maxAge = Number(/max-age=(\d+)/u.exec(String(h['strict-transport-security']))?.[1] ?? 0);
  expect([where, maxAge >= 180 * 24 * 3600]).toEqual([where, true]);
  expect([where, h['x-powered-by']]).toEqual([where, undefined]);
}

/** The cookie's attributes, lower-cased: "httponly", "secure", "samesite=lax", "path=/". */
const attributes = (line: string | undefined): string[] => (line ?? '').split(';').slice(1).map((a) => a.trim().toLowerCase());

describe('security headers on every kind of page', () => {
  let smtp: TestMailbox;
  let t: TestApp;
  let agencyLink: string;

  beforeAll(async () => {
    smtp = createMailbox();
    t = await startTestApp({ transport: smtp.transport });
    agencyLink = (await demoLinks(t, smtp))('Công an tỉnh');
    await addStaff(t, 'chuyenvien@gialai.example', { office: DEMO_OFFICE });
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  it('when public, staff, agency, error and API pages are served then each carries CSP, nosniff, frame and referrer rules and HSTS', async () => {
    const officer = await signIn(t.app, 'chuyenvien@gialai.example');
    const pages: [string, request.Response][] = [
      ['/', await request(t.app).get('/').expect(200)],
      ['/consultations/:id', await request(t.app).get(`/consultations/${t.demoId}`).expect(200)],
      ['/login', await request(t.app).get('/login').expect(200)],
      ['404', await request(t.app).get('/khong-co').expect(404)],
      ['/office', await officer.get('/office').expect(200)],
      ['/office/consultations/:id/review', await officer.get(`/office/consultations/${t.demoId}/review`).expect(200)],
      ['/office/consultations/:id/report', await officer.get(`/office/consultations/${t.demoId}/report`).expect(200)],
      ['/invite/:token', await request(t.app).get(agencyLink).expect(200)],
      ['/invite/wrong', await request(t.app).get(`/invite/${'A'.repeat(43)}`).expect(404)],
      ['/api/v1/consultations', await request(t.app).get('/api/v1/consultations').expect(200)],
      ['/api/v1/invitation', await request(t.app).get('/api/v1/invitation').expect(401)],
      ['/assets', await request(t.app).get('/assets/gopy.css').expect(200)],
    ];
    for (const [where, res] of pages) expectSecurityHeaders(res, where);
  });

  it("when an agency's page is opened then its link is never sent on as a referrer and the page is never cached", async () => {
    const page = await request(t.app).get(agencyLink).expect(200);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect(page.headers['cache-control']).toBe('no-store');
    const api = await request(t.app).get('/api/v1/invitation').set('Authorization', `Bearer ${agencyLink.split('/').at(-1)}`).expect(200);
    expect(api.headers['cache-control']).toBe('no-store');
  });

  it('when an officer signs in over plain HTTP then the session and CSRF cookies are HttpOnly and SameSite=Lax, and staff pages are not cached', async () => {
    const page = await request(t.app).get('/login').expect(200);
    const csrfCookie = setCookie(page, 'gopy_csrf');
    expect(attributes(csrfCookie)).toEqual(expect.arrayContaining(['httponly', 'samesite=lax', 'path=/']));
    const login = await request(t.app)
      .post('/login')
      .set('Cookie', csrfCookie!.split(';')[0]!)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), email: 'chuyenvien@gialai.example', password: STAFF_PASSWORD })
      .expect(303);
    const session = setCookie(login, 'gopy_session');
    expect(attributes(session)).toEqual(expect.arrayContaining(['httponly', 'samesite=lax', 'path=/']));
    expect(attributes(session)).not.toContain('secure');
    const office = await request(t.app).get('/office').set('Cookie', session!.split(';')[0]!).expect(200);
    expect(office.headers['cache-control']).toBe('private, no-store');
  });

  it('when X-Forwarded-Proto says https but no proxy is trusted then cookies are not marked Secure on its word', async () => {
    const page = await request(t.app).get('/login').set('X-Forwarded-Proto', 'https').expect(200);
    expect(attributes(setCookie(page, 'gopy_csrf'))).not.toContain('secure');
  });
});

describe('cookies are Secure when the portal is reached over HTTPS', () => {
  async function signInVia(t: TestApp, headers: Record<string, string>) {
    const page = await request(t.app).get('/login?lang=vi').set(headers).expect(200);
    const csrfCookie = setCookie(page, 'gopy_csrf')!;
    const login = await request(t.app)
      .post('/login')
      .set(headers)
      .set('Cookie', csrfCookie.split(';')[0]!)
      .type('form')
      .send({ _csrf: csrfFrom(page.text), email: 'chuyenvien@gialai.example', password: STAFF_PASSWORD })
      .expect(303);
    return { csrf: csrfCookie, lang: setCookie(page, 'lang'), session: setCookie(login, 'gopy_session') };
  }

  it('when a trusted proxy forwards an HTTPS request then the session, CSRF and language cookies are Secure, HttpOnly and SameSite=Lax', async () => {
    const t = await startTestApp({ demo: false, env: { TRUST_PROXY: 'true' } });
    try {
      await addStaff(t, 'chuyenvien@gialai.example', { office: DEMO_OFFICE });
      const cookies = await signInVia(t, { 'X-Forwarded-Proto': 'https' });
      for (const line of [cookies.csrf, cookies.lang, cookies.session]) {
        expect(attributes(line)).toEqual(expect.arrayContaining(['secure', 'httponly', 'samesite=lax']));
      }
      const plain = await signInVia(t, {});
      expect(attributes(plain.session)).not.toContain('secure');
    } finally {
      await t.close();
    }
  });

  it('when BASE_URL is https then cookies are Secure even if the request reached the portal as plain HTTP (a proxy not declared in TRUST_PROXY)', async () => {
    const t = await startTestApp({ demo: false, env: { BASE_URL: 'https://gopy.example.gov.vn' } });
    try {
      await addStaff(t, 'chuyenvien@gialai.example', { office: DEMO_OFFICE });
      const cookies = await signInVia(t, {});
      for (const line of [cookies.csrf, cookies.lang, cookies.session]) {
        expect(attributes(line)).toEqual(expect.arrayContaining(['secure', 'httponly', 'samesite=lax']));
      }
    } finally {
      await t.close();
    }
  });
});
