// Backpressure over a real socket whose peer does not read until later:
// write() returns false, and 'drain' arrives once the peer reads.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import net from 'node:net';
import { once } from 'node:events';
import { ServerResponse, type RequestLike } from '../src/index.js';
import { bounded } from './harness.js';

const req: RequestLike = { method: 'GET', httpVersionMajor: 1, httpVersionMinor: 1, headers: {} };
const CHUNK = Buffer.alloc(256 * 1024, 0x61);
// Far more than loopback socket buffers hold, so the writer must wait for the reader.
const TOTAL = 64 * 1024 * 1024;

async function pair(): Promise<{ server: net.Server; serverSide: net.Socket; client: net.Socket }> {
  const server = net.createServer({ pauseOnConnect: true });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const accepted = once(server, 'connection');
  const client = net.connect((server.address() as net.AddressInfo).port, '127.0.0.1');
  client.pause();
  const [serverSide] = (await bounded(accepted, 'accept')) as [net.Socket];
  return { server, serverSide, client };
}

const test = suite('backpressure');

test('write() returns false with a peer that does not read; drain comes when it reads', async () => {
  const { server, serverSide, client } = await pair();
  const res = new ServerResponse(req, { highWaterMark: serverSide.writableHighWaterMark });
  res.sendDate = false;
  res.setHeader('Content-Length', TOTAL);
  res.assignSocket(serverSide);

  let received = 0;
  let falseWhileUnread = 0;
  let drains = 0;
  res.on('drain', () => drains++);
  const clientDone = new Promise<void>((resolve) => client.on('end', resolve));
  client.on('data', (d) => (received += d.length));

  // The peer starts reading only later.
  const startReading = setTimeout(() => client.resume(), 200);

  let written = 0;
  while (written < TOTAL) {
    const ok = res.write(CHUNK);
    written += CHUNK.length;
    if (!ok) {
      if (received === 0) falseWhileUnread++;
      await bounded(once(res as never, 'drain'), 'drain');
    }
  }
  res.end();
  await bounded(once(res as never, 'finish'), 'finish');
  serverSide.end();
  await bounded(clientDone, 'client end');
  clearTimeout(startReading);

  assert.ok(falseWhileUnread > 0, 'write() returned false while the peer had read nothing');
  assert.ok(drains > 0, "'drain' arrived");
  assert.is(received, TOTAL + res._header!.length, 'every byte arrived');
  server.close();
});

test('before a socket: write() returns false past highWaterMark; drain on assignSocket', async () => {
  const res = new ServerResponse(req, { highWaterMark: 1024 });
  res.sendDate = false;
  assert.is(res.write(Buffer.alloc(100)), true);
  assert.is(res.write(Buffer.alloc(2000)), false);
  assert.ok(res.writableNeedDrain);
  const { server, serverSide, client } = await pair();
  client.resume();
  const drained = once(res as never, 'drain');
  res.assignSocket(serverSide);
  await bounded(drained, 'drain');
  res.end();
  await bounded(once(res as never, 'finish'), 'finish');
  client.destroy();
  serverSide.destroy();
  server.close();
});

test('pending bytes are reported to the server while no socket is owned', () => {
  const res = new ServerResponse(req);
  let pending = 0;
  res._onPendingData = (d) => (pending += d);
  res.write('abc');
  assert.ok(pending > 0);
});

test.run();
