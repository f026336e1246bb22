// close(), graceful shutdown with open connections, Symbol.asyncDispose and
// AbortSignal, over real loopback sockets.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createServer } from 'node:net';
import { NetServer, NetServerError, type Lookup } from '../src/index.js';
import { bounded, closed, dial, listening, next, portOf, shut, watchdog } from './helpers.js';

watchdog();
const Close = suite('close');
const tick = () => new Promise((r) => setImmediate(r));
const closeOf = (server: NetServer) => bounded(new Promise<Error | undefined>((r) => server.close(r)), 'close callback');

Close('close(cb) on a server that never listened: ERR_SERVER_NOT_RUNNING, as node:net, and still a close event', async () => {
  const server = new NetServer();
  const closeEvent = next(server, 'close');
  const err = await closeOf(server);
  await closeEvent;
  const theirs = await new Promise<Error | undefined>((r) => createServer().close(r));
  assert.instance(err, NetServerError);
  assert.is((err as NetServerError).code, 'ERR_SERVER_NOT_RUNNING');
  assert.is(err!.message, theirs!.message);
  assert.is((theirs as NodeJS.ErrnoException).code, 'ERR_SERVER_NOT_RUNNING');
});

Close('close() twice: the first callback gets no error, the second ERR_SERVER_NOT_RUNNING, one close event', async () => {
  const server = new NetServer();
  await listening(server, 0, '127.0.0.1');
  let closeEvents = 0;
  server.on('close', () => closeEvents++);
  const results = await bounded(Promise.all([new Promise((r) => server.close(r)), new Promise((r) => server.close(r))]), 'closes');
  assert.is(results[0], undefined);
  assert.is((results[1] as NetServerError).code, 'ERR_SERVER_NOT_RUNNING');
  await tick();
  assert.is(closeEvents, 1);
});

Close('graceful close: stops accepting at once, open connections keep working, close event after the last one ends', async () => {
  const log: string[] = [];
  const server = new NetServer((socket) => {
    socket.on('data', (d) => socket.write(d));
    socket.on('close', () => log.push(`socket ${server.connections}`));
  });
  try {
    await listening(server, 0, '127.0.0.1');
    const port = portOf(server);
    const a = await dial(port);
    const b = await dial(port);
    while (server.connections < 2) await tick();
    const closeEvent = next(server, 'close').then(() => log.push('server close'));
    server.close();
    assert.is(server.listening, false);
    assert.is(server.address(), null);
    // New connections are refused…
    const refused = await dial(port).then((s) => (s.destroy(), undefined), (e: NodeJS.ErrnoException) => e.code);
    assert.is(refused, 'ECONNREFUSED');
    // …open ones still talk.
    a.write('still here');
    const [echo] = await next(a, 'data');
    assert.is(String(echo), 'still here');
    a.end();
    await closed(a);
    while (server.connections > 1) await tick();
    await tick();
    assert.equal(log, ['socket 1'], 'no close event while a connection is open');
    b.end();
    await closeEvent;
    assert.equal(log, ['socket 1', 'socket 0', 'server close']);
  } finally {
    await shut(server);
  }
});

Close('[Symbol.asyncDispose] closes and resolves after the close event (and after open connections end)', async () => {
  const server = new NetServer();
  await listening(server, 0, '127.0.0.1');
  const client = await dial(portOf(server));
  while (server.connections < 1) await tick();
  const log: string[] = [];
  server.on('close', () => log.push('close event'));
  const disposed = server[Symbol.asyncDispose]().then(() => log.push('disposed'));
  assert.is(server.listening, false);
  await tick();
  assert.equal(log, [], 'waits for the open connection');
  client.end();
  await bounded(disposed, 'dispose');
  assert.equal(log, ['close event', 'disposed']);
  // A server that is not running disposes at once.
  await bounded(new NetServer()[Symbol.asyncDispose](), 'idle dispose');
});

Close('close() while binding cancels the listen: no listening event, callback without error', async () => {
  let release: (() => void) | undefined;
  const lookup: Lookup = (_host, cb) => (release = () => cb(null, '127.0.0.1', 4));
  const server = new NetServer({ lookup });
  let listened = false;
  server.on('listening', () => (listened = true));
  server.listen(0, 'slow.test');
  const err = await closeOf(server);
  assert.is(err, undefined);
  release!();
  await tick();
  await tick();
  assert.is(listened, false);
  assert.is(server.listening, false);
  assert.is(server.address(), null);
});

const Abort = suite('abort signal');

Abort('aborting closes a listening server', async () => {
  const controller = new AbortController();
  const server = new NetServer();
  try {
    await listening(server, { port: 0, host: '127.0.0.1', signal: controller.signal });
    const port = portOf(server);
    const closeEvent = next(server, 'close');
    controller.abort();
    await closeEvent;
    assert.is(server.listening, false);
    const refused = await dial(port).then((s) => (s.destroy(), undefined), (e: NodeJS.ErrnoException) => e.code);
    assert.is(refused, 'ECONNREFUSED');
  } finally {
    await shut(server);
  }
});

Abort('an already-aborted signal: never listening, a close event', async () => {
  const server = new NetServer();
  let listened = false;
  server.on('listening', () => (listened = true));
  const closeEvent = next(server, 'close');
  server.listen({ port: 0, host: '127.0.0.1', signal: AbortSignal.abort() });
  await closeEvent;
  await tick();
  assert.is(listened, false);
  assert.is(server.listening, false);
});

Abort('aborting while the host is still resolving: never listening', async () => {
  let release: (() => void) | undefined;
  const server = new NetServer({ lookup: (_h, cb) => (release = () => cb(null, '127.0.0.1', 4)) });
  let listened = false;
  server.on('listening', () => (listened = true));
  const controller = new AbortController();
  server.listen({ port: 0, host: 'slow.test', signal: controller.signal });
  const closeEvent = next(server, 'close');
  controller.abort();
  await closeEvent;
  release!();
  await tick();
  await tick();
  assert.is(listened, false);
  assert.is(server.listening, false);
});

Abort('a signal only closes the listen() it was given, not a later one', async () => {
  const controller = new AbortController();
  const server = new NetServer();
  try {
    await listening(server, { port: 0, host: '127.0.0.1', signal: controller.signal });
    await closeOf(server);
    await listening(server, 0, '127.0.0.1');
    controller.abort();
    await tick();
    assert.is(server.listening, true);
  } finally {
    await shut(server);
  }
});

Close.run();
Abort.run();
