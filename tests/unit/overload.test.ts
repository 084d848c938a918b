import express, { type Express } from 'express';
import request from 'supertest';
import { createOverloadGuard } from '../../src/web/overload';

/** An app behind the guard, whose /hold requests stay in flight until the test lets them go. */
function guarded(options: { maxInFlight?: number; queuedAt?: number }) {
  let lag = 0;
  const held: (() => void)[] = [];
  const guard = createOverloadGuard({ maxLagMs: 50, maxInFlight: options.maxInFlight ?? 100, queuedAt: options.queuedAt ?? 4, lagMs: () => lag });
  const app: Express = express();
  app.set('trust proxy', true);
  app.use(guard.middleware);
  app.get('/hold', (_req, res) => void held.push(() => res.send('held')));
  app.get(['/page', '/healthz', '/login', '/attachments/1/du-thao.pdf'], (_req, res) => void res.send('ok'));
  app.post('/login', (_req, res) => void res.send('signed in'));
  const server = app.listen(0, '127.0.0.1');
  const from = (client: string) => ({ 'X-Forwarded-For': client });
  return {
    server,
    from,
    setLag: (ms: number) => (lag = ms),
    /** Starts a request from each client that stays in flight, and waits until every one is being handled. */
    async hold(clients: string[]) {
      const before = held.length;
      const answers = clients.map((c) => request(server).get('/hold').set(from(c)).then((r) => r));
      while (held.length < before + clients.length) await new Promise((resolve) => setTimeout(resolve, 5));
      return async () => {
        held.splice(0).forEach((release) => release());
        await Promise.all(answers);
      };
    },
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}

describe('load shedding refuses only a client piling on while requests queue', () => {
  it('when the event loop lags far behind but a lone client asks for a page and a download then both are served', async () => {
    const g = guarded({});
    try {
      g.setLag(5000);
      await request(g.server).get('/page').set(g.from('203.0.113.1')).expect(200);
      await request(g.server).get('/attachments/1/du-thao.pdf').set(g.from('203.0.113.1')).expect(200);
      // Even with its own download still running, a lone client is not queuing behind anyone.
      const release = await g.hold(['203.0.113.1']);
      await request(g.server).get('/page').set(g.from('203.0.113.1')).expect(200);
      await release();
    } finally {
      await g.close();
    }
  });

  it('when requests queue (many in flight, the loop lagging) then a client with one in flight is refused 503 with Retry-After, another client\'s first request is served, and health check and sign-in never are refused', async () => {
    const g = guarded({ queuedAt: 4 });
    try {
      const release = await g.hold(['198.51.100.1', '198.51.100.2', '198.51.100.3', '198.51.100.4']);
      g.setLag(500);
      const refused = await request(g.server).get('/page').set(g.from('198.51.100.1')).expect(503);
      expect(refused.headers['retry-after']).toBe('2');
      expect(refused.text).toMatch(/quá tải[\s\S]*overloaded/u);
      await request(g.server).get('/page').set(g.from('203.0.113.9')).expect(200);
      await request(g.server).get('/healthz').set(g.from('198.51.100.1')).expect(200);
      await request(g.server).get('/login?lang=en').set(g.from('198.51.100.1')).expect(200);
      await request(g.server).post('/login').set(g.from('198.51.100.2')).expect(200);
      // The requests in flight finish whatever came after them.
      await release();
      await request(g.server).get('/page').set(g.from('198.51.100.1')).expect(200);
    } finally {
      await g.close();
    }
  });

  it('when many requests are in flight but the loop keeps up then nobody is refused', async () => {
    const g = guarded({ queuedAt: 4 });
    try {
      const release = await g.hold(['198.51.100.1', '198.51.100.1', '198.51.100.2', '198.51.100.3', '198.51.100.4']);
      await request(g.server).get('/page').set(g.from('198.51.100.1')).expect(200);
      await release();
    } finally {
      await g.close();
    }
  });

  it('when the requests in flight reach MAX_IN_FLIGHT then a busy client is refused even without lag, and a new client is still served', async () => {
    const g = guarded({ maxInFlight: 3, queuedAt: 100 });
    try {
      const release = await g.hold(['198.51.100.1', '198.51.100.2', '198.51.100.3']);
      const refused = await request(g.server).get('/api/v1/invitation?lang=en').set(g.from('198.51.100.2')).expect(503);
      expect(refused.body.error).toMatch(/overloaded/u);
      await request(g.server).get('/page').set(g.from('203.0.113.7')).expect(200);
      await release();
    } finally {
      await g.close();
    }
  });
});
