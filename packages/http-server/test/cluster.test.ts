// node:cluster (issue #8): several processes serve one port with our
// server. First this file is the primary: it forks two workers running
// examples/cluster.ts (the built package, under tsx), which both listen on
// 127.0.0.1:0 through the primary's shared handle; fresh connections reach
// both worker pids; a 'shutdown' message closes each gracefully (exit 0).
// Then the example and the demo (`--workers 2`) run as whole programs:
// the URL printed once, requests answered, a signal closes everything.
// Needs the build (dist/).
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import cluster, { type Address, type Worker } from 'node:cluster';
import { fileURLToPath } from 'node:url';
import { bounded, request } from './harness.js';
import { start, tsxCli } from './child.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const example = fileURLToPath(new URL('../examples/cluster.ts', import.meta.url));
const demo = fileURLToPath(new URL('../../../scripts/demo.ts', import.meta.url));

setTimeout(() => {
  process.stderr.write('cluster.test.ts: still running after 60 s\n');
  process.exit(1);
}, 60_000).unref();

const test = suite('http-server with node:cluster');

/** GETs `/` on fresh connections until `want` different bodies were seen (at most `max` requests). */
async function answers(port: number, want: number, max = 100): Promise<Set<string>> {
  const seen = new Set<string>();
  for (let i = 0; i < max && seen.size < want; i++) {
    const r = await request(port, { path: '/', agent: false });
    assert.is(r.status, 200);
    seen.add(r.body);
  }
  return seen;
}

test('two workers forked from here share one port; both answer; both shut down cleanly', async () => {
  cluster.setupPrimary({ exec: example, execArgv: ['--import', 'tsx'] });
  const workers: Worker[] = [cluster.fork({ PORT: '0' }), cluster.fork({ PORT: '0' })];
  const exits = workers.map((w) => new Promise<[number, string | null]>((resolve) => w.once('exit', (code, signal) => resolve([code, signal]))));
  try {
    const addresses = await bounded(Promise.all(workers.map((w) =>
      new Promise<Address>((resolve, reject) => {
        w.once('listening', resolve);
        w.once('exit', (code) => reject(new Error(`worker ${w.id} exited (${code}) before listening`)));
      }))), 30_000, 'both workers listening');
    const port = addresses[0].port;
    assert.ok(port > 0);
    assert.is(addresses[1].port, port, 'the same port in both workers');

    const seen = await answers(port, 2);
    const pids = workers.map((w) => `hello from worker ${w.process.pid}\n`).sort();
    assert.equal([...seen].sort(), pids, 'fresh connections reached both workers');

    for (const w of workers) w.send('shutdown');
    assert.equal(await bounded(Promise.all(exits), 10_000, 'workers exit'), [[0, null], [0, null]]);
  } finally {
    for (const w of workers) if (!w.isDead()) w.process.kill('SIGKILL');
  }
});

test('the example as a program: the primary forks WORKERS workers and stops them on SIGTERM', async () => {
  const env = { ...process.env, PORT: '0', WORKERS: '2' };
  const program = await start(process.execPath, [tsxCli, example], { cwd: root, env, ready: /http:\/\/127\.0\.0\.1:(\d+)\/ served by 2 workers/ });
  try {
    const seen = await answers(Number(program.match[1]), 2);
    assert.is(seen.size, 2, 'both workers answered');
    program.signal('SIGTERM');
    assert.is(await bounded(program.exit, 15_000, 'example exit'), 0, program.output());
    assert.is(program.output().match(/worker \d+ exited \(0\)/g)?.length, 2, program.output());
  } finally {
    program.kill();
  }
});

test('the demo with --workers 2: one URL, served, closed by SIGINT', async () => {
  const env = { ...process.env, PORT: '0' };
  const program = await start(process.execPath, [tsxCli, demo, '--workers', '2'], { cwd: root, env, ready: /purehttp demo: http:\/\/127\.0\.0\.1:(\d+)\/ {2}\(2 workers, Ctrl-C to stop\)\n/ });
  try {
    const port = Number(program.match[1]);
    for (const path of ['/', '/stats', '/stats', '/stats']) {
      const r = await request(port, { path, agent: false });
      assert.is(r.status, 200, path);
    }
    program.signal('SIGINT');
    assert.is(await bounded(program.exit, 15_000, 'demo exit'), 0, program.output());
    const out = program.output();
    assert.is(out.match(/purehttp demo: /g)?.length, 1, `the URL is printed once:\n${out}`);
    assert.match(out, /\nclosed\n/);
    assert.is(out.match(/closed\n/g)?.length, 1, `"closed" is printed once (by the primary):\n${out}`);
  } finally {
    program.kill();
  }
});

test.run();
