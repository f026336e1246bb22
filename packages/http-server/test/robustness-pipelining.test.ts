// A client that pipelines ~20 MB of requests and never reads a response:
// the server stops reading once its write side is full, so what it holds
// for that client stays bounded — the socket's write buffer, the requests
// parsed but unanswered (≤ PIPELINE_LIMIT), the responses ended but not yet
// written (as many as fit in the write buffer's high-water mark), the bytes
// it read — and its heap does not grow with the flood. Table-driven over
// response sizes.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import type { Socket } from 'node:net';
import { createServer, PIPELINE_LIMIT } from '../src/index.js';
import { listen, shut, bounded, sleep } from './harness.js';
import { rawClient, guardProcess } from './robustness-helpers.js';

const flood = suite('robustness: pipelining flood');

const ONE = Buffer.from('GET /flood HTTP/1.1\r\nHost: x\r\n\r\n');
const FLOOD_BYTES = 20 * 1024 * 1024;
const FLOOD = Buffer.concat(Array.from({ length: Math.ceil(FLOOD_BYTES / ONE.length) }, () => ONE));

// [name, response body size, async handler?]
const rows: [string, number, boolean][] = [
  ['1 KiB responses, answered at once', 1024, false],
  ['64 KiB responses, answered at once', 64 * 1024, false],
  ['1 KiB responses, answered on the next tick', 1024, true],
];

for (const [name, size, later] of rows) {
  flood(`${name}: ${(FLOOD.length / 1048576).toFixed(0)} MB pipelined, never read: server buffers stay bounded`, async () => {
    const guard = guardProcess();
    const body = Buffer.alloc(size, 'r');
    let handled = 0;
    let ended = 0;
    let finished = 0;
    let serverSocket: Socket | undefined;
    const server = createServer((req, res) => {
      handled++;
      serverSocket = req.socket;
      res.on('finish', () => void finished++);
      const answer = (): void => {
        res.end(body);
        ended++;
      };
      if (later) setImmediate(answer);
      else answer();
    });
    const port = await listen(server);
    const client = await rawClient(port);
    client.socket.pause(); // never reads
    const heapBefore = process.memoryUsage().heapUsed;
    let maxWritable = 0;
    let maxUnanswered = 0;
    let maxUnfinished = 0;
    const sample = (): void => {
      if (serverSocket === undefined) return;
      maxWritable = Math.max(maxWritable, serverSocket.writableLength);
      maxUnanswered = Math.max(maxUnanswered, handled - ended);
      maxUnfinished = Math.max(maxUnfinished, handled - finished);
    };
    const sampler = setInterval(sample, 5);
    try {
      client.socket.write(FLOOD); // one buffer, held by the client socket (not the server)
      // Run until the server makes no more progress.
      await bounded((async () => {
        let last = -1;
        while (handled !== last) {
          last = handled;
          await sleep(300);
        }
      })(), 30000, 'the server settling');
      sample();
      const read = serverSocket!.bytesRead;
      const heapGrowth = process.memoryUsage().heapUsed - heapBefore;
      const hwm = serverSocket!.writableHighWaterMark;
      const row = `${name}: handled ${handled}, read ${read} B, max writableLength ${maxWritable} B, max unanswered ${maxUnanswered}, max unfinished ${maxUnfinished}, heap +${(heapGrowth / 1048576).toFixed(1)} MB`;
      // The write buffer: at most a high-water mark plus the responses already parsed ahead (each ≤ one body + head).
      assert.ok(maxWritable <= hwm + (PIPELINE_LIMIT + 1) * (size + 512), row);
      assert.ok(maxUnanswered <= PIPELINE_LIMIT, row);
      // Ended but not written: those handed to the socket until its buffer passed the high-water mark, and the
      // one holding it; and at most PIPELINE_LIMIT more that ended while queued behind them.
      assert.ok(maxUnfinished <= PIPELINE_LIMIT + Math.ceil(hwm / size) + 2, row);
      // Read stops long before the flood is in: the kernel's socket buffers hold the rest.
      assert.ok(read < FLOOD.length / 4, row);
      assert.ok(handled < FLOOD.length / ONE.length / 4, row);
      // Generous: the flood buffer itself was allocated before the baseline.
      assert.ok(heapGrowth < 64 * 1048576, row);
      assert.equal(guard.errors, [], row);
    } finally {
      clearInterval(sampler);
      guard.dispose();
      client.socket.destroy();
      await shut(server);
    }
  });
}

flood('after the flood client goes away, the server serves others normally', async () => {
  const server = createServer((_req, res) => res.end('ok'));
  const port = await listen(server);
  const bad = await rawClient(port);
  bad.socket.pause();
  bad.socket.write(FLOOD.subarray(0, 4 * 1024 * 1024));
  await sleep(200);
  bad.socket.destroy();
  const good = await rawClient(port);
  good.socket.write('GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  await bounded(good.closed, 5000);
  assert.match(good.text(), /^HTTP\/1\.1 200 OK/);
  await shut(server);
});

flood.run();
