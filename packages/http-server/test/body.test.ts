// Request bodies: backpressure (a paused request stops the socket being
// read), responses that end before the body was read (the rest is dumped;
// keep-alive only if it all arrives), aborted requests (aborted/close on
// req, close on res), trailers, and the Expect rules (100-continue,
// checkContinue, checkExpectation, 417).
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import http from 'node:http';
import { once } from 'node:events';
import type { Socket } from 'node:net';
import { createServer, type IncomingMessage } from '../src/index.js';
import { listen, shut, connect, parseResponses, until, sleep, bounded, exchange, pair } from './harness.js';

const body = suite('body');

body('a paused request stops the socket being read; resume lets it flow', async () => {
  let req: IncomingMessage | undefined;
  let serverSocket: Socket | undefined;
  const server = createServer((r, res) => {
    req = r;
    serverSocket = r.socket;
    r.pause();
    let n = 0;
    r.on('data', (d) => (n += d.length));
    r.on('end', () => res.end(String(n)));
  });
  const port = await listen(server);
  const socket = await connect(port);
  let text = '';
  socket.on('data', (d) => (text += d));
  const total = 8 * 1024 * 1024;
  socket.write(`POST / HTTP/1.1\r\nHost: x\r\nContent-Length: ${total}\r\n\r\n`);
  const chunk = Buffer.alloc(64 * 1024, 'a');
  let sent = 0;
  const pump = () => {
    while (sent < total) {
      sent += chunk.length;
      if (!socket.write(chunk)) return void socket.once('drain', pump);
    }
  };
  pump();
  await until(() => req !== undefined);
  await sleep(200);
  const readWhilePaused = serverSocket!.bytesRead;
  await sleep(100);
  assert.ok(serverSocket!.bytesRead - readWhilePaused < 128 * 1024, 'reading stopped while the request is paused');
  assert.ok(readWhilePaused < total / 2, `read ${readWhilePaused} of ${total} while paused`);
  assert.ok(req!.readableLength <= req!.readableHighWaterMark * 4 + 64 * 1024);
  req!.resume();
  await bounded(until(() => text.includes(`\r\n\r\n${total}`)), 10000, 'whole body');
  socket.destroy();
  await shut(server);
});

body('a response that ends before the body was read: the body is dumped and the connection kept', async () => {
  const server = createServer((req, res) => res.end(`early ${req.url}`));
  const port = await listen(server);
  const socket = await connect(port);
  let text = '';
  socket.on('data', (d) => (text += d));
  socket.write('POST /1 HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\n');
  await until(() => text.includes('early /1'));
  socket.write('0123456789GET /2 HTTP/1.1\r\nHost: x\r\n\r\n');
  await bounded(until(() => text.includes('early /2')));
  assert.equal(parseResponses(text).map((r) => r.status), [200, 200]);
  socket.destroy();
  await shut(server);
});

body('a body far larger than what is worth dumping closes the connection instead', async () => {
  const server = createServer((req, res) => res.end('no thanks'));
  const port = await listen(server);
  const socket = await connect(port);
  let text = '';
  socket.on('data', (d) => (text += d));
  socket.on('error', () => {});
  socket.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100000000\r\n\r\n');
  await until(() => text.includes('no thanks'));
  const chunk = Buffer.alloc(64 * 1024);
  const closed = once(socket, 'close');
  const timer = setInterval(() => { if (!socket.destroyed && socket.writableLength < 1e6) socket.write(chunk); }, 1);
  await bounded(closed, 5000, 'close after dump limit');
  clearInterval(timer);
  assert.is(parseResponses(text).length, 1);
  await shut(server);
});

body('an aborted request: aborted and close on req, close on res; nothing thrown', async () => {
  const events: string[] = [];
  const server = createServer((req, res) => {
    req.on('aborted', () => events.push('req aborted'));
    req.on('close', () => events.push('req close'));
    req.on('error', (e) => events.push(`req error ${(e as unknown as { code: string }).code}`));
    res.on('close', () => events.push('res close'));
    req.on('data', () => socket.destroy());
  });
  const port = await listen(server);
  const socket = await connect(port);
  socket.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc');
  await bounded(until(() => events.includes('req close') && events.includes('res close')));
  assert.ok(events.includes('req aborted'));
  assert.ok(events.includes('req error ECONNRESET'));
  await shut(server);
});

body('an aborted request as node:http reports it: aborted=true, complete=false', async () => {
  const states: string[] = [];
  const p = await pair({}, (req, res) => {
    req.on('close', () => states.push(`${req.aborted} ${req.complete}`));
    req.resume();
    void res;
  });
  try {
    for (const port of [p.ourPort, p.nodePort]) {
      const socket = await connect(port);
      socket.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc');
      await sleep(50);
      socket.destroy();
      await until(() => states.length === (port === p.ourPort ? 1 : 2));
    }
    assert.equal(states, ['true false', 'true false']);
  } finally {
    await p.close();
  }
});

body('chunked body with trailers: trailers, rawTrailers, trailersDistinct', async () => {
  let seen: unknown;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      seen = { trailers: { ...req.trailers }, raw: req.rawTrailers, distinct: { ...req.trailersDistinct }, complete: req.complete };
      res.end();
    });
  });
  const port = await listen(server);
  await exchange(port, 'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\nX-Sum: 1\r\nx-sum: 2\r\n\r\n', {
    until: (t) => t.includes('\r\n\r\n'),
  });
  assert.equal(seen, { trailers: { 'x-sum': '1, 2' }, raw: ['X-Sum', '1', 'x-sum', '2'], distinct: { 'x-sum': ['1', '2'] }, complete: true });
  await shut(server);
});

body('Expect: 100-continue without checkContinue listener: 100 Continue, then request (as node:http)', async () => {
  const p = await pair({}, (req, res) => {
    let b = '';
    req.on('data', (d) => (b += d));
    req.on('end', () => res.end(`got ${b}`));
  });
  try {
    for (const port of [p.ourPort, p.nodePort]) {
      const socket = await connect(port);
      let text = '';
      socket.on('data', (d) => (text += d));
      socket.write('POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n');
      await bounded(until(() => text.includes('100 Continue')));
      socket.write('hi');
      await bounded(until(() => text.includes('got hi')));
      assert.match(text, /^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 OK/);
      socket.destroy();
    }
  } finally {
    await p.close();
  }
});

body('checkContinue listener decides; Node\'s client sees the final status', async () => {
  const server = createServer();
  server.on('checkContinue', (_req, res) => {
    res.writeHead(413);
    res.end('too big');
  });
  const port = await listen(server);
  const status = await new Promise<number>((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method: 'POST', headers: { Expect: '100-continue', 'Content-Length': 5 } }, (res) => {
      res.resume();
      resolve(res.statusCode!);
    });
    req.on('error', reject);
    req.on('continue', () => req.end('hello'));
  });
  assert.is(status, 413);
  await shut(server);
});

body('another expectation: 417 without a listener (as node:http), checkExpectation with one', async () => {
  const p = await pair({}, (_req, res) => res.end('x'));
  try {
    for (const port of [p.ourPort, p.nodePort]) {
      const r = await exchange(port, 'GET / HTTP/1.1\r\nHost: x\r\nExpect: teapot\r\n\r\n', { until: (t) => /\r\n\r\n/.test(t) });
      assert.is(parseResponses(r.text)[0].status, 417);
    }
  } finally {
    await p.close();
  }
  const server = createServer();
  server.on('checkExpectation', (req, res) => res.end(`handled ${req.headers.expect}`));
  const port = await listen(server);
  const r = await exchange(port, 'GET / HTTP/1.1\r\nHost: x\r\nExpect: teapot\r\n\r\n', { until: (t) => t.includes('handled teapot') });
  assert.is(parseResponses(r.text)[0].status, 200);
  await shut(server);
});

body.run();
