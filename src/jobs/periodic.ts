/**
 * Work run on a timer by the server: never two runs at once, a failure logged and tried again at the
 * next tick, and `stop` waiting for the run in progress. What is due is decided by the work itself
 * from the database and the clock, so a missed tick or a restart only delays it.
 */
export function createPeriodicJob(name: string, work: () => Promise<string | null>, log: (message: string) => void) {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;

  const runOnce = (): Promise<void> => {
    running ??= work()
      .then((done) => {
        if (done) log(done);
      })
      .catch((err: unknown) => log(`${name} failed: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => {
        running = null;
      });
    return running;
  };

  return {
    runOnce,
    /** Runs every `intervalMs` (and once now, with `runNow`); the timer does not keep the process alive. */
    start(intervalMs: number, options: { runNow?: boolean } = {}): void {
      if (timer) return;
      if (options.runNow) void runOnce();
      timer = setInterval(() => void runOnce(), intervalMs);
      timer.unref();
    },
    async stop(): Promise<void> {
      if (timer) clearInterval(timer);
      timer = null;
      await running;
    },
  };
}

export type PeriodicJob = ReturnType<typeof createPeriodicJob>;
