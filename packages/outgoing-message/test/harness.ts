// Side-by-side harness: the same raw request goes to a node:http server and
// to a plain node:net server driving our ServerResponse; the raw bytes each
// sends back are collected until the server closes the connection (both
// close right after 'finish', so a keep-alive response is complete too).
import http from 'node:http';
import net from 'node:net';
import { ServerResponse, type RequestLike } from '../src/index.js';

/** What a row does to a response; `res` is ours or Node's, same API. */
export type Script = (res: ServerResponse, req: RequestLike) => void;

export interface Outcome {
  bytes: Buffer;
  /** The response's `_last` at 'finish'. */
  last: boolean;
  /** socket.write calls made by the response (ours only). */
  writes: number;
}

/** Fails the promise after `ms` so that a hung socket fails its row instead of the run. */
export function bounded<T>(p: Promise<T>, label: string, ms = 10_000): Promise<T> {
  let timer: NodeJS.Timeout;
  const guard = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${label}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([p, guard]).finally(() => clearTimeout(timer));
}

/** The request facts our harness hands to ServerResponse, and the keep-alive verdict Node's parser reaches. */
export function parseRequest(raw: string): { req: RequestLike; keepAlive: boolean } {
  const [head] = raw.split('\r\n\r\n');
  const [line, ...fieldLines] = head.split('\r\n');
  const [method, , version] = line.split(' ');
  const [major, minor] = version.slice(5).split('.').map(Number);
  const headers: Record<string, string> = {};
  for (const f of fieldLines) {
    const i = f.indexOf(':');
    headers[f.slice(0, i).toLowerCase()] = f.slice(i + 1).trim();
  }
  const conn = (headers.connection ?? '').toLowerCase();
  // RFC 9112 §9.3: 1.1 persists unless "close"; 1.0 only with "keep-alive".
  const keepAlive = major === 1 && minor >= 1 ? !conn.includes('close') : conn.includes('keep-alive');
  return { req: { method, httpVersionMajor: major, httpVersionMinor: minor, headers }, keepAlive };
}

function listen(server: net.Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)));
}

function fetchRaw(port: number, request: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    const client = net.connect(port, '127.0.0.1', () => client.write(request));
    client.on('data', (d) => chunks.push(d));
    client.on('error', reject);
    client.on('close', () => resolve(Buffer.concat(chunks)));
  });
}

/** Runs `script` on node:http's ServerResponse for `request`. */
export async function runNode(request: string, script: Script): Promise<Outcome> {
  let last = false;
  const server = http.createServer((req, res) => {
    const socket = req.socket;
    res.sendDate = false;
    res.on('finish', () => {
      last = (res as unknown as { _last: boolean })._last;
      socket.end();
    });
    script(res as unknown as ServerResponse, req as unknown as RequestLike);
  });
  const port = await listen(server);
  try {
    const bytes = await bounded(fetchRaw(port, request), 'node:http');
    return { bytes, last, writes: -1 };
  } finally {
    server.close();
  }
}

/** Runs `script` on our ServerResponse, over a plain net server, for `request`. */
export async function runOurs(request: string, script: Script): Promise<Outcome> {
  let last = false;
  let writes = 0;
  const { req, keepAlive } = parseRequest(request);
  const server = net.createServer((socket) => {
    let seen = '';
    socket.on('data', (d) => {
      if (seen.includes('\r\n\r\n')) return;
      seen += d.toString('latin1');
      if (!seen.includes('\r\n\r\n')) return;
      const write = socket.write;
      socket.write = function (this: net.Socket, ...args: unknown[]) {
        writes++;
        return (write as (...a: unknown[]) => boolean).apply(this, args);
      } as typeof socket.write;
      // What a server does (Node's parserOnIncoming / resOnFinish).
      const res = new ServerResponse(req, { highWaterMark: socket.writableHighWaterMark });
      res._keepAliveTimeout = 5000;
      res.shouldKeepAlive = keepAlive;
      res.sendDate = false;
      res.on('finish', () => {
        last = res._last;
        res.detachSocket(socket);
        process.nextTick(() => res._emitClose());
        socket.end();
      });
      res.assignSocket(socket);
      script(res, req);
    });
  });
  const port = await listen(server);
  try {
    const bytes = await bounded(fetchRaw(port, request), 'ours');
    return { bytes, last, writes };
  } finally {
    server.close();
  }
}

/** Bytes as a readable string for failure messages. */
export function show(b: Buffer): string {
  return JSON.stringify(b.toString('latin1'));
}
