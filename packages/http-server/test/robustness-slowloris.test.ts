// Slowloris: clients that send a header byte every second are answered 408
// and closed once headersTimeout (1 s here) has passed, while normal clients
// keep being served meanwhile. Timeouts are small so the file ends in a few
// seconds; nothing asserts a duration (the bounds are hang guards).
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createServer } from '../src/index.js';
import { listen, shut, parseResponses, request, bounded, sleep } from './harness.js';
import { openMany, guardProcess, type RawClient } from './robustness-helpers.js';

const sl = suite('robustness: slowloris');

const SLOW = 50;

/** Sends `GET / HTTP/1.1\r\n`, then one byte of a never-ending header line every `gap` ms until closed. */
async function trickle(c: RawClient, gap: number): Promise<number> {
  let sent = 0;
  c.socket.write('GET / HTTP/1.1\r\n');
  while (!c.isClosed() && !c.socket.destroyed) {
    await Promise.race([sleep(gap), c.closed]);
    if (c.isClosed() || c.socket.destroyed) break;
    c.socket.write(sent === 0 ? 'X' : 'x');
    sent++;
  }
  return sent;
}

sl(`${SLOW} slow clients get 408 and are closed; normal requests are served meanwhile`, async () => {
  const guard = guardProcess();
  let served = 0;
  const server = createServer({ headersTimeout: 1000, requestTimeout: 2000, connectionsCheckingInterval: 100 }, (req, res) => {
    served++;
    res.end(`ok ${req.url}`);
  });
  const port = await listen(server);
  try {
    const slow = await openMany(port, SLOW);
    const trickling = slow.map((c) => trickle(c, 1000));
    // While every slow client is still trickling, normal requests complete.
    for (let i = 0; i < 10; i++) {
      const r = await bounded(request(port, { path: `/n${i}`, headers: { connection: 'close' } }), 5000, `normal request ${i}`);
      assert.is(r.status, 200);
      assert.is(r.body, `ok /n${i}`);
    }
    const stillOpen = slow.filter((c) => !c.isClosed()).length;
    assert.ok(stillOpen > 0, 'the normal requests completed while slow clients were still trickling');
    // Each slow client: 408 with Connection: close, then closed. The guard is
    // generous (a loaded machine): 1 s timeout + 0.1 s interval, bounded at 15 s.
    const sent = await bounded(Promise.all(trickling), 15000, 'slow clients closed');
    for (const [i, c] of slow.entries()) {
      const res = parseResponses(c.text());
      assert.is(res.length, 1, `slow client ${i}: ${c.text()}`);
      assert.is(res[0].status, 408, `slow client ${i}`);
      assert.is(res[0].headers.connection, 'close', `slow client ${i}`);
    }
    assert.ok(Math.max(...sent) < 15, `bytes trickled before the close: ${Math.max(...sent)}`);
    assert.is(served, 10, 'only the normal requests reached the handler');
    // And the server still serves.
    const after = await request(port, { path: '/after', headers: { connection: 'close' } });
    assert.is(after.status, 200);
    assert.equal(guard.errors, []);
  } finally {
    guard.dispose();
    await shut(server);
  }
});

sl('a slow body (one byte a second) meets requestTimeout: 408 and closed; others served meanwhile', async () => {
  const server = createServer({ headersTimeout: 500, requestTimeout: 1000, connectionsCheckingInterval: 100 }, (req, res) => {
    req.resume();
    req.on('end', () => res.end('ok'));
  });
  const port = await listen(server);
  try {
    const slow = await openMany(port, 10);
    const done = slow.map(async (c) => {
      c.socket.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n');
      while (!c.isClosed()) {
        await Promise.race([sleep(1000), c.closed]);
        if (!c.isClosed()) c.socket.write('a');
      }
    });
    const r = await bounded(request(port, { path: '/', method: 'POST', body: 'hello', headers: { connection: 'close' } }), 5000);
    assert.is(r.status, 200);
    await bounded(Promise.all(done), 15000, 'slow bodies closed');
    for (const c of slow) assert.is(parseResponses(c.text())[0]?.status, 408, c.text());
  } finally {
    await shut(server);
  }
});

sl.run();
