// ws 8, unmodified, on node:http and on our server: the 'upgrade' event hands
// (req, socket, head) to WebSocketServer.handleUpgrade, and ws owns the
// socket from then on. Every scenario runs on both servers; the handshake
// bytes are compared between them.
//
// Scenarios: an echo through `noServer` + 'upgrade' (text, binary, 100 KiB
// and 70 KiB messages, close with a code); a handshake sent in the same TCP
// write as the first frame (those bytes must arrive in `head`); a
// WebSocketServer attached with `{ server }` next to ordinary HTTP requests;
// a bad handshake answered by ws; an Upgrade request on a server with no
// 'upgrade' listener (an ordinary request, as in Node).
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createHash } from 'node:crypto';
import type http from 'node:http';
import net from 'node:net';
import { fetch } from 'undici';
import { WebSocketServer, WebSocket, type RawData } from 'ws';
import { startSide, bounded, watchdog, IMPLS, splitRaw, type Impl, type Side, throwUncaught } from './fixtures/frameworks-side-by-side.js';

watchdog();

const KEY = 'dGhlIHNhbXBsZSBub25jZQ=='; // RFC 6455 §1.3's sample key
const ACCEPT = 's3pPLMBiTxaQ9kYGzzhZRbK+xOo='; // and its accept value

/** An echo WebSocketServer in noServer mode, recording what each upgrade's `head` held. */
function echoServer() {
  const wss = new WebSocketServer({ noServer: true });
  const heads: number[] = [];
  const closes: Array<{ code: number; reason: string }> = [];
  wss.on('connection', (ws) => {
    ws.on('message', (data: RawData, isBinary: boolean) => ws.send(data, { binary: isBinary }));
    ws.on('close', (code, reason) => closes.push({ code, reason: reason.toString() }));
  });
  return { wss, heads, closes };
}

async function startEcho(impl: Impl) {
  const echo = echoServer();
  const side = await startSide(impl, (_impl, mod) => {
    const server = mod.createServer((_req, res) => {
      res.writeHead(426, { 'Content-Type': 'text/plain' });
      res.end('upgrade required');
    });
    server.on('upgrade', (req: http.IncomingMessage, socket: net.Socket, head: Buffer) => {
      echo.heads.push(head.length);
      echo.wss.handleUpgrade(req, socket, head, (ws) => echo.wss.emit('connection', ws, req));
    });
    return server;
  });
  return { side, ...echo, close: async () => { echo.wss.close(); await side.close(); } };
}

function openClient(url: string): Promise<WebSocket> {
  const ws = new WebSocket(url);
  return bounded(new Promise((resolve, reject) => {
    ws.once('open', () => resolve(ws));
    ws.once('error', reject);
  }), `open ${url}`);
}

function nextMessage(ws: WebSocket, label: string): Promise<{ data: Buffer; isBinary: boolean }> {
  return bounded(new Promise((resolve) => {
    ws.once('message', (data: RawData, isBinary: boolean) => resolve({ data: Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer), isBinary }));
  }), label);
}

/** A client frame (RFC 6455 §5.2): FIN, opcode, the MASK bit and a masking key. */
function clientFrame(opcode: number, payload: Buffer): Buffer {
  const mask = Buffer.from([0x12, 0x34, 0x56, 0x78]);
  const len = payload.length;
  const head = len < 126 ? Buffer.from([0x80 | opcode, 0x80 | len])
    : Buffer.from([0x80 | opcode, 0x80 | 126, len >> 8, len & 0xff]);
  const body = Buffer.from(payload.map((b, i) => b ^ mask[i % 4]));
  return Buffer.concat([head, mask, body]);
}

function handshake(port: number, path = '/', extra = ''): string {
  return `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
    `Sec-WebSocket-Key: ${KEY}\r\nSec-WebSocket-Version: 13\r\n${extra}\r\n`;
}

/** Connects, writes `bytes` in one write, and collects what arrives until `done(received)` or the server closes. */
function rawSession(port: number, bytes: Buffer, done: (received: Buffer) => boolean, label: string): Promise<{ socket: net.Socket; received: Buffer }> {
  return bounded(new Promise((resolve, reject) => {
    let received = Buffer.alloc(0);
    const socket = net.connect(port, '127.0.0.1', () => {
      socket.setNoDelay(true);
      socket.write(bytes); // one write: on loopback, one segment
    });
    socket.on('data', (d) => {
      received = Buffer.concat([received, d]);
      if (done(received)) resolve({ socket, received });
    });
    socket.on('error', reject);
    socket.on('close', () => resolve({ socket, received }));
  }), label);
}

/** Waits (bounded) until `cond()` holds: ws emits its server-side 'close' once the TCP socket has closed. */
async function until(cond: () => boolean, label: string): Promise<void> {
  await bounded((async () => {
    while (!cond()) await new Promise((resolve) => setTimeout(resolve, 2));
  })(), label);
}

const handshakes: Partial<Record<Impl, string[]>> = {};
const test = suite('ws 8 on both servers');

for (const impl of IMPLS) {
  test(`[${impl}] noServer + 'upgrade': text, binary, >64 KiB messages echoed, close with a code`, async () => {
    const echo = await startEcho(impl);
    try {
      const ws = await openClient(`ws://127.0.0.1:${echo.side.port}/chat?room=1`);
      const cases: Array<{ name: string; data: string | Buffer }> = [
        { name: 'short text', data: 'hello over ws ✓' },
        { name: 'short binary', data: Buffer.from([0, 1, 2, 255]) },
        { name: '100 KiB binary', data: Buffer.alloc(100 * 1024, 0xab) },
        { name: '70 KiB text', data: 'w'.repeat(70 * 1024) },
        { name: 'empty text', data: '' },
      ];
      for (const c of cases) {
        const reply = nextMessage(ws, `[${impl}] echo of ${c.name}`);
        ws.send(c.data);
        const got = await reply;
        assert.is(got.isBinary, Buffer.isBuffer(c.data), `[${impl}] ${c.name}: binary flag`);
        assert.ok(got.data.equals(Buffer.from(c.data)), `[${impl}] ${c.name}: echoed bytes`);
      }
      const closed = bounded(new Promise<{ code: number; reason: string }>((resolve) =>
        ws.once('close', (code, reason) => resolve({ code, reason: reason.toString() }))), `[${impl}] close`);
      ws.close(4001, 'done here');
      assert.equal(await closed, { code: 4001, reason: 'done here' }, `[${impl}] client close event`);
      await until(() => echo.closes.length > 0, `[${impl}] server close event`);
      assert.equal(echo.closes, [{ code: 4001, reason: 'done here' }], `[${impl}] server close event`);
      assert.equal(echo.heads, [0], `[${impl}] a plain handshake leaves head empty`);
    } finally {
      await echo.close();
    }
  });

  test(`[${impl}] a frame in the same TCP write as the handshake arrives in 'head'`, async () => {
    const echo = await startEcho(impl);
    try {
      const frame = clientFrame(0x1, Buffer.from('early bird'));
      const closeFrame = clientFrame(0x8, Buffer.from([0x03, 0xe8])); // 1000
      const bytes = Buffer.concat([Buffer.from(handshake(echo.side.port), 'latin1'), frame]);
      const { socket, received } = await rawSession(echo.side.port, bytes, (r) => {
        const end = r.indexOf('\r\n\r\n');
        return end >= 0 && r.length >= end + 4 + 2 + 10;
      }, `[${impl}] handshake + early frame`);
      const { statusLine, headerLines, body } = splitRaw(received);
      assert.is(statusLine, 'HTTP/1.1 101 Switching Protocols', `[${impl}] status line`);
      assert.ok(headerLines.includes(`Sec-WebSocket-Accept: ${ACCEPT}`), `[${impl}] accept value`);
      (handshakes[impl] ??= []).push(...headerLines);
      // RFC 6455 §5.2: an unmasked server text frame, FIN set, 10 bytes.
      assert.equal([...body.subarray(0, 2)], [0x81, 10], `[${impl}] echo frame header`);
      assert.is(body.subarray(2, 12).toString(), 'early bird', `[${impl}] echo frame payload`);
      assert.equal(echo.heads, [frame.length], `[${impl}] the frame's bytes were handed over in head`);
      // Close: ws answers with a close frame and ends the connection.
      const ended = bounded(new Promise<Buffer>((resolve) => {
        let rest = Buffer.alloc(0);
        socket.on('data', (d) => (rest = Buffer.concat([rest, d])));
        socket.once('close', () => resolve(rest));
      }), `[${impl}] close handshake`);
      socket.write(closeFrame);
      const rest = await ended;
      assert.equal([...rest.subarray(0, 4)], [0x88, 2, 0x03, 0xe8], `[${impl}] server close frame 1000`);
      await until(() => echo.closes.length > 0, `[${impl}] server close event`);
      assert.equal(echo.closes, [{ code: 1000, reason: '' }], `[${impl}] server close event`);
    } finally {
      await echo.close();
    }
  });

  test(`[${impl}] handshake, 70 KiB frame and close in one write`, async () => {
    const echo = await startEcho(impl);
    try {
      const payload = Buffer.alloc(70 * 1024, 'q');
      const len = payload.length;
      // 64-bit length form (RFC 6455 §5.2: 127 + 8 bytes) for a payload over 65535 bytes.
      const mask = Buffer.from([9, 8, 7, 6]);
      const head = Buffer.from([0x82, 0x80 | 127, 0, 0, 0, 0, (len >>> 24) & 0xff, (len >>> 16) & 0xff, (len >>> 8) & 0xff, len & 0xff]);
      const frame = Buffer.concat([head, mask, Buffer.from(payload.map((b, i) => b ^ mask[i % 4]))]);
      const bytes = Buffer.concat([Buffer.from(handshake(echo.side.port), 'latin1'), frame, clientFrame(0x8, Buffer.from([0x0f, 0xa0]))]);
      const { received } = await rawSession(echo.side.port, bytes, () => false, `[${impl}] big early frame`);
      const { statusLine, body } = splitRaw(received);
      assert.is(statusLine, 'HTTP/1.1 101 Switching Protocols');
      assert.equal([...body.subarray(0, 2)], [0x82, 127], `[${impl}] binary echo with a 64-bit length`);
      assert.is(body.readUInt32BE(6), len, `[${impl}] echo length`);
      assert.ok(body.subarray(10, 10 + len).equals(payload), `[${impl}] echo payload`);
      assert.equal([...body.subarray(10 + len, 10 + len + 4)], [0x88, 2, 0x0f, 0xa0], `[${impl}] close frame 4000 echoed`);
      assert.ok(echo.heads[0] > 0, `[${impl}] head carried the first bytes of the frame`);
      await until(() => echo.closes.length > 0, `[${impl}] server close event`);
      assert.equal(echo.closes, [{ code: 4000, reason: '' }]);
    } finally {
      await echo.close();
    }
  });

  test(`[${impl}] new WebSocketServer({ server }) next to ordinary requests`, async () => {
    let wss!: WebSocketServer;
    const paths: string[] = [];
    const side: Side = await startSide(impl, (_impl, mod) => {
      const server = mod.createServer((req, res) => {
        res.setHeader('Content-Type', 'text/plain');
        res.end(`plain ${req.method} ${req.url}`);
      });
      wss = new WebSocketServer({ server, path: '/ws' });
      wss.on('connection', (ws, req) => {
        paths.push(req.url ?? '');
        ws.on('message', (data: RawData, isBinary: boolean) => ws.send(isBinary ? data : `echo:${data.toString()}`, { binary: isBinary }));
      });
      return server;
    });
    try {
      const before = await fetch(`${side.origin}/page`).then((r) => r.text());
      assert.is(before, 'plain GET /page', `[${impl}] HTTP before`);
      const clients = await Promise.all([openClient(`ws://127.0.0.1:${side.port}/ws`), openClient(`ws://127.0.0.1:${side.port}/ws`)]);
      for (const [i, ws] of clients.entries()) {
        const reply = nextMessage(ws, `[${impl}] client ${i}`);
        ws.send(`from ${i}`);
        assert.is((await reply).data.toString(), `echo:from ${i}`);
      }
      const big = Buffer.alloc(200 * 1024, 7);
      const reply = nextMessage(clients[0], `[${impl}] big`);
      clients[0].send(big);
      assert.ok((await reply).data.equals(big), `[${impl}] 200 KiB binary echo`);
      const after = await fetch(`${side.origin}/after`, { method: 'POST', body: 'x' }).then((r) => r.text());
      assert.is(after, 'plain POST /after', `[${impl}] HTTP while sockets are upgraded`);
      assert.equal(paths, ['/ws', '/ws']);
      await Promise.all(clients.map((ws) => bounded(new Promise<number>((resolve) => {
        ws.once('close', (code) => resolve(code));
        ws.close(1000);
      }), `[${impl}] close`).then((code) => assert.is(code, 1000))));
      // A wrong path: ws answers 400 and ends the socket.
      const { received } = await rawSession(side.port, Buffer.from(handshake(side.port, '/other'), 'latin1'), () => false, `[${impl}] wrong path`);
      assert.is(splitRaw(received).statusLine, 'HTTP/1.1 400 Bad Request', `[${impl}] wrong path`);
    } finally {
      wss.close();
      await side.close();
    }
  });

  test(`[${impl}] a bad handshake is answered by ws with 400`, async () => {
    const echo = await startEcho(impl);
    try {
      const bad = handshake(echo.side.port).replace('Sec-WebSocket-Version: 13', 'Sec-WebSocket-Version: 99');
      const { received } = await rawSession(echo.side.port, Buffer.from(bad, 'latin1'), () => false, `[${impl}] bad version`);
      const { statusLine, headerLines } = splitRaw(received);
      assert.is(statusLine, 'HTTP/1.1 400 Bad Request');
      assert.ok(headerLines.includes('Sec-WebSocket-Version: 13, 8'), `[${impl}] supported versions advertised`);
    } finally {
      await echo.close();
    }
  });

  test(`[${impl}] Upgrade with no 'upgrade' listener is an ordinary request`, async () => {
    const side = await startSide(impl, (_impl, mod) => mod.createServer((req, res) => {
      res.end(`ordinary ${req.headers.upgrade}`);
    }));
    try {
      const { received } = await rawSession(side.port, Buffer.from(handshake(side.port).replace('Connection: Upgrade', 'Connection: Upgrade, close'), 'latin1'), () => false, `[${impl}] no listener`);
      const { statusLine, body } = splitRaw(received);
      assert.is(statusLine, 'HTTP/1.1 200 OK', `[${impl}] status`);
      assert.is(body.toString(), 'ordinary websocket', `[${impl}] body`);
    } finally {
      await side.close();
    }
  });
}

test('the 101 handshake bytes are the same on both servers', () => {
  assert.ok(handshakes.node && handshakes.ours);
  assert.equal(handshakes.ours, handshakes.node);
  const accept = createHash('sha1').update(`${KEY}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
  assert.is(accept, ACCEPT);
});

test('no exception escaped into a server callback', () => throwUncaught('after all tests'));

test.run();
