// Pipelining (RFC 9112 §9.3.2): responses go out strictly in request order,
// whatever order the handlers finish in; and a client cannot make the server
// buffer without bound — neither by flooding pipelined requests the server
// has not answered yet, nor by never reading its responses.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import http from 'node:http';
import { createServer, PIPELINE_LIMIT, type IncomingMessage, type ServerResponse } from '../src/index.js';
import { listen, shut, connect, parseResponses, until, sleep, bounded } from './harness.js';
import { Connection } from '../src/connection.js';

const pipe = suite('pipelining');

/** Sends GET /0 … GET /n-1 in one write; checks the n answers are r0 … rn-1, in order. */
async function getInOrder(port: number, n: number): Promise<import('node:net').Socket> {
  const socket = await connect(port);
  let text = '';
  socket.on('data', (d) => (text += d));
  let raw = '';
  for (let i = 0; i < n; i++) raw += `GET /${i} HTTP/1.1\r\nHost: x\r\n\r\n`;
  socket.write(raw);
  await bounded(until(() => parseResponses(text).length === n));
  assert.equal(parseResponses(text).map((r) => r.body), Array.from({ length: n }, (_, i) => `r${i}`));
  return socket;
}

pipe('responses leave in request order while handlers finish in reverse', async () => {
  const n = 10;
  const server = createServer((req, res) => {
    const i = Number(req.url!.slice(1));
    setTimeout(() => res.end(`r${i}`), (n - i) * 15);
  });
  const socket = await getInOrder(await listen(server), n);
  socket.destroy();
  await shut(server);
});

pipe('a pipelined batch answered at once leaves in one socket write per read', async () => {
  const n = 12;
  let reads = 0;
  let writes = 0;
  const server = createServer((req, res) => {
    res.setHeader('Content-Type', 'text/plain');
    res.end(`r${req.url!.slice(1)}`);
  });
  // Reads as the connection receives them (the socket emits no 'data': it reads into the shared buffer, as node:http's parser consumes its socket).
  const receive = Connection.prototype.receive;
  Connection.prototype.receive = function (chunk) {
    reads++;
    return receive.call(this, chunk);
  };
  server.on('connection', (s) => {
    // Observe the real socket: writes it hands to the kernel.
    const sock = s as unknown as { _write: (...a: unknown[]) => void; _writev: (...a: unknown[]) => void };
    const write = sock._write;
    const writev = sock._writev;
    sock._write = function (...a) { writes++; return write.apply(this, a); };
    sock._writev = function (...a) { writes++; return writev.apply(this, a); };
  });
  let socket;
  try {
    socket = await getInOrder(await listen(server), n);
  } finally {
    Connection.prototype.receive = receive;
  }
  assert.ok(reads >= 1);
  // node:http makes one write per response (12 here); we make one per batch read.
  assert.is(writes, reads);
  socket.destroy();
  await shut(server);
});

pipe('pipelined POST bodies are delivered to the right requests', async () => {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => res.end(`${req.url}:${body}`));
  });
  const port = await listen(server);
  const socket = await connect(port);
  let text = '';
  socket.on('data', (d) => (text += d));
  socket.write(
    'POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc' +
    'POST /b HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nde\r\n0\r\n\r\n' +
    'GET /c HTTP/1.1\r\nHost: x\r\n\r\n',
  );
  await bounded(until(() => parseResponses(text).length === 3));
  assert.equal(parseResponses(text).map((r) => r.body), ['/a:abc', '/b:de', '/c:']);
  socket.destroy();
  await shut(server);
});

pipe('a flood of pipelined requests: at most PIPELINE_LIMIT parsed but unanswered', async () => {
  const total = 2000;
  const waiting: ServerResponse[] = [];
  let seen = 0;
  let maxUnanswered = 0;
  let answered = 0;
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    seen++;
    waiting.push(res);
    maxUnanswered = Math.max(maxUnanswered, seen - answered);
  });
  const port = await listen(server);
  const socket = await connect(port);
  let text = '';
  socket.on('data', (d) => (text += d));
  let raw = '';
  for (let i = 0; i < total; i++) raw += `GET /${i} HTTP/1.1\r\nHost: x\r\n\r\n`;
  socket.write(raw); // ~60 KB in one write: many requests per chunk
  await sleep(100);
  assert.ok(seen <= PIPELINE_LIMIT, `parsed ${seen} unanswered requests (limit ${PIPELINE_LIMIT})`);
  // Answer as they come: everything gets through, in order.
  const pump = setInterval(() => {
    while (waiting.length) {
      answered++;
      waiting.shift()!.end('k');
    }
  }, 1);
  await bounded(until(() => answered === total), 10000, 'all answered');
  clearInterval(pump);
  await until(() => (text.match(/HTTP\/1\.1 200/g) ?? []).length === total);
  assert.ok(maxUnanswered <= PIPELINE_LIMIT, `max unanswered ${maxUnanswered}`);
  socket.destroy();
  await shut(server);
});

pipe('a batch answered as it is parsed never stops reading, however many requests it holds', async () => {
  const n = PIPELINE_LIMIT * 3;
  let pauses = 0;
  const server = createServer((req, res) => {
    const socket = req.socket;
    if (!Object.hasOwn(socket, 'pause')) {
      // Counts the server's own calls to pause its socket (what stops reading).
      const pause = socket.pause;
      socket.pause = function (this: typeof socket) {
        pauses++;
        return pause.call(this);
      };
    }
    res.end(`r${req.url!.slice(1)}`);
  });
  const port = await listen(server);
  try {
    const socket = await getInOrder(port, n);
    socket.destroy();
    // Ended responses do not count against PIPELINE_LIMIT: only unanswered requests do.
    assert.is(pauses, 0);
  } finally {
    await shut(server);
  }
});

pipe('a client that never reads: the server stops reading (bounded bytesRead)', async () => {
  const big = Buffer.alloc(256 * 1024, 'x');
  let handled = 0;
  let serverSocket: import('node:net').Socket | undefined;
  const server = createServer((req, res) => {
    handled++;
    serverSocket = req.socket;
    res.end(big);
  });
  const port = await listen(server);
  const socket = await connect(port);
  socket.pause(); // never read
  const one = Buffer.from('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
  const flood = Buffer.concat(Array.from({ length: 40000 }, () => one)); // ~1.1 MB of requests
  socket.write(flood);
  // Let the server run until it stops making progress.
  let last = -1;
  while (handled !== last) {
    last = handled;
    await sleep(200);
  }
  const read = serverSocket!.bytesRead;
  assert.ok(handled < 200, `handled ${handled} requests for a client that reads nothing`);
  assert.ok(read < 256 * 1024, `server read ${read} bytes of ${flood.length}`);
  assert.ok(read < flood.length / 4);
  socket.destroy();
  await shut(server);
});

pipe('Node\'s http client with pipelined keep-alive requests through one Agent socket', async () => {
  const server = createServer((req, res) => res.end(req.url));
  const port = await listen(server);
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  const get = (path: string) => new Promise<string>((resolve, reject) => {
    http.get({ host: '127.0.0.1', port, path, agent }, (res) => {
      let b = '';
      res.on('data', (d) => (b += d));
      res.on('end', () => resolve(b));
    }).on('error', reject);
  });
  const bodies = await bounded(Promise.all(Array.from({ length: 20 }, (_, i) => get(`/${i}`))));
  assert.equal(bodies, Array.from({ length: 20 }, (_, i) => `/${i}`));
  agent.destroy();
  await shut(server);
});

pipe.run();
