// Express 5, unmodified, on node:http and on our server side by side: body
// parsers, redirects, cookies, express.static (ETag, 304, ranges), errors,
// streamed responses and HEAD. Each row is a request and what both servers
// must answer; then ours must answer exactly what node:http answers (all
// headers but Date, and the raw bytes on a fresh connection).
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import express, { type ErrorRequestHandler } from 'express';
import { startListenerPair, startSide, send, bounded, IMPLS, registerRows, registerRawRows, runRow, watchdog, takeUncaught, rawSend, serialize, maskClock, type Pair, type Row, type RawRow, throwUncaught } from './fixtures/frameworks-side-by-side.js';

watchdog();

const staticDir = fileURLToPath(new URL('./fixtures/frameworks-static/', import.meta.url));
const EXPIRES = new Date(Date.UTC(2030, 0, 2, 3, 4, 5));
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

const bigBody = Buffer.alloc(1024 * 1024, 'express! ');

/** The same app for both servers. */
function makeApp(): express.Express {
  const app = express();
  app.post('/json', express.json({ limit: '1kb' }), (req, res) => {
    res.json({ got: req.body, contentType: req.headers['content-type'] });
  });
  app.post('/form', express.urlencoded({ extended: false }), (req, res) => res.json(req.body));
  app.post('/text', express.text(), (req, res) => res.type('text').send(`len=${(req.body as string).length}`));
  app.get('/redirect', (_req, res) => res.redirect('/target'));
  app.get('/redirect-301', (_req, res) => res.redirect(301, 'https://example.com/moved?x=1'));
  app.get('/cookie/set', (_req, res) => {
    res.cookie('session', 'abc123', { httpOnly: true, expires: EXPIRES, sameSite: 'lax' });
    res.cookie('prefs', { theme: 'dark' }, { path: '/app', secure: true });
    res.clearCookie('old');
    res.send('cookies set');
  });
  app.get('/cookie/read', (req, res) => {
    const jar: Record<string, string> = {};
    for (const part of (req.headers.cookie ?? '').split(';')) {
      const i = part.indexOf('=');
      if (i > 0) jar[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
    }
    res.json(jar);
  });
  app.get('/query', (req, res) => res.json(req.query));
  app.get('/params/:id', (req, res) => res.json({ id: req.params.id, path: req.path, originalUrl: req.originalUrl }));
  app.get('/headers', (_req, res) => {
    res.set({ 'X-One': '1', 'Cache-Control': 'no-store' });
    res.append('Vary', 'Accept').append('Vary', 'Origin');
    res.append('X-List', ['a', 'b']);
    res.status(201).send('<p>html</p>');
  });
  app.get('/req-info', (req, res) => {
    res.json({ ip: req.ip, protocol: req.protocol, secure: req.secure, hostname: req.hostname, xhr: req.xhr, path: req.path, httpVersion: req.httpVersion, complete: req.complete });
  });
  app.get('/big', (_req, res) => res.send(bigBody));
  app.get('/format', (_req, res) => {
    res.format({ 'text/plain': () => res.send('plain'), 'application/json': () => res.json({ format: 'json' }) });
  });
  app.get('/buffer', (_req, res) => res.send(Buffer.from([0, 1, 2, 253, 254, 255])));
  app.get('/no-content', (_req, res) => res.sendStatus(204));
  app.get('/teapot', (_req, res) => res.sendStatus(418));
  app.get('/json-get', (_req, res) => res.json({ hello: 'world' }));
  app.get('/stream', async (_req, res) => {
    res.type('text/plain');
    res.write('first,');
    await tick();
    res.write('second,');
    await tick();
    res.end('third');
  });
  app.get('/stream-length', async (_req, res) => {
    res.setHeader('Content-Length', '10');
    res.write('01234');
    await tick();
    res.end('56789');
  });
  app.get('/file', (_req, res) => res.sendFile('hello.txt', { root: staticDir }));
  app.get('/download', (_req, res) => res.download(`${staticDir}data.json`, 'report.json'));
  app.get('/boom', () => {
    throw new Error('boom');
  });
  app.get('/async-boom', async () => {
    await tick();
    throw Object.assign(new Error('async boom'), { status: 503 });
  });
  // A mounted sub-app: Express sets the sub-app's own request/response
  // prototypes on req/res while it handles them (mounted_app, 'mount').
  const admin = express();
  admin.get('/users/:id', (req, res) => res.status(202).json({ user: req.params.id, baseUrl: req.baseUrl, inherits: req.app === admin }));
  app.use('/admin', admin);
  app.use('/static', express.static(staticDir));
  const onError: ErrorRequestHandler = (err, _req, res, _next) => {
    const status = typeof err.status === 'number' ? err.status : 500;
    res.status(status).json({ error: err.message, type: err.type ?? null });
  };
  app.use(onError);
  return app;
}

/** serve-static's weak ETag: size and mtime in hex (the `etag` package's form for fs.Stats). */
function staticEtag(file: string): string {
  const st = statSync(`${staticDir}${file}`);
  return `W/"${st.size.toString(16)}-${st.mtime.getTime().toString(16)}"`;
}

const helloEtag = staticEtag('hello.txt');
const helloLastModified = statSync(`${staticDir}hello.txt`).mtime.toUTCString();

const json = (value: unknown) => ({ 'Content-Type': 'application/json' as const, body: JSON.stringify(value) });

const rows: Row[] = [
  // ---- body parsers
  {
    name: 'express.json parses a JSON body',
    req: { method: 'POST', path: '/json', headers: { 'Content-Type': 'application/json' }, body: json({ a: 1, list: [true, null, 'x'] }).body },
    expect: { status: 200, headers: { 'content-type': 'application/json; charset=utf-8', 'x-powered-by': 'Express', etag: /^W\/"/ }, json: { got: { a: 1, list: [true, null, 'x'] }, contentType: 'application/json' } },
  },
  {
    name: 'express.json with a charset and unicode',
    req: { method: 'POST', path: '/json', headers: { 'Content-Type': 'application/json; charset=utf-8' }, body: '{"name":"Zoë ✓ 🚀"}' },
    expect: { status: 200, json: { got: { name: 'Zoë ✓ 🚀' }, contentType: 'application/json; charset=utf-8' } },
  },
  {
    name: 'express.json rejects malformed JSON with 400',
    req: { method: 'POST', path: '/json', headers: { 'Content-Type': 'application/json' }, body: '{"a":' },
    expect: { status: 400, headers: { 'content-type': 'application/json; charset=utf-8' } },
    check: (r) => assert.is(JSON.parse(r.text).type, 'entity.parse.failed'),
  },
  {
    name: 'express.json rejects a body over its limit with 413',
    req: { method: 'POST', path: '/json', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ pad: 'x'.repeat(2048) }) },
    expect: { status: 413, json: { error: 'request entity too large', type: 'entity.too.large' } },
  },
  {
    name: 'express.json ignores another content-type',
    req: { method: 'POST', path: '/json', headers: { 'Content-Type': 'text/plain' }, body: '{"a":1}' },
    expect: { status: 200, json: { contentType: 'text/plain' } },
  },
  {
    name: 'express.urlencoded parses a form',
    req: { method: 'POST', path: '/form', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: 'name=Ada+Lovelace&lang=en&empty=&enc=%C3%A9%26' },
    expect: { status: 200, json: { name: 'Ada Lovelace', lang: 'en', empty: '', enc: 'é&' } },
  },
  {
    name: 'express.text reads a larger body',
    req: { method: 'POST', path: '/text', headers: { 'Content-Type': 'text/plain' }, body: 'y'.repeat(50_000) },
    expect: { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'len=50000' },
  },
  // ---- routing basics
  {
    name: 'query string',
    req: { path: '/query?a=1&b=two&b=three&c=%20sp' },
    expect: { status: 200, json: { a: '1', b: ['two', 'three'], c: ' sp' } },
  },
  {
    name: 'route params',
    req: { path: '/params/42?x=y' },
    expect: { status: 200, json: { id: '42', path: '/params/42', originalUrl: '/params/42?x=y' } },
  },
  {
    name: 'res.set, res.append and status 201',
    req: { path: '/headers' },
    expect: { status: 201, headers: { 'x-one': '1', 'cache-control': 'no-store', vary: 'Accept, Origin', 'x-list': 'a, b', 'content-type': 'text/html; charset=utf-8', 'content-length': '11' }, body: '<p>html</p>' },
  },
  {
    name: 'res.send(Buffer) is application/octet-stream',
    req: { path: '/buffer' },
    expect: { status: 200, headers: { 'content-type': 'application/octet-stream', 'content-length': '6' }, body: Buffer.from([0, 1, 2, 253, 254, 255]) },
  },
  {
    name: 'res.sendStatus(204) sends no body and no framing',
    req: { path: '/no-content' },
    expect: { status: 204, headers: { 'content-length': null, 'transfer-encoding': null }, body: '' },
  },
  {
    name: 'res.sendStatus(418)',
    req: { path: '/teapot' },
    expect: { status: 418, body: "I'm a Teapot" },
  },
  {
    // req.complete: node:http emits 'request' before the (empty) body's end is parsed.
    name: 'req.ip, protocol, hostname, xhr',
    req: { path: '/req-info', headers: { 'X-Requested-With': 'XMLHttpRequest' } },
    expect: { status: 200, json: { ip: '127.0.0.1', protocol: 'http', secure: false, hostname: '127.0.0.1', xhr: true, path: '/req-info', httpVersion: '1.1', complete: false } },
  },
  {
    name: 'a 1 MiB response (backpressure)',
    req: { path: '/big' },
    expect: { status: 200, headers: { 'content-length': String(1024 * 1024), 'content-type': 'application/octet-stream' } },
    check: (r) => assert.ok(r.body.equals(bigBody), '1 MiB body intact'),
  },
  {
    name: 'res.format picks JSON',
    req: { path: '/format', headers: { Accept: 'application/json' } },
    expect: { status: 200, headers: { vary: 'Accept' }, json: { format: 'json' } },
  },
  {
    name: 'res.format: 406 when nothing fits',
    req: { path: '/format', headers: { Accept: 'image/png' } },
    expect: { status: 406 },
  },
  {
    name: 'a mounted sub-app',
    req: { path: '/admin/users/7' },
    expect: { status: 202, json: { user: '7', baseUrl: '/admin', inherits: true } },
  },
  // ---- redirects
  {
    name: 'res.redirect: 302 with Location',
    req: { path: '/redirect' },
    expect: { status: 302, headers: { location: '/target', 'content-type': 'text/plain; charset=utf-8' }, body: 'Found. Redirecting to /target' },
  },
  {
    name: 'res.redirect: 302 with an HTML body when HTML is accepted',
    req: { path: '/redirect', headers: { Accept: 'text/html' } },
    expect: { status: 302, headers: { location: '/target', 'content-type': 'text/html; charset=utf-8' }, body: /Redirecting to/ },
  },
  {
    name: 'res.redirect(301, absolute URL)',
    req: { path: '/redirect-301' },
    expect: { status: 301, headers: { location: 'https://example.com/moved?x=1' } },
  },
  // ---- cookies
  {
    name: 'res.cookie with options, a JSON cookie, clearCookie',
    req: { path: '/cookie/set' },
    expect: { status: 200, body: 'cookies set' },
    check: (r) => assert.equal(r.headers['set-cookie'], [
      'session=abc123; Path=/; Expires=Wed, 02 Jan 2030 03:04:05 GMT; HttpOnly; SameSite=Lax',
      'prefs=j%3A%7B%22theme%22%3A%22dark%22%7D; Path=/app; Secure',
      'old=; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT',
    ]),
  },
  {
    name: 'req.headers.cookie read back',
    req: { path: '/cookie/read', headers: { Cookie: 'session=abc123; prefs=j%3A%7B%22theme%22%3A%22dark%22%7D' } },
    expect: { status: 200, json: { session: 'abc123', prefs: 'j:{"theme":"dark"}' } },
  },
  // ---- express.static
  {
    name: 'static file: content-type, etag, last-modified, cache-control',
    req: { path: '/static/hello.txt' },
    expect: { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8', etag: helloEtag, 'last-modified': helloLastModified, 'cache-control': 'public, max-age=0', 'accept-ranges': 'bytes', 'content-length': '21' }, body: 'Hello, static world!\n' },
  },
  {
    name: 'static: index.html for a folder',
    req: { path: '/static/' },
    expect: { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: /index page/ },
  },
  {
    name: 'static: folder without a slash redirects 301',
    req: { path: '/static/sub' },
    expect: { status: 301, headers: { location: '/static/sub/' } },
  },
  {
    name: 'static: nested css file',
    req: { path: '/static/sub/style.css' },
    expect: { status: 200, headers: { 'content-type': 'text/css; charset=utf-8' }, body: 'body { color: red; }\n' },
  },
  {
    name: 'static: 304 on If-None-Match',
    req: { path: '/static/hello.txt', headers: { 'If-None-Match': helloEtag } },
    expect: { status: 304, headers: { etag: helloEtag, 'content-length': null, 'content-type': null }, body: '' },
  },
  {
    name: 'static: 304 on If-Modified-Since',
    req: { path: '/static/hello.txt', headers: { 'If-Modified-Since': helloLastModified } },
    expect: { status: 304, body: '' },
  },
  {
    name: 'static: 200 on a stale If-None-Match',
    req: { path: '/static/hello.txt', headers: { 'If-None-Match': 'W/"stale"' } },
    expect: { status: 200, body: 'Hello, static world!\n' },
  },
  {
    name: 'static: range bytes=0-4 is 206',
    req: { path: '/static/alphabet.txt', headers: { Range: 'bytes=0-4' } },
    expect: { status: 206, headers: { 'content-range': 'bytes 0-4/27', 'content-length': '5' }, body: 'abcde' },
  },
  {
    name: 'static: suffix range bytes=-3',
    req: { path: '/static/alphabet.txt', headers: { Range: 'bytes=-3' } },
    expect: { status: 206, headers: { 'content-range': 'bytes 24-26/27' }, body: 'yz\n' },
  },
  {
    name: 'static: unsatisfiable range is 416',
    req: { path: '/static/alphabet.txt', headers: { Range: 'bytes=100-200' } },
    expect: { status: 416, headers: { 'content-range': 'bytes */27' } },
  },
  {
    name: 'static: HEAD has the headers and no body',
    req: { method: 'HEAD', path: '/static/hello.txt' },
    expect: { status: 200, headers: { 'content-length': '21', etag: helloEtag }, body: '' },
  },
  {
    name: 'static: missing file falls through to 404',
    req: { path: '/static/missing.txt' },
    expect: { status: 404, body: /Cannot GET \/static\/missing.txt/ },
  },
  {
    name: 'res.sendFile',
    req: { path: '/file' },
    expect: { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8', etag: helloEtag }, body: 'Hello, static world!\n' },
  },
  {
    name: 'res.download sets Content-Disposition',
    req: { path: '/download' },
    expect: { status: 200, headers: { 'content-disposition': 'attachment; filename=report.json', 'content-type': 'application/json; charset=utf-8' }, json: { name: 'purehttp', static: true } },
  },
  // ---- errors
  {
    name: 'a thrown error becomes 500 through the error handler',
    req: { path: '/boom' },
    expect: { status: 500, json: { error: 'boom', type: null } },
  },
  {
    name: 'a rejected async handler reaches the error handler',
    req: { path: '/async-boom' },
    expect: { status: 503, json: { error: 'async boom', type: null } },
  },
  {
    name: 'unknown route is 404 from finalhandler',
    req: { path: '/nope' },
    expect: { status: 404, headers: { 'content-security-policy': "default-src 'none'", 'x-content-type-options': 'nosniff', 'content-type': 'text/html; charset=utf-8' }, body: /Cannot GET \/nope/ },
  },
  {
    name: 'unknown method on a known path is 404',
    req: { method: 'DELETE', path: '/json-get' },
    expect: { status: 404, body: /Cannot DELETE \/json-get/ },
  },
  // ---- streaming and HEAD
  {
    name: 'res.write chunks are sent chunked',
    req: { path: '/stream' },
    expect: { status: 200, headers: { 'transfer-encoding': 'chunked', 'content-length': null }, body: 'first,second,third' },
  },
  {
    name: 'res.write with a Content-Length is not chunked',
    req: { path: '/stream-length' },
    expect: { status: 200, headers: { 'transfer-encoding': null, 'content-length': '10' }, body: '0123456789' },
  },
  {
    name: 'HEAD on a GET route: headers with Content-Length, no body',
    req: { method: 'HEAD', path: '/json-get' },
    expect: { status: 200, headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': '17' }, body: '' },
  },
  {
    name: 'HEAD on a streamed route',
    req: { method: 'HEAD', path: '/stream' },
    expect: { status: 200, body: '' },
  },
];

const rawRows: RawRow[] = [
  {
    name: 'HTTP/1.0 streamed response: close-delimited, no chunked',
    bytes: (host) => `GET /stream HTTP/1.0\r\nHost: ${host}\r\n\r\n`,
    expect: /^HTTP\/1\.1 200 OK\r\n[^]*\r\n\r\nfirst,second,third$/,
  },
  {
    name: 'chunked JSON upload to express.json',
    bytes: (host) => `POST /json HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n` +
      `4\r\n{"a"\r\n3\r\n:42\r\n1\r\n}\r\n0\r\n\r\n`,
    expect: /\{"got":\{"a":42\},"contentType":"application\/json"\}$/,
  },
];

let pair: Pair;
const test = suite('Express 5 side by side');
test.before(async () => {
  pair = await startListenerPair(makeApp);
});
test.after(async () => {
  await pair?.close();
});

// express/lib/application.js handle(): Object.setPrototypeOf(req, app.request)
// and (res, app.response); those inherit http.IncomingMessage.prototype and
// http.ServerResponse.prototype, node:http's, whichever server made req/res.
for (const wrapped of [false, true]) test(`req/res keep working after Express swaps their prototypes for node:http-based ones (${wrapped ? 'app called from a wrapper listener' : 'createServer(app)'})`, async () => {
  for (const impl of IMPLS) {
    let probe!: (result: string) => void;
    const seen = new Promise<string>((resolve) => (probe = resolve));
    const app = express();
    app.use((req, res) => {
      try {
        res.setHeader('X-Probe', '1');
        probe(`host=${req.headers.host !== undefined} probe=${res.getHeader('x-probe')} headersSent=${res.headersSent}`);
        res.end('probe');
      } catch (err) {
        probe(`${(err as Error).name}: ${(err as Error).message}`);
      }
    });
    const side = await startSide(impl, (_impl, mod) => mod.createServer(wrapped ? (req, res) => app(req, res) : app));
    try {
      void send(side, { path: '/' }).catch(() => {});
      assert.is(await bounded(seen, `${impl}: probe`), 'host=true probe=1 headersSent=false',
        `${impl}: res.setHeader/getHeader after Express's Object.setPrototypeOf(res, app.response)`);
    } finally {
      await side.close();
      takeUncaught(); // a broken probe's aftermath (the assertion above says why)
    }
  }
});

test('one app instance on node:http and on our server at once (the prototype bridge serves both)', async () => {
  const app = makeApp();
  const node = await startSide('node', (_impl, mod) => mod.createServer(app));
  const ours = await startSide('ours', (_impl, mod) => mod.createServer((req, res) => app(req, res)));
  try {
    for (const side of [node, ours, node, ours]) {
      const reply = await send(side, { method: 'POST', path: '/json', headers: { 'Content-Type': 'application/json' }, body: '{"a":1}' });
      assert.is(reply.status, 200, side.impl);
      assert.equal(JSON.parse(reply.body.toString()), { got: { a: 1 }, contentType: 'application/json' }, side.impl);
      const redirect = await send(side, { path: '/redirect' });
      assert.is(redirect.headers.location, '/target', side.impl);
    }
  } finally {
    await node.close();
    await ours.close();
  }
});

registerRows(test, rows, () => pair);
registerRawRows(test, rawRows, () => pair);

test('pipelined requests in one write: the same bytes back, in order', async () => {
  const host = `127.0.0.1:${pair.node.port}`;
  const bytes = Buffer.concat([
    serialize({ path: '/json-get', headers: { Connection: 'keep-alive' } }, host),
    serialize({ method: 'POST', path: '/form', headers: { 'Content-Type': 'application/x-www-form-urlencoded', Connection: 'keep-alive' }, body: 'a=1&b=2' }, host),
    serialize({ path: '/stream', headers: { Connection: 'keep-alive' } }, host),
    serialize({ method: 'HEAD', path: '/static/hello.txt', headers: { Connection: 'keep-alive' } }, host),
    serialize({ path: '/static/alphabet.txt', headers: { Range: 'bytes=2-3' } }, host), // Connection: close
  ]);
  const node = maskClock(await rawSend(pair.node, bytes, 'node pipelined'));
  const mine = maskClock(await rawSend(pair.ours, bytes, 'ours pipelined'));
  assert.is((node.match(/HTTP\/1\.1 \d{3} /g) ?? []).length, 5, `node: five responses in:\n${node}`);
  assert.is(mine, node, 'ours vs node: the whole pipelined exchange');
});

test('keep-alive: the same connections were opened on both servers', async () => {
  await runRow(pair, { name: 'one more on the kept connection', req: { path: '/json-get' }, expect: { status: 200, json: { hello: 'world' } }, noRaw: true });
  assert.is(pair.ours.connections, pair.node.connections, 'connection counts: ours vs node');
  // One fresh connection per raw comparison, plus the kept-alive ones.
  assert.ok(pair.ours.connections < 2 * rows.length, 'most rows reused the kept-alive connection');
});

test('no exception escaped into a server callback', () => throwUncaught('after all tests'));

test.run();
