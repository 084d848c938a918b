import { DomainError, TryLater } from '../errors';
import type { Repositories, Uow } from '../repositories';

/** A piece of work for the next group commit. It refuses (throws a DomainError) before it writes, never after. */
export type Job<T> = (repositories: Repositories) => Promise<T>;

interface Waiting {
  job: Job<unknown>;
  resolve: (value: unknown) => void;
  reject: (err: unknown) => void;
}

const DEFAULT_MAX_BATCH = 1000;

/**
 * Group commit: the jobs that arrive while one transaction runs wait for the next, which takes them
 * all, so a burst costs one durable commit (one fsync) per batch instead of one per request. Each
 * job's caller hears back only once its batch is on disk. A job's own refusal goes to its caller
 * alone; any other failure rolls back the batch and every caller in it hears of it, so nobody is
 * told "saved" for what was not. Past `maxQueue` waiting jobs, new ones are refused at once.
 */
export function createGroupCommit(uow: Uow, options: { maxQueue: number; maxBatch?: number; retryAfterSeconds?: number }) {
  const maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
  let queue: Waiting[] = [];
  let running: Promise<void> | null = null;
  let scheduled = false;

  async function commit(batch: Waiting[]): Promise<void> {
    const outcomes: ({ ok: true; value: unknown } | { ok: false; err: DomainError })[] = [];
    try {
      await uow.write(async (r) => {
        outcomes.length = 0;
        for (const w of batch) {
          try {
            outcomes.push({ ok: true, value: await w.job(r) });
          } catch (err) {
            if (!(err instanceof DomainError)) throw err;
            outcomes.push({ ok: false, err });
          }
        }
      }, { durable: true });
    } catch (err) {
      for (const w of batch) w.reject(err);
      return;
    }
    batch.forEach((w, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) w.resolve(outcome.value);
      else w.reject(outcome.err);
    });
  }

  function next(): void {
    scheduled = false;
    if (running || queue.length === 0) return;
    const batch = queue.length <= maxBatch ? queue : queue.slice(0, maxBatch);
    queue = queue.length <= maxBatch ? [] : queue.slice(maxBatch);
    running = commit(batch).finally(() => {
      running = null;
      schedule();
    });
  }

  // The next batch starts after the requests already read in this turn of the event loop have queued.
  function schedule(): void {
    if (scheduled || queue.length === 0) return;
    scheduled = true;
    setImmediate(next);
  }

  return {
    run<T>(job: Job<T>): Promise<T> {
      if (queue.length >= options.maxQueue) {
        return Promise.reject(new TryLater({ _form: { key: 'public.busy' } }, options.retryAfterSeconds ?? 5, 'capacity'));
      }
      return new Promise<T>((resolve, reject) => {
        queue.push({ job, resolve: resolve as (value: unknown) => void, reject });
        if (!running) schedule();
      });
    },

    /** Jobs waiting for a transaction. */
    waiting: (): number => queue.length,

    /** Resolves once every job queued so far is committed (or refused): for a clean shutdown. */
    async drain(): Promise<void> {
      while (running || queue.length > 0) {
        if (running) await running;
        else await new Promise((resolve) => setImmediate(resolve));
      }
    },
  };
}

export type GroupCommit = ReturnType<typeof createGroupCommit>;
