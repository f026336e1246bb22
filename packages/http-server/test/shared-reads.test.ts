// Every connection reads into one shared buffer (shared-reads.ts), so any
// byte kept beyond a read must be a copy. These tests keep bytes around
// while other connections' reads overwrite the buffer: request bodies held
// until 'end' (and paused meanwhile), pipelined requests held back by the
// pipeline limit, and an upgraded socket's 'data' after the hand-over.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import { once } from 'node:events';
import net, { type Socket } from 'node:net';
import { createServer, PIPELINE_LIMIT } from '../src/index.js';
import { isShared, own, readIntoSharedBuffer, SHARED_READ_SIZE } from '../src/shared-reads.js';
import { listen, shut, connect, parseResponses, until, bounded, sleep } from './harness.js';

const shared = suite('shared-reads');

/** `bytes` of content unique to `seed` (no two connections send alike). */
function content(seed: number, bytes: number): Buffer {
  const out = Buffer.allocUnsafe(bytes);
  let x = seed * 2654435761 + 1;
  for (let i = 0; i < bytes; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** Writes `data` to `socket`, waiting for 'drain' when its buffer is full. */
async function send(socket: Socket, data: Buffer): Promise<void> {
  for (let at = 0; at < data.length; at += SHARED_READ_SIZE) {
    if (!socket.write(data.subarray(at, at + SHARED_READ_SIZE))) await once(socket, 'drain');
  }
}

shared('a served socket reads into the shared buffer: it emits no "data" (as node:http, whose parser consumes its socket)', async () => {
  let dataEvents = 0;
  const server = createServer((_req, res) => res.end('ok'));
  server.on('connection', (s) => s.on('data', () => dataEvents++));
  const port = await listen(server);
  const socket = await connect(port);
  let text = '';
  socket.on('data', (d) => (text += d));
  socket.end('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
  await bounded(once(socket, 'close'));
  assert.is(parseResponses(text)[0].body, 'ok');
  assert.is(dataEvents, 0);
  await shut(server);
});

shared('each read is a view of the shared buffer; own() copies such views and passes other bytes through', async () => {
  const seen: { shared: boolean; copied: boolean; text: string }[] = [];
  const server = net.createServer((s) => {
    readIntoSharedBuffer(s, function (nread, buffer) {
      const view = buffer.subarray(0, nread);
      const kept = own(view);
      seen.push({ shared: isShared(view), copied: kept !== view && !isShared(kept), text: kept.toString() });
    });
  });
  const port = await listen(server);
  const socket = await connect(port);
  socket.end('hello');
  await bounded(until(() => seen.length > 0));
  assert.equal(seen, [{ shared: true, copied: true, text: 'hello' }]);
  const mine = Buffer.from('abc');
  assert.is(own(mine), mine);
  await new Promise((resolve) => server.close(resolve));
});

shared('bodies kept until end stay intact while other connections read (4 uploads at once, paused midway)', async () => {
  const bytes = 4 * 1024 * 1024;
  const server = createServer((req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (d: Buffer) => {
      parts.push(d);
      // Stop reading for a while: the chunks already pushed sit in req's buffer as other sockets read.
      if (parts.length === 8) {
        req.pause();
        setTimeout(() => req.resume(), 50);
      }
    });
    req.on('end', () => res.end(sha(Buffer.concat(parts))));
  });
  const port = await listen(server);
  const uploads = [1, 2, 3, 4].map(async (seed) => {
    const body = content(seed, bytes);
    const socket = await connect(port);
    let text = '';
    socket.on('data', (d) => (text += d));
    socket.write(`POST /${seed} HTTP/1.1\r\nHost: x\r\nContent-Length: ${bytes}\r\n\r\n`);
    await send(socket, body);
    await bounded(until(() => parseResponses(text).length === 1), 20_000, `upload ${seed}`);
    socket.destroy();
    return parseResponses(text)[0].body === sha(body);
  });
  assert.equal(await Promise.all(uploads), [true, true, true, true]);
  await shut(server);
});

shared('pipelined requests held back by the pipeline limit keep their bytes', async () => {
  const n = PIPELINE_LIMIT + 6;
  const waiting: (() => void)[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.setEncoding('latin1');
    req.on('data', (d: string) => (body += d));
    // Answers wait: the parser pauses at the limit and the rest of the batch is held.
    req.on('end', () => waiting.push(() => res.end(`${req.url}:${sha(Buffer.from(body, 'latin1'))}`)));
  });
  const port = await listen(server);
  const bodies = Array.from({ length: n }, (_, i) => content(100 + i, 3000));
  let raw = Buffer.alloc(0);
  for (let i = 0; i < n; i++) {
    raw = Buffer.concat([raw, Buffer.from(`POST /${i} HTTP/1.1\r\nHost: x\r\nContent-Length: ${bodies[i].length}\r\n\r\n`), bodies[i]]);
  }
  const socket = await connect(port);
  let text = '';
  socket.on('data', (d) => (text += d));
  socket.write(raw);
  // Meanwhile another connection fills the whole shared buffer, read after read.
  const noise = await connect(port);
  noise.on('data', () => {});
  const noiseBytes = 4 * SHARED_READ_SIZE;
  noise.write(Buffer.concat([Buffer.from(`POST /noise HTTP/1.1\r\nHost: x\r\nContent-Length: ${noiseBytes}\r\n\r\n`), Buffer.alloc(noiseBytes, 'z')]));
  for (let answered = 0; answered < n + 1; ) {
    await bounded(until(() => waiting.length > 0), 10_000, 'a request');
    waiting.shift()!();
    answered++;
    await sleep(1);
  }
  await bounded(until(() => parseResponses(text).length === n), 10_000, 'all answers');
  assert.equal(parseResponses(text).map((r) => r.body), bodies.map((b, i) => `/${i}:${sha(b)}`));
  socket.destroy();
  noise.destroy();
  await shut(server);
});

shared('an upgraded socket gets its own copies of every read ("data" after the hand-over)', async () => {
  const bytes = 2 * 1024 * 1024;
  const server = createServer((_req, res) => res.end('http'));
  server.on('upgrade', (_req, socket, head: Buffer) => {
    const parts: Buffer[] = [head];
    let got = head.length;
    socket.write('HTTP/1.1 101 Switching Protocols\r\nUpgrade: sink\r\nConnection: Upgrade\r\n\r\n');
    socket.on('data', (d: Buffer) => {
      parts.push(d);
      got += d.length;
      if (got === bytes) socket.end(sha(Buffer.concat(parts)));
    });
  });
  const port = await listen(server);
  const run = async (seed: number) => {
    const data = content(seed, bytes);
    const socket = await connect(port);
    let text = '';
    socket.on('data', (d) => (text += d));
    socket.write(Buffer.concat([Buffer.from('GET / HTTP/1.1\r\nHost: x\r\nUpgrade: sink\r\nConnection: Upgrade\r\n\r\n'), data.subarray(0, 1000)]));
    await send(socket, data.subarray(1000));
    await bounded(once(socket, 'end'), 20_000, `sink ${seed}`);
    return text.endsWith(sha(data));
  };
  assert.equal(await Promise.all([run(7), run(8), run(9)]), [true, true, true]);
  await shut(server);
});

shared('readIntoSharedBuffer declines a socket that has no handle', () => {
  const fake = { readableLength: 0 } as unknown as Socket;
  assert.is(readIntoSharedBuffer(fake, () => {}), false);
});

shared.run();
