'use strict';
// Open-loop load: requests leave at a fixed rate whatever the server does, as independent clients
// would send them (autocannon's connections wait for their answer before sending again, so a slow
// server quietly lowers the rate it is offered). Each request has its own deadline; the result
// lists every answer's status and latency (and the request's tag, if it gave one, so that a caller
// can tell which requests were acknowledged). Given several urls (instances), requests take turns.
const http = require('node:http');

const TICK_MS = 5;
// Like the keep-alive pool of a reverse proxy in front of the portal: when every connection is
// waiting, further requests wait in the pool (their waiting counts in their latency). Without a
// bound, a slow moment makes the client open thousands of connections, and the figures then
// measure the kernel's SYN backlog and its 1 s/3 s/7 s retransmissions, not the portal.
const CONNECTIONS = 256;

/**
 * @param {{ url: string | string[], rate: number, seconds: number, timeoutMs: number, request: () => { method: string, headers: object, body?: string, tag?: unknown } }} options
 */
function openLoop({ url, rate, seconds, timeoutMs, request }) {
  const targets = [url].flat().map((u) => new URL(u));
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  const answers = []; // [status, ms, tag]
  let timeouts = 0;
  let errors = 0;
  let sent = 0;
  let outstanding = 0;
  let maxOutstanding = 0;

  const fire = () => {
    const { method, headers, body, tag } = request();
    const target = targets[sent % targets.length];
    const started = performance.now();
    sent += 1;
    outstanding += 1;
    maxOutstanding = Math.max(maxOutstanding, outstanding);
    let settled = false;
    const settle = (fn) => {
      if (settled) return;
      settled = true;
      outstanding -= 1;
      fn();
    };
    const req = http.request({ host: target.hostname, port: target.port, path: target.pathname + target.search, method, headers, agent }, (res) => {
      res.resume();
      res.on('end', () => settle(() => answers.push([res.statusCode, performance.now() - started, tag])));
    });
    req.setTimeout(timeoutMs, () => {
      settle(() => (timeouts += 1));
      req.destroy();
    });
    req.on('error', () => settle(() => (errors += 1)));
    req.end(body);
  };

  return new Promise((resolve) => {
    const start = performance.now();
    const timer = setInterval(() => {
      const due = Math.floor(((performance.now() - start) / 1000) * rate);
      while (sent < due) fire();
      if (performance.now() - start >= seconds * 1000) {
        clearInterval(timer);
        const waitForLast = setInterval(() => {
          if (outstanding === 0) {
            clearInterval(waitForLast);
            agent.destroy();
            resolve({ sent, answers, timeouts, errors, maxOutstanding, seconds });
          }
        }, 20);
      }
    }, TICK_MS);
  });
}

module.exports = { openLoop };
