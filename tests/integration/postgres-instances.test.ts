import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type ServerProcess, demoTokens, startServerProcess } from '../helpers/server-process';
import { type TestSchema, createTestSchema, onPostgres } from '../helpers/test-engine';

/**
 * Two portal processes (the built server, `npm run build`, which npm test runs first) on one
 * PostgreSQL database and one data and files folder, as a deployment behind a load balancer runs
 * them. SQLite is one process's database (README, "Data"), so this runs with TEST_DB=postgres only;
 * the same agencies' submissions on SQLite are in receipt-numbers.test.ts.
 */
const bearer = (token: string) => ({ Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' });

if (onPostgres) {
  jest.setTimeout(120_000);

  describe('two portal processes on one PostgreSQL database', () => {
    let schema: TestSchema;
    let dataDir: string;
    const servers: ServerProcess[] = [];

    beforeEach(async () => {
      schema = await createTestSchema();
      dataDir = mkdtempSync(path.join(tmpdir(), 'gopy-instances-'));
    });
    afterEach(async () => {
      for (const server of servers.splice(0)) {
        if (server.child.exitCode === null && server.child.signalCode === null) {
          server.child.kill('SIGTERM');
          await server.exited;
        }
      }
      await schema.drop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('when agencies submit through both at once then receipts run 1 to 20 without gap or repeat, and each serves the files the other stored', async () => {
      const env = { DATABASE_URL: schema.url, DB_POOL_SIZE: '4', FILES_DIR: path.join(dataDir, 'shared-files') };
      // The first migrates and loads the demo; the second finds both done.
      servers.push(await startServerProcess(dataDir, env));
      servers.push(await startServerProcess(dataDir, env));
      const [a, b] = servers as [ServerProcess, ServerProcess];
      const tokens = (await demoTokens(dataDir)).slice(0, 20);
      const invitation = (await (await fetch(`${a.base}/api/v1/invitation`, { headers: bearer(tokens[0]!) })).json()) as { clauses: { id: number }[] };
      const clauseId = invitation.clauses[0]!.id;

      const receipts = await Promise.all(
        tokens.map(async (token, i) => {
          const base = (i % 2 === 0 ? a : b).base;
          const put = await fetch(`${base}/api/v1/invitation/submission`, { method: 'PUT', headers: bearer(token), body: JSON.stringify({ comments: [{ clauseId, text: `Ý kiến ${i}.` }] }) });
          expect(put.status).toBe(200);
          const submit = await fetch(`${base}/api/v1/invitation/submission/submit`, { method: 'POST', headers: bearer(token) });
          expect(submit.status).toBe(201);
          return ((await submit.json()) as { receiptNumber: string }).receiptNumber;
        }),
      );
      expect(receipts.map((r) => Number(r.slice(-6))).sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));

      const page = await (await fetch(`${a.base}/`)).text();
      const id = /href="\/consultations\/(\d+)"/u.exec(page)![1];
      const detail = await (await fetch(`${b.base}/consultations/${id}`)).text();
      const href = /href="(\/attachments\/\d+\/[^"]+)"/u.exec(detail)![1]!;
      for (const server of [a, b]) expect(await (await fetch(`${server.base}${href}`)).text()).toContain('532 /STTTT-BCVT');
    });
  });
} else {
  it('runs with TEST_DB=postgres only (one SQLite database serves one process)', () => {
    expect(onPostgres).toBe(false);
  });
}
