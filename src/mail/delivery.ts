import type { Clock } from '../clock';
import type { OutboxRepository, OutboxRow } from './outbox-repository';
import type { MailTransport } from './transport';

const MINUTE = 60 * 1000;
const HOUR = 60 * MINUTE;

/** Wait after the n-th failed attempt (the last entry repeats): about two days in all before giving up. */
export const BACKOFF_MS = [1 * MINUTE, 5 * MINUTE, 15 * MINUTE, 1 * HOUR, 3 * HOUR, 6 * HOUR, 12 * HOUR];
export const MAX_ATTEMPTS = 10;
/** Longer than any one send can take with the transport's timeouts. */
const CLAIM_LEASE_MS = 15 * MINUTE;
/** Claimed at a time: small enough that other instances share a large mailing. */
const BATCH_SIZE = 10;

/** When to try again after `attempts` failed attempts, or null to give up. */
export function nextAttemptAt(attempts: number, now: Date): Date | null {
  if (attempts >= MAX_ATTEMPTS) return null;
  const wait = BACKOFF_MS[Math.min(attempts, BACKOFF_MS.length) - 1];
  return new Date(now.getTime() + wait);
}

export interface DeliveryResult {
  sent: number;
  /** Given up for good in this run. */
  failed: number;
  /** Failed this time, another attempt scheduled. */
  retried: number;
}

export interface OutboxDeliveryDeps {
  outbox: OutboxRepository;
  transport: MailTransport;
  clock: Clock;
  log: (message: string) => void;
}

export function createOutboxDelivery({ outbox, transport, clock, log }: OutboxDeliveryDeps) {
  let running: Promise<DeliveryResult> | null = null;
  let queued: Promise<DeliveryResult> | null = null;
  let timer: NodeJS.Timeout | null = null;
  let stopped = false;
  /** How many times stop() was called: a run started before the latest call ends after its current message. */
  let stops = 0;
  let queuedGeneration = 0;

  async function deliverOne(row: OutboxRow, result: DeliveryResult): Promise<void> {
    try {
      await transport.send({
        id: row.id,
        template: row.template,
        to: row.to_address,
        cc: row.cc_address,
        subject: row.subject,
        text: row.body_text,
        html: row.body_html,
      });
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      const next = nextAttemptAt(row.attempts + 1, clock.now());
      await outbox.markAttemptFailed(row.id, error, next);
      if (next) {
        result.retried += 1;
        log(`mail ${row.id} (${row.template}) to ${row.to_address}: attempt ${row.attempts + 1} failed, next at ${next.toISOString()}: ${error}`);
      } else {
        result.failed += 1;
        log(`mail ${row.id} (${row.template}) to ${row.to_address}: given up after ${row.attempts + 1} attempts: ${error}`);
      }
      return;
    }
    await outbox.markSent(row.id, clock.now());
    result.sent += 1;
  }

  async function runOnce(generation: number): Promise<DeliveryResult> {
    const result: DeliveryResult = { sent: 0, failed: 0, retried: 0 };
    const startedAt = clock.now();
    for (;;) {
      const leaseUntil = new Date(clock.now().getTime() + CLAIM_LEASE_MS);
      const rows = await outbox.claimDue(startedAt, leaseUntil, BATCH_SIZE);
      for (const [i, row] of rows.entries()) {
        // Stopped meanwhile: the message being sent was finished and recorded; the rest of the batch is
        // handed back, due again for the next start. A shutdown does not wait for a whole backlog to go
        // out first (the demo's 26 invitations, or hundreds, each allowed the SMTP timeouts).
        if (stops !== generation) {
          await outbox.release(rows.slice(i).map((r) => r.id), leaseUntil, clock.now());
          return result;
        }
        await deliverOne(row, result);
      }
      if (rows.length < BATCH_SIZE) return result;
    }
  }

  /**
   * Sends every message due now, one at a time. A call made while a run is in progress waits for it
   * and then runs once more (a message enqueued meanwhile is not left for the next tick); callers that
   * pile up share that one follow-up run. A run asked for before stop() ends at the first message it
   * has not started when stop() is called; one asked for after it runs in full.
   */
  function deliverDue(): Promise<DeliveryResult> {
    return deliverFrom(stops);
  }

  function deliverFrom(generation: number): Promise<DeliveryResult> {
    if (!running) {
      running = runOnce(generation).finally(() => {
        running = null;
      });
      return running;
    }
    // The follow-up serves its latest caller: cut short only if every caller asked before a stop().
    queuedGeneration = generation;
    queued ??= running
      .catch(() => undefined)
      .then(() => {
        queued = null;
        return deliverFrom(queuedGeneration);
      });
    return queued;
  }

  /** Runs now without waiting for the timer, e.g. after a publish; never rejects, logs instead. */
  async function deliverNow(): Promise<void> {
    if (stopped) return;
    try {
      await deliverDue();
    } catch (err) {
      log(`mail delivery failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  function schedule(intervalMs: number): void {
    timer = setTimeout(() => {
      void deliverNow().then(() => {
        if (!stopped) schedule(intervalMs);
      });
    }, intervalMs);
    timer.unref();
  }

  return {
    deliverDue,
    deliverNow,
    /** Delivers every `intervalMs` (the first run right away) until stop(); the timer keeps no process alive. */
    start(intervalMs: number): void {
      if (timer || stopped) return;
      void deliverNow();
      schedule(intervalMs);
    },
    /**
     * Stops the timer and waits for the send in progress to be recorded, so the database can be closed
     * after it; the messages the run had not reached stay pending and due, for the next start.
     */
    async stop(): Promise<void> {
      stopped = true;
      stops += 1;
      if (timer) clearTimeout(timer);
      timer = null;
      await Promise.allSettled([running, queued]);
    },
  };
}

export type OutboxDelivery = ReturnType<typeof createOutboxDelivery>;
