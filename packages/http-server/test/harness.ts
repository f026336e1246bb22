// Shared helpers of the server tests: listening on 127.0.0.1, raw socket
// exchanges (exact bytes), Node's http client with an Agent, and running the
// same raw request against node:http and ours.
import net from 'node:net';
import http from 'node:http';
import { once } from 'node:events';
import { createServer, type Server, type ServerOptions } from '../src/index.js';

export type AnyServer = Server | http.Server | import('../src/index.js').SecureServer;

/** Listens on an ephemeral 127.0.0.1 port; resolves with the port. */
export async function listen(server: AnyServer | net.Server): Promise<number> {
  (server as net.Server).listen(0, '127.0.0.1');
  await once(server as net.Server, 'listening');
  return ((server as net.Server).address() as net.AddressInfo).port;
}

/** Closes a server and every connection it still has. */
export async function shut(server: AnyServer): Promise<void> {
  const closed = once(server as http.Server, 'close');
  server.close();
  (server as http.Server).closeAllConnections();
  await closed;
}

/** Rejects after `ms` (a guard so that a broken test fails instead of hanging). */
export function bounded<T>(p: Promise<T>, ms = 5000, what = 'operation'): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(timer)),
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
    }),
  ]);
}

/** Connects a raw socket to 127.0.0.1:port. */
export async function connect(port: number): Promise<net.Socket> {
  const socket = net.connect(port, '127.0.0.1');
  await once(socket, 'connect');
  return socket;
}

/**
 * Sends `data` on a fresh connection and collects everything the server
 * sends until it closes the connection (or `until` matches the text so far).
 */
export async function exchange(
  port: number, data: string | Buffer | (string | Buffer)[],
  opts: { until?: (text: string) => boolean; end?: boolean; ms?: number } = {},
): Promise<{ text: string; closed: boolean }> {
  const socket = await connect(port);
  let text = '';
  let closed = false;
  const done = new Promise<void>((resolve) => {
    socket.on('data', (d) => {
      text += d.toString('latin1');
      if (opts.until?.(text)) resolve();
    });
    socket.on('close', () => {
      closed = true;
      resolve();
    });
    socket.on('error', () => {});
  });
  for (const piece of Array.isArray(data) ? data : [data]) socket.write(piece);
  if (opts.end) socket.end();
  await bounded(done, opts.ms ?? 5000, 'exchange');
  socket.destroy();
  return { text, closed };
}

/** Splits raw response text into responses: [{ status, head, headers, body }] (Content-Length / chunked / none). */
export function parseResponses(text: string): { status: number; statusLine: string; headers: Record<string, string>; body: string }[] {
  const out: { status: number; statusLine: string; headers: Record<string, string>; body: string }[] = [];
  let rest = text;
  while (rest.length > 0) {
    const end = rest.indexOf('\r\n\r\n');
    if (end < 0) break;
    const lines = rest.slice(0, end).split('\r\n');
    const statusLine = lines[0];
    const headers: Record<string, string> = {};
    for (const line of lines.slice(1)) {
      const i = line.indexOf(':');
      headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
    }
    rest = rest.slice(end + 4);
    const status = Number(statusLine.split(' ')[1]);
    let body = '';
    if (headers['content-length'] !== undefined) {
      const n = Number(headers['content-length']);
      body = rest.slice(0, n);
      rest = rest.slice(n);
    } else if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
      for (;;) {
        const lineEnd = rest.indexOf('\r\n');
        const size = parseInt(rest.slice(0, lineEnd), 16);
        rest = rest.slice(lineEnd + 2);
        if (size === 0) {
          rest = rest.slice(rest.indexOf('\r\n') + 2);
          break;
        }
        body += rest.slice(0, size);
        rest = rest.slice(size + 2);
      }
    } else if (status >= 200 && status !== 204 && status !== 304 && headers.connection === 'close') {
      body = rest;
      rest = '';
    }
    out.push({ status, statusLine, headers, body });
  }
  return out;
}

/** Starts our server and node:http's with the same options and listener. */
export async function pair(
  options: ServerOptions & http.ServerOptions,
  listener: (req: http.IncomingMessage, res: http.ServerResponse) => void,
): Promise<{ ours: Server; node: http.Server; ourPort: number; nodePort: number; close(): Promise<void> }> {
  const ours = createServer(options, listener as never);
  const node = http.createServer(options, listener);
  const [ourPort, nodePort] = await Promise.all([listen(ours), listen(node)]);
  return { ours, node, ourPort, nodePort, close: async () => void (await Promise.all([shut(ours), shut(node)])) };
}

/** A GET through Node's http client; resolves with status, headers, body and whether the socket was reused. */
export function request(
  port: number, opts: http.RequestOptions & { body?: string | Buffer } = {},
): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: string; reused: boolean; socket: net.Socket }> {
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, ...opts }, (res) => {
      let body = '';
      res.setEncoding('latin1');
      res.on('data', (d) => (body += d));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body, reused: req.reusedSocket, socket: req.socket! }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Resolves once `cond()` holds (checked every few ms), or rejects after `ms`. */
export async function until(cond: () => boolean, ms = 5000, what = 'condition'): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > ms) throw new Error(`${what} not met within ${ms} ms`);
    await sleep(5);
  }
}
