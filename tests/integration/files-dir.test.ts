import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { type TestApp, startTestApp } from '../helpers/app';
import { filesUnder } from '../helpers/security';

/** FILES_DIR keeps the uploaded files apart from DATA_DIR, so several portal processes can share one folder. */
describe('FILES_DIR', () => {
  let t: TestApp;
  let filesDir: string;
  beforeEach(async () => {
    filesDir = mkdtempSync(path.join(tmpdir(), 'gopy-files-'));
    t = await startTestApp({ env: { FILES_DIR: filesDir } });
  });
  afterEach(async () => {
    await t.close();
    rmSync(filesDir, { recursive: true, force: true });
  });

  it('when it is set then files are written there, not under DATA_DIR, and served from there', async () => {
    const stored = await t.deps.db.selectFrom('attachments').select('storage_key').executeTakeFirstOrThrow();
    expect(filesUnder(filesDir)).toEqual([path.join(stored.storage_key.slice(0, 2), stored.storage_key)]);
    expect(existsSync(path.join(t.dataDir, 'files'))).toBe(false);
    const page = await request(t.app).get(`/consultations/${t.demoId}`).expect(200);
    const href = /href="(\/attachments\/\d+\/[^"]+)"/u.exec(page.text)![1]!;
    expect((await request(t.app).get(href).expect(200)).text).toContain('532 /STTTT-BCVT');
  });
});
