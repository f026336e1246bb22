/**
 * The idle-connection client of the memory scenario, in a process of its
 * own (it may need a higher open-file limit than the benchmark has):
 *
 *   node idle-client.ts PORT COUNT
 *
 * opens COUNT connections to 127.0.0.1:PORT, at most 200 connecting at a
 * time (the server's accept queue holds 511), sends one `GET /hello` on each
 * and reads its response, then keeps every connection open and prints
 * `{"answered":N,"open":N}`. Each line on stdin is answered with the same
 * line for the connections still open then. Exits when stdin closes, or
 * after 90 s.
 */
import { connect, type Socket } from 'node:net';

const REQUEST = 'GET /hello HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n';
const PARALLEL = 200;

const port = Number(process.argv[2]);
const count = Number(process.argv[3]);
if (!port || !count) throw new Error('usage: idle-client.ts PORT COUNT');

const sockets: Socket[] = [];
let answered = 0;
let open = 0;
let started = 0;

const report = () => process.stdout.write(`${JSON.stringify({ answered, open })}\n`);

function fail(message: string): never {
  process.stderr.write(`idle client: ${message} (${started} started, ${answered} answered, ${open} open)\n`);
  process.exit(2);
}

/** Whether `buf` holds a whole response framed by Content-Length. */
function complete(buf: string): boolean {
  const end = buf.indexOf('\r\n\r\n');
  if (end < 0) return false;
  const length = /\r\ncontent-length:\s*(\d+)/i.exec(buf.slice(0, end))?.[1];
  if (length === undefined) fail(`response without Content-Length: ${JSON.stringify(buf.slice(0, 120))}`);
  return buf.length >= end + 4 + Number(length);
}

function openOne(): void {
  started++;
  const socket = connect(port, '127.0.0.1');
  sockets.push(socket);
  let buf = '';
  let done = false;
  socket.setEncoding('latin1');
  socket.on('connect', () => {
    open++;
    socket.write(REQUEST);
  });
  socket.on('data', (s: string) => {
    if (done) return;
    buf += s;
    if (!complete(buf)) return;
    done = true;
    if (!buf.startsWith('HTTP/1.1 200')) fail(`answered ${JSON.stringify(buf.slice(0, 40))}`);
    answered++;
    if (started < count) openOne();
    if (answered === count) report();
  });
  socket.on('close', () => {
    open--;
    if (!done) fail('a connection closed before its response');
  });
  socket.on('error', (err) => {
    if (!done) fail(err.message);
  });
}

setTimeout(() => fail('not done within 90 s'), 90_000).unref();
for (let i = 0; i < Math.min(PARALLEL, count); i++) openOne();

process.stdin.setEncoding('utf8');
process.stdin.on('data', () => report());
process.stdin.on('close', () => {
  for (const s of sockets) s.destroy();
  process.exit(0);
});
