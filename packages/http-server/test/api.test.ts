// The public surface next to node:http's: exports, Server with and without
// `new`, options and their defaults and validation, settable properties,
// standalone IncomingMessage / ServerResponse, and a request served to
// Node's own http client.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import http from 'node:http';
import net from 'node:net';
import { EventEmitter } from 'node:events';
import * as ours from '../src/index.js';
import { createServer, Server, IncomingMessage, ServerResponse, METHODS, STATUS_CODES, maxHeaderSize } from '../src/index.js';
import { listen, request, shut, bounded } from './harness.js';

const api = suite('api');

api('exports what node:http exports for servers', () => {
  for (const name of ['createServer', 'Server', 'IncomingMessage', 'ServerResponse', 'OutgoingMessage', 'STATUS_CODES', 'METHODS',
    'maxHeaderSize', 'validateHeaderName', 'validateHeaderValue', 'createSecureServer'] as const) {
    assert.ok(name in ours, name);
  }
  assert.equal([...METHODS], http.METHODS);
  assert.equal(maxHeaderSize, http.maxHeaderSize);
  for (const code of Object.keys(http.STATUS_CODES)) assert.is(STATUS_CODES[Number(code)], http.STATUS_CODES[code], code);
  assert.throws(() => ours.validateHeaderName('bad name'), (e: { code: string }) => e.code === 'ERR_INVALID_HTTP_TOKEN');
  assert.throws(() => ours.validateHeaderValue('x', 'a\r\nb'), (e: { code: string }) => e.code === 'ERR_INVALID_CHAR');
});

api('Server is callable with and without new, and is an EventEmitter', () => {
  const a = new Server();
  const b = (Server as unknown as (l: () => void) => Server)(() => {});
  assert.ok(a instanceof Server);
  assert.ok(b instanceof Server);
  assert.ok(b instanceof EventEmitter);
  assert.is(b.listenerCount('request'), 1);
  class Sub extends Server {}
  assert.ok(new Sub() instanceof Server);
  assert.ok(createServer() instanceof Server);
});

api('defaults match node:http', () => {
  const s = createServer();
  const n = http.createServer();
  for (const key of ['requestTimeout', 'headersTimeout', 'keepAliveTimeout', 'timeout', 'maxRequestsPerSocket', 'requireHostHeader', 'rejectNonStandardBodyWrites'] as const) {
    assert.is((s as unknown as Record<string, unknown>)[key], (n as unknown as Record<string, unknown>)[key], key);
  }
  assert.is(s.connectionsCheckingInterval, 30000);
  assert.is(s.maxHeadersCount, 2000);
  assert.is(s.noDelay, true);
  assert.is(createServer({ requestTimeout: 1000 }).headersTimeout, 1000);
});

const invalid: [string, Record<string, unknown>, string][] = [
  ['requestTimeout not a number', { requestTimeout: '1' }, 'ERR_INVALID_ARG_TYPE'],
  ['negative keepAliveTimeout', { keepAliveTimeout: -1 }, 'ERR_OUT_OF_RANGE'],
  ['headersTimeout > requestTimeout', { headersTimeout: 2000, requestTimeout: 1000 }, 'ERR_OUT_OF_RANGE'],
  ['requireHostHeader not boolean', { requireHostHeader: 1 }, 'ERR_INVALID_ARG_TYPE'],
  ['insecureHTTPParser not boolean', { insecureHTTPParser: 'yes' }, 'ERR_INVALID_ARG_TYPE'],
  ['maxHeaderSize fractional', { maxHeaderSize: 1.5 }, 'ERR_OUT_OF_RANGE'],
];
for (const [name, options, code] of invalid) {
  api(`options: ${name} throws ${code} as node:http`, () => {
    let nodeCode = '';
    try {
      http.createServer(options as http.ServerOptions);
    } catch (e) {
      nodeCode = (e as { code: string }).code;
    }
    assert.is(nodeCode, code, 'node:http agrees');
    assert.throws(() => createServer(options as ours.ServerOptions), (e: { code: string }) => e.code === code);
  });
}

api('standalone IncomingMessage and ServerResponse', () => {
  const socket = new net.Socket();
  const req = new IncomingMessage(socket);
  assert.is(req.socket, socket);
  assert.is(req.connection, socket);
  assert.is(req.complete, false);
  assert.is(req.aborted, false);
  assert.equal(req.rawHeaders, []);
  req._addHeaderLines(['Host', 'a', 'X-A', '1', 'x-a', '2'], 6);
  assert.is(req.headers.host, 'a');
  assert.is(req.headers['x-a'], '1, 2');
  assert.equal(req.headersDistinct['x-a'], ['1', '2']);
  assert.is(Object.getPrototypeOf(req.headers), null);
  req.method = 'HEAD';
  req.httpVersionMajor = 1;
  req.httpVersionMinor = 1;
  const res = new ServerResponse(req);
  assert.is(res.statusCode, 200);
  res.setHeader('X-Y', 'z');
  assert.is(res.getHeader('x-y'), 'z');
  assert.is(res.req, req);
  socket.destroy();
});

api('server properties are settable after creation', () => {
  const s = createServer();
  s.maxHeadersCount = 10;
  s.timeout = 5;
  s.headersTimeout = 100;
  s.requestTimeout = 200;
  s.keepAliveTimeout = 300;
  s.maxRequestsPerSocket = 4;
  assert.is(s.setTimeout(7, () => {}), s);
  assert.is(s.timeout, 7);
  assert.is(s.listenerCount('timeout'), 1);
});

api('serves Node\'s http client; headers and body as node:http gives them', async () => {
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      res.setHeader('Content-Type', 'text/plain');
      res.end(JSON.stringify({ method: req.method, url: req.url, v: req.httpVersion, body, complete: req.complete, ua: req.headers['user-agent'] }));
    });
  });
  const port = await listen(server);
  const r = await bounded(request(port, { method: 'POST', path: '/x?y=1', headers: { 'User-Agent': 'T' }, body: 'hello' }));
  assert.is(r.status, 200);
  assert.is(r.headers['content-type'], 'text/plain');
  assert.ok(r.headers.date);
  assert.equal(JSON.parse(r.body), { method: 'POST', url: '/x?y=1', v: '1.1', body: 'hello', complete: true, ua: 'T' });
  await shut(server);
});

api('socket.setEncoding is refused on an HTTP connection (RFC 9112: octets)', async () => {
  let code = '';
  const server = createServer((req, res) => {
    try {
      req.socket.setEncoding('utf8');
    } catch (e) {
      code = (e as { code: string }).code;
    }
    res.end();
  });
  const port = await listen(server);
  await request(port);
  assert.is(code, 'ERR_HTTP_SOCKET_ENCODING');
  await shut(server);
});

api('custom IncomingMessage and ServerResponse classes', async () => {
  class MyReq extends IncomingMessage {
    mine = true;
  }
  class MyRes extends ServerResponse {
    mine = true;
  }
  let seen = false;
  const server = createServer({ IncomingMessage: MyReq, ServerResponse: MyRes }, (req, res) => {
    seen = req instanceof MyReq && res instanceof MyRes;
    res.end();
  });
  const port = await listen(server);
  await request(port);
  assert.ok(seen);
  await shut(server);
});

api('a rejected async listener answers 500 (captureRejections), as node:http', async () => {
  EventEmitter.captureRejections = true;
  const server = createServer(async () => {
    throw new Error('boom');
  });
  EventEmitter.captureRejections = false;
  const port = await listen(server);
  const r = await bounded(request(port));
  assert.is(r.status, 500);
  assert.is(r.body, 'Internal Server Error');
  await shut(server);
});

api.run();
