// Shared test plumbing: promises over events, bounded waits, a per-file
// watchdog, and probes for what this machine's network stack offers.
import { connect, createServer, type Socket } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NetServer } from '../src/index.js';

/** Fails the whole file (exit 1) if it runs longer than `ms`: no test may hang the suite. */
export function watchdog(ms = 30_000): void {
  setTimeout(() => {
    process.stderr.write(`watchdog: test file still running after ${ms} ms\n`);
    process.exit(1);
  }, ms).unref();
}

/** Rejects when `promise` has not settled within `ms` (a bound, not a timing assertion). */
export function bounded<T>(promise: Promise<T>, label: string, ms = 5_000): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${label}: not settled within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** Resolves with the arguments of `emitter`'s next `event` (rejects on 'error' unless that is the event). */
export function next(emitter: { once(e: string, f: (...a: any[]) => void): unknown; off(e: string, f: (...a: any[]) => void): unknown }, event: string, label = event): Promise<unknown[]> {
  return bounded(
    new Promise((resolve, reject) => {
      const onEvent = (...args: unknown[]) => {
        if (event !== 'error') emitter.off('error', onError);
        resolve(args);
      };
      const onError = (err: Error) => {
        emitter.off(event, onEvent);
        reject(err);
      };
      emitter.once(event, onEvent);
      if (event !== 'error') emitter.once('error', onError);
    }),
    label,
  );
}

/** Server-side sockets of servers started with `listening()`, for `shut()` to clean up after a failed test. */
const accepted = new WeakMap<object, Set<Socket>>();

/** listen(...args) and wait for 'listening'. */
export async function listening(server: NetServer<any>, ...args: unknown[]): Promise<void> {
  if (!accepted.has(server)) {
    const sockets = new Set<Socket>();
    accepted.set(server, sockets);
    server.on('connection', (socket: Socket) => {
      sockets.add(socket);
      socket.once('close', () => sockets.delete(socket));
    });
  }
  const done = next(server, 'listening');
  (server.listen as (...a: unknown[]) => unknown)(...args);
  await done;
}

/** The TCP port a listening server is bound to. */
export function portOf(server: NetServer<any>): number {
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error(`not a TCP address: ${String(address)}`);
  return address.port;
}

/** A connected client socket (to a port on host, or to a Unix socket path). */
export function dial(target: number | string, host = '127.0.0.1'): Promise<Socket> {
  const socket = typeof target === 'number' ? connect(target, host) : connect(target);
  return next(socket, 'connect', `connect to ${target}`).then(() => socket);
}

/** Resolves when `socket` has closed (destroying nothing). */
export function closed(socket: Socket): Promise<void> {
  if (socket.closed) return Promise.resolve();
  return bounded(new Promise((resolve) => socket.once('close', () => resolve())), 'socket close');
}

/**
 * For finally blocks: closes `server` if it is running, destroys whatever
 * connections a failed test left open, and waits for 'close'.
 */
export async function shut(server: NetServer<any>): Promise<void> {
  const disposed = server[Symbol.asyncDispose]();
  for (const socket of accepted.get(server) ?? []) socket.destroy();
  await bounded(disposed, 'server close');
}

/** Whether node:net can bind `host` here (e.g. '::1' where the machine has IPv6). */
export function canBind(host: string): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ host, port: 0 }, () => probe.close(() => resolve(true)));
  });
}

/** A fresh directory under os.tmpdir() for Unix sockets, and its removal. */
export function tempDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'purehttp-net-'));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
