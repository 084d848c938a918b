import http from 'node:http';
import net from 'node:net';
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

describe('load shedding when requests are handled back to back (synchronous SQLite: none is in flight when the next is read)', () => {
  /** Each request holds the event loop for `ms`, as a synchronous database write does; the lag is measured for real. */
  function blocking(ms: number) {
    const guard = createOverloadGuard({ maxLagMs: 50, maxInFlight: 256 });
    const app: Express = express();
    app.set('trust proxy', true);
    app.use(guard.middleware);
    let handled = 0;
    app.get('/save', (_req, res) => {
      const until = performance.now() + ms;
      while (performance.now() < until) {
        // a synchronous write: nothing else runs meanwhile
      }
      handled += 1;
      res.send('saved');
    });
    const server = app.listen(0, '127.0.0.1');
    return { server, handled: () => handled, close: () => new Promise((resolve) => server.close(resolve)) };
  }

  /** Opens a connection per request first, then writes every request at once: they wait in the sockets together, as behind a busy proxy. */
  async function burst(server: http.Server, clients: string[]) {
    const { port } = server.address() as { port: number };
    const sockets = await Promise.all(clients.map(() => new Promise<net.Socket>((resolve) => { const s = net.connect(port, '127.0.0.1', () => resolve(s)); })));
    await new Promise((resolve) => setTimeout(resolve, 50)); // every connection accepted, so their requests are read in one turn
    const answers = sockets.map(
      (socket) =>
        new Promise<string>((resolve) => {
          let text = '';
          socket.on('data', (chunk) => (text += chunk.toString()));
          socket.on('end', () => resolve(text));
        }),
    );
    sockets.forEach((socket, i) => socket.end(`GET /save HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Forwarded-For: ${clients[i]}\r\nConnection: close\r\n\r\n`));
    return (await Promise.all(answers)).map((text) => ({ status: Number(text.slice(9, 12)), retryAfter: /\r\nretry-after: (\d+)/iu.exec(text)?.[1] }));
  }

  it('when ten requests from one address wait together while the loop lags (a browser, a client with ten connections, on a busy host) then all are served', async () => {
    const b = blocking(20);
    try {
      await new Promise((resolve) => (b.server.listening ? resolve(null) : b.server.once('listening', resolve)));
      const answers = await burst(b.server, Array.from({ length: 10 }, () => '198.51.100.8'));
      expect(answers.map((a) => a.status)).toEqual(Array.from({ length: 10 }, () => 200));
    } finally {
      await b.close();
    }
  });

  it('when one address floods over many connections while the loop falls behind then its surplus is refused 503 with Retry-After, another address among them is served, and once it is over a lone request is served', async () => {
    const b = blocking(10);
    try {
      await new Promise((resolve) => (b.server.listening ? resolve(null) : b.server.once('listening', resolve)));
      const clients = Array.from({ length: 80 }, (_, i) => (i === 60 ? '203.0.113.20' : '198.51.100.7'));
      const answers = await burst(b.server, clients);
      const flood = answers.filter((_, i) => i !== 60);
      const refused = flood.filter((a) => a.status === 503);
      expect(refused.length).toBeGreaterThan(0);
      expect(refused.every((a) => a.retryAfter === '2')).toBe(true);
      expect(flood.filter((a) => a.status === 200).length + refused.length).toBe(79);
      // A refused request never reached the handler.
      expect(b.handled()).toBe(80 - refused.length);
      expect(answers[60].status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 300)); // the loop catches up and the lag is forgotten
      expect((await burst(b.server, ['203.0.113.21']))[0].status).toBe(200);
    } finally {
      await b.close();
    }
  });
});
