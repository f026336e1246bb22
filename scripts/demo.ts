// The demo a new user meets (`pnpm demo`): a small site served by
// @purehttp/http-server. A page with live request and connection counts
// (server-sent events), JSON echo, a chunked stream, a streamed upload and a
// WebSocket echo through ws. Prints its URL; Ctrl-C closes it gracefully.
//   PORT=3000 HOST=127.0.0.1 pnpm demo
// With `--workers N` (N > 1) the process is a node:cluster primary that
// forks N workers running this same file; they share one port, and the
// counts on the page are those of the worker that serves the page's events.
//   pnpm demo --workers 4
import cluster from 'node:cluster';
import { createHash } from 'node:crypto';
import type * as http from 'node:http';
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from '@purehttp/http-server';
import { WebSocketServer } from 'ws';

const page = readFileSync(new URL('./demo/page.html', import.meta.url));
const started = Date.now();
let requests = 0;
/** Open /events responses: they never end by themselves, so closing the server ends them. */
const eventStreams = new Set<ServerResponse>();

const stats = () => ({ requests, connections: server.connections, uptime: Math.round((Date.now() - started) / 1000) });

function json(res: ServerResponse, status: number, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) return reject(Object.assign(new Error('body too large'), { status: 413 }));
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const routes: Record<string, (req: IncomingMessage, res: ServerResponse) => void | Promise<void>> = {
  'GET /': (_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-length': page.length });
    res.end(page);
  },
  'GET /stats': (_req, res) => json(res, 200, stats()),
  'POST /echo': async (req, res) => {
    const body = await readBody(req, 64 * 1024);
    json(res, 200, { method: req.method, url: req.url, headers: req.headers, body: JSON.parse(body.toString() || 'null') });
  },
  'GET /stream': (_req, res) => {
    // no Content-Length: HTTP/1.1 chunked framing, one chunk per write
    res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
    let n = 0;
    const timer = setInterval(() => {
      res.write(`chunk ${++n} of 5 at ${new Date().toISOString()}\n`);
      if (n === 5) {
        clearInterval(timer);
        res.end();
      }
    }, 200);
    res.on('close', () => clearInterval(timer));
  },
  'GET /events': (req, res) => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const send = () => res.write(`event: stats\ndata: ${JSON.stringify(stats())}\n\n`);
    send();
    const timer = setInterval(send, 1000);
    eventStreams.add(res);
    req.on('close', () => {
      clearInterval(timer);
      eventStreams.delete(res);
    });
  },
  'POST /upload': (req, res) => {
    // the body streams through a hash; nothing is buffered
    const hash = createHash('sha256');
    let bytes = 0;
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      hash.update(chunk);
    });
    req.on('end', () => json(res, 200, { bytes, sha256: hash.digest('hex') }));
  },
};

const server = createServer(async (req, res) => {
  requests++;
  const route = routes[`${req.method} ${(req.url ?? '/').split('?')[0]}`];
  try {
    if (route) await route(req, res);
    else json(res, 404, { error: 'not found', url: req.url });
  } catch (err) {
    const status = (err as { status?: number }).status ?? 400;
    if (!res.headersSent) json(res, status, { error: (err as Error).message });
    else res.destroy();
  }
});

const wss = new WebSocketServer({ noServer: true });
server.on('upgrade', (req, socket, head) => {
  if (req.url !== '/ws') return socket.destroy();
  // ws is typed against node:http's classes; ours has the same shape at run time
  wss.handleUpgrade(req as unknown as http.IncomingMessage, socket, head, (ws) => ws.on('message', (data, binary) => ws.send(data, { binary })));
});

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';
const flag = process.argv.indexOf('--workers');
const workers = flag > 0 ? Number(process.argv[flag + 1]) : 1;
if (!Number.isInteger(workers) || workers < 1) throw new Error(`--workers wants a whole number of workers, not ${process.argv[flag + 1]}`);
const url = (actual: number) => `purehttp demo: http://${host}:${actual}/  (${workers > 1 ? `${workers} workers, ` : ''}Ctrl-C to stop)`;

let stopping = false;

if (cluster.isPrimary && workers > 1) {
  // The primary serves nothing (the server above is never started here): it forks the workers, which
  // listen on the same port through its shared handle, and prints the URL once, when all of them do.
  for (let i = 0; i < workers; i++) cluster.fork();
  const listening = new Set<number>();
  cluster.on('listening', (worker, address) => {
    listening.add(worker.id);
    if (listening.size === workers) console.log(url(address.port));
  });
  cluster.on('exit', (worker, code, signal) => {
    if (!stopping) console.log(`worker ${worker.process.pid} exited (${signal ?? code})`);
  });
  const stopWorkers = () => {
    if (stopping) return process.exit(1); // a second Ctrl-C: do not wait
    stopping = true;
    console.log('\nclosing: finishing requests in flight...');
    const live = Object.values(cluster.workers ?? {}).filter((w) => w !== undefined);
    const exited = live.map((worker) => new Promise((resolve) => worker.once('exit', resolve)));
    // A worker still starting has no 'stop' listener yet and serves nothing: it is simply killed.
    for (const worker of live) {
      if (listening.has(worker.id)) worker.send('stop');
      else worker.kill();
    }
    void Promise.all(exited).then(() => {
      console.log('closed');
      process.exit(0);
    });
  };
  process.on('SIGINT', stopWorkers);
  process.on('SIGTERM', stopWorkers);
} else {
  server.listen(port, host, () => {
    const address = server.address();
    if (cluster.isPrimary) console.log(url(typeof address === 'object' && address ? address.port : port));
  });
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  // In a worker: the primary's request to stop (Ctrl-C in a terminal also sends SIGINT to every worker).
  process.on('message', (message) => message === 'stop' && !stopping && stop());
}

function stop(): void {
  if (stopping) return process.exit(1); // a second Ctrl-C: do not wait
  stopping = true;
  const log = cluster.isPrimary ? console.log : () => {}; // workers close quietly; their primary reports
  log('\nclosing: finishing requests in flight...');
  for (const client of wss.clients) client.close(1001, 'server shutting down');
  for (const res of eventStreams) res.end();
  server.close(() => {
    log('closed');
    process.exit(0);
  });
  server.closeIdleConnections();
}
