// Upgrade (RFC 9110 §7.8) and CONNECT (§9.3.6): the socket and the bytes
// that followed the head are handed to the listener as (req, socket, head).
// Without a listener, CONNECT destroys the socket and an upgrade request is
// served as a normal request (node:http's behaviour, compared side by side).
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { once } from 'node:events';
import { createServer } from '../src/index.js';
import { listen, shut, connect, exchange, pair, parseResponses, until, bounded } from './harness.js';

const up = suite('upgrade');

up('upgrade: listener gets req, socket and head; HTTP lets go of the socket', async () => {
  const server = createServer((_req, res) => res.end('http'));
  server.on('upgrade', (req, socket, head) => {
    socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\n`);
    socket.write(`head=${head.toString()};url=${req.url};`);
    socket.on('data', (d: Buffer) => socket.write(d.toString().toUpperCase()));
    // The socket is ours now: a half-closed peer is ours to close (HTTP let go of it).
    socket.on('end', () => socket.end());
  });
  const port = await listen(server);
  const socket = await connect(port);
  let text = '';
  socket.on('data', (d) => (text += d));
  socket.write('GET /chat HTTP/1.1\r\nHost: x\r\nUpgrade: echo\r\nConnection: Upgrade\r\n\r\nfirst');
  await bounded(until(() => text.includes('url=/chat;')));
  assert.match(text, /^HTTP\/1\.1 101 Switching Protocols/);
  assert.match(text, /head=first;/);
  socket.write('GET / HTTP/1.1\r\n\r\n'); // not HTTP any more: echoed
  await bounded(until(() => text.includes('GET / HTTP/1.1\r\n\r\n'.toUpperCase())));
  socket.destroy();
  await shut(server);
});

up('CONNECT: listener gets the socket and the bytes after the head', async () => {
  const server = createServer();
  server.on('connect', (req, socket, head) => {
    socket.end(`HTTP/1.1 200 Connection Established\r\n\r\n${req.url}|${head.toString()}`);
  });
  const port = await listen(server);
  const r = await exchange(port, 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\nTLS-BYTES');
  assert.match(r.text, /Connection Established\r\n\r\nexample\.com:443\|TLS-BYTES$/);
  await shut(server);
});

up('CONNECT without a listener: the socket is destroyed (as node:http)', async () => {
  const p = await pair({}, (_req, res) => res.end('x'));
  try {
    for (const port of [p.ourPort, p.nodePort]) {
      const r = await exchange(port, 'CONNECT a:1 HTTP/1.1\r\nHost: a:1\r\n\r\n');
      assert.is(r.text, '');
      assert.ok(r.closed);
    }
  } finally {
    await p.close();
  }
});

up('upgrade without a listener: served as a normal request on a kept-alive connection (as node:http)', async () => {
  const p = await pair({}, (req, res) => res.end(`plain ${req.url} ${String((req as { upgrade?: boolean }).upgrade)}`));
  try {
    for (const port of [p.ourPort, p.nodePort]) {
      const socket = await connect(port);
      let text = '';
      socket.on('data', (d) => (text += d));
      socket.write('GET /1 HTTP/1.1\r\nHost: x\r\nUpgrade: foo\r\nConnection: upgrade\r\n\r\n');
      await bounded(until(() => text.includes('plain /1 false')));
      socket.write('GET /2 HTTP/1.1\r\nHost: x\r\n\r\n');
      await bounded(until(() => text.includes('plain /2 false')));
      assert.equal(parseResponses(text).map((r) => r.status), [200, 200]);
      assert.is(parseResponses(text)[0].headers.connection, 'keep-alive');
      socket.destroy();
    }
  } finally {
    await p.close();
  }
});

up('upgrade without a listener, next request in the same packet: parsed too (node:http drops it)', async () => {
  const server = createServer((req, res) => res.end(`plain ${req.url}`));
  const port = await listen(server);
  const r = await exchange(port, 'GET /1 HTTP/1.1\r\nHost: x\r\nUpgrade: foo\r\nConnection: upgrade\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n\r\n',
    { until: (t) => t.includes('plain /2') });
  assert.equal(parseResponses(r.text).map((x) => x.body), ['plain /1', 'plain /2']);
  await shut(server);
});

up('upgraded sockets are no longer the server\'s: close() does not wait for HTTP on them', async () => {
  const server = createServer();
  let upgraded: import('node:stream').Duplex | undefined;
  server.on('upgrade', (_req, socket) => {
    upgraded = socket;
    socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: x\r\nConnection: Upgrade\r\n\r\n');
  });
  const port = await listen(server);
  const socket = await connect(port);
  socket.write('GET / HTTP/1.1\r\nHost: x\r\nUpgrade: x\r\nConnection: Upgrade\r\n\r\n');
  await bounded(until(() => upgraded !== undefined));
  server.closeIdleConnections();
  assert.is(upgraded!.destroyed, false);
  const closed = once(upgraded!, 'close');
  socket.destroy();
  upgraded!.destroy();
  await closed;
  await shut(server);
});

up.run();
