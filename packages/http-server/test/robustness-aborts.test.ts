// Clients that go away mid-body and mid-response leave nothing behind: after
// 200 aborted exchanges the server has no connection left, every parser is
// back in the pool (parserStats, an internal accessor), the server's
// listener counts are back to their baseline, and each request emitted
// 'aborted' (mid-body) and 'close', each response 'close'.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createServer, type IncomingMessage, type ServerResponse } from '../src/index.js';
import { parserStats } from '../src/parsers.js';
import { listen, shut, bounded, until, sleep } from './harness.js';
import { rawClient, pool, guardProcess } from './robustness-helpers.js';

const ab = suite('robustness: aborts');

const EXCHANGES = 200;

const connections = (server: { getConnections(cb: (e: Error | null, n: number) => void): unknown }): Promise<number> =>
  new Promise((resolve, reject) => server.getConnections((e, n) => (e ? reject(e) : resolve(n))));

const listenerCounts = (emitter: { eventNames(): (string | symbol)[]; listenerCount(e: string | symbol): number }): Record<string, number> =>
  Object.fromEntries(emitter.eventNames().map((e) => [String(e), emitter.listenerCount(e)]));

// [kind, what the client sends, when it aborts]
const KINDS = ['mid-body', 'mid-response', 'mid-head', 'pipelined, mid-body of the second'] as const;
type Kind = (typeof KINDS)[number];

ab(`${EXCHANGES} aborted exchanges: no socket, parser or listener left behind`, async () => {
  const guard = guardProcess();
  const seen = new Map<string, { kind: Kind; aborted: boolean; reqClose: boolean; resClose: boolean }>();
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const id = req.headers['x-id'] as string;
    const kind = req.headers['x-kind'] as Kind;
    const rec = { kind, aborted: false, reqClose: false, resClose: false };
    seen.set(id, rec);
    req.on('aborted', () => void (rec.aborted = true));
    req.on('close', () => void (rec.reqClose = true));
    res.on('close', () => void (rec.resClose = true));
    req.on('data', () => {});
    if (kind === 'mid-response') {
      // A long response written in pieces: the client leaves after the first bytes.
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      const timer = setInterval(() => res.write('x'.repeat(1024)), 5);
      res.on('close', () => clearInterval(timer));
    } else req.on('end', () => res.end('done'));
  });
  const port = await listen(server);
  const baseline = listenerCounts(server);
  const before = parserStats().inUse;
  try {
    await bounded(pool(Array.from({ length: EXCHANGES }, (_, i) => i), 25, async (i) => {
      const kind = KINDS[i % KINDS.length];
      const c = await rawClient(port);
      const head = (method: string, extra: string) => `${method} /${i} HTTP/1.1\r\nHost: x\r\nX-Id: ${i}\r\nX-Kind: ${kind}\r\n${extra}\r\n`;
      switch (kind) {
        case 'mid-body':
          c.socket.write(head('POST', 'Content-Length: 100000\r\n') + 'a'.repeat(1000));
          await until(() => seen.has(String(i)), 5000, `row ${i} (${kind}) reached the handler`);
          break;
        case 'mid-response':
          c.socket.write(head('GET', ''));
          await until(() => c.text().length > 2048, 5000, `row ${i} (${kind}) got the first bytes`);
          break;
        case 'mid-head':
          c.socket.write(`GET /${i} HTTP/1.1\r\nHost: x\r\nX-Pa`);
          await sleep(1);
          break;
        case 'pipelined, mid-body of the second':
          c.socket.write(head('GET', '').replace(`X-Id: ${i}`, `X-Id: ${i}a`) + head('POST', 'Transfer-Encoding: chunked\r\n') + '10\r\nabc');
          await until(() => seen.has(String(i)), 5000, `row ${i} (${kind}) reached the handler`);
          break;
      }
      c.socket.destroy();
      await c.closed;
    }), 40000, 'the aborted exchanges');
    // Everything the server held goes away.
    await bounded((async () => { while ((await connections(server)) !== 0) await sleep(10); })(), 10000, 'connections back to 0');
    await bounded(until(() => parserStats().inUse === before, 5000), 5000, `parsers back in the pool (in use: ${parserStats().inUse})`);
    await sleep(20); // the responses' 'close' is emitted on the next tick
    assert.equal(listenerCounts(server), baseline, 'server listener counts');
    for (const [id, rec] of seen) {
      const row = `row ${id} (${rec.kind})`;
      if (id.endsWith('a')) {
        // the first of a pipelined pair was answered before the client left
        assert.ok(rec.reqClose && rec.resClose, row);
        continue;
      }
      if (rec.kind !== 'mid-response') assert.ok(rec.aborted, `${row}: 'aborted'`);
      assert.ok(rec.reqClose, `${row}: req 'close'`);
      assert.ok(rec.resClose, `${row}: res 'close'`);
    }
    assert.is([...seen.keys()].filter((k) => !k.endsWith('a')).length, EXCHANGES - EXCHANGES / KINDS.length, 'every row but mid-head reached the handler');
    assert.equal(guard.errors, []);
  } finally {
    guard.dispose();
    await shut(server);
  }
});

ab.run();
