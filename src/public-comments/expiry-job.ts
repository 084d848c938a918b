/**
 * Drops public comments whose confirmation link ran out, on a timer. Expiry is decided from each
 * row's own `expires_at` (a refused confirmation already says so), so a missed tick only delays the cleaning.
 */
export function createExpiryJob(purge: () => Promise<number>, log: (message: string) => void) {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;
  const runOnce = (): Promise<void> => {
    running ??= purge()
      .then((n) => {
        if (n) log(`Dropped ${n} public comment(s) never confirmed`);
      })
      .catch((err: unknown) => log(`Dropping unconfirmed public comments failed: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => {
        running = null;
      });
    return running;
  };
  return {
    runOnce,
    start(intervalMs: number): void {
      if (timer) return;
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
