// node:cluster: two workers listen with NetServer on one port; the primary
// shares its listening handle with both (listenInCluster in Node's lib/net.js)
// and hands connections out, so connecting often enough reaches both.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import cluster, { type Worker } from 'node:cluster';
import { fileURLToPath } from 'node:url';
import { bounded, dial, watchdog } from './helpers.js';

watchdog(45_000);
const Cluster = suite('cluster');

interface Ready { id: number; port: number; isWorker: boolean; error?: string }

function ready(worker: Worker): Promise<Ready> {
  return bounded(new Promise((resolve) => worker.once('message', resolve)), `worker ${worker.id} listening`, 15_000);
}

async function whoAnswers(port: number): Promise<string> {
  const socket = await dial(port);
  let data = '';
  socket.on('data', (d) => (data += d));
  await bounded(new Promise((r) => socket.once('close', r)), 'answer');
  return data;
}

async function stop(worker: Worker): Promise<void> {
  if (worker.isDead()) return;
  const exited = new Promise((r) => worker.once('exit', r));
  if (worker.isConnected()) worker.send('close');
  await bounded(exited, `worker ${worker.id} exit`, 5_000).catch(() => {
    worker.process.kill('SIGKILL');
    return exited;
  });
}

Cluster('two workers share one port and both serve connections', async () => {
  cluster.setupPrimary({
    exec: fileURLToPath(new URL('./fixtures/cluster-worker.ts', import.meta.url)),
    execArgv: ['--import', 'tsx'],
  });
  const shared: Array<[number, number]> = [];
  const bothShared = bounded(
    new Promise<void>((resolve) =>
      cluster.on('listening', (worker, address) => {
        shared.push([worker.id, address.port]);
        if (shared.length === 2) resolve();
      }),
    ),
    'cluster listening events',
    15_000,
  );
  bothShared.catch(() => {}); // awaited below; a failure before that must not also crash the file
  // Both ask for port 0 on 127.0.0.1: the primary keys shared handles by
  // the requested address, so the second worker gets the first one's handle
  // (and port) instead of binding a new one.
  const workers = [cluster.fork(), cluster.fork()];
  try {
    const [a, b] = await Promise.all(workers.map(ready));
    assert.equal([a.error, b.error], [undefined, undefined]);
    assert.equal([a.isWorker, b.isWorker], [true, true]);
    assert.is(b.port, a.port, 'same port in both workers');
    // The primary saw both listen on that port: it owns the shared handle.
    await bothShared;
    assert.equal(shared.map(([, port]) => port), [a.port, a.port]);
    assert.equal(shared.map(([id]) => id).sort(), [a.id, b.id].sort());

    const seen = new Set<string>();
    for (let i = 0; i < 200 && seen.size < 2; i++) seen.add(await whoAnswers(a.port));
    assert.equal([...seen].sort(), [String(a.id), String(b.id)].sort());
  } finally {
    await Promise.all(workers.map(stop));
    cluster.removeAllListeners('listening');
  }
});

Cluster.run();
