// Shared helpers of the robustness suites (test/robustness-*.test.ts): a
// seeded PRNG, a guard that records uncaught errors, raw clients, bounded
// concurrency, a loop of valid requests that runs beside the attack, and a
// reference framing of raw bytes by @purehttp/http-parser used directly.
// Not a test file. Traffic is on 127.0.0.1 only; nothing asserts timings
// (bounds are hang guards only).
import net from 'node:net';
import http from 'node:http';
import { once } from 'node:events';
import { HTTPParser, ERROR } from '@purehttp/http-parser';
import { checkRequestHead, type RequestCheckSettings } from '../src/request-checks.js';
import { connect, sleep } from './harness.js';

/** mulberry32: a small deterministic PRNG; `int(n)` in [0, n). */
export function seeded(seed: number): { next(): number; int(n: number): number; pick<T>(xs: readonly T[]): T } {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  return { next, int, pick: (xs) => xs[int(xs.length)] };
}

/** Records uncaughtException / unhandledRejection while installed (the process must never throw). */
export function guardProcess(): { errors: unknown[]; dispose(): void } {
  const errors: unknown[] = [];
  const onError = (err: unknown): void => void errors.push(err);
  process.on('uncaughtException', onError);
  process.on('unhandledRejection', onError);
  return {
    errors,
    dispose() {
      process.removeListener('uncaughtException', onError);
      process.removeListener('unhandledRejection', onError);
    },
  };
}

/** Runs `fn` over `items`, at most `limit` at a time. */
export async function pool<T, R>(items: readonly T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, async () => {
    for (let i = next++; i < items.length; i = next++) out[i] = await fn(items[i], i);
  }));
  return out;
}

/** A raw client: everything the server sent (latin1) and whether it closed. */
export interface RawClient {
  socket: net.Socket;
  text(): string;
  closed: Promise<void>;
  isClosed(): boolean;
}

export async function rawClient(port: number): Promise<RawClient> {
  const socket = await connect(port);
  let text = '';
  let isClosed = false;
  socket.on('data', (d: Buffer) => (text += d.toString('latin1')));
  socket.on('error', () => {});
  const closed = once(socket, 'close').then(() => void (isClosed = true));
  return { socket, text: () => text, closed, isClosed: () => isClosed };
}

/** Opens `n` raw clients, `batch` connects at a time (so the listen backlog never overflows). */
export async function openMany(port: number, n: number, batch = 100): Promise<RawClient[]> {
  const out: RawClient[] = [];
  while (out.length < n) {
    const k = Math.min(batch, n - out.length);
    out.push(...(await Promise.all(Array.from({ length: k }, () => rawClient(port)))));
  }
  return out;
}

/**
 * Valid requests in a loop beside an attack, through Node's client and a
 * keep-alive Agent: every one must be answered 200. `stop()` ends the loop
 * and resolves with the counts.
 */
export function validLoop(port: number, path = '/valid'): { stop(): Promise<{ ok: number; failed: string[] }> } {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 2 });
  const failed: string[] = [];
  let ok = 0;
  let running = true;
  const one = (): Promise<void> => new Promise((resolve) => {
    const req = http.get({ host: '127.0.0.1', port, path, agent }, (res) => {
      res.resume();
      res.on('end', () => {
        if (res.statusCode === 200) ok++;
        else failed.push(`status ${res.statusCode}`);
        resolve();
      });
      res.on('error', (e) => (failed.push(String(e)), resolve()));
    });
    req.on('error', (e) => (failed.push(String(e)), resolve()));
  });
  const loop = (async () => {
    while (running) {
      await one();
      await sleep(2);
    }
  })();
  return {
    async stop() {
      running = false;
      await loop;
      agent.destroy();
      return { ok, failed };
    },
  };
}

/** FNV-1a of bytes, hex: what the fuzz handler and the reference framing both report for a body. */
export function fnv(bytes: Uint8Array, h = 0x811c9dc5): number {
  for (let i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0;
  return h >>> 0;
}

/** One message as framed: what the fuzz handler echoes (`METHOD url length hash`). */
export type Framed = string;

/** How the reference parse of one connection's bytes ends. */
export interface ReferenceFraming {
  /** Complete messages the server must answer 200, in order (`METHOD url length hash`). */
  served: Framed[];
  /**
   * What follows them: 'keep-alive' (nothing: the input ended between messages, the
   * server answers nothing more), 'close' (a message asked to close; the server reads
   * no further), 'error' (a parse error, a refused head or a message cut short:
   * the server answers a 4xx/5xx or just closes), 'upgrade' (the socket leaves HTTP).
   */
  end: 'keep-alive' | 'close' | 'error' | 'upgrade';
  detail: string;
}

/**
 * Frames `bytes` (one connection's input, then EOF) with our parser used
 * directly, with the server's default settings (strict, maxHeaderSize 16384)
 * and its head checks: the interpretation the server must agree with.
 */
export function referenceFraming(bytes: Buffer, checks: RequestCheckSettings = { requireHostHeader: true, strictHost: true, strictRequestTarget: true }): ReferenceFraming {
  const served: Framed[] = [];
  const parser = new HTTPParser(HTTPParser.REQUEST);
  parser.initialize(HTTPParser.REQUEST, {}, 0, HTTPParser.kLenientNone);
  let current: { method: string; url: string; len: number; hash: number; keepAlive: boolean } | null = null;
  let stop: ReferenceFraming | null = null;
  parser[HTTPParser.kOnHeadersComplete] = (major: number, minor: number, headers: string[], method: number, url: string,
    _s: unknown, _m: unknown, upgrade: boolean, keepAlive: boolean): number => {
    if (stop !== null) return ERROR.PAUSED;
    const refused = checkRequestHead(checks, major, minor, headers, method, url);
    if (refused !== null) {
      stop = { served, end: 'error', detail: refused };
      return ERROR.PAUSED; // as the server: nothing after a refused head is read
    }
    const name = HTTPParser.allMethods[method];
    // As the server: CONNECT switches protocols (no 'connect' listener: the socket is destroyed);
    // an Upgrade request without an 'upgrade' listener is served as a normal request.
    if (upgrade && name === 'CONNECT') {
      stop = { served, end: 'upgrade', detail: 'CONNECT' };
      return ERROR.PAUSED;
    }
    current = { method: name, url, len: 0, hash: 0x811c9dc5, keepAlive };
    return 0;
  };
  parser[HTTPParser.kOnBody] = (chunk: Uint8Array): void => {
    if (current === null) return;
    current.len += chunk.length;
    current.hash = fnv(chunk, current.hash);
  };
  parser[HTTPParser.kOnMessageComplete] = (): void => {
    if (current === null || stop !== null) return;
    served.push(`${current.method} ${current.url} ${current.len} ${current.hash.toString(16)}`);
    // The server reads no request after one that asked to close (RFC 9112 §9.6).
    if (!current.keepAlive) stop = { served, end: 'close', detail: 'Connection: close' };
    current = null;
  };
  const ret = parser.execute(bytes);
  if (stop !== null) return stop;
  if (ret instanceof Error) return { served, end: 'error', detail: (ret as Error & { code: string }).code };
  const fin = parser.finish();
  if (fin) return { served, end: 'error', detail: `${fin.code} at EOF` };
  return { served, end: 'keep-alive', detail: '' };
}
