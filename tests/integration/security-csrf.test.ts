import path from 'node:path';
import request from 'supertest';
import { type TestApp, startTestApp } from '../helpers/app';
import { agencyCsrf, demoLinks } from '../helpers/agency';
import { DEMO_OFFICE } from '../helpers/office';
import { registeredRoutes } from '../helpers/routes';
import { concrete, dbSnapshot, filesUnder, tokenOf, uploadsEmptied } from '../helpers/security';
import { type TestMailbox, createMailbox } from '../helpers/mailbox';
import { addStaff, csrfFrom, signIn } from '../helpers/staff';

type Agent = ReturnType<typeof request.agent>;
const REFUSED = 'mã bảo vệ CSRF';

describe('every state-changing form refuses a missing or wrong CSRF token', () => {
  let smtp: TestMailbox;
  let t: TestApp;
  let ids: Record<string, string>;
  /** Ids of the records that routes other than a consultation's name by :id or :sub. */
  let records: { agencies: number; groups: number; outbox: number; clauses: number };
  let agencyLink: string;
  /** Valid tokens, each bound to someone else's secret. */
  let foreign: { otherOfficer: string; visitor: string };

  beforeAll(async () => {
    smtp = createMailbox();
    t = await startTestApp({ transport: smtp.transport });
    agencyLink = (await demoLinks(t, smtp))('Công an tỉnh');
    await addStaff(t, 'chuyenvien@gialai.example', { office: DEMO_OFFICE });
    await addStaff(t, 'dongnghiep@gialai.example', { office: DEMO_OFFICE });
    const invitation = await t.deps.db.selectFrom('invitations').select('id').executeTakeFirstOrThrow();
    const agency = await t.deps.db.selectFrom('agencies').select('id').executeTakeFirstOrThrow();
    const group = await t.deps.db.selectFrom('agency_groups').select('id').executeTakeFirstOrThrow();
    const outbox = await t.deps.db.selectFrom('outbox').select('id').executeTakeFirstOrThrow();
    const clause = await t.deps.db.selectFrom('clauses').select('id').executeTakeFirstOrThrow();
    ids = { id: String(t.demoId), invitation: String(invitation.id), sub: String(invitation.id), token: tokenOf(agencyLink) };
    records = { agencies: agency.id, groups: group.id, outbox: outbox.id, clauses: clause.id };
    const colleague = await signIn(t.app, 'dongnghiep@gialai.example');
    const visitor = request.agent(t.app);
    foreign = { otherOfficer: await colleague.csrf('/office'), visitor: csrfFrom((await visitor.get('/login')).text) };
  });
  afterAll(async () => {
    await t.close();
    await smtp.close();
  });

  /** Real ids for the route, so a 403 can only come from the token and never from a missing record. */
  const urlOf = (routePath: string): string => {
    const kind = /^\/office\/(?:agencies\/)?(groups|agencies|outbox)\/:id/u.exec(routePath)?.[1] as 'groups' | 'agencies' | 'outbox' | undefined;
    const sub = routePath.includes('/clauses/:sub') ? String(records.clauses) : ids.sub!;
    return concrete(routePath, { ...ids, sub, id: kind ? String(records[kind]) : ids.id! });
  };

  const formRoutes = () => registeredRoutes(t.app).filter((r) => r.method !== 'get' && !r.path.startsWith('/api/'));

  async function expectAllRefused(agent: Agent, validElsewhere: string[]) {
    const routes = formRoutes();
    expect(routes.length).toBeGreaterThan(25);
    expect(routes.map((r) => r.path)).toEqual(expect.arrayContaining(['/login', '/logout', '/invite/:token', '/office/consultations/:id/publish']));
    for (const route of routes) {
      const url = urlOf(route.path);
      const send = () => agent[route.method as 'post'](url);
      const attempts: [string, () => request.Test][] = [
        ['missing', () => send().type('form').send({ action: 'save', decision: 'accepted', name: 'X' })],
        ['wrong', () => send().type('form').send({ _csrf: 'sai-ma-bao-ve', action: 'save' })],
        ['empty', () => send().type('form').send({ _csrf: '' })],
        ['wrong header', () => send().set('X-CSRF-Token', 'sai-ma-bao-ve').type('form').send({ action: 'save' })],
        ['wrong query, multipart with a file', () => agent.post(`${url}?_csrf=sai`).field('action', 'save').attach(route.path.startsWith('/invite') ? 'letterFile' : 'draft', Buffer.from('%PDF-1.4\n%%EOF\n'), 'x.pdf')],
        ...validElsewhere.map((token, i): [string, () => request.Test] => [`someone else's token ${i}`, () => send().type('form').send({ _csrf: token })]),
        ...validElsewhere.map((token, i): [string, () => request.Test] => [`someone else's token ${i} in the query`, () => agent.post(`${url}?_csrf=${encodeURIComponent(token)}`).field('action', 'save')]),
      ];
      for (const [what, attempt] of attempts) {
        const res = await attempt();
        expect([route.method, url, what, res.status]).toEqual([route.method, url, what, 403]);
        expect([url, what, res.text]).toEqual([url, what, expect.stringContaining(REFUSED)]);
      }
    }
  }

  it('when a signed-in officer posts any form without its token, with a wrong one or with a colleague\'s or a visitor\'s, then it is 403 and nothing changes', async () => {
    const officer = await signIn(t.app, 'chuyenvien@gialai.example');
    const before = (await dbSnapshot(t));
    const files = filesUnder(path.join(t.dataDir, 'files'));
    await expectAllRefused(officer, [foreign.otherOfficer, foreign.visitor]);
    expect((await dbSnapshot(t))).toEqual(before);
    expect(filesUnder(path.join(t.dataDir, 'files'))).toEqual(files);
    expect(await uploadsEmptied(t)).toEqual([]);
    // Still signed in (the refused logout did nothing), and the right token does work.
    const csrf = await officer.csrf('/office');
    await officer.post('/logout').type('form').send({ _csrf: csrf }).expect(303);
    await officer.get('/office').expect(303);
  });

  it("when an agency with a valid link posts any form without its page's token, with a wrong one or with an officer's, then it is 403 and nothing changes", async () => {
    const agency = request.agent(t.app);
    const own = await agencyCsrf(t, agency, agencyLink); // the agency's own secret is now in its cookie
    const officerToken = await (await signIn(t.app, 'chuyenvien@gialai.example')).csrf('/office');
    const before = (await dbSnapshot(t));
    const files = filesUnder(path.join(t.dataDir, 'files'));
    await expectAllRefused(agency, [officerToken, foreign.visitor]);
    expect((await dbSnapshot(t))).toEqual(before);
    expect(filesUnder(path.join(t.dataDir, 'files'))).toEqual(files);
    expect(await uploadsEmptied(t)).toEqual([]);
    // The page's own token is accepted: the refusals above were about the token.
    await agency.post(`${agencyLink}?_csrf=${encodeURIComponent(own)}`).field('action', 'save').field('generalComment', 'Ý kiến có mã bảo vệ.').expect(303);
    expect((await t.deps.db.selectFrom('submissions').select('general_comment').execute()).map((s) => s.general_comment)).toEqual(['Ý kiến có mã bảo vệ.']);
  });
});
