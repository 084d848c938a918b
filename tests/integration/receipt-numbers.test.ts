import request from 'supertest';
import { type TestApp, startTestApp } from '../helpers/app';
import { clauseIds, demoLinks } from '../helpers/agency';
import { type TestMailbox, createMailbox } from '../helpers/mailbox';
import { createSubmissionsRepository } from '../../src/submissions/repository';

/**
 * Receipt numbers are unique and gapless per office and year however many agencies submit at once,
 * on the engine TEST_DB selects: on PostgreSQL the submissions run on connections of their own, and
 * the counter's upsert holds its row until the submission commits.
 */
describe('receipt numbers under concurrency', () => {
  let smtp: TestMailbox;
  let t: TestApp;

  beforeEach(async () => {
    smtp = createMailbox();
    t = await startTestApp({ transport: smtp.transport });
  });
  afterEach(async () => {
    await t.deps.mail.delivery.stop();
    await t.close();
    await smtp.close();
  });

  it('when 20 agencies submit at the same moment, then their receipts are numbered 1 to 20, each once', async () => {
    const link = await demoLinks(t, smtp);
    const clause = await clauseIds(t, t.demoId!);
    const agencies = (
      await t.deps.db.selectFrom('invitations as i').innerJoin('agencies as a', 'a.id', 'i.agency_id').select('a.name').where('i.consultation_id', '=', t.demoId!).orderBy('a.id').limit(20).execute()
    ).map((r) => r.name);
    expect(agencies).toHaveLength(20);
    const auth = (agency: string) => ({ Authorization: `Bearer ${link(agency).split('/').at(-1)!}` });
    await Promise.all(
      agencies.map((agency, n) => request(t.app).put('/api/v1/invitation/submission').set(auth(agency)).send({ comments: [{ clauseId: clause('1.1.'), text: `Ý kiến ${n}.` }] }).expect(200)),
    );
    const receipts = await Promise.all(agencies.map((agency) => request(t.app).post('/api/v1/invitation/submission/submit').set(auth(agency)).expect(201)));
    const serials = receipts.map((r) => Number((r.body as { receiptNumber: string }).receiptNumber.slice(-6))).sort((a, b) => a - b);
    expect(serials).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const stored = await t.deps.db.selectFrom('submissions').select('receipt_number').where('state', '=', 'submitted').execute();
    expect(new Set(stored.map((s) => s.receipt_number)).size).toBe(20);
  });

  it('when transactions taking a number at once roll back, then their numbers are given again and the committed ones have no gap', async () => {
    const office = (await t.deps.db.selectFrom('offices').select('id').executeTakeFirstOrThrow()).id;
    const taken = await Promise.allSettled(
      Array.from({ length: 20 }, (_, n) =>
        t.deps.db.transaction().execute(async (trx) => {
          const number = await createSubmissionsRepository(trx, t.deps.database.plans.on(trx)).nextReceiptNumber(office, 2031);
          await new Promise((resolve) => setTimeout(resolve, 5));
          if (n % 4 === 3) throw new Error('rolled back');
          return number;
        }),
      ),
    );
    const committed = taken.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : [])).sort((a, b) => a - b);
    expect(committed).toEqual(Array.from({ length: 15 }, (_, i) => i + 1));
    const counter = await t.deps.db.selectFrom('receipt_counters').select('last_number').where('office_id', '=', office).where('year', '=', 2031).executeTakeFirstOrThrow();
    expect(counter.last_number).toBe(15);
  });
});
