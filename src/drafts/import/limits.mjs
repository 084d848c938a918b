// Refusals raised while a file is read in the worker, carried back as plain data: the portal's
// main thread turns them into the user's message (refusals.ts).

/** An extraction stopped at a limit; `refusal` is a Refusal of refusals.ts. */
export class LimitExceeded extends Error {
  constructor(refusal) {
    super(`limit exceeded: ${refusal.reason}`);
    this.refusal = refusal;
  }
}

/**
 * Counts the UTF-8 bytes of text as it is produced and stops the extraction once past `max`, so a
 * hostile file is refused before its text is all in memory.
 */
export function textBudget(max = Infinity) {
  let bytes = 0;
  return {
    add(text) {
      bytes += Buffer.byteLength(text, 'utf8') + 1;
      if (bytes > max + 1) throw new LimitExceeded({ reason: 'text', max });
    },
  };
}
