import { readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { type TestApp, startTestApp } from '../helpers/app';
import { onPostgres } from '../helpers/test-engine';

const modeOf = (file: string) => statSync(file).mode & 0o777;

/** Every file under a folder, with its path. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

describe('files under DATA_DIR', () => {
  let t: TestApp;
  beforeAll(async () => {
    // The demo writes the database, stores the draft's original and sends 26 invitations without SMTP.
    t = await startTestApp();
    await t.deps.mail.delivery.deliverDue();
  });
  afterAll(() => t.close());

  // The SQLite file only: on PostgreSQL (TEST_DB=postgres) there is no database file in DATA_DIR.
  if (!onPostgres) {
    it('when the portal has started then the database and its -wal and -shm files are readable by its user alone', () => {
      for (const name of ['gopy.sqlite', 'gopy.sqlite-wal', 'gopy.sqlite-shm']) {
        expect([name, modeOf(path.join(t.dataDir, name)).toString(8)]).toEqual([name, '600']);
      }
    });
  }

  it('when mail goes out as .eml files then each file, holding a working link, is readable by the portal’s user alone', () => {
    const outbox = path.join(t.dataDir, 'outbox');
    expect(modeOf(outbox).toString(8)).toBe('700');
    const emls = readdirSync(outbox).filter((f) => f.endsWith('.eml'));
    expect(emls.length).toBeGreaterThanOrEqual(26);
    expect(new Set(emls.map((f) => modeOf(path.join(outbox, f)).toString(8)))).toEqual(new Set(['600']));
  });

  it('when files are stored then their folders are 700 and the files 600', () => {
    const files = path.join(t.dataDir, 'files');
    expect(modeOf(files).toString(8)).toBe('700');
    const stored = filesUnder(files);
    expect(stored.length).toBeGreaterThan(0);
    expect(new Set(stored.map((f) => modeOf(f).toString(8)))).toEqual(new Set(['600']));
    expect(new Set(readdirSync(files).map((d) => modeOf(path.join(files, d)).toString(8)))).toEqual(new Set(['700']));
  });
});
