import { Worker } from 'node:worker_threads';

export type WorkerFailure = 'timeout' | 'crash';

/** A worker that did not answer: it ran out of time, threw, or exited without a message. */
export class WorkerFailed extends Error {
  constructor(
    readonly reason: WorkerFailure,
    message: string,
  ) {
    super(message);
  }
}

export interface RunWorkerOptions {
  timeoutMs: number;
  /** Caps the worker's heap, so a hostile file (a ZIP bomb) ends the worker, not the portal. */
  maxHeapMb?: number;
}

/**
 * Runs `file` as a worker thread with `data` as its workerData and resolves with the first
 * message it posts. The worker is always terminated afterwards; a timeout, an uncaught error
 * or an exit without a message rejects with WorkerFailed.
 */
export function runWorker<T>(file: string, data: unknown, options: RunWorkerOptions): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let settled = false;
    const worker = new Worker(file, {
      workerData: data,
      resourceLimits: options.maxHeapMb ? { maxOldGenerationSizeMb: options.maxHeapMb } : undefined,
      stdout: true, // pdfjs may warn on stdout; the portal's log is not the place for it
    });
    worker.stdout.resume();
    const settle = (fn: () => void): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      void worker.terminate();
      fn();
    };
    const timer = setTimeout(
      () => settle(() => reject(new WorkerFailed('timeout', `no answer after ${options.timeoutMs} ms`))),
      options.timeoutMs,
    );
    worker.once('message', (message: T) => settle(() => resolve(message)));
    worker.once('error', (err) => settle(() => reject(new WorkerFailed('crash', err.message))));
    worker.once('exit', (code) => settle(() => reject(new WorkerFailed('crash', `exited with code ${code} before answering`))));
  });
}
