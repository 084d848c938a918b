import { mkdtempSync, rmSync } from 'node:fs';
import http from 'node:http';
import { tmpdir } from 'node:os';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { type ServerProcess, demoTokens, runGopy, startServerProcess } from '../helpers/server-process';

jest.setTimeout(120_000);

interface Acked {
  token: string;
  receipt: string;
  text: string;
}

const bearer = (token: string) => ({ Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' });

async function clauseIdsOf(base: string, token: string): Promise<number[]> {
  const res = await fetch(`${base}/api/v1/invitation`, { headers: bearer(token) });
  const body = (await res.json()) as { clauses: { id: number }[] };
  return body.clauses.map((c) => c.id);
}

/** One agency saving a comment and submitting it, over and over, until told to stop. */
async function submitLoop(base: string, token: string, clauseId: number, acked: Acked[], state: { stop: boolean; cut: number; n: number }) {
  while (!state.stop) {
    state.n += 1;
    const text = `Ý kiến số ${state.n} — ${token.slice(0, 6)}`;
    try {
      const put = await fetch(`${base}/api/v1/invitation/submission`, { method: 'PUT', headers: bearer(token), body: JSON.stringify({ comments: [{ clauseId, text }] }) });
      await put.arrayBuffer();
      if (!put.ok) continue;
      const submit = await fetch(`${base}/api/v1/invitation/submission/submit`, { method: 'POST', headers: bearer(token) });
      const body = (await submit.json()) as { receiptNumber?: string };
      if (submit.status === 201 && body.receiptNumber) acked.push({ token, receipt: body.receiptNumber, text });
    } catch {
      state.cut += 1; // the connection died with the server
      return;
    }
  }
}

async function submissionsOf(base: string, token: string) {
  const res = await fetch(`${base}/api/v1/invitation`, { headers: bearer(token) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { submissions: { receiptNumber: string; comments: { text: string }[] }[] }).submissions;
}

describe('the portal as a process', () => {
  let dataDir: string;
  let server: ServerProcess | null = null;

  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'gopy-process-'));
  });
  afterEach(async () => {
    if (server && server.child.exitCode === null && server.child.signalCode === null) {
      server.child.kill('SIGKILL');
      await server.exited;
    }
    server = null;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('when killed with SIGKILL in the middle of a stream of submissions, then after a restart every submission that got a 2xx is there', async () => {
    server = await startServerProcess(dataDir);
    const tokens = (await demoTokens(dataDir)).slice(0, 8);
    const clauses = await clauseIdsOf(server.base, tokens[0]!);
    const acked: Acked[] = [];
    const state = { stop: false, cut: 0, n: 0 };
    const loops = tokens.map((token, i) => submitLoop(server!.base, token, clauses[i % clauses.length]!, acked, state));

    while (acked.length < 40) await new Promise((resolve) => setTimeout(resolve, 20));
    server.child.kill('SIGKILL');
    expect(await server.exited).toEqual({ code: null, signal: 'SIGKILL' });
    state.stop = true;
    await Promise.all(loops);
    const ackedBeforeKill = [...acked];

    server = await startServerProcess(dataDir);
    for (const token of tokens) {
      const kept = await submissionsOf(server.base, token);
      for (const a of ackedBeforeKill.filter((x) => x.token === token)) {
        const found = kept.find((s) => s.receiptNumber === a.receipt);
        expect(found?.comments.map((c) => c.text)).toEqual([a.text]);
      }
    }
    expect(ackedBeforeKill.length).toBeGreaterThanOrEqual(40);
  });

  it('when sent SIGTERM, then it refuses new connections, finishes the request in flight, and exits cleanly', async () => {
    server = await startServerProcess(dataDir);
    const [token] = await demoTokens(dataDir);
    const [clauseId] = await clauseIdsOf(server.base, token!);
    const url = new URL(`${server.base}/api/v1/invitation/submission`);
    const body = Buffer.from(JSON.stringify({ comments: [{ clauseId, text: 'Gửi trong lúc máy chủ đang tắt.' }] }));

    // A save whose body is still arriving when the signal comes.
    const answered = new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = http.request(url, { method: 'PUT', headers: { ...bearer(token!), 'Content-Length': body.length } }, (res) => {
        let text = '';
        res.on('data', (d: Buffer) => (text += d.toString()));
        res.on('end', () => resolve({ status: res.statusCode!, text }));
      });
      req.on('error', reject);
      req.write(body.subarray(0, 20));
      setTimeout(() => {
        server!.child.kill('SIGTERM');
        setTimeout(() => req.end(body.subarray(20)), 1500);
      }, 300);
    });

    // Once the server says it is stopping (the save still open), it takes no new connection.
    while (!server.output().includes('SIGTERM:')) await new Promise((resolve) => setTimeout(resolve, 20));
    await expect(fetch(`${server.base}/healthz`)).rejects.toThrow();
    const response = await answered;
    expect(response.status).toBe(200);
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(server.output()).toMatch(/SIGTERM: no new connections; finishing 1 request/u);

    const db = new BetterSqlite3(path.join(dataDir, 'gopy.sqlite'), { readonly: true });
    try {
      const saved = db.prepare('select text from comments where text = ?').get('Gửi trong lúc máy chủ đang tắt.');
      expect(saved).toBeDefined();
    } finally {
      db.close();
    }
  });

  it('when `gopy backup` runs while agencies submit, then restoring that file gives a portal with everything submitted before it', async () => {
    server = await startServerProcess(dataDir);
    const tokens = (await demoTokens(dataDir)).slice(0, 4);
    const clauses = await clauseIdsOf(server.base, tokens[0]!);
    const acked: Acked[] = [];
    const state = { stop: false, cut: 0, n: 0 };
    const loops = tokens.map((token, i) => submitLoop(server!.base, token, clauses[i]!, acked, state));
    while (acked.length < 10) await new Promise((resolve) => setTimeout(resolve, 20));

    const ackedBeforeBackup = [...acked];
    const file = path.join(dataDir, '..', `${path.basename(dataDir)}-backup.sqlite`);
    const backup = await runGopy(['backup', file], dataDir);
    expect(backup).toMatchObject({ code: 0 });
    expect(backup.stdout).toMatch(/Backed up/u);

    // The portal runs on: restoring over it is refused.
    const refused = await runGopy(['restore', file], dataDir);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/the portal is running .* stop it first/u);

    state.stop = true;
    await Promise.all(loops);
    const ackedTotal = acked.length;
    server.child.kill('SIGTERM');
    expect((await server.exited).code).toBe(0);

    const notGopy = path.join(dataDir, 'not-a-backup.sqlite');
    new BetterSqlite3(notGopy).close();
    expect(await runGopy(['restore', notGopy], dataDir)).toMatchObject({ code: 1, stderr: expect.stringMatching(/not a Gopy database/u) });

    const restored = await runGopy(['restore', file], dataDir);
    expect(restored.code).toBe(0);
    expect(restored.stdout).toMatch(/The database it replaced is kept as .*before-restore/u);

    server = await startServerProcess(dataDir);
    let found = 0;
    for (const token of tokens) {
      const kept = await submissionsOf(server.base, token);
      for (const a of ackedBeforeBackup.filter((x) => x.token === token)) {
        expect(kept.find((s) => s.receiptNumber === a.receipt)?.comments.map((c) => c.text)).toEqual([a.text]);
        found += 1;
      }
    }
    expect(found).toBe(ackedBeforeBackup.length);

    // The database the restore replaced is kept, with every submission, including those after the backup.
    const keptAs = /kept as (\S+)\.$/mu.exec(restored.stdout)![1]!;
    const before = new BetterSqlite3(keptAs, { readonly: true });
    try {
      const receipts = before.prepare('select receipt_number from submissions where receipt_number is not null').pluck().all() as string[];
      expect(receipts).toEqual(expect.arrayContaining(acked.map((a) => a.receipt)));
      expect(receipts.length).toBeGreaterThanOrEqual(ackedTotal);
    } finally {
      before.close();
    }
    rmSync(file, { force: true });
  });
});
