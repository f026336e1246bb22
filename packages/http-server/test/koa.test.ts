// Koa 3, unmodified: app.callback() mounted on node:http and on our server
// side by side. ctx.body as string, JSON, Buffer and stream; status codes;
// ctx.throw; ctx.cookies; a request body read from the raw request stream.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import Koa from 'koa';
import { startListenerPair, registerRows, registerRawRows, watchdog, type Pair, type Row, type RawRow, throwUncaught } from './fixtures/frameworks-side-by-side.js';

watchdog();

const staticDir = fileURLToPath(new URL('./fixtures/frameworks-static/', import.meta.url));
const EXPIRES = new Date(Date.UTC(2031, 5, 6, 7, 8, 9));
const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

async function* slowParts(): AsyncGenerator<string> {
  for (const part of ['alpha ', 'beta ', 'gamma']) {
    await tick();
    yield part;
  }
}

const bigBody = Buffer.alloc(2 * 1024 * 1024, 'koa-koa! ');

function makeApp(): Koa {
  const app = new Koa();
  app.silent = true; // a 500 row would print its stack otherwise
  app.use(async (ctx, next) => {
    await next();
    ctx.set('X-Middleware', 'outer');
  });
  app.use(async (ctx, next) => {
    switch (ctx.path) {
      case '/string': ctx.body = 'hello koa'; return;
      case '/html': ctx.body = '<h1>koa</h1>'; return;
      case '/json': ctx.body = { framework: 'koa', list: [1, 2, 3], nested: { ok: true } }; return;
      case '/buffer': ctx.body = Buffer.from('raw bytes'); return;
      case '/big': ctx.body = bigBody; return;
      case '/big-stream':
        ctx.type = 'application/octet-stream';
        ctx.body = Readable.from((function* () {
          for (let i = 0; i < 32; i++) yield bigBody.subarray(i * 65536, (i + 1) * 65536);
        })());
        return;
      case '/stream':
        ctx.type = 'text/plain';
        ctx.body = Readable.from(slowParts());
        return;
      case '/file-stream':
        ctx.type = 'text';
        ctx.body = createReadStream(`${staticDir}alphabet.txt`);
        return;
      case '/created':
        ctx.status = 201;
        ctx.body = { id: 7 };
        return;
      case '/empty': ctx.status = 204; return;
      case '/accepted':
        ctx.status = 202;
        ctx.message = 'Queued For Later';
        ctx.body = 'queued';
        return;
      case '/redirect': ctx.redirect('/there'); return;
      case '/throw-400': ctx.throw(400, 'bad input'); return;
      case '/throw-403': ctx.throw(403); return;
      case '/throw-422': ctx.throw(422, 'unprocessable', { expose: true }); return;
      case '/throw-500': throw new Error('secret internals');
      case '/cookies/set':
        ctx.cookies.set('a', '1', { httpOnly: true, expires: EXPIRES, path: '/' });
        ctx.cookies.set('b', 'two', { sameSite: 'strict', httpOnly: false });
        ctx.body = 'set';
        return;
      case '/cookies/get':
        ctx.body = { a: ctx.cookies.get('a') ?? null, b: ctx.cookies.get('b') ?? null, c: ctx.cookies.get('c') ?? null };
        return;
      case '/fresh':
        ctx.set('ETag', '"v1"');
        ctx.status = 200;
        ctx.body = 'fresh body';
        if (ctx.fresh) ctx.status = 304;
        return;
      case '/attachment':
        ctx.attachment('notes.txt');
        ctx.body = 'notes';
        return;
      case '/echo': {
        // The raw request stream, as a body parser would read it.
        const chunks: Buffer[] = [];
        for await (const chunk of ctx.req) chunks.push(chunk as Buffer);
        const body = Buffer.concat(chunks);
        ctx.body = {
          method: ctx.method,
          length: body.length,
          sha256: createHash('sha256').update(body).digest('hex'),
          head: body.subarray(0, 16).toString('latin1'),
          contentType: ctx.get('Content-Type'),
          contentLength: ctx.get('Content-Length'),
        };
        return;
      }
      case '/request-info':
        ctx.body = { method: ctx.method, url: ctx.url, query: ctx.query, host: ctx.host.replace(/:\d+$/, ''), protocol: ctx.protocol, secure: ctx.secure, ips: ctx.ips };
        return;
      default: await next();
    }
  });
  return app;
}

const big = Buffer.alloc(200_000, 'abcdefghij');
const sha = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

const rows: Row[] = [
  {
    name: 'ctx.body string',
    req: { path: '/string' },
    expect: { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8', 'content-length': '9', 'x-middleware': 'outer' }, body: 'hello koa' },
  },
  {
    name: 'ctx.body HTML string',
    req: { path: '/html' },
    expect: { status: 200, headers: { 'content-type': 'text/html; charset=utf-8' }, body: '<h1>koa</h1>' },
  },
  {
    name: 'ctx.body JSON',
    req: { path: '/json' },
    expect: { status: 200, headers: { 'content-type': 'application/json; charset=utf-8' }, json: { framework: 'koa', list: [1, 2, 3], nested: { ok: true } } },
  },
  {
    name: 'ctx.body Buffer',
    req: { path: '/buffer' },
    expect: { status: 200, headers: { 'content-type': 'application/octet-stream', 'content-length': '9' }, body: 'raw bytes' },
  },
  {
    name: 'ctx.body stream: chunked',
    req: { path: '/stream' },
    expect: { status: 200, headers: { 'transfer-encoding': 'chunked', 'content-length': null, 'content-type': 'text/plain; charset=utf-8' }, body: 'alpha beta gamma' },
  },
  {
    name: 'ctx.body file stream',
    req: { path: '/file-stream' },
    expect: { status: 200, headers: { 'transfer-encoding': 'chunked' }, body: 'abcdefghijklmnopqrstuvwxyz\n' },
  },
  {
    name: 'a 2 MiB Buffer body (backpressure)',
    req: { path: '/big' },
    expect: { status: 200, headers: { 'content-length': String(bigBody.length) } },
    check: (r) => assert.ok(r.body.equals(bigBody), '2 MiB body intact'),
  },
  {
    name: 'a 2 MiB stream body, chunked',
    req: { path: '/big-stream' },
    expect: { status: 200, headers: { 'transfer-encoding': 'chunked' } },
    check: (r) => assert.ok(r.body.equals(bigBody), '2 MiB streamed body intact'),
  },
  {
    name: 'HEAD on a string body',
    req: { method: 'HEAD', path: '/string' },
    expect: { status: 200, headers: { 'content-length': '9' }, body: '' },
  },
  {
    name: 'HEAD on a stream body',
    req: { method: 'HEAD', path: '/stream' },
    expect: { status: 200, body: '' },
  },
  {
    name: 'ctx.status 201 with JSON',
    req: { path: '/created' },
    expect: { status: 201, json: { id: 7 } },
  },
  {
    name: 'ctx.status 204: no body, no framing headers',
    req: { path: '/empty' },
    expect: { status: 204, headers: { 'content-length': null, 'transfer-encoding': null, 'content-type': null }, body: '' },
  },
  {
    name: 'custom status message',
    req: { path: '/accepted' },
    expect: { status: 202, body: 'queued' },
  },
  {
    name: 'ctx.redirect',
    req: { path: '/redirect' },
    expect: { status: 302, headers: { location: '/there' }, body: 'Redirecting to /there.' },
  },
  {
    name: 'ctx.throw(400, message) exposes the message',
    req: { path: '/throw-400' },
    expect: { status: 400, headers: { 'content-type': 'text/plain; charset=utf-8' }, body: 'bad input' },
  },
  {
    name: 'ctx.throw(403)',
    req: { path: '/throw-403' },
    expect: { status: 403, body: 'Forbidden' },
  },
  {
    name: 'ctx.throw(422, message, props)',
    req: { path: '/throw-422' },
    expect: { status: 422, body: 'unprocessable' },
  },
  {
    name: 'an uncaught error is 500 without its message',
    req: { path: '/throw-500' },
    expect: { status: 500, body: 'Internal Server Error' },
  },
  {
    name: 'no middleware answers: 404',
    req: { path: '/nothing-here' },
    expect: { status: 404, body: 'Not Found' },
  },
  {
    name: 'ctx.cookies.set',
    req: { path: '/cookies/set' },
    expect: { status: 200, body: 'set' },
    check: (r) => assert.equal(r.headers['set-cookie'], [
      'a=1; path=/; expires=Fri, 06 Jun 2031 07:08:09 GMT; httponly',
      'b=two; path=/; samesite=strict',
    ]),
  },
  {
    name: 'ctx.cookies.get',
    req: { path: '/cookies/get', headers: { Cookie: 'a=1; b=two' } },
    expect: { status: 200, json: { a: '1', b: 'two', c: null } },
  },
  {
    name: 'ctx.fresh: 304 on a matching If-None-Match',
    req: { path: '/fresh', headers: { 'If-None-Match': '"v1"' } },
    expect: { status: 304, headers: { etag: '"v1"', 'content-length': null }, body: '' },
  },
  {
    name: 'ctx.fresh: 200 otherwise',
    req: { path: '/fresh', headers: { 'If-None-Match': '"v0"' } },
    expect: { status: 200, body: 'fresh body' },
  },
  {
    name: 'ctx.attachment',
    req: { path: '/attachment' },
    expect: { status: 200, headers: { 'content-disposition': 'attachment; filename="notes.txt"', 'content-type': 'text/plain; charset=utf-8' }, body: 'notes' },
  },
  {
    name: 'request body read from the raw stream (small)',
    req: { method: 'POST', path: '/echo', headers: { 'Content-Type': 'application/x-custom' }, body: 'hello body' },
    expect: { status: 200, json: { method: 'POST', length: 10, sha256: sha('hello body'), head: 'hello body', contentType: 'application/x-custom', contentLength: '10' } },
  },
  {
    name: 'request body read from the raw stream (200 kB)',
    req: { method: 'PUT', path: '/echo', headers: { 'Content-Type': 'application/octet-stream' }, body: big },
    expect: { status: 200, json: { method: 'PUT', length: big.length, sha256: sha(big), head: 'abcdefghijabcdef', contentType: 'application/octet-stream', contentLength: String(big.length) } },
  },
  {
    name: 'empty POST body',
    req: { method: 'POST', path: '/echo', body: '' },
    expect: { status: 200, json: { method: 'POST', length: 0, sha256: sha(''), head: '', contentType: '', contentLength: '0' } },
  },
  {
    name: 'request info: method, url, query, host, protocol',
    req: { path: '/request-info?x=1&y=%C3%A9' },
    expect: { status: 200, json: { method: 'GET', url: '/request-info?x=1&y=%C3%A9', query: { x: '1', y: 'é' }, host: '127.0.0.1', protocol: 'http', secure: false, ips: [] } },
  },
];

const rawRows: RawRow[] = [
  {
    name: 'HTTP/1.0 stream body: no chunked, close-delimited',
    bytes: (host) => `GET /stream HTTP/1.0\r\nHost: ${host}\r\n\r\n`,
    expect: /^HTTP\/1\.1 200 OK\r\n[^]*\r\n\r\nalpha beta gamma$/,
  },
  {
    name: 'HTTP/1.0 keep-alive, then a close',
    bytes: (host) => `GET /string HTTP/1.0\r\nHost: ${host}\r\nConnection: keep-alive\r\n\r\n` +
      `GET /json HTTP/1.0\r\nHost: ${host}\r\n\r\n`,
    expect: /Connection: keep-alive\r\n[^]*hello koa[^]*"framework":"koa"/,
  },
  {
    name: 'pipelined: POST with a chunked body, a stream, an error, a 204',
    bytes: (host) => `POST /echo HTTP/1.1\r\nHost: ${host}\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n` +
      `GET /stream HTTP/1.1\r\nHost: ${host}\r\n\r\n` +
      `GET /throw-400 HTTP/1.1\r\nHost: ${host}\r\n\r\n` +
      `GET /empty HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`,
    expect: /"length":11[^]*alpha [^]*bad input[^]*HTTP\/1\.1 204 No Content\r\n/,
  },
];

let pair: Pair;
const test = suite('Koa 3 side by side');
test.before(async () => {
  pair = await startListenerPair(() => makeApp().callback());
});
test.after(async () => {
  await pair?.close();
});

registerRows(test, rows, () => pair);
registerRawRows(test, rawRows, () => pair);

test('same connections opened on both servers', () => {
  assert.is(pair.ours.connections, pair.node.connections);
});

test('no exception escaped into a server callback', () => throwUncaught('after all tests'));

test.run();
