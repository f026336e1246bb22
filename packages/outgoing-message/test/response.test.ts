// ServerResponse API semantics next to node:http's: header accessors, head
// states, write-after-end, buffering before a socket, events, pipeline errors.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import net from 'node:net';
import { once } from 'node:events';
import { PassThrough, Readable, Writable, pipeline } from 'node:stream';
import { ServerResponse, HeadState, OutgoingMessage, type RequestLike } from '../src/index.js';
import { bounded } from './harness.js';

const req: RequestLike = { method: 'GET', httpVersionMajor: 1, httpVersionMinor: 1, headers: {} };

/** A socket stand-in that records what was written, for tests that need no peer. */
class FakeSocket extends Writable {
  chunks: Buffer[] = [];
  writes = 0;
  _httpMessage: unknown = null;
  constructor() {
    super({ decodeStrings: true });
  }
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: () => void): void {
    this.chunks.push(chunk);
    cb();
  }
  override write(chunk: unknown, encoding?: BufferEncoding | ((err?: Error | null) => void), cb?: (err?: Error | null) => void): boolean {
    this.writes++;
    return super.write(chunk, encoding as BufferEncoding, cb);
  }
  setTimeout(): this { return this; }
  get text(): string { return Buffer.concat(this.chunks).toString('latin1'); }
}

const test = suite('ServerResponse behaviour');

test('header accessors as Node', () => {
  const res = new ServerResponse(req);
  res.setHeader('Content-Type', 'text/plain');
  res.setHeader('X-Multi', ['a', 'b']);
  res.appendHeader('x-multi', 'c');
  assert.is(res.getHeader('content-type'), 'text/plain');
  assert.equal(res.getHeader('X-MULTI'), ['a', 'b', 'c']);
  assert.equal(res.getHeaderNames(), ['content-type', 'x-multi']);
  assert.equal(res.getRawHeaderNames(), ['Content-Type', 'X-Multi']);
  const all = res.getHeaders();
  assert.is(Object.getPrototypeOf(all), null);
  assert.equal({ ...all }, { 'content-type': 'text/plain', 'x-multi': ['a', 'b', 'c'] });
  assert.ok(res.hasHeader('CONTENT-TYPE'));
  res.removeHeader('Content-Type');
  assert.not.ok(res.hasHeader('content-type'));
  assert.is(res.setHeader('a', 1), res);
});

test('head states: NONE -> HELD at writeHead -> SENT with the body', () => {
  const res = new ServerResponse(req);
  assert.is(res.headState, HeadState.NONE);
  res.writeHead(200);
  assert.is(res.headState, HeadState.HELD);
  assert.ok(res.headersSent);
  assert.not.ok(res._headerSent);
  res.write('x');
  assert.is(res.headState, HeadState.SENT);
});

test('output before a socket is held and flushed in order, in one write', async () => {
  const res = new ServerResponse(req);
  res.sendDate = false;
  res.writeContinue();
  res.setHeader('X-A', '1');
  res.write('one ');
  res.end('two');
  assert.not.ok(res.writableFinished);
  const sock = new FakeSocket();
  const finished = once(res as never, 'finish');
  res.assignSocket(sock as never);
  await bounded(finished, 'finish');
  assert.is(sock.writes, 1);
  assert.is(sock.text, 'HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nX-A: 1\r\nConnection: keep-alive\r\nTransfer-Encoding: chunked\r\n\r\n4\r\none \r\n3\r\ntwo\r\n0\r\n\r\n');
  assert.ok(res.writableFinished);
});

test('events: prefinish, finish, close in order; end callback on finish', async () => {
  const res = new ServerResponse(req);
  const sock = new FakeSocket();
  res.assignSocket(sock as never);
  const log: string[] = [];
  res.on('prefinish', () => log.push('prefinish'));
  res.on('finish', () => { log.push('finish'); res.detachSocket(sock as never); process.nextTick(() => res._emitClose()); });
  res.on('close', () => log.push('close'));
  const done = once(res as never, 'close');
  res.end('x', () => log.push('end cb'));
  await bounded(done, 'close');
  assert.equal(log, ['prefinish', 'finish', 'end cb', 'close']);
  assert.ok(res.writableEnded);
  assert.ok(res.destroyed);
});

test('write after end: ERR_STREAM_WRITE_AFTER_END to the callback and as error', async () => {
  const res = new ServerResponse(req);
  res.end();
  const errors: string[] = [];
  res.on('error', (e) => errors.push(`event ${(e as { code?: string }).code}`));
  const cbErr = await new Promise<Error & { code?: string }>((resolve) => {
    assert.is(res.write('late', (err) => resolve(err as Error)), false);
  });
  assert.is(cbErr.code, 'ERR_STREAM_WRITE_AFTER_END');
  await new Promise((r) => setImmediate(r));
  assert.equal(errors, ['event ERR_STREAM_WRITE_AFTER_END']);
});

test('end() twice: callback waits for finish, or gets ERR_STREAM_ALREADY_FINISHED', async () => {
  const res = new ServerResponse(req);
  res.end();
  // Not finished yet (no socket): the callback waits for 'finish'.
  const second = new Promise<unknown>((resolve) => res.end(resolve));
  res.assignSocket(new FakeSocket() as never);
  assert.is(await bounded(second, 'second end'), undefined);
  const third = await new Promise<Error & { code?: string }>((resolve) => res.end(resolve as never));
  assert.is(third.code, 'ERR_STREAM_ALREADY_FINISHED');
});

test('write callbacks run once their bytes are written', async () => {
  const res = new ServerResponse(req);
  res.assignSocket(new FakeSocket() as never);
  const order: string[] = [];
  res.write('a', () => order.push('a'));
  res.write('b', () => order.push('b'));
  await bounded(new Promise<void>((resolve) => res.end('c', () => { order.push('end'); resolve(); })), 'end');
  assert.equal(order, ['a', 'b', 'end']);
});

test('strictContentLength: a write past Content-Length fails before it is sent', () => {
  const res = new ServerResponse(req);
  const sock = new FakeSocket();
  res.assignSocket(sock as never);
  res.strictContentLength = true;
  res.setHeader('Content-Length', 2);
  try {
    res.write('abc');
    assert.unreachable('no throw');
  } catch (err) {
    assert.is((err as { code?: string }).code, 'ERR_HTTP_CONTENT_LENGTH_MISMATCH');
  }
  assert.is(sock.writes, 0);
  res.write('ab');
  res.end();
});

test('keep-alive inputs show in the head; _last exposed', () => {
  const rows: [string, (r: ServerResponse) => void, RequestLike, RegExp, boolean][] = [
    ['1.1 keep-alive', (r) => { r._keepAliveTimeout = 7000; }, req, /Connection: keep-alive\r\nKeep-Alive: timeout=7\r\n/, false],
    ['server says close', (r) => { r.shouldKeepAlive = false; }, req, /Connection: close\r\n/, true],
    ['1.0 default', () => {}, { ...req, httpVersionMinor: 0 }, /Connection: close\r\n/, true],
  ];
  for (const [name, setup, rq, re, last] of rows) {
    const res = new ServerResponse(rq);
    res.sendDate = false;
    setup(res);
    res.end('x');
    assert.match(res._header!, re, name);
    assert.is(res._last, last, name);
  }
});

test('sendDate adds an IMF-fixdate Date field', () => {
  const res = new ServerResponse(req);
  res.end();
  assert.match(res._header!, /\r\nDate: \w{3}, \d\d \w{3} \d{4} \d\d:\d\d:\d\d GMT\r\n/);
});

test('pipeline: a failing source destroys the response and its socket', async () => {
  const res = new ServerResponse(req);
  const sock = new FakeSocket();
  sock.on('error', () => {});
  res.assignSocket(sock as never);
  const src = new Readable({ read() { this.destroy(new Error('boom')); } });
  const err = await bounded(new Promise<Error | null | undefined>((resolve) => pipeline(src, res as unknown as NodeJS.WritableStream, resolve)), 'pipeline');
  assert.is(err?.message, 'boom');
  assert.ok(res.destroyed);
  assert.ok(sock.destroyed);
});

test('pipeline: completes on finish', async () => {
  const res = new ServerResponse(req);
  const sock = new FakeSocket();
  res.assignSocket(sock as never);
  const src = new PassThrough();
  const done = new Promise<unknown>((resolve) => pipeline(src, res as unknown as NodeJS.WritableStream, resolve));
  src.write('a');
  src.end('b');
  assert.is(await bounded(done, 'pipeline'), undefined);
  assert.match(sock.text, /1\r\na\r\n1\r\nb\r\n0\r\n\r\n$/);
});

test('assignSocket twice throws ERR_HTTP_SOCKET_ASSIGNED', () => {
  const sock = new FakeSocket();
  new ServerResponse(req).assignSocket(sock as never);
  assert.throws(() => new ServerResponse(req).assignSocket(sock as never), (e: { code?: string }) => e.code === 'ERR_HTTP_SOCKET_ASSIGNED');
});

test('base OutgoingMessage needs _implicitHeader; pipe() emits ERR_STREAM_CANNOT_PIPE', () => {
  const msg = new OutgoingMessage();
  assert.throws(() => msg.write('x'), (e: { code?: string }) => e.code === 'ERR_METHOD_NOT_IMPLEMENTED');
  let code = '';
  msg.on('error', (e) => (code = (e as { code?: string }).code ?? ''));
  msg.pipe();
  assert.is(code, 'ERR_STREAM_CANNOT_PIPE');
});

test('socket close before finish emits close on the response', async () => {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  const accepted = once(server, 'connection');
  const client = net.connect(port, '127.0.0.1');
  const [sock] = (await bounded(accepted, 'accept')) as [net.Socket];
  const res = new ServerResponse(req);
  res.assignSocket(sock);
  res.write('partial');
  const closed = once(res as never, 'close');
  client.destroy();
  await bounded(closed, 'close');
  assert.ok(res.closed);
  server.close();
});

test.run();
