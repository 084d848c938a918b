import { sharedRead } from '../../src/changes/public-pages';

/** A read whose answers the test hands out one at a time: read n answers n. */
function controlledRead() {
  const pending: { resolve: (n: number) => void; reject: (e: Error) => void }[] = [];
  let started = 0;
  const read = () =>
    new Promise<number>((resolve, reject) => {
      started += 1;
      pending.push({ resolve, reject });
    });
  const settle = async (outcome: number | Error) => {
    const p = pending.shift()!;
    if (outcome instanceof Error) p.reject(outcome);
    else p.resolve(outcome);
    for (let i = 0; i < 5; i += 1) await Promise.resolve();
  };
  return { read, started: () => started, settle };
}

describe('a read shared by the callers asking at the same time (the change counter of kept public pages)', () => {
  it('when many ask while a read runs then they all share the one read that starts after it, so at most two run and each caller gets a read begun after it asked', async () => {
    const c = controlledRead();
    const shared = sharedRead(c.read);
    const first = shared();
    const waiting = Array.from({ length: 5 }, () => shared());
    expect(c.started()).toBe(1);
    await c.settle(1);
    expect(await first).toBe(1);
    expect(c.started()).toBe(2); // the next read began only once the first was over
    const late = shared(); // asked while the second runs: it gets a third
    await c.settle(2);
    expect(await Promise.all(waiting)).toEqual([2, 2, 2, 2, 2]);
    expect(c.started()).toBe(3);
    await c.settle(3);
    expect(await late).toBe(3);
    // Nothing running: the next caller starts a read of its own at once.
    const alone = shared();
    expect(c.started()).toBe(4);
    await c.settle(4);
    expect(await alone).toBe(4);
  });

  it('when a read fails then only the callers sharing it see the error, and those waiting get the next read', async () => {
    const c = controlledRead();
    const shared = sharedRead(c.read);
    const failing = shared();
    const waiting = shared();
    await c.settle(new Error('connection lost'));
    await expect(failing).rejects.toThrow('connection lost');
    await c.settle(7);
    expect(await waiting).toBe(7);
  });
});
