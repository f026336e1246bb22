// Request-head checks stricter than node:http where RFC 9112 / RFC 9110 say
// MUST (src/request-checks.ts): Host missing (HTTP/1.1), repeated or invalid;
// the asterisk form with a method other than OPTIONS; an empty
// Transfer-Encoding (the parser's); chunk-extension overflow (400). Each is
// answered 400 with Connection: close and the connection closed, through
// 'clientError' as a parse error is; each has an option to relax it.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Duplex } from 'node:stream';
import { createServer, type ServerOptions } from '../src/index.js';
import { isValidHost } from '../src/request-checks.js';
import { listen, shut, exchange, parseResponses, connect, bounded, sleep } from './harness.js';

const rc = suite('request-checks');

// [Host value, valid?]
const hosts: [string, boolean][] = [
  ['example.com', true],
  ['example.com:8080', true],
  ['127.0.0.1:1', true],
  ['[::1]', true],
  ['[::1]:80', true],
  ['[v1.fe80::a+en1]', true],
  ['xn--bcher-kva.example', true],
  ['a%20b', true],
  ['h:', true], // port = *DIGIT
  ["!$&'()*+;=._~-", true],
  ['', false],
  [':80', false],
  ['a, b', false],
  ['a,b', false], // deliberate: sub-delim, but what a joined list looks like
  ['u@h', false],
  ['h/p', false],
  ['h?q', false],
  ['h#f', false],
  ['h:8o', false],
  ['h:80:81', false],
  ['a b', false],
  ['a\tb', false],
  ['[::1', false],
  ['[]', false],
  ['[::1]x', false],
  ['[::1]:x', false],
  ['a%2', false],
  ['a%zz', false],
  ['h\x00', false],
  ['h\x7f', false],
  ['h\xe9', false],
  ['h\u0130', false],
];

for (const [value, valid] of hosts) {
  rc(`isValidHost(${JSON.stringify(value)}) is ${valid}`, () => {
    assert.is(isValidHost(value), valid);
  });
}

const echo = (req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse): void => {
  req.resume();
  req.on('end', () => res.end(`${req.method} ${req.url}`));
};

// [name, raw request, status with the defaults, options that let it through (200), or null: always refused]
const rows: [string, string, number, ServerOptions | null][] = [
  ['HTTP/1.1 without Host', 'GET / HTTP/1.1\r\n\r\n', 400, { requireHostHeader: false }],
  ['HTTP/1.0 without Host', 'GET / HTTP/1.0\r\n\r\n', 200, {}],
  ['two Host lines', 'GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n', 400, { strictHost: false }],
  ['two Host lines, same value', 'GET / HTTP/1.1\r\nHost: a\r\nhost: a\r\n\r\n', 400, { strictHost: false }],
  ['two Host lines in HTTP/1.0', 'GET / HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n', 400, { strictHost: false }],
  ['empty Host', 'GET / HTTP/1.1\r\nHost:\r\n\r\n', 400, { strictHost: false }],
  ['Host of spaces', 'GET / HTTP/1.1\r\nHost:   \r\n\r\n', 400, { strictHost: false }],
  ['Host list', 'GET / HTTP/1.1\r\nHost: a, b\r\n\r\n', 400, { strictHost: false }],
  ['Host with userinfo', 'GET / HTTP/1.1\r\nHost: u@h\r\n\r\n', 400, { strictHost: false }],
  ['Host with a path', 'GET / HTTP/1.1\r\nHost: h/p\r\n\r\n', 400, { strictHost: false }],
  ['Host with a bad port', 'GET / HTTP/1.1\r\nHost: h:http\r\n\r\n', 400, { strictHost: false }],
  ['valid Host with port', 'GET / HTTP/1.1\r\nHost: h:8080\r\n\r\n', 200, {}],
  ['IPv6 Host', 'GET / HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n', 200, {}],
  ['absolute form with a valid Host', 'GET http://h/x HTTP/1.1\r\nHost: h\r\n\r\n', 200, {}],
  ['GET *', 'GET * HTTP/1.1\r\nHost: h\r\n\r\n', 400, { strictRequestTarget: false }],
  ['POST *', 'POST * HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n', 400, { strictRequestTarget: false }],
  ['OPTIONS *', 'OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n', 200, {}],
  ['empty Transfer-Encoding', 'POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding:\r\n\r\n', 400, null],
  ['Transfer-Encoding of spaces', 'POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding:  \r\n\r\n', 400, null],
  ['chunk extensions over the limit', `POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n1;${'a'.repeat(20000)}\r\n`, 400, null],
];

for (const [name, raw, status, relax] of rows) {
  rc(`${name}: ${status}${status === 400 ? ' with Connection: close, closed' : ''}`, async () => {
    const server = createServer(echo as never);
    const port = await listen(server);
    try {
      const r = await exchange(port, raw, { ms: 3000, until: (t) => status === 200 && parseResponses(t).length === 1 });
      const res = parseResponses(r.text);
      assert.is(res.length, 1, `${name}: ${r.text}`);
      assert.is(res[0].status, status, name);
      if (status === 400) {
        assert.is(res[0].headers.connection, 'close', name);
        assert.ok(r.closed, `${name}: closed`);
      }
    } finally {
      await shut(server);
    }
    if (relax === null || status !== 400) return;
    const relaxed = createServer(relax, echo as never);
    const rport = await listen(relaxed);
    try {
      const r = await exchange(rport, raw, { ms: 3000, until: (t) => parseResponses(t).length === 1 });
      assert.is(parseResponses(r.text)[0]?.status, 200, `${name} with ${JSON.stringify(relax)}: ${r.text}`);
    } finally {
      await shut(relaxed);
    }
  });
}

rc('options and properties: defaults true, validated, settable after creation', async () => {
  const s = createServer();
  assert.is(s.strictHost, true);
  assert.is(s.strictRequestTarget, true);
  assert.is(s.requireHostHeader, true);
  for (const key of ['strictHost', 'strictRequestTarget'] as const) {
    assert.throws(() => createServer({ [key]: 1 } as never), (e: { code: string }) => e.code === 'ERR_INVALID_ARG_TYPE', key);
  }
  const server = createServer(echo as never);
  const port = await listen(server);
  server.strictHost = false;
  server.strictRequestTarget = false;
  const r = await exchange(port, 'GET * HTTP/1.1\r\nHost: u@h\r\nConnection: close\r\n\r\n');
  assert.is(parseResponses(r.text)[0].status, 200);
  await shut(server);
});

rc('a clientError listener gets ERR_HTTP_SERVER_INVALID_REQUEST (reason, status, bytesParsed, rawPacket); no request is emitted', async () => {
  let seen: { code?: string; reason?: string; status?: number; bytesParsed?: number; rawPacket?: Buffer; message: string } | undefined;
  let requests = 0;
  const server = createServer(() => void requests++);
  server.on('clientError', (err, socket: Duplex) => {
    seen = err as typeof seen;
    socket.end('HTTP/1.1 400 Nope\r\nConnection: close\r\n\r\n');
  });
  const port = await listen(server);
  const head = 'GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n';
  const raw = head + 'GET /next HTTP/1.1\r\nHost: a\r\n\r\n';
  const r = await exchange(port, raw);
  assert.is(parseResponses(r.text)[0].statusLine, 'HTTP/1.1 400 Nope');
  assert.is(seen!.code, 'ERR_HTTP_SERVER_INVALID_REQUEST');
  assert.is(seen!.reason, 'Duplicate Host header');
  assert.is(seen!.status, 400);
  assert.is(seen!.bytesParsed, head.length);
  assert.is(seen!.rawPacket!.toString(), raw);
  assert.is(seen!.message, 'Bad Request: Duplicate Host header');
  assert.is(requests, 0, 'neither the refused request nor the one after it reached the handler');
  await shut(server);
});

rc('a refused head after good pipelined ones: the good ones are answered, nothing after it is read', async () => {
  const urls: string[] = [];
  const server = createServer((req, res) => {
    urls.push(req.url!);
    res.end(req.url);
  });
  const port = await listen(server);
  const socket = await connect(port);
  let text = '';
  socket.on('data', (d) => (text += d));
  const closed = new Promise((r) => socket.on('close', r));
  socket.write('GET /1 HTTP/1.1\r\nHost: h\r\n\r\nGET * HTTP/1.1\r\nHost: h\r\n\r\nGET /3 HTTP/1.1\r\nHost: h\r\n\r\n');
  try {
    await bounded(closed);
    assert.equal(parseResponses(text).map((x) => x.status), [200, 400]);
    assert.equal(urls, ['/1']);
  } finally {
    socket.destroy();
    await shut(server);
  }
});

rc('insecureHTTPParser relaxes the parser as before, not these checks', async () => {
  const server = createServer({ insecureHTTPParser: true }, echo as never);
  const port = await listen(server);
  // obs-fold (a lenient-headers case) is still accepted…
  const a = await exchange(port, 'GET /a HTTP/1.1\r\nHost: h\r\nX: a\r\n b\r\nConnection: close\r\n\r\n');
  assert.is(parseResponses(a.text)[0].status, 200);
  // …and Content-Length with Transfer-Encoding (lenient chunked_length)
  const b = await exchange(port, 'POST /b HTTP/1.1\r\nHost: h\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n');
  assert.is(parseResponses(b.text)[0].status, 200);
  // but a duplicate Host is still refused (strictHost is its own option)
  const c = await exchange(port, 'GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n');
  assert.is(parseResponses(c.text)[0].status, 400);
  await sleep(0);
  await shut(server);
});

rc.run();
