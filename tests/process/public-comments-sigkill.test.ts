import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { type ServerProcess, startServerProcess } from '../helpers/server-process';

jest.setTimeout(60_000);

// Each sender is a citizen of their own address (as a proxy in front says, TRUST_PROXY=1) and e-mail:
// one address may have only a few comments waiting at once, and the hourly limits are raised for the burst.
const LIMITS = { TRUST_PROXY: '1', PUBLIC_COMMENTS_PER_ADDRESS_HOUR: '1000000', PUBLIC_COMMENTS_PER_EMAIL_HOUR: '1000000', PUBLIC_COMMENTS_PER_EMAIL_CONSULTATION: '1000000' };
const WORKERS = 32;
const ACKED_BEFORE_KILL = 150;

function readDatabase<T>(dataDir: string, read: (db: BetterSqlite3.Database) => T): T {
  const db = new BetterSqlite3(path.join(dataDir, 'gopy.sqlite'), { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/** One citizen after another sending a comment, each with a text of its own, until told to stop or the server dies. */
async function commentLoop(url: string, worker: number, acked: string[], state: { stop: boolean; cut: number; n: number; other: number[] }) {
  while (!state.stop) {
    state.n += 1;
    const n = state.n;
    const text = `Góp ý số ${n} (người gửi ${worker}): đề nghị làm rõ trách nhiệm kiểm tra các điểm truy nhập Internet công cộng.`;
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'X-Forwarded-For': `198.51.100.${(n % 250) + 1}` },
        body: JSON.stringify({ name: 'Nguyễn Văn An', email: `nguoi-dan-${n}@example.org`, text }),
      });
      await res.arrayBuffer();
      if (res.status === 202) acked.push(text);
      else state.other.push(res.status);
    } catch {
      state.cut += 1; // the connection died with the server
      return;
    }
  }
}

describe('public comments in a process killed mid-burst', () => {
  let dataDir: string;
  let server: ServerProcess | null = null;

  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'gopy-public-kill-'));
  });
  afterEach(async () => {
    if (server && server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    server = null;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('when SIGKILL comes in the middle of a burst of public comments, then after a restart every comment answered 202 is in the database', async () => {
    server = await startServerProcess(dataDir, LIMITS);
    const consultationId = readDatabase(dataDir, (db) => (db.prepare("select id from consultations where public_comments <> 'off' order by id limit 1").get() as { id: number }).id);
    const url = `${server.base}/api/v1/consultations/${consultationId}/public-comments`;
    const acked: string[] = [];
    const state = { stop: false, cut: 0, n: 0, other: [] as number[] };
    const loops = Array.from({ length: WORKERS }, (_, w) => commentLoop(url, w, acked, state));

    while (acked.length < ACKED_BEFORE_KILL && state.cut === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    server.child.kill('SIGKILL');
    expect(await server.exited).toEqual({ code: null, signal: 'SIGKILL' });
    state.stop = true;
    await Promise.all(loops);
    const ackedBeforeKill = [...acked];
    // The kill came with requests in flight, not after the burst.
    expect(state.cut).toBeGreaterThan(0);
    expect(state.other).toEqual([]);

    server = await startServerProcess(dataDir, LIMITS);
    const stored = new Set(readDatabase(dataDir, (db) => db.prepare('select text from public_comments where consultation_id = ?').pluck().all(consultationId) as string[]));
    expect(ackedBeforeKill.filter((text) => !stored.has(text))).toEqual([]);
    expect(ackedBeforeKill.length).toBeGreaterThanOrEqual(ACKED_BEFORE_KILL);
    // Each acknowledged comment is there once, with the confirmation it waits for.
    const rows = readDatabase(dataDir, (db) => db.prepare("select count(*) as n from public_comments where state = 'unconfirmed' and confirm_token_hash is not null").get() as { n: number });
    expect(rows.n).toBe(stored.size);
    // The restarted portal takes comments again.
    const again = await fetch(`${server.base}/api/v1/consultations/${consultationId}/public-comments`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'Trần Thị Bình', email: 'sau-khi-khoi-dong@example.org', text: 'Góp ý sau khi máy chủ khởi động lại.' }) });
    expect(again.status).toBe(202);
  });
});
