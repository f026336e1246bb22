// Graceful shutdown under load: close() while 200 requests are in flight
// (handlers answer after a short delay): every one completes with its full
// response (saying Connection: close), new connections are refused, and
// 'close' follows the last response.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import http from 'node:http';
import { once } from 'node:events';
import { createServer } from '../src/index.js';
import { listen, bounded, until, sleep } from './harness.js';
import { guardProcess, seeded } from './robustness-helpers.js';

const sd = suite('robustness: graceful shutdown');

const IN_FLIGHT = 200;
const BODY = 16 * 1024;

sd(`close() with ${IN_FLIGHT} requests in flight: every one gets its full response`, async () => {
  const guard = guardProcess();
  const r = seeded(7);
  let received = 0;
  let markClosed!: () => void;
  const closeCalled = new Promise<void>((resolve) => (markClosed = resolve));
  const server = createServer((req, res) => {
    received++;
    let got = 0;
    req.on('data', (d: Buffer) => (got += d.length));
    req.on('end', () => {
      // Every response waits until close() was called: all 200 are in flight then.
      void closeCalled.then(() => sleep(r.int(200))).then(() => {
        res.setHeader('X-Got', got);
        res.end(Buffer.alloc(BODY, req.url!.length % 26 + 97));
      });
    });
  });
  const port = await listen(server);
  const agent = new http.Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
  type Outcome = { i: number; status: number; length: number; got: string; connection: string | undefined };
  const results = Array.from({ length: IN_FLIGHT }, (_, i) => new Promise<Outcome>((resolve, reject) => {
    const body = i % 2 === 0 ? '' : 'p'.repeat(i * 10);
    const req = http.request({ host: '127.0.0.1', port, path: `/${i}`, method: body ? 'POST' : 'GET', agent }, (res) => {
      let length = 0;
      res.on('data', (d: Buffer) => (length += d.length));
      res.on('end', () => resolve({ i, status: res.statusCode!, length, got: String(res.headers['x-got']), connection: res.headers.connection }));
      res.on('error', (e) => reject(new Error(`request ${i}: ${e}`)));
    });
    req.on('error', (e) => reject(new Error(`request ${i}: ${e}`)));
    req.end(body);
  }));
  try {
    await bounded(until(() => received === IN_FLIGHT, 15000), 15000, 'all requests received');
    const closed = once(server, 'close');
    server.close();
    markClosed();
    // New connections are refused at once.
    const refused = await new Promise<string>((resolve) => {
      http.get({ host: '127.0.0.1', port, path: '/late', agent: false }, () => resolve('answered')).on('error', (e) => resolve((e as NodeJS.ErrnoException).code ?? String(e)));
    });
    assert.is(refused, 'ECONNREFUSED');
    const outcomes = await bounded(Promise.all(results), 20000, 'all responses');
    for (const o of outcomes) {
      assert.is(o.status, 200, `request ${o.i}`);
      assert.is(o.length, BODY, `request ${o.i}: full body`);
      assert.is(o.got, String(o.i % 2 === 0 ? 0 : o.i * 10), `request ${o.i}: request body received`);
      assert.is(o.connection, 'close', `request ${o.i}`);
    }
    await bounded(closed, 10000, "'close' after the last response");
    assert.equal(guard.errors, []);
  } finally {
    guard.dispose();
    agent.destroy();
    server.closeAllConnections();
    await sleep(0);
  }
});

sd.run();
