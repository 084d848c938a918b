import { type RunWorkerOptions, runWorker } from './run-worker';

/** Runs workers at most `size` at a time; the others wait their turn in arrival order. */
export interface WorkerPool {
  run<T>(file: string, data: unknown, options: RunWorkerOptions): Promise<T>;
  /** Workers running now, and jobs waiting for one. */
  readonly running: number;
  readonly waiting: number;
}

export function createWorkerPool(size: number): WorkerPool {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`a worker pool needs at least one worker, not ${size}`);
  let running = 0;
  const queue: (() => void)[] = [];

  const acquire = (): Promise<void> => {
    if (running < size) {
      running++;
      return Promise.resolve();
    }
    return new Promise((resolve) => queue.push(resolve));
  };
  // A finished job hands its place straight to the next in line, so `running` never passes `size`.
  const release = (): void => {
    const next = queue.shift();
    if (next) next();
    else running--;
  };

  return {
    async run<T>(file: string, data: unknown, options: RunWorkerOptions): Promise<T> {
      await acquire();
      try {
        // The time allowed counts from the worker's start, not from the wait in the queue.
        return await runWorker<T>(file, data, options);
      } finally {
        release();
      }
    },
    get running() {
      return running;
    },
    get waiting() {
      return queue.length;
    },
  };
}
