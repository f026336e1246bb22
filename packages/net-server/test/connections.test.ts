// Connections over real loopback sockets: counting, maxConnections and 'drop'
// (side by side with node:net's payload), per-socket options (pauseOnConnect,
// allowHalfOpen, noDelay, keepAlive), ref()/unref(), option validation.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createServer, Socket } from 'node:net';
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { NetServer, NetServerError } from '../src/index.js';
import { bounded, closed, dial, listening, next, portOf, shut, watchdog } from './helpers.js';

watchdog();
const Connections = suite('connections');

/** Dial `server` and wait until it has taken (or dropped) the connection. */
async function connectTo(server: NetServer, event: 'connection' | 'drop' = 'connection'): Promise<[Socket, unknown[]]> {
  const seen = next(server, event);
  const client = await dial(portOf(server));
  client.on('error', () => {}); // a dropped client may see ECONNRESET
  return [client, await seen];
}

Connections('connections and getConnections() count open sockets; getConnections calls back asynchronously', async () => {
  const server = new NetServer();
  try {
    await listening(server, 0, '127.0.0.1');
    const [a] = await connectTo(server);
    const [b, [serverSideB]] = await connectTo(server);
    assert.is(server.connections, 2);
    let sync = true;
    const counted = new Promise<number>((resolve, reject) =>
      server.getConnections((err, n) => (sync ? reject(new Error('called synchronously')) : err ? reject(err) : resolve(n))),
    );
    sync = false;
    const count = await bounded(counted, 'getConnections');
    assert.is(count, 2);
    b.destroy();
    await closed(serverSideB as Socket);
    assert.is(server.connections, 1);
    a.destroy();
  } finally {
    await shut(server);
  }
  assert.is(server.connections, 0);
});

Connections('maxConnections: sockets over it are closed at once and reported by drop with node:net’s payload', async () => {
  const server = new NetServer();
  server.maxConnections = 2;
  let connections = 0;
  server.on('connection', () => connections++);
  const node = createServer();
  node.maxConnections = 1;
  try {
    await listening(server, 0, '127.0.0.1');
    const [a] = await connectTo(server);
    const [b] = await connectTo(server);
    const [c, [info]] = await connectTo(server, 'drop');
    const cPort = c.localPort;
    await closed(c);
    assert.is(connections, 2, 'the dropped socket never reached connection');
    assert.is(server.connections, 2);
    assert.equal(info, {
      localAddress: '127.0.0.1',
      localPort: portOf(server),
      localFamily: 'IPv4',
      remoteAddress: '127.0.0.1',
      remotePort: cPort,
      remoteFamily: 'IPv4',
    });
    // node:net's own drop event carries the same fields.
    await new Promise<void>((r) => node.listen(0, '127.0.0.1', r));
    const port = (node.address() as { port: number }).port;
    const keep = await dial(port);
    const theirs = new Promise<unknown>((r) => node.once('drop', r));
    const extra = await dial(port);
    extra.on('error', () => {});
    assert.equal(Object.keys((await bounded(theirs, 'node drop')) as object).sort(), Object.keys(info as object).sort());
    keep.destroy();
    extra.destroy();
    // Room again once one closes.
    a.destroy();
    await bounded(new Promise<void>((r) => { const poll = () => (server.connections < 2 ? r() : setImmediate(poll)); poll(); }), 'a to close');
    const [d] = await connectTo(server);
    assert.is(connections, 3);
    b.destroy();
    d.destroy();
  } finally {
    await shut(server);
    node.close();
  }
});

Connections('maxConnections 0 turns every connection away', async () => {
  const server = new NetServer();
  server.maxConnections = 0;
  try {
    await listening(server, 0, '127.0.0.1');
    const [client, [info]] = await connectTo(server, 'drop');
    const clientPort = client.localPort;
    await closed(client);
    assert.is((info as { remotePort: number }).remotePort, clientPort);
    assert.is(server.connections, 0);
  } finally {
    await shut(server);
  }
});

const badMax: Array<[value: unknown, code: string]> = [[-1, 'ERR_OUT_OF_RANGE'], [1.5, 'ERR_OUT_OF_RANGE'], [NaN, 'ERR_OUT_OF_RANGE'], ['3', 'ERR_INVALID_ARG_TYPE']];
for (const [value, code] of badMax) {
  Connections(`maxConnections = ${String(value)} throws ${code}`, () => {
    const server = new NetServer();
    assert.throws(() => (server.maxConnections = value as number), (err: NetServerError) => err instanceof NetServerError && err.code === code);
    assert.is(server.maxConnections, undefined);
  });
}

Connections('maxConnections accepts Infinity and undefined (no limit)', () => {
  const server = new NetServer();
  server.maxConnections = Infinity;
  assert.is(server.maxConnections, Infinity);
  server.maxConnections = undefined;
  assert.is(server.maxConnections, undefined);
});

// pauseOnConnect: the socket arrives paused and reads nothing until resumed.
for (const pause of [true, false]) {
  Connections(`pauseOnConnect ${pause}`, async () => {
    const server = new NetServer({ pauseOnConnect: pause });
    try {
      await listening(server, 0, '127.0.0.1');
      assert.is(server.pauseOnConnect, pause);
      const seen = next(server, 'connection');
      const client = await dial(portOf(server));
      client.write('ping');
      const [socket] = (await seen) as [Socket];
      assert.is(socket.readableFlowing, pause ? false : null);
      assert.is(socket.isPaused(), pause);
      socket.resume();
      const [data] = await next(socket, 'data');
      assert.is(String(data), 'ping');
      client.destroy();
    } finally {
      await shut(server);
    }
  });
}

Connections('pauseOnConnect set after listen() applies to the next connection', async () => {
  const server = new NetServer();
  try {
    await listening(server, 0, '127.0.0.1');
    server.pauseOnConnect = true;
    const [client, [socket]] = await connectTo(server);
    assert.is((socket as Socket).isPaused(), true);
    client.destroy();
  } finally {
    await shut(server);
  }
});

// allowHalfOpen: after the client ends its side, does the server's side stay
// open (it answers 'late' on its own time) or end by itself (as without)?
for (const allowHalfOpen of [true, false]) {
  Connections(`allowHalfOpen ${allowHalfOpen}`, async () => {
    const server = new NetServer({ allowHalfOpen }, (socket) => {
      socket.resume();
      socket.on('end', () =>
        setImmediate(() => {
          if (!socket.writableEnded) socket.end('late');
        }),
      );
    });
    try {
      await listening(server, 0, '127.0.0.1');
      assert.is(server.allowHalfOpen, allowHalfOpen);
      const client = await dial(portOf(server));
      let received = '';
      client.on('data', (d) => (received += d));
      client.end();
      await closed(client);
      assert.is(received, allowHalfOpen ? 'late' : '');
    } finally {
      await shut(server);
    }
  });
}

// noDelay / keepAlive are applied per accepted socket: watch the calls.
const socketOptions: Array<[label: string, make: () => NetServer, noDelay: unknown[][], keepAlive: unknown[][]]> = [
  ['defaults', () => new NetServer(), [], []],
  ['noDelay', () => new NetServer({ noDelay: true }), [[true]], []],
  ['keepAlive', () => new NetServer({ keepAlive: true }), [], [[true, 0]]],
  ['keepAlive with delay', () => new NetServer({ keepAlive: true, keepAliveInitialDelay: 2000 }), [], [[true, 2000]]],
  ['negative delay clamps to 0, as Node', () => new NetServer({ keepAlive: true, keepAliveInitialDelay: -5 }), [], [[true, 0]]],
  ['set as properties', () => Object.assign(new NetServer(), { noDelay: true, keepAlive: true, keepAliveInitialDelay: 500 }), [[true]], [[true, 500]]],
];
for (const [label, make, noDelay, keepAlive] of socketOptions) {
  Connections(`socket options: ${label}`, async () => {
    const calls = { noDelay: [] as Array<[Socket, unknown[]]>, keepAlive: [] as Array<[Socket, unknown[]]> };
    const { setNoDelay, setKeepAlive } = Socket.prototype;
    Socket.prototype.setNoDelay = function (this: Socket, ...args: unknown[]) {
      calls.noDelay.push([this, args]);
      return (setNoDelay as (...a: unknown[]) => Socket).apply(this, args);
    };
    Socket.prototype.setKeepAlive = function (this: Socket, ...args: unknown[]) {
      calls.keepAlive.push([this, args]);
      return (setKeepAlive as (...a: unknown[]) => Socket).apply(this, args);
    };
    const server = make();
    try {
      await listening(server, 0, '127.0.0.1');
      const [client, [socket]] = await connectTo(server);
      const on = (list: Array<[Socket, unknown[]]>) => list.filter(([s]) => s === socket).map(([, args]) => args);
      assert.equal(on(calls.noDelay), noDelay, `${label}: setNoDelay`);
      assert.equal(on(calls.keepAlive), keepAlive, `${label}: setKeepAlive`);
      client.destroy();
    } finally {
      Socket.prototype.setNoDelay = setNoDelay;
      Socket.prototype.setKeepAlive = setKeepAlive;
      await shut(server);
    }
  });
}

const tcpServers = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap').length;

Connections('unref() lets the loop go, ref() holds it again (also across listen())', async () => {
  const base = tcpServers();
  const server = new NetServer();
  try {
    await listening(server, 0, '127.0.0.1');
    assert.is(tcpServers(), base + 1);
    assert.is(server.unref(), server);
    assert.is(tcpServers(), base);
    assert.is(server.ref(), server);
    assert.is(tcpServers(), base + 1);
    await bounded(new Promise((r) => server.close(r)), 'close');
    // 'close' comes (as in Node) before libuv has finished closing the handle.
    await new Promise((r) => setImmediate(r));
    assert.is(tcpServers(), base);
    server.unref();
    await listening(server, 0, '127.0.0.1');
    assert.is(tcpServers(), base, 'unref() before listen() is remembered');
  } finally {
    await shut(server);
  }
});

const tsx = createRequire(import.meta.url).resolve('tsx/cli');
const fixture = fileURLToPath(new URL('./fixtures/unref-server.ts', import.meta.url));
for (const when of ['before', 'after']) {
  Connections(`a process whose only server is unref()ed ${when} listen() exits by itself`, async () => {
    const stdout = await bounded(
      new Promise<string>((resolve, reject) => {
        execFile(process.execPath, [tsx, fixture, when], { timeout: 15_000 }, (err, out) => (err ? reject(err) : resolve(out)));
      }),
      `unref ${when}`,
      20_000,
    );
    assert.is(stdout, `listening ${when}\nexited\n`);
  });
}

const badOptions: Array<[label: string, make: () => unknown, code: string]> = [
  ['options not an object', () => new NetServer(42 as never), 'ERR_INVALID_ARG_TYPE'],
  ['keepAliveInitialDelay not a number', () => new NetServer({ keepAliveInitialDelay: '5' as never }), 'ERR_INVALID_ARG_TYPE'],
  ['lookup not a function', () => new NetServer({ lookup: 'dns' as never }), 'ERR_INVALID_ARG_TYPE'],
  ['getConnections without a callback', () => new NetServer().getConnections(undefined as never), 'ERR_INVALID_ARG_TYPE'],
];
for (const [label, make, code] of badOptions) {
  Connections(`throws ${code}: ${label}`, () => {
    assert.throws(make, (err: NetServerError) => err instanceof NetServerError && err instanceof TypeError && err.code === code);
  });
}

Connections('the constructor takes the connection listener first or second', async () => {
  const got: string[] = [];
  const first = new NetServer(() => got.push('first'));
  const second = new NetServer({ noDelay: true }, () => got.push('second'));
  try {
    for (const server of [first, second]) {
      await listening(server, 0, '127.0.0.1');
      const [client] = await connectTo(server);
      client.destroy();
    }
    assert.equal(got, ['first', 'second']);
  } finally {
    await shut(first);
    await shut(second);
  }
});

Connections.run();
