// Fastify 5, unmodified: on node:http it creates its own server (the default);
// on ours it gets our server through `serverFactory`, and starts with
// `app.listen()` like any Fastify app. Routes with JSON schemas (validation,
// coercion, response serialisation), POST JSON, 404, reply.code, hooks,
// reply.send(stream), errors, HEAD.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type http from 'node:http';
import net from 'node:net';
import { Readable } from 'node:stream';
import Fastify, { type FastifyInstance, type FastifyServerOptions } from 'fastify';
import { startPair, registerRows, registerRawRows, watchdog, bounded, type HttpModule, type Impl, type Pair, type Row, type RawRow, throwUncaught } from './fixtures/frameworks-side-by-side.js';

watchdog();

const tick = () => new Promise((resolve) => setTimeout(resolve, 5));

/** The routes, registered the same way on both instances. */
function routes(app: FastifyInstance): void {
  app.addHook('onRequest', async (req) => {
    (req as unknown as { seenAt: string }).seenAt = 'onRequest';
  });
  app.addHook('preHandler', async (req, reply) => {
    if (req.url.startsWith('/hooked')) reply.header('X-Pre-Handler', (req as unknown as { seenAt: string }).seenAt);
  });
  app.addHook('onSend', async (req, reply, payload) => {
    if (!req.url.startsWith('/hooked')) return payload;
    reply.header('X-On-Send', 'yes');
    return `${payload as string} (+onSend)`;
  });

  app.get('/hello', {
    schema: {
      response: { 200: { type: 'object', properties: { hello: { type: 'string' }, n: { type: 'integer' } } } },
    },
  }, async () => ({ hello: 'world', n: 3, secret: 'stripped by the response schema' }));

  app.get<{ Params: { id: number } }>('/items/:id', {
    schema: { params: { type: 'object', properties: { id: { type: 'integer' } }, required: ['id'] } },
  }, async (req) => ({ id: req.params.id, type: typeof req.params.id }));

  app.get<{ Querystring: { q: string; limit: number } }>('/search', {
    schema: { querystring: { type: 'object', properties: { q: { type: 'string' }, limit: { type: 'integer', default: 10 } }, required: ['q'] } },
  }, async (req) => ({ q: req.query.q, limit: req.query.limit }));

  app.post<{ Body: { name: string; tags?: string[] } }>('/items', {
    schema: {
      body: {
        type: 'object',
        properties: { name: { type: 'string', minLength: 1 }, tags: { type: 'array', items: { type: 'string' } } },
        required: ['name'],
        additionalProperties: false,
      },
    },
  }, async (req, reply) => {
    reply.code(201).header('Location', `/items/${encodeURIComponent(req.body.name)}`);
    return { created: req.body };
  });

  app.post('/text', async (req, reply) => {
    reply.type('text/plain; charset=utf-8');
    return `got ${String(req.body).length} chars: ${String(req.body).slice(0, 10)}`;
  });

  app.get('/hooked', async () => 'handler');
  app.get('/code', async (_req, reply) => reply.code(418).send('short and stout'));
  app.get('/no-content', async (_req, reply) => reply.code(204).send());
  app.get('/redirect', async (_req, reply) => reply.redirect('/hello'));
  app.get('/redirect-301', async (_req, reply) => reply.redirect('/hello', 301));
  app.get('/string', async () => 'plain string');
  app.get('/buffer', async (_req, reply) => reply.send(Buffer.from('buffer body')));
  app.get('/stream', async (_req, reply) => {
    async function* parts() {
      for (const p of ['one ', 'two ', 'three']) {
        await tick();
        yield Buffer.from(p);
      }
    }
    reply.type('text/plain');
    return reply.send(Readable.from(parts()));
  });
  app.get('/stream-octets', async (_req, reply) => reply.send(Readable.from([Buffer.from([1, 2, 3]), Buffer.from([4, 5])])));
  app.get('/boom', async () => {
    throw new Error('kaboom');
  });
  app.get('/conflict', async () => {
    throw Object.assign(new Error('already exists'), { statusCode: 409 });
  });
  app.get('/headers', async (req, reply) => {
    reply.headers({ 'Cache-Control': 'max-age=60', 'X-Multi': ['a', 'b'] });
    return { ua: req.headers['user-agent'] ?? null, custom: req.headers['x-custom'] ?? null };
  });
  app.get('/raw', (_req, reply) => {
    // Bypass Fastify and use the node:http response directly.
    reply.hijack();
    reply.raw.writeHead(200, { 'Content-Type': 'text/plain', 'X-Raw': '1' });
    reply.raw.end('raw response');
  });
}

/** Fastify on node:http: its own server. On ours: the same settings Fastify applies to its own server (lib/server.js). */
async function boot(impl: Impl, mod: HttpModule) {
  const opts: FastifyServerOptions = impl === 'node' ? {} : {
    serverFactory: (handler, options) => {
      // By now Fastify has filled in its defaults (keepAliveTimeout 72 s...).
      const o = options as { keepAliveTimeout: number; requestTimeout: number; connectionTimeout: number };
      const server = mod.createServer(handler);
      server.keepAliveTimeout = o.keepAliveTimeout;
      server.requestTimeout = o.requestTimeout;
      server.setTimeout(o.connectionTimeout);
      return server;
    },
  };
  const app = Fastify(opts);
  routes(app);
  await app.ready();
  await app.listen({ port: 0, host: '127.0.0.1' });
  return { server: app.server as http.Server, close: () => app.close() };
}

const rows: Row[] = [
  {
    name: 'GET with a response schema (extra fields stripped)',
    req: { path: '/hello' },
    expect: { status: 200, headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': '23', 'keep-alive': 'timeout=72' }, json: { hello: 'world', n: 3 } },
  },
  {
    name: 'params schema coerces to integer',
    req: { path: '/items/42' },
    expect: { status: 200, json: { id: 42, type: 'number' } },
  },
  {
    name: 'params schema rejects a non-integer with 400',
    req: { path: '/items/abc' },
    expect: { status: 400, json: { statusCode: 400, code: 'FST_ERR_VALIDATION', error: 'Bad Request', message: 'params/id must be integer' } },
  },
  {
    name: 'querystring schema with a default',
    req: { path: '/search?q=purehttp' },
    expect: { status: 200, json: { q: 'purehttp', limit: 10 } },
  },
  {
    name: 'querystring schema: missing required',
    req: { path: '/search' },
    expect: { status: 400, json: { statusCode: 400, code: 'FST_ERR_VALIDATION', error: 'Bad Request', message: "querystring must have required property 'q'" } },
  },
  {
    name: 'POST JSON: 201 via reply.code, Location',
    req: { method: 'POST', path: '/items', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ name: 'a b', tags: ['x'] }) },
    expect: { status: 201, headers: { location: '/items/a%20b' }, json: { created: { name: 'a b', tags: ['x'] } } },
  },
  {
    name: 'POST JSON failing the body schema: 400',
    req: { method: 'POST', path: '/items', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ tags: [] }) },
    expect: { status: 400, json: { statusCode: 400, code: 'FST_ERR_VALIDATION', error: 'Bad Request', message: "body must have required property 'name'" } },
  },
  {
    name: 'POST malformed JSON: 400',
    req: { method: 'POST', path: '/items', headers: { 'Content-Type': 'application/json' }, body: '{"name":' },
    expect: { status: 400, headers: { 'content-type': 'application/json; charset=utf-8' } },
    check: (r) => assert.is(JSON.parse(r.text).code, 'FST_ERR_CTP_INVALID_JSON_BODY'),
  },
  {
    name: 'POST an unsupported content-type: 415',
    req: { method: 'POST', path: '/items', headers: { 'Content-Type': 'application/x-nope' }, body: 'x' },
    expect: { status: 415 },
    check: (r) => assert.is(JSON.parse(r.text).code, 'FST_ERR_CTP_INVALID_MEDIA_TYPE'),
  },
  {
    name: 'POST text/plain (100 kB)',
    req: { method: 'POST', path: '/text', headers: { 'Content-Type': 'text/plain' }, body: 'z'.repeat(100_000) },
    expect: { status: 200, body: 'got 100000 chars: zzzzzzzzzz' },
  },
  {
    name: 'unknown route: 404',
    req: { path: '/nope?x=1' },
    expect: { status: 404, json: { message: 'Route GET:/nope?x=1 not found', error: 'Not Found', statusCode: 404 } },
  },
  {
    name: 'hooks: onRequest, preHandler header, onSend rewrites the payload',
    req: { path: '/hooked' },
    expect: { status: 200, headers: { 'x-pre-handler': 'onRequest', 'x-on-send': 'yes', 'content-length': '17' }, body: 'handler (+onSend)' },
  },
  {
    name: 'reply.code(418)',
    req: { path: '/code' },
    expect: { status: 418, body: 'short and stout' },
  },
  {
    name: 'reply.code(204).send()',
    req: { path: '/no-content' },
    expect: { status: 204, headers: { 'content-length': null, 'transfer-encoding': null }, body: '' },
  },
  {
    name: 'reply.redirect: 302',
    req: { path: '/redirect' },
    expect: { status: 302, headers: { location: '/hello' }, body: '' },
  },
  {
    name: 'reply.redirect: 301',
    req: { path: '/redirect-301' },
    expect: { status: 301, headers: { location: '/hello' } },
  },
  {
    name: 'async handler returning a string',
    req: { path: '/string' },
    expect: { status: 200, headers: { 'content-type': 'text/plain; charset=utf-8', 'content-length': '12' }, body: 'plain string' },
  },
  {
    name: 'reply.send(Buffer)',
    req: { path: '/buffer' },
    expect: { status: 200, headers: { 'content-type': 'application/octet-stream', 'content-length': '11' }, body: 'buffer body' },
  },
  {
    name: 'reply.send(stream): chunked',
    req: { path: '/stream' },
    expect: { status: 200, headers: { 'transfer-encoding': 'chunked', 'content-length': null, 'content-type': 'text/plain' }, body: 'one two three' },
  },
  {
    name: 'reply.send(stream) of bytes',
    req: { path: '/stream-octets' },
    expect: { status: 200, headers: { 'content-type': null, 'transfer-encoding': 'chunked' }, body: Buffer.from([1, 2, 3, 4, 5]) },
  },
  {
    name: 'a thrown error: 500 JSON',
    req: { path: '/boom' },
    expect: { status: 500, json: { statusCode: 500, error: 'Internal Server Error', message: 'kaboom' } },
  },
  {
    name: 'an error with statusCode 409',
    req: { path: '/conflict' },
    expect: { status: 409, json: { statusCode: 409, error: 'Conflict', message: 'already exists' } },
  },
  {
    name: 'request headers in, several response headers out',
    req: { path: '/headers', headers: { 'User-Agent': 'side-by-side/1', 'X-Custom': 'v' } },
    expect: { status: 200, headers: { 'cache-control': 'max-age=60', 'x-multi': 'a, b' }, json: { ua: 'side-by-side/1', custom: 'v' } },
  },
  {
    name: 'HEAD on a GET route',
    req: { method: 'HEAD', path: '/hello' },
    expect: { status: 200, headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': '23' }, body: '' },
  },
  {
    name: 'reply.hijack() and reply.raw',
    req: { path: '/raw' },
    expect: { status: 200, headers: { 'x-raw': '1', 'content-type': 'text/plain' }, body: 'raw response' },
  },
];

const rawRows: RawRow[] = [
  {
    name: 'HTTP/1.0 GET of a stream: close-delimited',
    bytes: (host) => `GET /stream HTTP/1.0\r\nHost: ${host}\r\n\r\n`,
    expect: /^HTTP\/1\.1 200 OK\r\n[^]*\r\n\r\none two three$/,
  },
  {
    name: 'pipelined: chunked POST JSON, 404, schema error, HEAD, stream',
    bytes: (host) => {
      const json = '{"name":"chunky"}';
      return `POST /items HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n` +
        `${json.length.toString(16)}\r\n${json}\r\n0\r\n\r\n` +
        `GET /missing HTTP/1.1\r\nHost: ${host}\r\n\r\n` +
        `GET /items/x HTTP/1.1\r\nHost: ${host}\r\n\r\n` +
        `HEAD /hello HTTP/1.1\r\nHost: ${host}\r\n\r\n` +
        `GET /stream HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`;
    },
    expect: /201 Created[^]*"chunky"[^]*404 Not Found[^]*400 Bad Request[^]*200 OK[^]*200 OK[^]*Transfer-Encoding: chunked\r\n\r\n4\r\none \r\n[^]*5\r\nthree\r\n0\r\n\r\n$/,
  },
];

let pair: Pair;
const test = suite('Fastify 5 side by side');
test.before(async () => {
  pair = await startPair(boot);
});
test.after(async () => {
  await pair?.close();
});

registerRows(test, rows, () => pair);
registerRawRows(test, rawRows, () => pair);

test('same connections opened on both servers', () => {
  assert.is(pair.ours.connections, pair.node.connections);
});

test('app.close() ends idle keep-alive connections (closeIdleConnections through serverFactory on ours)', async () => {
  for (const side of [pair.node, pair.ours]) {
    // A kept-alive connection, idle after one answer.
    const socket = net.connect(side.port, '127.0.0.1');
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    const answered = new Promise<string>((resolve) => {
      let text = '';
      socket.on('data', (d) => {
        text += d.toString('latin1');
        if (text.endsWith('{"hello":"world","n":3}')) resolve(text);
      });
    });
    socket.on('error', () => {});
    socket.write(`GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`);
    assert.match(await bounded(answered, `${side.impl}: answer`), /^HTTP\/1\.1 200 OK\r\n/);
    await side.close();
    await bounded(closed, `${side.impl}: idle connection ended by app.close()`);
    assert.not.ok(side.server.listening, `${side.impl}: no longer listening`);
  }
});

test('no exception escaped into a server callback', () => throwUncaught('after all tests'));

test.run();
