// Slow clients (slowloris): headersTimeout and requestTimeout answer 408
// with Connection: close and close the connection, checked every
// connectionsCheckingInterval as Node does; a 'clientError' listener sees
// ERR_HTTP_REQUEST_TIMEOUT. server.timeout / setTimeout drive 'timeout'.
// Timeouts are asserted as "answered 408 and closed", never as durations.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import http from 'node:http';
import { once } from 'node:events';
import { createServer } from '../src/index.js';
import { listen, shut, connect, parseResponses, bounded, sleep, pair } from './harness.js';

const to = suite('timeouts');

async function slowClient(port: number, pieces: string[], gap: number): Promise<{ text: string }> {
  const socket = await connect(port);
  let text = '';
  socket.on('data', (d) => (text += d));
  socket.on('error', () => {});
  const closed = once(socket, 'close');
  for (const piece of pieces) {
    if (socket.destroyed) break;
    socket.write(piece);
    await sleep(gap);
  }
  await bounded(closed, 5000, 'server closing the slow connection');
  return { text };
}

to('headersTimeout: a head that trickles in is answered 408 and closed (as node:http)', async () => {
  const opts = { headersTimeout: 200, requestTimeout: 1000, connectionsCheckingInterval: 50 };
  const p = await pair(opts, (_req, res) => res.end('ok'));
  try {
    const pieces = ['GET / HTTP/1.1\r\n', ...Array.from({ length: 40 }, (_, i) => `X-${i}: y\r\n`)];
    for (const port of [p.ourPort, p.nodePort]) {
      const r = await slowClient(port, pieces, 30);
      const res = parseResponses(r.text);
      assert.is(res.length, 1, `${port}: ${r.text}`);
      assert.is(res[0].status, 408);
      assert.is(res[0].headers.connection, 'close');
    }
  } finally {
    await p.close();
  }
});

to('a connection that sends nothing meets headersTimeout too', async () => {
  const server = createServer({ headersTimeout: 100, requestTimeout: 200, connectionsCheckingInterval: 30 }, (_req, res) => res.end());
  const port = await listen(server);
  const r = await slowClient(port, [], 0);
  assert.is(parseResponses(r.text)[0].status, 408);
  await shut(server);
});

to('requestTimeout: a body that trickles in is answered 408 and closed', async () => {
  let aborted = false;
  const server = createServer({ headersTimeout: 100, requestTimeout: 300, connectionsCheckingInterval: 50 }, (req, res) => {
    req.on('aborted', () => (aborted = true));
    req.resume();
    req.on('end', () => res.end('ok'));
  });
  const port = await listen(server);
  const pieces = ['POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n', ...Array.from({ length: 50 }, () => 'a')];
  const r = await slowClient(port, pieces, 30);
  assert.is(parseResponses(r.text)[0].status, 408);
  assert.ok(aborted);
  await shut(server);
});

to('a clientError listener gets ERR_HTTP_REQUEST_TIMEOUT', async () => {
  const server = createServer({ headersTimeout: 100, requestTimeout: 200, connectionsCheckingInterval: 30 });
  let code = '';
  server.on('clientError', (err, socket) => {
    code = (err as unknown as { code: string }).code;
    socket.destroy();
  });
  const port = await listen(server);
  await slowClient(port, ['GET / HTTP/1.1\r\n'], 10);
  assert.is(code, 'ERR_HTTP_REQUEST_TIMEOUT');
  await shut(server);
});

to('a slow handler is not a slow client: requestTimeout covers receiving only', async () => {
  const server = createServer({ headersTimeout: 100, requestTimeout: 150, connectionsCheckingInterval: 30 }, (_req, res) => {
    setTimeout(() => res.end('late'), 400);
  });
  const port = await listen(server);
  const r = await new Promise<string>((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: '/' }, (res) => {
      let b = '';
      res.on('data', (d) => (b += d));
      res.on('end', () => resolve(b));
    }).on('error', reject);
  });
  assert.is(r, 'late');
  await shut(server);
});

to('server.timeout: an inactive socket emits timeout; without listeners it is destroyed', async () => {
  const server = createServer((_req, res) => setTimeout(() => res.end('late'), 2000));
  server.timeout = 100;
  const port = await listen(server);
  const r = await slowClient(port, ['GET / HTTP/1.1\r\nHost: x\r\n\r\n'], 0);
  assert.is(r.text, '');
  await shut(server);
});

to('setTimeout(ms, cb): the server timeout listener gets the socket (and then owns it)', async () => {
  const server = createServer((_req, res) => setTimeout(() => res.end('late'), 300));
  let fired = 0;
  server.setTimeout(100, (socket) => {
    fired++;
    assert.ok(typeof socket.destroy === 'function');
  });
  const port = await listen(server);
  const r = await new Promise<string>((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path: '/' }, (res) => {
      let b = '';
      res.on('data', (d) => (b += d));
      res.on('end', () => resolve(b));
    }).on('error', reject);
  });
  assert.is(r, 'late');
  assert.ok(fired >= 1);
  await shut(server);
});

to('req.setTimeout / res timeout events', async () => {
  let reqTimeout = false;
  const server = createServer((req, res) => {
    req.setTimeout(50, () => {
      reqTimeout = true;
      res.end('timed');
    });
  });
  const port = await listen(server);
  const socket = await connect(port);
  let text = '';
  socket.on('data', (d) => (text += d));
  socket.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nab');
  await bounded((async () => { while (!text.includes('timed')) await sleep(5); })());
  assert.ok(reqTimeout);
  socket.destroy();
  await shut(server);
});

to.run();
