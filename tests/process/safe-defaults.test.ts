import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { type ServerProcess, runGopy, startServerProcess } from '../helpers/server-process';

jest.setTimeout(120_000);

describe('the built portal and gopy command, as an operator runs them', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'gopy-defaults-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('when the server starts without NODE_ENV then it runs in production mode', async () => {
    let server: ServerProcess | null = null;
    try {
      server = await startServerProcess(dataDir, { NODE_ENV: '', DEMO: 'false' });
      expect(server.output()).toContain('production mode');
      const css = await fetch(`${server.base}/assets/gopy.css`);
      expect(css.headers.get('cache-control')).toBe('public, max-age=604800');
    } finally {
      server?.child.kill('SIGTERM');
      await server?.exited;
    }
  });

  it('when gopy parse writes more than 64 KiB into a pipe then the reader gets the whole JSON', async () => {
    const articles = Array.from({ length: 1500 }, (_, i) => `Điều ${i + 1}. Quy định số ${i + 1}\nCơ quan, tổ chức, cá nhân có liên quan thực hiện quy định này theo đúng thẩm quyền được giao.`);
    const file = path.join(dataDir, 'du-thao-dai.txt');
    writeFileSync(file, `DỰ THẢO\n${articles.join('\n')}\n`);

    const res = await runGopy(['parse', file], dataDir);

    expect(res.code).toBe(0);
    expect(Buffer.byteLength(res.stdout)).toBeGreaterThan(256 * 1024);
    const parsed = JSON.parse(res.stdout) as { clauses: { label: string }[] };
    expect(parsed.clauses).toHaveLength(1500);
    expect(parsed.clauses.at(-1)?.label).toBe('Điều 1500.');
  });
});
