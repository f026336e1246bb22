// Connection persistence (RFC 9112 §9.3): HTTP/1.1 keeps alive by default,
// HTTP/1.0 only when asked; `Connection: close` from either side ends the
// connection after the response; maxRequestsPerSocket answers 503 beyond
// its limit; keepAliveTimeout closes idle sockets; requireHostHeader.
// Raw exchanges are run against node:http too and compared.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import http from 'node:http';
import { once } from 'node:events';
import { createServer } from '../src/index.js';
import { parserStats } from '../src/parsers.js';
import { listen, shut, exchange, parseResponses, pair, request, bounded, connect, until } from './harness.js';

const ka = suite('keep-alive');

const hello = ((req: http.IncomingMessage, res: http.ServerResponse): void => {
  const body = `hello ${req.url}`;
  // An explicit length: HTTP/1.0 has no chunked, so only this lets it persist.
  res.setHeader('Content-Length', Buffer.byteLength(body));
  res.end(body);
}) as never; // one listener for node:http and ours

// [name, raw request bytes, expected: closed by server?, statuses, connection header of the last response]
const rows: [string, string, boolean, number[], string | undefined][] = [
  ['HTTP/1.1 keeps alive', 'GET /a HTTP/1.1\r\nHost: x\r\n\r\n', false, [200], 'keep-alive'],
  ['HTTP/1.1 Connection: close', 'GET /a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', true, [200], 'close'],
  ['HTTP/1.0 closes by default', 'GET /a HTTP/1.0\r\n\r\n', true, [200], 'close'],
  ['HTTP/1.0 keep-alive when asked', 'GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n', false, [200], 'keep-alive'],
  ['two requests, second closes', 'GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', true, [200, 200], 'close'],
  ['HTTP/1.1 without Host is 400 and closes', 'GET /a HTTP/1.1\r\n\r\n', true, [400], 'close'],
  ['HTTP/1.0 without Host is fine', 'GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n', false, [200], 'keep-alive'],
];

for (const [name, raw, closes, statuses, connection] of rows) {
  ka(`${name} (same as node:http)`, async () => {
    const p = await pair({}, hello);
    try {
      const until = (t: string) => parseResponses(t).length === statuses.length && !closes;
      for (const port of [p.ourPort, p.nodePort]) {
        const who = port === p.ourPort ? 'ours' : 'node';
        const r = await exchange(port, raw, { until, ms: 3000 });
        const responses = parseResponses(r.text);
        assert.equal(responses.map((x) => x.status), statuses, `${who} statuses`);
        assert.is(r.closed, closes, `${who} closed`);
        assert.is(responses[responses.length - 1].headers.connection, connection, `${who} connection header`);
      }
    } finally {
      await p.close();
    }
  });
}

ka('the response saying Connection: close ends the connection', async () => {
  const server = createServer((req, res) => {
    res.setHeader('Connection', 'close');
    res.end('bye');
  });
  const port = await listen(server);
  const r = await exchange(port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n\r\n');
  assert.ok(r.closed);
  assert.is(parseResponses(r.text).length, 1);
  await shut(server);
});

ka('Node\'s Agent reuses the connection', async () => {
  const server = createServer(hello);
  const port = await listen(server);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const a = await request(port, { agent, path: '/1' });
  const b = await request(port, { agent, path: '/2' });
  const c = await request(port, { agent, path: '/3', method: 'POST', body: 'x'.repeat(100000) });
  assert.is(a.body, 'hello /1');
  assert.is(b.body, 'hello /2');
  assert.is(c.body, 'hello /3');
  assert.is(a.reused, false);
  assert.is(b.reused, true);
  assert.is(c.reused, true);
  assert.is(b.headers['keep-alive'], 'timeout=5');
  agent.destroy();
  await shut(server);
});

ka('maxRequestsPerSocket: the last allowed request is answered with Connection: close', async () => {
  // (node:http 20 announces the same, then leaves the connection open when a
  // third request was pipelined: its queued 503 keeps it alive; ours closes.)
  const server = createServer(hello);
  server.maxRequestsPerSocket = 2;
  const port = await listen(server);
  try {
    const raw = 'GET /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n\r\nGET /3 HTTP/1.1\r\nHost: x\r\n\r\n';
    {
      const r = await exchange(port, raw, { ms: 3000 });
      const responses = parseResponses(r.text);
      assert.equal(responses.map((x) => x.status), [200, 200], `${port} statuses`);
      assert.is(responses[0].headers['keep-alive'], 'timeout=5, max=2');
      assert.is(responses[1].headers.connection, 'close');
      assert.ok(r.closed);
    }
  } finally {
    await shut(server);
  }
});

ka('maxRequestsPerSocket: a request beyond the limit gets 503 and dropRequest', async () => {
  const dropped: string[] = [];
  const server = createServer({ maxRequestsPerSocket: 1 }, hello);
  server.on('dropRequest', (req) => dropped.push(req.url));
  const port = await listen(server);
  // The parser reads both before the first response is written (pipelined).
  const r = await exchange(port, 'GET /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n\r\n', { ms: 3000 });
  const statuses = parseResponses(r.text).map((x) => x.status);
  assert.is(statuses[0], 200);
  if (statuses.length > 1) {
    assert.is(statuses[1], 503);
    assert.equal(dropped, ['/2']);
  }
  assert.ok(r.closed);
  await shut(server);
});

ka('keepAliveTimeout closes an idle connection (and it is announced)', async () => {
  const server = createServer({ keepAliveTimeout: 50 }, hello);
  const port = await listen(server);
  const socket = await connect(port);
  let text = '';
  socket.on('data', (d) => (text += d));
  socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
  await bounded(once(socket, 'close'), 5000, 'idle close');
  assert.match(text, /Keep-Alive: timeout=0/); // 50 ms rounds down to 0 s, as Node
  assert.is(parseResponses(text)[0].status, 200);
  await shut(server);
});

ka('a new request on a keep-alive connection cancels the idle timer', async () => {
  // The idle timer is keepAliveTimeout + 1 s (Node's margin): 1.1 s here. The
  // slow response ends later than that, so a timer left running would kill it.
  const server = createServer({ keepAliveTimeout: 100 }, (req, res) => {
    if (req.url === '/slow') setTimeout(() => res.end('late'), 1500);
    else res.end('ok');
  });
  const port = await listen(server);
  const socket = await connect(port);
  let text = '';
  socket.on('data', (d) => (text += d));
  socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
  await until(() => text.includes('ok'));
  socket.write('GET /slow HTTP/1.1\r\nHost: x\r\n\r\n');
  await until(() => text.includes('late') || socket.destroyed);
  assert.ok(text.includes('late'));
  socket.destroy();
  await shut(server);
});

ka('requireHostHeader: false lets HTTP/1.1 without Host through', async () => {
  const server = createServer({ requireHostHeader: false }, hello);
  const port = await listen(server);
  const r = await exchange(port, 'GET /a HTTP/1.1\r\n\r\n', { until: (t) => t.includes('hello /a') });
  assert.is(parseResponses(r.text)[0].status, 200);
  await shut(server);
});

ka('idle keep-alive connections hold no parser; their next request takes one again', async () => {
  const server = createServer(hello);
  const port = await listen(server);
  const before = parserStats().inUse;
  const n = 20;
  const sockets = await Promise.all(Array.from({ length: n }, () => connect(port)));
  try {
    const texts = sockets.map(() => '');
    sockets.forEach((s, i) => s.on('data', (d) => (texts[i] += d)));
    // A connection holds a parser from its start …
    await bounded(until(() => parserStats().inUse === before + n), 5000, 'a parser per connection');
    sockets.forEach((s, i) => s.write(`GET /first${i} HTTP/1.1\r\nHost: x\r\n\r\n`));
    await bounded(until(() => texts.every((t) => parseResponses(t).length === 1)));
    // … and gives it back once its response is done and it waits (keep-alive).
    await bounded(until(() => parserStats().inUse === before), 5000, 'parsers back in the pool');
    // The next request, split mid-head, takes one again and keeps what it read.
    sockets.forEach((s, i) => s.write(`GET /second${i} HT`));
    await bounded(until(() => parserStats().inUse === before + n), 5000, 'parsers taken again');
    sockets.forEach((s) => s.write('TP/1.1\r\nHost: x\r\n\r\n'));
    await bounded(until(() => texts.every((t) => parseResponses(t).length === 2)));
    texts.forEach((t, i) => assert.is(parseResponses(t)[1].body, `hello /second${i}`));
  } finally {
    for (const s of sockets) s.destroy();
    await shut(server);
  }
  assert.is(parserStats().inUse, before);
});

ka.run();
