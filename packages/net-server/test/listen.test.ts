// listen() over real sockets: addresses, DNS, the any-address and its IPv4
// fallback, IPv6 where this machine has it, asynchronous 'listening', bind
// errors as 'error' events, ERR_SERVER_ALREADY_LISTEN, the backlog handed to
// the kernel.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createServer, Server, type ListenOptions } from 'node:net';
import { promises as dns } from 'node:dns';
import { NetServer, NetServerError } from '../src/index.js';
import { fallsBackToIPv4 } from '../src/bind.js';
import { bounded, canBind, dial, listening, next, portOf, shut, tempDir, watchdog } from './helpers.js';

watchdog();
const hasIPv6Loopback = await canBind('::1');
const hasIPv6Any = await canBind('::');

const Listen = suite('listen()');

Listen('listen(0, 127.0.0.1, cb): cb runs, address() is the bound one, clients connect', async () => {
  const server = new NetServer((socket) => socket.end('hi'));
  try {
    let called = 0;
    await listening(server, 0, '127.0.0.1', () => called++);
    assert.is(called, 1);
    assert.is(server.listening, true);
    const address = server.address();
    assert.ok(address && typeof address === 'object');
    assert.is(address.address, '127.0.0.1');
    assert.is(address.family, 'IPv4');
    assert.ok(address.port > 0);
    const client = await dial(address.port);
    const [data] = await next(client, 'data');
    assert.is(String(data), 'hi');
    client.destroy();
  } finally {
    await shut(server);
  }
  assert.is(server.listening, false);
  assert.is(server.address(), null);
});

const dir = tempDir();
// Each form binds differently (address literal, any-address, DNS name, pipe);
// none may emit 'listening' before listen() has returned.
const asyncForms: Array<[label: string, args: () => unknown[]]> = [
  ['address literal', () => [0, '127.0.0.1']],
  ['no host', () => [0]],
  ['host name', () => [0, 'localhost']],
  ['options', () => [{ port: 0, host: '127.0.0.1' }]],
  ['unix socket', () => [`${dir.dir}/async.sock`]],
];
for (const [label, args] of asyncForms) {
  Listen(`'listening' is emitted asynchronously: ${label}`, async () => {
    const server = new NetServer();
    try {
      let returned = false;
      let sawReturned: boolean | undefined;
      const done = next(server, 'listening');
      server.on('listening', () => (sawReturned = returned));
      (server.listen as (...a: unknown[]) => unknown)(...args());
      returned = true;
      assert.is(server.listening, false, `${label}: not yet listening inside listen()`);
      await done;
      assert.is(sawReturned, true, label);
    } finally {
      await shut(server);
    }
  });
}

Listen('::1 where the machine has IPv6; otherwise an error event', async () => {
  const server = new NetServer();
  try {
    if (hasIPv6Loopback) {
      await listening(server, 0, '::1');
      assert.equal(server.address(), { address: '::1', family: 'IPv6', port: portOf(server) });
      const client = await dial(portOf(server), '::1');
      client.destroy();
    } else {
      const errored = next(server, 'error');
      server.listen(0, '::1');
      const [err] = await errored;
      assert.is(server.listening, false);
      assert.ok((err as NodeJS.ErrnoException).code, 'a system error code');
    }
  } finally {
    await shut(server);
  }
});

Listen('no host binds :: (IPv4 clients included) or falls back to 0.0.0.0 without IPv6', async () => {
  const server = new NetServer();
  try {
    await listening(server, 0);
    const address = server.address();
    assert.ok(address && typeof address === 'object');
    if (hasIPv6Any) assert.equal([address.address, address.family], ['::', 'IPv6']);
    else assert.equal([address.address, address.family], ['0.0.0.0', 'IPv4']);
    // Dual stack: the any-address also takes IPv4 connections.
    (await dial(address.port, '127.0.0.1')).destroy();
  } finally {
    await shut(server);
  }
});

Listen('ipv6Only on the any-address refuses IPv4 clients (where IPv6 exists; else the IPv4 fallback)', async () => {
  const server = new NetServer();
  try {
    await listening(server, { port: 0, ipv6Only: true });
    const address = server.address();
    assert.ok(address && typeof address === 'object');
    if (hasIPv6Any) {
      assert.is(address.address, '::');
      const err = await dial(address.port, '127.0.0.1').then(
        (s) => (s.destroy(), undefined),
        (e: NodeJS.ErrnoException) => e,
      );
      assert.is(err?.code, 'ECONNREFUSED');
    } else assert.is(address.address, '0.0.0.0');
  } finally {
    await shut(server);
  }
});

// Which failures to bind `::` mean "no IPv6 here" and retry on 0.0.0.0.
const fallbackRows: Array<[code: string | undefined, retry: boolean]> = [
  ['EAFNOSUPPORT', true], ['EADDRNOTAVAIL', true], ['EPROTONOSUPPORT', true],
  ['EADDRINUSE', false], ['EACCES', false], [undefined, false],
];
for (const [code, retry] of fallbackRows) {
  Listen(`binding :: fails with ${code}: ${retry ? 'retry on 0.0.0.0' : 'report it'}`, () => {
    assert.is(fallsBackToIPv4(Object.assign(new Error('x'), { code })), retry);
  });
}

Listen('a host name is resolved with DNS before binding', async () => {
  const server = new NetServer();
  try {
    await listening(server, 0, 'localhost');
    const expected = await dns.lookup('localhost');
    const address = server.address();
    assert.ok(address && typeof address === 'object');
    assert.is(address.address, expected.address);
    (await dial(address.port, expected.address)).destroy();
  } finally {
    await shut(server);
  }
});

Listen('the lookup option resolves names (and is skipped for address literals)', async () => {
  const asked: string[] = [];
  const server = new NetServer({
    lookup: (hostname, callback) => {
      asked.push(hostname);
      callback(null, '127.0.0.1', 4);
    },
  });
  try {
    await listening(server, 0, 'api.example.test');
    assert.equal(asked, ['api.example.test']);
    assert.is((server.address() as { address: string }).address, '127.0.0.1');
    await bounded(new Promise((r) => server.close(r)), 'close');
    await listening(server, 0, '127.0.0.1');
    assert.equal(asked, ['api.example.test']);
  } finally {
    await shut(server);
  }
});

Listen('a failed lookup arrives as an error event, not thrown; the server can listen again', async () => {
  const failure = Object.assign(new Error('getaddrinfo ENOTFOUND nowhere.test'), { code: 'ENOTFOUND', syscall: 'getaddrinfo' });
  let fail = true;
  const server = new NetServer({ lookup: (_h, cb) => (fail ? cb(failure, '', 0) : cb(null, '127.0.0.1', 4)) });
  try {
    const errored = next(server, 'error');
    server.listen(0, 'nowhere.test');
    const [err] = await errored;
    assert.is(err, failure);
    assert.is(server.listening, false);
    assert.is(server.address(), null);
    fail = false;
    await listening(server, 0, 'nowhere.test');
    assert.is(server.listening, true);
  } finally {
    await shut(server);
  }
});

Listen('a taken port: EADDRINUSE as an error event, and the server stays usable', async () => {
  const taker = createServer();
  await new Promise<void>((r) => taker.listen(0, '127.0.0.1', r));
  const port = (taker.address() as { port: number }).port;
  const server = new NetServer();
  try {
    const errored = next(server, 'error');
    assert.not.throws(() => server.listen(port, '127.0.0.1'));
    const [err] = await errored;
    assert.is((err as NodeJS.ErrnoException).code, 'EADDRINUSE');
    assert.is((err as NodeJS.ErrnoException).syscall, 'listen');
    assert.is(server.listening, false);
    await listening(server, 0, '127.0.0.1');
    assert.is(server.listening, true);
  } finally {
    await shut(server);
    await new Promise((r) => taker.close(r));
  }
});

Listen('listen() on a listening server throws ERR_SERVER_ALREADY_LISTEN, as node:net does', async () => {
  const server = new NetServer();
  const node = createServer();
  try {
    await listening(server, 0, '127.0.0.1');
    await new Promise<void>((r) => node.listen(0, '127.0.0.1', r));
    let ours: unknown;
    let theirs: unknown;
    try { server.listen(0); } catch (err) { ours = err; }
    try { node.listen(0); } catch (err) { theirs = err; }
    assert.instance(ours, NetServerError);
    assert.instance(ours, Error);
    assert.is((ours as NetServerError).code, 'ERR_SERVER_ALREADY_LISTEN');
    assert.is((ours as Error).message, (theirs as Error).message);
    assert.is((theirs as NodeJS.ErrnoException).code, 'ERR_SERVER_ALREADY_LISTEN');
    assert.is(server.listening, true, 'still listening');
  } finally {
    await shut(server);
    await new Promise((r) => node.close(r));
  }
});

Listen('listen() while the first one is still binding throws too (node:net would bind twice)', async () => {
  const server = new NetServer();
  try {
    server.listen(0, 'localhost');
    assert.throws(() => server.listen(0, '127.0.0.1'), (err: NetServerError) => err.code === 'ERR_SERVER_ALREADY_LISTEN');
    await next(server, 'listening');
  } finally {
    await shut(server);
  }
});

Listen('the server listens again after close()', async () => {
  const server = new NetServer();
  try {
    for (let round = 0; round < 3; round++) {
      await listening(server, 0, '127.0.0.1');
      (await dial(portOf(server))).destroy();
      await bounded(new Promise((r) => server.close(r)), `close ${round}`);
      assert.is(server.listening, false);
    }
  } finally {
    await shut(server);
  }
});

// What reaches node:net's listen() (and so the kernel), observed with a spy.
const handedOver: Array<[label: string, args: unknown[], expected: Partial<ListenOptions>]> = [
  ['default backlog', [0, '127.0.0.1'], { host: '127.0.0.1', backlog: 511, exclusive: false }],
  ['positional backlog', [0, '127.0.0.1', 64], { backlog: 64 }],
  ['options backlog', [{ port: 0, host: '127.0.0.1', backlog: 32 }], { backlog: 32 }],
  ['exclusive', [{ port: 0, host: '127.0.0.1', exclusive: true }], { exclusive: true }],
  ['ipv6Only', [{ port: 0, host: '127.0.0.1', ipv6Only: true }], { ipv6Only: true }],
];
for (const [label, args, expected] of handedOver) {
  Listen(`handed to node:net: ${label}`, async () => {
    const seen: ListenOptions[] = [];
    const original = Server.prototype.listen;
    Server.prototype.listen = function (this: Server, ...a: unknown[]) {
      seen.push(a[0] as ListenOptions);
      return (original as (...x: unknown[]) => Server).apply(this, a);
    } as typeof original;
    const server = new NetServer();
    try {
      await listening(server, ...args);
    } finally {
      Server.prototype.listen = original;
      await shut(server);
    }
    assert.is(seen.length, 1);
    for (const [key, value] of Object.entries(expected)) assert.is(seen[0]![key as keyof ListenOptions], value, `${label}: ${key}`);
  });
}

Listen.run();
process.on('exit', () => dir.remove());
