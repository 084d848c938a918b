import request from 'supertest';
import { hashToken, newSecretToken } from '../../src/auth/tokens';
import { type TestApp, startTestApp } from '../helpers/app';
import { DEMO_OFFICE } from '../helpers/office';
import { STAFF_PASSWORD, addStaff, csrfFrom } from '../helpers/staff';
import { at } from '../helpers/days';
import { createMailbox } from '../helpers/mailbox';

// Two instances of the portal on one database (here one SQLite file; the same runs on PostgreSQL
// with TEST_DB=postgres): what one instance does, the other must see and count.

describe('two instances on one database', () => {
  let a: TestApp;
  let b: TestApp;
  beforeAll(async () => {
    a = await startTestApp();
    b = await startTestApp({ sameDatabaseAs: a });
    await addStaff(a, 'chuyenvien@gialai.example', { office: DEMO_OFFICE });
    await addStaff(a, 'van-thu@gialai.example', { office: DEMO_OFFICE });
  }, 60_000);
  afterAll(async () => {
    await b.close();
    await a.close();
  });

  it('when wrong passwords for one account come through both instances then they count together, and the sixth is refused on either', async () => {
    const tryWrong = async (t: TestApp) => {
      const agent = request.agent(t.app);
      const page = await agent.get('/login').expect(200);
      return agent.post('/login').type('form').send({ _csrf: csrfFrom(page.text), email: 'van-thu@gialai.example', password: 'sai-mat-khau-0000' });
    };
    for (const t of [a, b, a, b, a]) expect((await tryWrong(t)).status).toBe(401);
    const sixth = await tryWrong(b);
    expect(sixth.status).toBe(429);
    expect(sixth.text).toContain('Đăng nhập sai quá nhiều lần');
  });

  it('when an officer signs in on one instance then the session and its form token work on the other', async () => {
    const login = await request(a.app).get('/login').expect(200);
    const cookies = login.headers['set-cookie'] as unknown as string[];
    const signedIn = await request(a.app)
      .post('/login')
      .set('Cookie', cookies.map((c) => c.split(';')[0]!))
      .type('form')
      .send({ _csrf: csrfFrom(login.text), email: 'chuyenvien@gialai.example', password: STAFF_PASSWORD })
      .expect(303);
    const session = [...cookies, ...(signedIn.headers['set-cookie'] as unknown as string[])].map((c) => c.split(';')[0]!);
    const page = await request(b.app).get(`/office/consultations/${a.demoId}/edit`).set('Cookie', session).expect(200);
    expect(page.text).toContain('532/STTTT-BCVT');
    await request(b.app).post('/logout').set('Cookie', session).type('form').send({ _csrf: csrfFrom(page.text) }).expect(303);
    await request(a.app).get('/office').set('Cookie', session).expect(303);
  });

  it('when the office changes a consultation through one instance then the other shows it on its next page', async () => {
    const before = await request(b.app).get(`/consultations/${a.demoId}`).expect(200);
    expect(before.text).not.toContain('tiêu đề mới của dự thảo');
    await request(b.app).get(`/consultations/${a.demoId}`).expect(200); // now kept in b's memory
    const officer = (await a.deps.services.auth.login('chuyenvien@gialai.example', STAFF_PASSWORD))!.user;
    await a.deps.services.officeConsultations.update(officer, a.demoId!, { draftTitle: 'tiêu đề mới của dự thảo' });
    const after = await request(b.app).get(`/consultations/${a.demoId}`).expect(200);
    expect(after.text).toContain('tiêu đề mới của dự thảo');
  });

  it('when agencies submit through both instances at once then every receipt number is unique and none is skipped', async () => {
    const invitations = await a.repos.invitations.listWithProgress(a.demoId!);
    const tokens = await Promise.all(
      invitations.slice(0, 12).map(async (i) => {
        const token = newSecretToken();
        await a.repos.invitations.addToken(i.id, hashToken(token), a.clock.now().toISOString());
        return token;
      }),
    );
    const submit = async (t: TestApp, token: string) => {
      await request(t.app).put('/api/v1/invitation/submission').set('Authorization', `Bearer ${token}`).send({ generalComment: 'Thống nhất với dự thảo, đề nghị bổ sung thời hạn thực hiện.' }).expect(200);
      return request(t.app).post('/api/v1/invitation/submission/submit').set('Authorization', `Bearer ${token}`);
    };
    const answers = await Promise.all(tokens.map((token, n) => submit(n % 2 ? b : a, token)));
    for (const answer of answers) expect(answer.status).toBe(201);
    const serials = answers.map((r) => Number(/(\d{6})$/u.exec(r.body.receiptNumber as string)![1])).sort((x, y) => x - y);
    expect(serials).toEqual(Array.from({ length: tokens.length }, (_, i) => serials[0]! + i));
  });

  it('when the automatic reminder job runs on both instances at once then the reminder goes out once', async () => {
    a.clock.set(at(4, '07:00'));
    b.clock.set(at(4, '07:00'));
    const jobs = [a, b].map((t) => () => t.deps.services.officeConsultations.remindDue(2));
    // Two instances of one process on one SQLite file cannot overlap a long write: better-sqlite3 waits
    // for the other's lock synchronously, holding up the thread the other must finish on. Separate
    // processes can; on PostgreSQL the jobs run at once.
    const [fromA, fromB] = process.env.TEST_DB === 'postgres' ? await Promise.all(jobs.map((job) => job())) : [await jobs[0]!(), await jobs[1]!()];
    expect([...fromA, ...fromB]).toEqual([a.demoId]);
    const trail = await a.repos.audit.trail('consultation', a.demoId!);
    expect(trail.filter((e) => e.action === 'reminder.auto')).toHaveLength(1);
  });
});

describe('two instances delivering one outbox', () => {
  it('when both deliver at once then each message goes out exactly once, through one of them', async () => {
    const [boxA, boxB] = [createMailbox(), createMailbox()];
    const a = await startTestApp({ demo: false, transport: boxA.transport });
    const b = await startTestApp({ sameDatabaseAs: a, demo: false, transport: boxB.transport });
    try {
      const subjects = Array.from({ length: 45 }, (_, n) => `Thư ${n + 1}`);
      await a.deps.uow.write(async (r) => {
        for (const subject of subjects) await r.outbox.enqueue({ template: 'test', to: 'vanthu@gialai.example', subject, text: subject });
      });
      const results = await Promise.all([a.deps.mail.delivery.deliverDue(), b.deps.mail.delivery.deliverDue(), a.deps.mail.delivery.deliverDue(), b.deps.mail.delivery.deliverDue()]);
      const delivered = [...boxA.received, ...boxB.received].map((m) => m.subject);
      expect(delivered.sort()).toEqual([...subjects].sort());
      expect(results.reduce((sum, r) => sum + r.sent, 0)).toBe(45);
      const states = await a.deps.db.selectFrom('outbox').select(['state', 'attempts']).execute();
      expect(states.every((s) => s.state === 'sent' && s.attempts === 1)).toBe(true);
    } finally {
      await b.close();
      await a.close();
    }
  });
});
