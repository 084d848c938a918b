import { fixedClock } from '../../src/clock';
import { loadConfig } from '../../src/config';
import { BACKOFF_MS, MAX_ATTEMPTS, createOutboxDelivery } from '../../src/mail/delivery';
import { createMail } from '../../src/mail';
import { type NewOutboxMessage, createOutboxRepository } from '../../src/mail/outbox-repository';
import { createUow } from '../../src/repositories';
import type { MailTransport, OutgoingMail } from '../../src/mail/transport';
import { createTransport } from '../../src/mail/transport';
import { TEST_NOW } from '../helpers/app';
import { type TestDatabase, openTestDatabase } from '../helpers/database';
import { type TestSmtpServer, closedPort, startSmtpServer } from '../helpers/smtp';

const FROM = 'Sở TT&TT Gia Lai <gopy@stttt.example.vn>';
const SUBJECT = 'Công văn số 532/STTTT-BCVT: V/v tham gia góp ý Dự thảo văn bản tăng cường quản lý dịch vụ Internet';

const message = (n = 1): NewOutboxMessage => ({
  template: 'invitation',
  to: `van-thu${n}@pleiku.example.vn`,
  subject: SUBJECT,
  text: `Kính gửi: Ủy ban nhân dân thành phố Pleiku (${n})`,
  html: `<p>Kính gửi: <strong>Ủy ban nhân dân thành phố Pleiku</strong> (${n})</p>`,
});

describe('mail delivery over SMTP', () => {
  let database: TestDatabase;
  let smtp: TestSmtpServer | undefined;
  const silent = () => undefined;

  beforeEach(async () => {
    database = await openTestDatabase();
  });
  afterEach(async () => {
    await smtp?.close();
    smtp = undefined;
    await database.close();
  });

  function mailTo(url: string, clock = fixedClock(TEST_NOW)) {
    const config = loadConfig({ SMTP_URL: url, MAIL_FROM: FROM, DATA_DIR: database.dir });
    return { clock, ...createMail(config, database.db, clock, silent) };
  }

  it('when a pending message is due, then the server receives it intact and the row is sent at the clock time', async () => {
    smtp = await startSmtpServer();
    const mail = mailTo(smtp.url);
    const id = await mail.outbox.enqueue({ ...message(), cc: 'lanh-dao@pleiku.example.vn' });
    mail.clock.advance(30_000);

    expect(await mail.delivery.deliverDue()).toEqual({ sent: 1, failed: 0, retried: 0 });

    expect(smtp.received).toHaveLength(1);
    const got = smtp.received[0];
    expect(got.subject).toBe(SUBJECT);
    expect(got.from?.value).toEqual([{ name: 'Sở TT&TT Gia Lai', address: 'gopy@stttt.example.vn' }]);
    expect(got.to && !Array.isArray(got.to) ? got.to.value.map((a) => a.address) : []).toEqual(['van-thu1@pleiku.example.vn']);
    expect(got.cc && !Array.isArray(got.cc) ? got.cc.value.map((a) => a.address) : []).toEqual(['lanh-dao@pleiku.example.vn']);
    expect(got.text?.trim()).toBe('Kính gửi: Ủy ban nhân dân thành phố Pleiku (1)');
    expect(got.html).toContain('<strong>Ủy ban nhân dân thành phố Pleiku</strong>');
    const row = await mail.outbox.find(id);
    expect(row).toMatchObject({ state: 'sent', attempts: 1, sent_at: new Date(Date.parse(TEST_NOW) + 30_000).toISOString(), last_error: null });
    expect(await mail.delivery.deliverDue()).toEqual({ sent: 0, failed: 0, retried: 0 });
    expect(smtp.received).toHaveLength(1);
  });

  it('when the server is down, then the row waits with the error and the first backoff, and goes out once the server is back', async () => {
    const port = await closedPort();
    const mail = mailTo(`smtp://127.0.0.1:${port}`);
    const id = await mail.outbox.enqueue(message());

    expect(await mail.delivery.deliverDue()).toEqual({ sent: 0, failed: 0, retried: 1 });
    const waiting = await mail.outbox.find(id);
    expect(waiting).toMatchObject({ state: 'pending', attempts: 1, sent_at: null });
    expect(waiting?.last_error).toMatch(/ECONNREFUSED|connect/iu);
    expect(waiting?.next_attempt_at).toBe(new Date(Date.parse(TEST_NOW) + BACKOFF_MS[0]).toISOString());

    smtp = await startSmtpServer({ port });
    mail.clock.advance(BACKOFF_MS[0] - 1);
    expect(await mail.delivery.deliverDue()).toEqual({ sent: 0, failed: 0, retried: 0 });
    mail.clock.advance(1);
    expect(await mail.delivery.deliverDue()).toEqual({ sent: 1, failed: 0, retried: 0 });
    expect(smtp.received.map((m) => m.subject)).toEqual([SUBJECT]);
    expect(await mail.outbox.find(id)).toMatchObject({ state: 'sent', attempts: 2 });
  });

  it('when every attempt fails, then it is given up after the last one and an officer can send it again', async () => {
    const port = await closedPort();
    const mail = mailTo(`smtp://127.0.0.1:${port}`);
    const id = await mail.outbox.enqueue(message());
    const start = mail.clock.now().getTime();

    for (let attempt = 1; attempt < MAX_ATTEMPTS; attempt += 1) {
      expect(await mail.delivery.deliverDue()).toEqual({ sent: 0, failed: 0, retried: 1 });
      const row = await mail.outbox.find(id);
      expect(row).toMatchObject({ state: 'pending', attempts: attempt });
      mail.clock.set(row!.next_attempt_at);
    }
    expect(await mail.delivery.deliverDue()).toEqual({ sent: 0, failed: 1, retried: 0 });
    expect(await mail.outbox.find(id)).toMatchObject({ state: 'failed', attempts: MAX_ATTEMPTS });
    const hours = (mail.clock.now().getTime() - start) / 3_600_000;
    expect(hours).toBeGreaterThan(36);
    expect(hours).toBeLessThan(60);

    mail.clock.advance(24 * 3_600_000);
    expect(await mail.delivery.deliverDue()).toEqual({ sent: 0, failed: 0, retried: 0 });

    smtp = await startSmtpServer({ port });
    expect(await mail.outbox.retryNow(id)).toBe(true);
    expect(await mail.outbox.retryNow(id)).toBe(false);
    expect(await mail.delivery.deliverDue()).toEqual({ sent: 1, failed: 0, retried: 0 });
    expect(smtp.received).toHaveLength(1);
  });

  it.each(['rcpt', 'data'] as const)('when the server refuses at %s with 550, then the refusal is recorded and retried with backoff', async (stage) => {
    smtp = await startSmtpServer({ refuse: { stage, code: 550, message: 'Mailbox unavailable' } });
    const mail = mailTo(smtp.url);
    const id = await mail.outbox.enqueue(message());

    expect(await mail.delivery.deliverDue()).toEqual({ sent: 0, failed: 0, retried: 1 });
    const row = await mail.outbox.find(id);
    expect(row).toMatchObject({ state: 'pending', attempts: 1 });
    expect(row?.last_error).toContain('550');
    expect(row?.next_attempt_at).toBe(new Date(Date.parse(TEST_NOW) + BACKOFF_MS[0]).toISOString());

    mail.clock.advance(BACKOFF_MS[0]);
    expect(await mail.delivery.deliverDue()).toEqual({ sent: 0, failed: 0, retried: 1 });
    expect((await mail.outbox.find(id))?.next_attempt_at).toBe(new Date(Date.parse(TEST_NOW) + BACKOFF_MS[0] + BACKOFF_MS[1]).toISOString());
    expect(smtp.received).toHaveLength(0);
  });

  it('when two runs are asked for at once, then each message is sent exactly once', async () => {
    smtp = await startSmtpServer();
    const mail = mailTo(smtp.url);
    for (let n = 1; n <= 5; n += 1) await mail.outbox.enqueue(message(n));

    const results = await Promise.all([mail.delivery.deliverDue(), mail.delivery.deliverDue(), mail.delivery.deliverDue()]);

    expect(results.reduce((sum, r) => sum + r.sent, 0)).toBe(5);
    expect(smtp.received.map((m) => m.text?.trim()).sort()).toEqual([1, 2, 3, 4, 5].map((n) => `Kính gửi: Ủy ban nhân dân thành phố Pleiku (${n})`));
  });

  it('when two deliverers share the outbox (two app instances), then the claim lets only one send each message', async () => {
    smtp = await startSmtpServer();
    const clock = fixedClock(TEST_NOW);
    const config = loadConfig({ SMTP_URL: smtp.url, MAIL_FROM: FROM });
    const outbox = createOutboxRepository(database.db, clock);
    for (let n = 1; n <= 4; n += 1) await outbox.enqueue(message(n));
    const deliverers = [1, 2].map(() => createOutboxDelivery({ outbox, transport: createTransport(config), clock, log: silent }));

    const results = await Promise.all(deliverers.map((d) => d.deliverDue()));

    expect(results[0].sent + results[1].sent).toBe(4);
    expect(smtp.received).toHaveLength(4);
  });
});

describe('the outbox', () => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await openTestDatabase();
  });
  afterEach(async () => database.close());

  it('when the enqueuing unit of work rolls back, then no message is left; when it commits, the message is pending', async () => {
    const uow = createUow(database.db, fixedClock(TEST_NOW), database.plans);
    const outbox = createOutboxRepository(database.db, fixedClock(TEST_NOW));
    await expect(
      uow.write(async (r) => {
        await r.outbox.enqueue(message(1));
        throw new Error('the publish failed');
      }),
    ).rejects.toThrow('the publish failed');
    expect(await outbox.listRecent(10)).toEqual([]);

    await uow.write((r) => r.outbox.enqueue(message(2)));
    expect(await outbox.listRecent(10)).toEqual([
      expect.objectContaining({ state: 'pending', attempts: 0, to_address: 'van-thu2@pleiku.example.vn', created_at: TEST_NOW, next_attempt_at: TEST_NOW }),
    ]);
  });

  it('when messages belong to a consultation, then they list under it in order, and recent ones list newest first', async () => {
    const outbox = createOutboxRepository(database.db, fixedClock(TEST_NOW));
    const office = await database.db.insertInto('offices').values({ name: 'Sở Thông tin và Truyền thông tỉnh Gia Lai' }).returning('id').executeTakeFirstOrThrow();
    const consultation = await database.db
      .insertInto('consultations')
      .values({ office_id: office.id, number: '532/STTTT-BCVT', letter_date: '2020-04-21', subject: 'tham gia góp ý', deadline_at: '2020-04-26T17:00:00.000Z', deadline_rule: 'before_date' })
      .returning('id')
      .executeTakeFirstOrThrow();
    const first = await outbox.enqueue({ ...message(1), consultationId: consultation.id });
    const other = await outbox.enqueue(message(2));
    const second = await outbox.enqueue({ ...message(3), consultationId: consultation.id, template: 'reminder' });

    expect((await outbox.listForConsultation(consultation.id)).map((r) => [r.id, r.template])).toEqual([[first, 'invitation'], [second, 'reminder']]);
    expect((await outbox.listRecent(2)).map((r) => r.id)).toEqual([second, other]);
  });
});

describe('the delivery loop', () => {
  let database: TestDatabase;
  beforeEach(async () => {
    database = await openTestDatabase();
  });
  afterEach(async () => database.close());

  /** A transport that holds each send until the test lets it go. */
  function gatedTransport() {
    const sent: OutgoingMail[] = [];
    const inFlight = { now: 0, max: 0 };
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const transport: MailTransport = {
      async send(m) {
        inFlight.now += 1;
        inFlight.max = Math.max(inFlight.max, inFlight.now);
        await gate;
        inFlight.now -= 1;
        sent.push(m);
        return { messageId: `<${m.id}@test>` };
      },
    };
    return {
      transport,
      sent,
      inFlight,
      open: () => release(),
    };
  }

  const tick = () => new Promise((resolve) => setImmediate(resolve));
  /** Until the run is inside a send: on PostgreSQL its queries before that take more than one tick. */
  const untilSending = async (gated: ReturnType<typeof gatedTransport>) => {
    while (gated.inFlight.now === 0) await tick();
  };

  it('when delivery is asked for during a run, then it waits for that run, never sends in parallel, and the follow-up run sends what was enqueued meanwhile', async () => {
    const clock = fixedClock(TEST_NOW);
    const outbox = createOutboxRepository(database.db, clock);
    const gated = gatedTransport();
    const delivery = createOutboxDelivery({ outbox, transport: gated.transport, clock, log: () => undefined });
    await outbox.enqueue(message(1));

    const first = delivery.deliverDue();
    await tick();
    await outbox.enqueue(message(2));
    const second = delivery.deliverDue();
    await tick();
    expect(gated.inFlight.max).toBe(1);
    gated.open();

    expect(await first).toEqual({ sent: 1, failed: 0, retried: 0 });
    expect(await second).toEqual({ sent: 1, failed: 0, retried: 0 });
    expect(gated.sent.map((m) => m.to)).toEqual(['van-thu1@pleiku.example.vn', 'van-thu2@pleiku.example.vn']);
    expect(gated.inFlight.max).toBe(1);
  });

  it('when stopped during a send, then stop waits for that send to be recorded', async () => {
    const clock = fixedClock(TEST_NOW);
    const outbox = createOutboxRepository(database.db, clock);
    const gated = gatedTransport();
    const delivery = createOutboxDelivery({ outbox, transport: gated.transport, clock, log: () => undefined });
    const id = await outbox.enqueue(message(1));

    delivery.start(60_000);
    await untilSending(gated);
    let stopped = false;
    const stopping = delivery.stop().then(() => (stopped = true));
    await tick();
    expect(stopped).toBe(false);
    gated.open();
    await stopping;
    expect(await outbox.find(id)).toMatchObject({ state: 'sent' });

    await outbox.enqueue(message(2));
    await delivery.deliverNow();
    expect(gated.sent).toHaveLength(1);
  });

  it('when stopped during a run with more mail due, then stop waits for the send in flight only, and the rest stays due for a later run', async () => {
    const clock = fixedClock(TEST_NOW);
    const outbox = createOutboxRepository(database.db, clock);
    const gated = gatedTransport();
    const delivery = createOutboxDelivery({ outbox, transport: gated.transport, clock, log: () => undefined });
    const ids = [await outbox.enqueue(message(1)), await outbox.enqueue(message(2)), await outbox.enqueue(message(3))];

    const run = delivery.deliverDue();
    const followUp = delivery.deliverDue();
    await untilSending(gated);
    expect(gated.inFlight.now).toBe(1);
    const stopping = delivery.stop();
    gated.open();
    await stopping;
    expect(await run).toEqual({ sent: 1, failed: 0, retried: 0 });
    expect(await followUp).toEqual({ sent: 0, failed: 0, retried: 0 });
    expect((await Promise.all(ids.map((id) => outbox.find(id)))).map((m) => m?.state)).toEqual(['sent', 'pending', 'pending']);
    // The two the stopped run had claimed but not reached are handed back, due now.
    const rest = await Promise.all(ids.slice(1).map((id) => outbox.find(id)));
    expect(rest.map((m) => m!.next_attempt_at <= clock.now().toISOString())).toEqual([true, true]);

    // Asked for after the stop (a shutdown's last flush, a test's), a run delivers in full.
    expect(await delivery.deliverDue()).toEqual({ sent: 2, failed: 0, retried: 0 });
    expect(gated.sent.map((m) => m.id)).toEqual(ids);
  });
});
