// Bad requests: without a 'clientError' listener the server answers one
// canned response with `Connection: close` and closes (the status fits the
// error); with a listener, the listener gets (err, socket) and owns the
// socket. Nothing throws out of the server, whatever the input.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Duplex } from 'node:stream';
import { createServer } from '../src/index.js';
import { listen, shut, exchange, pair, parseResponses, sleep, connect, bounded, until } from './harness.js';

const ce = suite('client-error');

// Answers once the whole body is in, so that body errors come first.
const ok = (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse): void => {
  req.resume();
  req.on('end', () => res.end('ok'));
};

// [name, raw bytes, our status, node:http's status]
const rows: [string, string | Buffer, number, number][] = [
  ['garbage', '\x01\x02\x03\r\n\r\n', 400, 400],
  ['unknown method', 'HELLO / HTTP/1.1\r\nHost: x\r\n\r\n', 501, 400],
  ['bad header name', 'GET / HTTP/1.1\r\nHost: x\r\nBad Name: 1\r\n\r\n', 400, 400],
  ['bare LF inside a value', 'GET / HTTP/1.1\r\nHost: x\r\nX: a\rb\r\n\r\n', 400, 400],
  ['Content-Length with Transfer-Encoding (smuggling)', 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n', 400, 400],
  ['two Content-Length fields', 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab', 400, 400],
  ['bad chunk size', 'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n', 400, 400],
  ['head over maxHeaderSize', `GET / HTTP/1.1\r\nHost: x\r\nX: ${'a'.repeat(20000)}\r\n\r\n`, 431, 431],
  ['request line over maxHeaderSize', `GET /${'a'.repeat(20000)} HTTP/1.1\r\nHost: x\r\n\r\n`, 414, 431],
  ['chunk extensions over the limit', `POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n1;${'a'.repeat(20000)}\r\n`, 400, 413],
  ['unsupported version', 'GET / HTTP/3.7\r\nHost: x\r\n\r\n', 505, 400],
];

for (const [name, raw, status, nodeStatus] of rows) {
  ce(`${name}: ${status} with Connection: close, then closed (node:http: ${nodeStatus})`, async () => {
    const p = await pair({}, ok as never);
    try {
      for (const [port, expected] of [[p.ourPort, status], [p.nodePort, nodeStatus]] as const) {
        const r = await exchange(port, raw, { ms: 3000 });
        const responses = parseResponses(r.text);
        assert.is(responses.length, 1, `${port}: ${r.text}`);
        assert.is(responses[0].status, expected);
        assert.is(responses[0].headers.connection, 'close');
        assert.ok(r.closed);
      }
    } finally {
      await p.close();
    }
  });
}

ce('a clientError listener gets the error (code, bytesParsed, rawPacket) and owns the socket', async () => {
  let seen: { code?: string; bytesParsed?: number; rawPacket?: Buffer; message: string } | undefined;
  const server = createServer(ok as never);
  server.on('clientError', (err, socket: Duplex) => {
    seen = err as typeof seen;
    socket.end('HTTP/1.1 418 I\'m a Teapot\r\nConnection: close\r\n\r\n');
  });
  const port = await listen(server);
  const raw = 'GET / HTTP/1.1\r\nHost: x\r\nBad Name: 1\r\n\r\n';
  const r = await exchange(port, raw);
  assert.is(parseResponses(r.text)[0].status, 418);
  assert.is(seen!.code, 'HPE_INVALID_HEADER_TOKEN');
  assert.is(seen!.bytesParsed, raw.indexOf('Bad') + 3);
  assert.is(seen!.rawPacket!.toString(), raw);
  assert.match(seen!.message, /^Parse Error: /);
  await shut(server);
});

ce('an error after a response began is not followed by a canned response', async () => {
  const server = createServer((req, res) => {
    res.write('partial');
  });
  const port = await listen(server);
  const r = await exchange(port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n', { until: (t) => t.includes('partial') });
  void r;
  const socket = await connect(port);
  let text = '';
  socket.on('data', (d) => (text += d));
  socket.write('POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n');
  await sleep(50);
  socket.write('1\r\na\r\nzz\r\n'); // a bad chunk in the middle of the body
  await bounded(new Promise((r) => socket.on('close', r)));
  assert.not.match(text, /400 Bad Request/);
  await shut(server);
});

ce('an error on a pipelined request after good ones: the good ones are answered first', async () => {
  const server = createServer((req, res) => res.end(req.url));
  const port = await listen(server);
  const socket = await connect(port);
  let text = '';
  socket.on('data', (d) => (text += d));
  socket.write('GET /1 HTTP/1.1\r\nHost: x\r\n\r\n');
  await until(() => text.includes('/1'));
  socket.write('\x01GARBAGE\r\n\r\n');
  await bounded(new Promise((r) => socket.on('close', r)));
  assert.equal(parseResponses(text).map((x) => x.status), [200, 400]);
  await shut(server);
});

// [name, bad bytes after a pipelined GET /1 whose handler answers later]
const behind: [string, string, number][] = [
  ['a parse error in a head', '\x01GARBAGE\r\n\r\n', 400],
  ['a refused head (two Host lines)', 'GET /2 HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n', 400],
  ['a body that breaks (bad chunk size)', 'POST /2 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n', 400],
  ['a request Transfer-Encoding not ending in chunked', 'POST /2 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n', 400],
];

for (const [name, bad, status] of behind) {
  ce(`${name} behind a request still being answered: its response first, then ${status} (node:http: the error first)`, async () => {
    const aborted: string[] = [];
    const server = createServer((req, res) => {
      req.on('aborted', () => aborted.push(req.url!));
      req.resume();
      if (req.url === '/1') setTimeout(() => res.end('one'), 50);
      else req.on('end', () => res.end('two'));
    });
    const port = await listen(server);
    try {
      const r = await exchange(port, 'GET /1 HTTP/1.1\r\nHost: x\r\n\r\n' + bad, { ms: 3000 });
      const res = parseResponses(r.text);
      assert.equal(res.map((x) => x.status), [200, status], r.text);
      assert.is(res[0].body, 'one');
      assert.is(res[1].headers.connection, 'close');
      assert.ok(r.closed);
      // A request whose body broke reached the handler and is aborted; its response is never sent.
      if (bad.startsWith('POST')) await until(() => aborted.includes('/2'), 2000, "'aborted' on the broken request");
    } finally {
      await shut(server);
    }
  });
}

ce('nothing throws out of the server on random input', async () => {
  let errors = 0;
  const server = createServer((req, res) => {
    req.resume();
    res.end('ok');
  });
  server.on('clientError', (_err, socket) => {
    errors++;
    socket.destroy();
  });
  const port = await listen(server);
  let seed = 42;
  const rand = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const prefixes = ['GET / HTTP/1.1\r\n', 'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n', 'GET / HTTP/1.1\r\nHost: x\r\n\r\n', ''];
  for (let i = 0; i < 60; i++) {
    const bytes = Buffer.from(Array.from({ length: 1 + Math.floor(rand() * 300) }, () => Math.floor(rand() * 256)));
    const data = Buffer.concat([Buffer.from(prefixes[i % prefixes.length]), bytes]);
    await exchange(port, data, { ms: 3000, end: true });
  }
  assert.ok(errors > 0);
  // The server still serves.
  const r = await exchange(port, 'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  assert.is(parseResponses(r.text)[0].status, 200);
  await shut(server);
});

ce.run();
