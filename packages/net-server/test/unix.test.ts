// Unix domain sockets (in os.tmpdir()): listen(path) and listen({ path }),
// address(), a taken path, the socket file's removal on close, and 'drop'
// without payload for pipe connections (as node:net).
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { NetServer } from '../src/index.js';
import { closed, dial, listening, next, shut, tempDir, watchdog } from './helpers.js';

watchdog();
const Unix = suite('unix sockets');
const tmp = tempDir();
let n = 0;
const socketPath = () => join(tmp.dir, `s${n++}.sock`);

const forms: Array<[label: string, args: (path: string) => unknown[]]> = [
  ['listen(path, cb)', (path) => [path, () => {}]],
  ['listen(path, backlog)', (path) => [path, 16]],
  ['listen({ path })', (path) => [{ path }]],
];
for (const [label, args] of forms) {
  Unix(`${label}: address() is the path, clients connect, the file goes on close`, async () => {
    const path = socketPath();
    const server = new NetServer((socket) => socket.end('unix'));
    try {
      await listening(server, ...args(path));
      assert.is(server.address(), path);
      assert.ok(existsSync(path));
      const client = await dial(path);
      let data = '';
      client.on('data', (d) => (data += d));
      await closed(client);
      assert.is(data, 'unix');
    } finally {
      await shut(server);
    }
    assert.is(server.address(), null);
    assert.is(existsSync(path), false);
  });
}

Unix('a path another server listens on: EADDRINUSE as an error event', async () => {
  const path = socketPath();
  const first = new NetServer();
  const second = new NetServer();
  try {
    await listening(first, path);
    const errored = next(second, 'error');
    second.listen(path);
    const [err] = await errored;
    assert.is((err as NodeJS.ErrnoException).code, 'EADDRINUSE');
    assert.is(second.listening, false);
  } finally {
    await shut(first);
    await shut(second);
  }
});

Unix('maxConnections on a Unix socket: drop comes without payload, as in node:net', async () => {
  const path = socketPath();
  const server = new NetServer();
  server.maxConnections = 0;
  try {
    await listening(server, path);
    const dropped = new Promise<number>((r) => server.once('drop', (...args: unknown[]) => r(args.length)));
    const client = await dial(path);
    client.on('error', () => {});
    assert.is(await dropped, 0);
    await closed(client);
    assert.is(server.connections, 0);
  } finally {
    await shut(server);
  }
});

Unix.run();
process.on('exit', () => tmp.remove());
