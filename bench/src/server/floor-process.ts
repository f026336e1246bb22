/**
 * The floor: the least any Node HTTP server on `node:net` can cost. A bare
 * net.Socket server that answers the benchmark's requests with bytes built
 * once at start (the responses our server sends, with a fixed Date), one
 * write per answer, and parses only what framing needs: where a head ends
 * ("\r\n\r\n"), which route (the request line's first bytes) and the
 * Content-Length of a POST. No HTTP objects, no events beyond the socket's
 * 'data'. What the servers reach against it is the share of the time their
 * own JavaScript takes (see server-floor.ts); where they reach the floor,
 * the load generator or the kernel is the limit, not the server.
 *
 * Prints `{"port":N}` on stdout once listening; exits when stdin closes.
 */
import * as net from 'node:net';
import { HELLO, STREAM_CHUNK, STREAM_CHUNKS } from './routes.js';

const DATE = 'Date: Sat, 21 Nov 2026 00:00:00 GMT\r\n';
const KEEP_ALIVE = 'Connection: keep-alive\r\nKeep-Alive: timeout=120\r\n';
const head = (type: string, framing: string) => `HTTP/1.1 200 OK\r\nContent-Type: ${type}\r\n${DATE}${KEEP_ALIVE}${framing}\r\n`;

const HELLO_RESPONSE = Buffer.from(head('text/plain', `Content-Length: ${HELLO.length}\r\n`) + HELLO, 'latin1');
const STREAM_RESPONSE = (() => {
  const chunk = `${STREAM_CHUNK.toString(16)}\r\n${'p'.repeat(STREAM_CHUNK)}\r\n`;
  return Buffer.from(head('application/octet-stream', 'Transfer-Encoding: chunked\r\n') + chunk.repeat(STREAM_CHUNKS) + '0\r\n\r\n', 'latin1');
})();

const HEAD_END = Buffer.from('\r\n\r\n');
const CONTENT_LENGTH = 'content-length:';

type Route = 'hello' | 'stream' | 'echo' | 'upload';

function routeOf(chunk: Buffer, at: number): Route {
  // the request lines are `GET /hello`, `GET /stream`, `POST /echo`, `POST /upload`
  if (chunk[at] === 0x47 /* G */) return chunk[at + 5] === 0x73 /* s */ ? 'stream' : 'hello';
  return chunk[at + 6] === 0x65 /* e */ ? 'echo' : 'upload';
}

/** The Content-Length of the head `chunk[at, end)`, 0 without one. */
function contentLength(chunk: Buffer, at: number, end: number): number {
  const text = chunk.toString('latin1', at, end).toLowerCase();
  const i = text.indexOf(CONTENT_LENGTH);
  return i < 0 ? 0 : parseInt(text.slice(i + CONTENT_LENGTH.length), 10);
}

/** One connection: a request's body still to come, then the answer. */
class Conn {
  private route: Route = 'hello';
  private remaining = 0;
  private bodyBytes = 0;
  private echoParts: Buffer[] = [];

  constructor(private readonly socket: net.Socket) {}

  onData(chunk: Buffer): void {
    const out: Buffer[] = [];
    let p = 0;
    while (p < chunk.length) {
      if (this.remaining > 0) {
        const n = Math.min(this.remaining, chunk.length - p);
        if (this.route === 'echo') this.echoParts.push(chunk.subarray(p, p + n));
        this.remaining -= n;
        p += n;
        if (this.remaining === 0) out.push(this.answer());
        continue;
      }
      const headEnd = chunk.indexOf(HEAD_END, p);
      if (headEnd < 0) break; // the benchmark's heads arrive whole
      this.route = routeOf(chunk, p);
      const body = this.route === 'echo' || this.route === 'upload' ? contentLength(chunk, p, headEnd) : 0;
      p = headEnd + 4;
      this.bodyBytes = this.remaining = body;
      if (body === 0) out.push(this.answer());
    }
    if (out.length === 1) this.socket.write(out[0]);
    else if (out.length > 1) this.socket.write(Buffer.concat(out));
  }

  private answer(): Buffer {
    switch (this.route) {
      case 'hello': return HELLO_RESPONSE;
      case 'stream': return STREAM_RESPONSE;
      case 'echo': {
        const body = Buffer.concat(this.echoParts);
        this.echoParts = [];
        return Buffer.concat([Buffer.from(head('application/json', `Content-Length: ${body.length}\r\n`), 'latin1'), body]);
      }
      case 'upload': {
        const count = String(this.bodyBytes);
        return Buffer.from(head('text/plain', `Content-Length: ${count.length}\r\n`) + count, 'latin1');
      }
    }
  }
}

const server = net.createServer({ noDelay: true }, (socket) => {
  const conn = new Conn(socket);
  socket.on('error', () => socket.destroy());
  socket.on('data', (chunk: Buffer) => conn.onData(chunk));
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address() as net.AddressInfo;
  process.stdout.write(`${JSON.stringify({ port: address.port })}\n`);
});
process.stdin.on('data', () => {});
process.stdin.on('close', () => process.exit(0));
