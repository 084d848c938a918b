/**
 * Runs the automatic reminder on a timer. Whether a reminder is due is decided from the clock and
 * the consultation's own record (auto_reminder_at), so a missed tick or a restart only delays it.
 */
export function createReminderJob(remindDue: (days: number) => Promise<number[]>, days: number, log: (message: string) => void) {
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> | null = null;

  const runOnce = (): Promise<void> => {
    running ??= remindDue(days)
      .then((ids) => {
        if (ids.length) log(`Automatic reminders sent for consultation(s) ${ids.join(', ')}`);
      })
      .catch((err: unknown) => log(`Automatic reminders failed: ${err instanceof Error ? err.message : String(err)}`))
      .finally(() => {
        running = null;
      });
    return running;
  };

  return {
    runOnce,
    start(intervalMs: number): void {
      if (timer || days <= 0) return;
      void runOnce();
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
