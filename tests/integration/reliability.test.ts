import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import request from 'supertest';
import { clauseIds, demoLinks } from '../helpers/agency';
import { type TestApp, startTestApp } from '../helpers/app';
import { BACKOFF_MS } from '../../src/mail/delivery';
import { type TestSmtpServer, startSmtpServer } from '../helpers/smtp';

describe('when the database is busy, the mail server down or the portal overloaded', () => {
  let smtp: TestSmtpServer;
  let t: TestApp;
  let token: string;
  let clause: (label: string) => number;

  afterEach(async () => {
    await t.close();
    await smtp.close();
  });

  async function start(env: Record<string, string>) {
    smtp = await startSmtpServer();
    t = await startTestApp({ env: { SMTP_URL: smtp.url, ...env } });
    token = (await demoLinks(t, smtp))('Công an tỉnh').split('/').at(-1)!;
    clause = await clauseIds(t, t.demoId!);
  }

  const save = (text: string) =>
    request(t.app)
      .put('/api/v1/invitation/submission')
      .set('Authorization', `Bearer ${token}`)
      .send({ comments: [{ clauseId: clause('2.3.'), text }] });

  it('then a write while another process holds the lock answers 503 with Retry-After within the busy timeout, and keeps what was saved', async () => {
    await start({ DB_BUSY_TIMEOUT_MS: '200' });
    await save('Bản đã lưu trước đó.').expect(200);

    // Another process (a CLI command, a restore) holding the write lock.
    const other = new BetterSqlite3(path.join(t.dataDir, 'gopy.sqlite'));
    other.exec('BEGIN IMMEDIATE');
    try {
      const started = Date.now();
      const busy = await save('Bản mới khi cơ sở dữ liệu bận.');
      const waited = Date.now() - started;
      expect(busy.status).toBe(503);
      expect(busy.headers['retry-after']).toBe('5');
      expect(busy.body.error).toMatch(/đang bận/u);
      expect(waited).toBeLessThan(3000); // the 200 ms timeout, not a hang

      const submit = await request(t.app).post('/api/v1/invitation/submission/submit').set('Authorization', `Bearer ${token}`);
      expect(submit.status).toBe(503);
      expect(submit.headers['retry-after']).toBe('5');
    } finally {
      other.exec('ROLLBACK');
      other.close();
    }

    const after = await request(t.app).get('/api/v1/invitation').set('Authorization', `Bearer ${token}`).expect(200);
    expect(after.body.draft.comments).toEqual([expect.objectContaining({ text: 'Bản đã lưu trước đó.' })]);
    await save('Bản mới sau khi hết bận.').expect(200);
  });

  it('then mail sent while the SMTP server is down for a while waits, and each message goes out once when it is back', async () => {
    await start({});
    const port = smtp.port;
    await smtp.close(); // the mail server goes down after the invitations went out
    await save('Ý kiến gửi khi máy chủ thư đang hỏng.').expect(200);
    const receipt = await request(t.app).post('/api/v1/invitation/submission/submit').set('Authorization', `Bearer ${token}`).expect(201);

    // Three attempts fail over 6 minutes (the first right after the submit); the receipt and the
    // contact person's copy wait in the outbox with the error.
    await t.deps.mail.delivery.deliverDue();
    for (const wait of [BACKOFF_MS[0]!, BACKOFF_MS[1]!]) {
      t.clock.advance(wait);
      expect(await t.deps.mail.delivery.deliverDue()).toMatchObject({ sent: 0, retried: 2 });
    }
    const waiting = await t.deps.db.selectFrom('outbox').selectAll().where('template', '=', 'receipt').execute();
    expect(waiting).toEqual([expect.objectContaining({ state: 'pending', attempts: 3, last_error: expect.stringMatching(/ECONNREFUSED|connect/iu) })]);

    smtp = await startSmtpServer({ port }); // back, on the same address
    t.clock.advance(BACKOFF_MS[2]!);
    expect(await t.deps.mail.delivery.deliverDue()).toMatchObject({ sent: 2, retried: 0 });
    expect(await t.deps.mail.delivery.deliverDue()).toMatchObject({ sent: 0 });
    const receipts = smtp.received.filter((m) => m.subject?.startsWith('Biên nhận'));
    expect(receipts).toHaveLength(1);
    expect(receipts[0]!.text).toContain(receipt.body.receiptNumber);
    expect(smtp.received.filter((m) => m.subject?.startsWith('Bản sao biên nhận'))).toHaveLength(1);
  });

  it('then a request arriving while the event loop lags far behind is turned away at once with 503 and Retry-After, and the health check still answers', async () => {
    await start({ OVERLOAD_MAX_LAG_MS: '60' });
    // Let the lag sampler start, then hold the event loop as an overload would.
    await request(t.app).get('/healthz').expect(200);
    await request(t.app).get('/consultations/1').expect(200);
    const server = t.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
      const overload = async () => {
        for (let i = 0; i < 4; i += 1) {
          const until = Date.now() + 150;
          while (Date.now() < until) {
            // busy: every timer (the lag sampler's included) runs late
          }
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      };
      await overload();
      // Most requests are turned away while it lags (a few still go through: a share is refused).
      const answers = await Promise.all(Array.from({ length: 20 }, () => fetch(`${base}/api/v1/invitation`, { headers: { Authorization: `Bearer ${token}` } })));
      const refused = answers.filter((r) => r.status === 503);
      expect(refused.length).toBeGreaterThanOrEqual(12);
      expect(answers.every((r) => r.status === 503 || r.status === 200)).toBe(true);
      expect(refused[0]!.headers.get('retry-after')).toBe('2');
      expect(refused[0]!.headers.get('content-security-policy')).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(refused[0]!.headers.get('strict-transport-security')).toContain('max-age=');
      expect(refused[0]!.headers.get('x-content-type-options')).toBe('nosniff');
      expect(((await refused[0]!.json()) as { error: string }).error).toMatch(/quá tải/u);
      await overload();
      const pages = await Promise.all(Array.from({ length: 10 }, () => fetch(`${base}/consultations/1`)));
      const refusedPage = pages.find((r) => r.status === 503);
      expect(await refusedPage!.text()).toMatch(/quá tải[\s\S]*overloaded/u);
      await overload();
      const health = await Promise.all(Array.from({ length: 10 }, () => fetch(`${base}/healthz`)));
      expect(health.map((r) => r.status)).toEqual(Array(10).fill(200));

      // Once the loop keeps up again, the refused share shrinks back to nothing: ten pages in a row
      // are served (waiting up to 10 s, as a busy test machine has lag spikes of its own).
      let served = 0;
      for (const until = Date.now() + 10_000; served < 10 && Date.now() < until; ) {
        served = (await fetch(`${base}/consultations/1`)).status === 200 ? served + 1 : 0;
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(served).toBe(10);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
