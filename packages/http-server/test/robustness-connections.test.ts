// Many connections: 2,000 keep-alive sockets held open at once, each sending
// a request, all answered; maxConnections turns away exactly the excess
// ('drop') while the admitted ones are served.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { execFileSync } from 'node:child_process';
import { createServer } from '../src/index.js';
import { listen, shut, parseResponses, bounded, until, sleep } from './harness.js';
import { openMany, guardProcess } from './robustness-helpers.js';

const conns = suite('robustness: connections');

// Client and server sockets live in this one process: two descriptors per
// connection, plus ~100 for Node itself. `ulimit -n` is 20000 on our CI, so
// 2,000 fits; under a smaller soft limit the count is sized to fit (and says so).
const fdLimit = Number(execFileSync('sh', ['-c', 'ulimit -n'], { encoding: 'utf8' }).trim()) || 1024;
const WANTED = 2000;
const N = Math.min(WANTED, Math.floor((fdLimit - 200) / 2));
if (N < WANTED) console.log(`ulimit -n is ${fdLimit}: ${N} connections instead of ${WANTED}`);

const count = (server: { getConnections(cb: (e: Error | null, n: number) => void): unknown }): Promise<number> =>
  new Promise((resolve, reject) => server.getConnections((e, n) => (e ? reject(e) : resolve(n))));

async function countReaches(server: Parameters<typeof count>[0], n: number): Promise<void> {
  while ((await count(server)) < n) await sleep(10);
}

conns(`${N} concurrent keep-alive connections held open, all served`, async () => {
  const guard = guardProcess();
  let served = 0;
  const server = createServer((req, res) => {
    served++;
    res.end(req.url);
  });
  const port = await listen(server);
  const clients = await bounded(openMany(port, N, 100), 30000, `opening ${N} connections`);
  try {
    // 'connect' on the client side can come before the server's accept: wait for the count.
    await bounded(countReaches(server, N), 20000, `the server counting ${N} connections`);
    assert.is(await count(server), N, 'all connections accepted and counted');
    for (const [i, c] of clients.entries()) c.socket.write(`GET /${i} HTTP/1.1\r\nHost: x\r\n\r\n`);
    await bounded(until(() => served === N && clients.every((c) => parseResponses(c.text()).length === 1), 30000), 30000, 'all answered');
    for (const [i, c] of clients.entries()) {
      const [res] = parseResponses(c.text());
      assert.is(res.status, 200, `connection ${i}`);
      assert.is(res.body, `/${i}`, `connection ${i}`);
      assert.is(res.headers.connection, 'keep-alive', `connection ${i}`);
    }
    // Still open (keep-alive), all of them.
    assert.ok(clients.every((c) => !c.isClosed()), 'every connection stays open');
    assert.is(await count(server), N);
    assert.equal(guard.errors, []);
  } finally {
    guard.dispose();
    for (const c of clients) c.socket.destroy();
    await shut(server);
  }
});

const MAX = 200;
const EXTRA = 50;

conns(`maxConnections ${MAX}: ${MAX + EXTRA} clients, exactly ${EXTRA} 'drop' events, ${MAX} served`, async () => {
  let served = 0;
  let drops = 0;
  const server = createServer((req, res) => {
    served++;
    res.end('ok');
  });
  server.maxConnections = MAX;
  server.on('drop', () => void drops++);
  const port = await listen(server);
  const admitted = await openMany(port, MAX, 100);
  try {
    await bounded(countReaches(server, MAX), 10000, 'admitted counted');
    const excess = await openMany(port, EXTRA, 50);
    // The excess is closed by the server without a byte.
    await bounded(Promise.all(excess.map((c) => c.closed)), 10000, 'excess closed');
    await bounded(until(() => drops === EXTRA, 5000), 5000, 'drop events');
    for (const c of excess) assert.is(c.text(), '');
    for (const c of admitted) c.socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    await bounded(until(() => admitted.every((c) => parseResponses(c.text()).length === 1), 15000), 15000, 'admitted answered');
    assert.is(served, MAX);
    assert.is(drops, EXTRA);
    assert.ok(admitted.every((c) => parseResponses(c.text())[0].status === 200));
  } finally {
    for (const c of admitted) c.socket.destroy();
    await shut(server);
  }
});

conns.run();
