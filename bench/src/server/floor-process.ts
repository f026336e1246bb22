/**
 * The floor: the least any Node HTTP server on `node:net` can cost. A bare
 * net.Socket server that answers every request head it reads with fixed
 * bytes (the same response our server sends to GET /hello, with a fixed
 * Date), one write per read, and parses nothing: no HTTP objects, no
 * events beyond the socket's 'data'. Only for GET requests without a body
 * (it counts "\r\n\r\n"). What the servers reach against this is the share
 * of the time their own JavaScript takes (see server-floor.ts).
 *
 * Prints `{"port":N}` on stdout once listening; exits when stdin closes.
 */
import * as net from 'node:net';
import { HELLO } from './routes.js';

const RESPONSE = Buffer.from(
  'HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nDate: Sat, 21 Nov 2026 00:00:00 GMT\r\n' +
  `Connection: keep-alive\r\nKeep-Alive: timeout=120\r\nContent-Length: ${HELLO.length}\r\n\r\n${HELLO}`,
  'latin1',
);
const HEAD_END = Buffer.from('\r\n\r\n');

/** Request heads that end in `chunk` (a pipelined batch usually arrives whole). */
function headsIn(chunk: Buffer): number {
  let n = 0;
  for (let i = chunk.indexOf(HEAD_END); i !== -1; i = chunk.indexOf(HEAD_END, i + 4)) n++;
  return n;
}

const server = net.createServer({ noDelay: true }, (socket) => {
  socket.on('error', () => socket.destroy());
  socket.on('data', (chunk: Buffer) => {
    const n = headsIn(chunk);
    if (n === 1) socket.write(RESPONSE);
    else if (n > 1) socket.write(Buffer.concat(Array.from({ length: n }, () => RESPONSE)));
  });
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address() as net.AddressInfo;
  process.stdout.write(`${JSON.stringify({ port: address.port })}\n`);
});
process.stdin.on('data', () => {});
process.stdin.on('close', () => process.exit(0));
