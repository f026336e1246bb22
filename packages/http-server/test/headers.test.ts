// req.headers from repeated field lines: Node's rules (set-cookie an array,
// cookie joined with "; ", single-valued fields keep the first, the rest
// joined with ", "; joinDuplicateHeaders joins all), checked as a table and
// side by side with node:http on the same raw bytes; plus rawHeaders,
// headersDistinct and maxHeadersCount.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type http from 'node:http';
import { buildHeaders } from '../src/headers.js';
import { createServer } from '../src/index.js';
import { listen, shut, exchange, pair, parseResponses } from './harness.js';

const h = suite('headers');

// [name, raw lines, expected headers]
const rows: [string, [string, string][], Record<string, string | string[]>][] = [
  ['set-cookie is an array', [['Set-Cookie', 'a=1'], ['set-cookie', 'b=2']], { 'set-cookie': ['a=1', 'b=2'] }],
  ['cookie joined with "; "', [['Cookie', 'a=1'], ['Cookie', 'b=2']], { cookie: 'a=1; b=2' }],
  ['list field joined with ", "', [['Accept', 'a'], ['ACCEPT', 'b']], { accept: 'a, b' }],
  ['unknown field joined', [['X-Foo', '1'], ['x-foo', '2']], { 'x-foo': '1, 2' }],
  ...(['content-type', 'content-length', 'user-agent', 'referer', 'host', 'authorization', 'proxy-authorization',
    'if-modified-since', 'if-unmodified-since', 'from', 'location', 'max-forwards', 'retry-after', 'etag',
    'last-modified', 'server', 'age', 'expires'].map((name): [string, [string, string][], Record<string, string>] =>
    [`${name} keeps the first`, [[name, 'first'], [name.toUpperCase(), 'second']], { [name]: 'first' }])),
];

for (const [name, lines, expected] of rows) {
  h(`rule: ${name}`, () => {
    const got = buildHeaders(lines.flat(), lines.length * 2, false);
    assert.equal({ ...got }, expected);
    assert.is(Object.getPrototypeOf(got), null);
  });
}

h('joinDuplicateHeaders joins single-valued fields too', () => {
  assert.equal({ ...buildHeaders(['Host', 'a', 'host', 'b', 'Set-Cookie', 'x'], 6, true) }, { host: 'a, b', 'set-cookie': ['x'] });
});

h('over the wire, the same headers as node:http', async () => {
  const echo = (req: http.IncomingMessage, res: http.ServerResponse) =>
    res.end(JSON.stringify({ headers: { ...req.headers }, raw: req.rawHeaders, distinct: { ...req.headersDistinct } }));
  const raw = 'GET / HTTP/1.1\r\nHost: x\r\nHost: y\r\nCookie: a=1\r\nCookie: b=2\r\nSet-Cookie: s=1\r\nSet-Cookie: s=2\r\n' +
    'Accept: a\r\naccept: b\r\nContent-Type: text/a\r\ncontent-type: text/b\r\nX-Custom:  spaced  \r\nAuthorization: one\r\nAuthorization: two\r\n\r\n';
  for (const joinDuplicateHeaders of [false, true]) {
    // Two Host lines: refused by default (strictHost, RFC 9110 §7.2); relaxed here to compare the joining rules.
    const p = await pair({ joinDuplicateHeaders, strictHost: false }, echo);
    try {
      const [a, b] = await Promise.all([p.ourPort, p.nodePort].map((port) => exchange(port, raw, { until: (t) => parseResponses(t).length === 1 })));
      assert.equal(JSON.parse(parseResponses(a.text)[0].body), JSON.parse(parseResponses(b.text)[0].body), `joinDuplicateHeaders ${joinDuplicateHeaders}`);
    } finally {
      await p.close();
    }
  }
});

h('maxHeadersCount caps the lines kept', async () => {
  const server = createServer((req, res) => res.end(String(Object.keys(req.headers).length))); // rawHeaders keeps all, as Node
  server.maxHeadersCount = 3;
  const port = await listen(server);
  let raw = 'GET / HTTP/1.1\r\nHost: x\r\n';
  for (let i = 0; i < 10; i++) raw += `X-${i}: ${i}\r\n`;
  const r = await exchange(port, raw + '\r\n', { until: (t) => parseResponses(t).length === 1 });
  assert.is(parseResponses(r.text)[0].body, '3');
  await shut(server);
});

h('uniqueHeaders: a list value goes out as one line', async () => {
  const server = createServer({ uniqueHeaders: ['x-one'] }, (_req, res) => {
    res.setHeader('X-One', ['a', 'b']);
    res.setHeader('X-Many', ['a', 'b']);
    res.end();
  });
  const port = await listen(server);
  const r = await exchange(port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n', { until: (t) => t.includes('\r\n\r\n') });
  assert.match(r.text, /X-One: a; b\r\n/);
  assert.match(r.text, /X-Many: a\r\nX-Many: b\r\n/);
  await shut(server);
});

h('rejectNonStandardBodyWrites: a body on HEAD / 204 throws ERR_HTTP_BODY_NOT_ALLOWED', async () => {
  const codes: string[] = [];
  const server = createServer({ rejectNonStandardBodyWrites: true }, (req, res) => {
    if (req.url === '/204') res.statusCode = 204;
    try {
      res.write('x');
    } catch (e) {
      codes.push((e as { code: string }).code);
    }
    res.end();
  });
  const port = await listen(server);
  await exchange(port, 'HEAD / HTTP/1.1\r\nHost: x\r\n\r\nGET /204 HTTP/1.1\r\nHost: x\r\n\r\nGET /ok HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  assert.equal(codes, ['ERR_HTTP_BODY_NOT_ALLOWED', 'ERR_HTTP_BODY_NOT_ALLOWED']);
  await shut(server);
});

h('insecureHTTPParser lets lenient input through', async () => {
  const raw = 'GET / HTTP/1.1\r\nHost: x\r\nX: a\x01b\r\n\r\n';
  for (const insecureHTTPParser of [false, true]) {
    const server = createServer({ insecureHTTPParser }, (_req, res) => res.end('ok'));
    const port = await listen(server);
    const r = await exchange(port, raw, { until: (t) => t.includes('\r\n\r\n') });
    assert.is(parseResponses(r.text)[0].status, insecureHTTPParser ? 200 : 400);
    await shut(server);
  }
});

h.run();
