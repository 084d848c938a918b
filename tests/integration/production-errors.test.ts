import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { type TestApp, startTestApp } from '../helpers/app';

const SECRET_DETAIL = 'SELECT * FROM sessions WHERE id_hash = ? — detail from inside';

/** What a stack trace or an internal message would leave in a page. */
function expectNothingInternal(text: string) {
  expect(text).not.toContain(SECRET_DETAIL);
  expect(text).not.toMatch(/\bat .+\(.+:\d+:\d+\)/u);
  expect(text).not.toContain(__dirname.split(path.sep).slice(0, -2).join(path.sep));
}

describe('errors in production', () => {
  let t: TestApp;
  beforeEach(async () => {
    t = await startTestApp({ demo: false, env: { NODE_ENV: 'production' } });
    const failing = async () => {
      throw new Error(SECRET_DETAIL);
    };
    t.deps.services.consultations.listPublic = failing;
    t.deps.services.consultations.getPublic = failing;
  });
  afterEach(() => t.close());

  it('when a page throws then the visitor gets the 500 page without a stack trace', async () => {
    const res = await request(t.app).get('/').expect(500);
    expect(res.text).toContain('<h1');
    expectNothingInternal(res.text);
  });

  it('when an API call throws then the JSON has a plain message and no stack trace', async () => {
    const res = await request(t.app).get('/api/v1/consultations/1').expect(500);
    expect(Object.keys(res.body)).toEqual(['error']);
    expectNothingInternal(res.text);
  });

  it('when even the error page cannot be rendered then the answer still carries no stack trace', async () => {
    const noViews = mkdtempSync(path.join(tmpdir(), 'gopy-no-views-'));
    // Express's last-resort handler logs the failure on the server, as it should: kept out of the test output.
    const logged = jest.spyOn(console, 'error').mockImplementation(() => undefined);
    try {
      t.app.set('views', noViews);
      const res = await request(t.app).get('/').expect(500);
      expectNothingInternal(res.text);
      expect(res.text).not.toContain('Failed to lookup view');
      for (let waited = 0; logged.mock.calls.length === 0 && waited < 2000; waited += 20) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(String(logged.mock.calls[0]?.[0])).toContain('Failed to lookup view');
    } finally {
      logged.mockRestore();
      rmSync(noViews, { recursive: true, force: true });
    }
  });
});
