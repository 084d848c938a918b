import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import pg from 'pg';
import request from 'supertest';
import { clauseIds, demoLinks } from '../helpers/agency';
import { type TestApp, startTestApp } from '../helpers/app';
import { BACKOFF_MS } from '../../src/mail/delivery';
import { type TestSmtpServer, startSmtpServer } from '../helpers/smtp';

async function holdWriteLock(t: TestApp): Promise<{ release(): Promise<void> }> {
  if (t.deps.database.engine === 'postgres') {
    const client = new pg.Client({ connectionString: t.env.DATABASE_URL });
    await client.connect();
    await client.query('begin');
    await client.query('lock table submissions in exclusive mode');
    return {
      release: async () => {
        await client.query('rollback');
        await client.end();
      },
    };
  }
  const other = new BetterSqlite3(path.join(t.dataDir, 'gopy.sqlite'));
  other.exec('BEGIN IMMEDIATE');
  return {
    release: async () => {
      other.exec('ROLLBACK');
      other.close();
    },
  };
}

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

    // Another process (a CLI command, a restore) holding the write lock: SQLite's one lock for the
    // whole file; on PostgreSQL a lock on the table the save writes (lock_timeout is the busy timeout).
    const other = await holdWriteLock(t);
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
      await other.release();
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
    expect(smtp.received.filter((m) => m.subject?.startsWith('Đã nhận ý kiến góp ý của'))).toHaveLength(1);
  });

  it('then a lone client arriving while the event loop lags far behind (a busy host) is served its page, the API and a download, and the health check answers', async () => {
    await start({ OVERLOAD_MAX_LAG_MS: '60' });
    // Let the lag sampler start, then hold the event loop as a busy host would.
    await request(t.app).get('/healthz').expect(200);
    const attachment = await t.deps.db.selectFrom('attachments').select(['id', 'filename']).where('kind', '=', 'draft_source').executeTakeFirstOrThrow();
    const server = t.app.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    try {
      const base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
      const busyHost = async () => {
        for (let i = 0; i < 4; i += 1) {
          const until = Date.now() + 150;
          while (Date.now() < until) {
            // busy: every timer (the lag sampler's included) runs late
          }
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      };
      // Nothing else is in flight: nothing queues, so nothing is refused (refusals when requests do queue: tests/unit/overload.test.ts).
      for (const path of ['/consultations/1', `/attachments/${attachment.id}/${encodeURIComponent(attachment.filename)}`, '/healthz']) {
        await busyHost();
        expect([path, (await fetch(`${base}${path}`)).status]).toEqual([path, 200]);
      }
      await busyHost();
      expect((await fetch(`${base}/api/v1/invitation`, { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
