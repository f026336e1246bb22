/**
 * The server under test, in a process of its own:
 *
 *   node --expose-gc server-process.ts purehttp|node
 *
 * serves the benchmark's handlers with `@purehttp/http-server` (the
 * workspace build, dist/) or with `node:http`, the same handler code for
 * both, on 127.0.0.1 and a free port, then prints one line of JSON on stdout:
 * `{"port":N,"impl":"…","label":"…"}`. It exits when its stdin closes, so it
 * cannot outlive the benchmark (even one killed with SIGKILL).
 *
 * Routes (the scenarios of scenarios.ts):
 *   GET  /hello   "Hello, World!" as text/plain (TechEmpower's plaintext)
 *   POST /echo    the request body back, as application/json
 *   GET  /stream  1 MiB as 16 res.write() of 64 KiB, then end(): chunked, no Content-Length
 *   POST /upload  consumes the body, answers its byte count
 *   GET  /stats   after two full GCs: rss, heap and open connections, as JSON
 *   GET  /cpu     process.cpuUsage() (user + system microseconds so far), as JSON
 */
import * as nodeHttp from 'node:http';
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { HELLO, IMPLS, STREAM_CHUNK, STREAM_CHUNKS, type Impl } from './routes.js';

/** An idle keep-alive connection must outlive the memory scenario (Node's default is 5 s). */
const KEEP_ALIVE_TIMEOUT_MS = 120_000;

const streamChunk = Buffer.alloc(STREAM_CHUNK, 'purehttp ');

declare const gc: (() => void) | undefined;

// setHeader + end(body), not writeHead: the server then frames the body with Content-Length (writeHead first makes it chunked)
function hello(res: ServerResponse): void {
  res.setHeader('Content-Type', 'text/plain');
  res.end(HELLO);
}

function echo(req: IncomingMessage, res: ServerResponse): void {
  const parts: Buffer[] = [];
  req.on('data', (b: Buffer) => parts.push(b));
  req.on('end', () => {
    const body = Buffer.concat(parts);
    res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': body.length });
    res.end(body);
  });
}

function stream(res: ServerResponse): void {
  res.writeHead(200, { 'Content-Type': 'application/octet-stream' });
  for (let i = 0; i < STREAM_CHUNKS; i++) res.write(streamChunk);
  res.end();
}

function upload(req: IncomingMessage, res: ServerResponse): void {
  let bytes = 0;
  req.on('data', (b: Buffer) => {
    bytes += b.length;
  });
  req.on('end', () => {
    res.setHeader('Content-Type', 'text/plain');
    res.end(String(bytes));
  });
}

function stats(server: Server, res: ServerResponse): void {
  if (typeof gc === 'function') {
    gc();
    gc();
  }
  const m = process.memoryUsage();
  server.getConnections((err, connections) => {
    const body = JSON.stringify({ rss: m.rss, heapUsed: m.heapUsed, external: m.external, connections: err ? -1 : connections });
    res.setHeader('Content-Type', 'application/json');
    res.end(body);
  });
}

function handler(server: () => Server): RequestListener {
  return (req, res) => {
    const route = `${req.method} ${req.url}`;
    switch (route) {
      case 'GET /hello': return hello(res);
      case 'POST /echo': return echo(req, res);
      case 'GET /stream': return stream(res);
      case 'POST /upload': return upload(req, res);
      case 'GET /stats': return stats(server(), res);
      case 'GET /cpu': {
        const cpu = process.cpuUsage();
        res.setHeader('Content-Type', 'application/json');
        return res.end(JSON.stringify({ micros: cpu.user + cpu.system }));
      }
      default:
        req.resume();
        res.statusCode = 404;
        res.setHeader('Content-Type', 'text/plain');
        res.end(`no route ${route}\n`);
    }
  };
}

async function main(): Promise<void> {
  const impl = process.argv[2] as Impl;
  if (!IMPLS.includes(impl)) throw new Error(`usage: server-process.ts ${IMPLS.join('|')}`);
  let server: Server;
  const listener = handler(() => server);
  let label: string;
  if (impl === 'purehttp') {
    const ours = await import('@purehttp/http-server');
    // Our server is node:http-compatible; its own request/response types are not node's classes.
    server = ours.createServer(listener as unknown as Parameters<typeof ours.createServer>[0]) as unknown as Server;
    const version = (createRequire(import.meta.url)('@purehttp/http-server/package.json') as { version: string }).version;
    label = `@purehttp/http-server ${version}`;
  } else {
    server = nodeHttp.createServer(listener);
    label = `node:http (Node ${process.version})`;
  }
  server.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  server.on('error', (err) => {
    process.stderr.write(`${impl} server: ${err.message}\n`);
    process.exit(1);
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    process.stdout.write(`${JSON.stringify({ port, impl, label })}\n`);
  });
  process.stdin.on('data', () => {});
  process.stdin.on('close', () => process.exit(0));
}

main().catch((err: unknown) => {
  process.stderr.write(`server-process: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
