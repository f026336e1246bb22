// Theory of operation: binding turns a ListenPlan into a listening node:net
// server in up to three asynchronous steps, any of which close() may cancel:
//   1. resolve: a host name goes through DNS (lookupAndListen in Node's
//      lib/net.js); an address literal or a pipe path skips this step;
//   2. attempt: node:net's listen() with a concrete address, which in a cluster
//      worker asks the primary for its shared handle (listenInCluster);
//   3. fallback: with no host, the IPv6 any-address `::` is tried first (it
//      also accepts IPv4 on dual-stack hosts) and, when the machine has no
//      IPv6, the IPv4 any-address `0.0.0.0` (createServerHandle in Node).
// Errors at any step (ENOTFOUND, EADDRINUSE, EACCES…) go to `done`, never
// thrown: the caller emits them as 'error'. `done` is always called
// asynchronously, so 'listening' and 'error' never fire inside listen().
import { isIP, type ListenOptions as NetListenOptions, type Server } from 'node:net';
import type { ListenPlan } from './listen-args.js';

/** Resolves a host name to one address, as node:dns `lookup(hostname, callback)` does. */
export type Lookup = (
  hostname: string,
  callback: (err: NodeJS.ErrnoException | null, address: string, family: number) => void,
) => void;

/** The any-addresses tried in order when listen() names no host. */
export const ANY_ADDRESSES = ['::', '0.0.0.0'] as const;

/**
 * Errors of binding `::` that mean "this machine has no usable IPv6", after
 * which `0.0.0.0` is tried. Anything else (EADDRINUSE, EACCES) is reported:
 * it would fail the same way on IPv4 and the first error is the useful one.
 */
const NO_IPV6 = new Set(['EAFNOSUPPORT', 'EADDRNOTAVAIL', 'EPROTONOSUPPORT']);

/** Whether a failure to bind `::` should be retried on `0.0.0.0`. */
export function fallsBackToIPv4(err: unknown): boolean {
  return NO_IPV6.has((err as NodeJS.ErrnoException | null)?.code ?? '');
}

/**
 * Starts binding `server` as `plan` says; calls `done` once, asynchronously,
 * with null when it is listening or with the error.
 * @returns a function that cancels: `done` is then never called, and the
 * caller closes `server`.
 */
export function bind(server: Server, plan: ListenPlan, lookup: Lookup, done: (err: Error | null) => void): () => void {
  let cancelled = false;
  let detach: (() => void) | undefined;
  const finish = (err: Error | null) => {
    if (!cancelled) done(err);
  };

  const attempt = (options: NetListenOptions, fallback?: () => void) => {
    detach = listenOnce(server, options, (err) => {
      detach = undefined;
      if (cancelled) return;
      if (err && fallback && fallsBackToIPv4(err)) fallback();
      else finish(err);
    });
  };

  if (plan.kind === 'pipe') {
    attempt({ path: plan.path, backlog: plan.backlog, exclusive: plan.exclusive });
  } else {
    const tcp = (host: string, fallback?: () => void) =>
      attempt({ host, port: plan.port, backlog: plan.backlog, exclusive: plan.exclusive, ipv6Only: plan.ipv6Only }, fallback);
    const host = plan.host;
    if (host === undefined) tcp(ANY_ADDRESSES[0], () => tcp(ANY_ADDRESSES[1]));
    else if (isIP(host) !== 0) tcp(host);
    else {
      // A custom lookup may answer synchronously: defer, so that nothing
      // happens inside listen() itself.
      lookup(host, (err, address) =>
        process.nextTick(() => {
          if (cancelled) return;
          if (err) finish(err);
          else tcp(address);
        }),
      );
    }
  }

  return () => {
    cancelled = true;
    detach?.();
  };
}

/** One node:net listen() call: calls back once with its 'listening' or 'error'. */
function listenOnce(server: Server, options: NetListenOptions, callback: (err: Error | null) => void): () => void {
  const onListening = () => {
    server.off('error', onError);
    callback(null);
  };
  const onError = (err: Error) => {
    server.off('listening', onListening);
    callback(err);
  };
  server.once('listening', onListening);
  server.once('error', onError);
  try {
    server.listen(options);
  } catch (err) {
    // node:net validates what we already validated, so this is not expected;
    // still, report it like any bind error rather than throw from a callback.
    server.off('listening', onListening);
    server.off('error', onError);
    process.nextTick(callback, err as Error);
  }
  return () => {
    server.off('listening', onListening);
    server.off('error', onError);
  };
}
