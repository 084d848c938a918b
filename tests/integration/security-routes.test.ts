import request from 'supertest';
import { type TestApp, startTestApp } from '../helpers/app';
import { registeredRoutes } from '../helpers/routes';
import { addStaff, signIn } from '../helpers/staff';

/** Fills a route's parameters with real ids of the demo consultation, so a refusal is about access, not a missing record. */
function concrete(path: string, ids: Record<string, string>): string {
  return path.replace(/:(\w+)/gu, (_, name: string) => ids[name] ?? '1');
}

describe('every registered route refuses who it must', () => {
  let t: TestApp;
  let ids: Record<string, string>;

  beforeAll(async () => {
    t = await startTestApp();
    const invitation = await t.deps.db.selectFrom('invitations').select('id').executeTakeFirstOrThrow();
    const attachment = await t.deps.db.selectFrom('attachments').select(['id', 'filename']).executeTakeFirstOrThrow();
    // A public comment of the demo, confirmed and waiting for moderation: the moderation API's :commentId.
    const [comment] = await t.repos.publicComments.insertMany([
      { consultation_id: t.demoId!, clause_id: null, name: 'Nguyễn Văn An', email: 'an@example.vn', email_key: 'an@example.vn', organisation: null, text: 'Ý kiến.', state: 'pending', created_at: t.clock.now().toISOString(), confirmed_at: t.clock.now().toISOString() },
    ]);
    ids = { id: String(t.demoId), commentId: String(comment), invitation: String(invitation.id), sub: String(invitation.id), token: 'A'.repeat(43), number: 'BN-1', filename: attachment.filename, file: '1.eml', format: 'json', anchor: 'muc-1' };
  });
  afterAll(() => t.close());

  it('when nobody is signed in then every office page and action is refused', async () => {
    const office = registeredRoutes(t.app).filter((r) => r.path.startsWith('/office'));
    expect(office.length).toBeGreaterThan(40);
    for (const route of office) {
      const url = concrete(route.path, ids);
      const res = await request(t.app)[route.method as 'get' | 'post'](url);
      if (route.method === 'get') {
        expect([url, res.status, res.headers.location]).toEqual([url, 303, expect.stringMatching(/^\/login\?next=/u)]);
      } else {
        // Without a session there is no CSRF secret either: refused before anything runs.
        expect([url, res.status]).toEqual([url, 403]);
      }
    }
  });

  it("when an officer of another office asks then no office page or action reaches the demo's data", async () => {
    await addStaff(t, 'khac@tuphap.example', { office: 'Sở Tư pháp tỉnh Gia Lai' });
    const other = await signIn(t.app, 'khac@tuphap.example');
    const csrf = await other.csrf('/office');
    const scoped = registeredRoutes(t.app).filter((r) => r.path.startsWith('/office/consultations/:id') || r.path.startsWith('/office/outbox/:'));
    // The confirmation pages of the irreversible actions are walked with the rest.
    expect(scoped).toEqual(
      expect.arrayContaining(
        ['/office/consultations/:id/publish', '/office/consultations/:id/publish/preview', '/office/consultations/:id/end-now', '/office/consultations/:id/report/publish'].map((path) => ({ method: 'get', path })),
      ),
    );
    // So is moderation: the queue and its one form.
    expect(scoped).toEqual(expect.arrayContaining([{ method: 'get', path: '/office/consultations/:id/public-comments' }, { method: 'post', path: '/office/consultations/:id/public-comments/moderation' }]));
    // Answering public comments once per group: the page and its form.
    expect(scoped).toEqual(expect.arrayContaining([{ method: 'get', path: '/office/consultations/:id/public-answers' }, { method: 'post', path: '/office/consultations/:id/public-answers' }]));
    for (const route of scoped) {
      const url = concrete(route.path, ids);
      const res = route.method === 'get' ? await other.get(url).timeout(3000) : await other.post(url).type('form').send({ _csrf: csrf }).timeout(3000);
      expect([route.method, url, res.status]).toEqual([route.method, url, 404]);
    }
    const status = await t.deps.db.selectFrom('consultations').select(['status', 'deadline_at']).where('id', '=', t.demoId!).executeTakeFirstOrThrow();
    expect(status.status).toBe('open');
  });

  it('when the API is called without a token, with a wrong one, or with another office\'s, then it refuses', async () => {
    await addStaff(t, 'api-khac@tuphap.example', { office: 'Sở Tư pháp tỉnh Gia Lai' });
    const foreign = await t.deps.services.auth.createApiToken('api-khac@tuphap.example');
    // Anyone may send a public comment and confirm it: those take no token.
    const forAnyone = new Set(['post /api/v1/consultations/:id/public-comments', 'post /api/v1/public-comments/confirm']);
    const api = registeredRoutes(t.app).filter((r) => r.path.startsWith('/api/v1') && !(r.method === 'get' && /^\/api\/v1\/consultations(\/:id)?$/u.test(r.path)) && !forAnyone.has(`${r.method} ${r.path}`));
    expect(api.length).toBeGreaterThan(12);
    // Another office's token is refused 404 before the body is read (the walk sends no commentId).
    expect(api).toEqual(expect.arrayContaining([{ method: 'put', path: '/api/v1/consultations/:id/public-answers' }]));
    for (const route of api) {
      const url = concrete(route.path, ids);
      const call = () => request(t.app)[route.method as 'get' | 'post' | 'put' | 'patch'](url);
      // The comparison is also the public's once published: without a token the demo (a first round) has none.
      const publicToo = route.method === 'get' && route.path === '/api/v1/consultations/:id/changes';
      // Without a token the list of public comments is the public's (published ones only); with one, the moderator's.
      const publicList = route.method === 'get' && route.path === '/api/v1/consultations/:id/public-comments';
      expect([url, (await call()).status]).toEqual([url, publicToo ? 404 : publicList ? 200 : 401]);
      expect([url, (await call().set('Authorization', `Bearer ${'x'.repeat(43)}`)).status]).toEqual([url, 401]);
      if (!route.path.startsWith('/api/v1/invitation') && /:(id|commentId)\b/u.test(route.path)) {
        const res = await call().set('Authorization', `Bearer ${foreign}`).send({ decision: 'accepted' });
        expect([url, res.status]).toEqual([url, 404]);
      }
    }
  });
});
