// Theory of operation: listen() takes the many argument forms node:net accepts
// and turns them into one validated plan, before any socket exists, so every
// misuse throws synchronously from listen() and everything after is I/O.
// The rules are Node's normalizeArgs() and Server.prototype.listen() in
// lib/net.js, kept quirk for quirk where users can observe them:
//   - a first argument that is an object is the options;
//   - a string that does not read as a number ≥ 0 is a pipe path ('/tmp/s', and
//     also '-1'); any other first argument is the port;
//   - a second argument that is a string is the host;
//   - the backlog is the first of the 2nd and 3rd arguments that reads as a
//     number > 0 (so listen(80, '127.0.0.1', 10) and listen(80, 10) both work);
//   - a function in last position is the 'listening' callback;
//   - no port (listen(), listen(cb), listen(null), { port: undefined }) is 0,
//     an ephemeral port picked by the kernel.
import { badPort, invalidArgType, invalidArgValue, outOfRange } from './errors.js';

/** The options form of {@link NetServer.listen}; the same fields as node:net's ListenOptions that we support. */
export interface ListenOptions {
  /** TCP port, 0 (or omitted with `host`) for an ephemeral one. Numeric strings are accepted, as in Node. */
  port?: number | string | null | undefined;
  /** Host name or address to bind; names are resolved with DNS first. Omitted: `::`, or `0.0.0.0` without IPv6. */
  host?: string | undefined;
  /** Length of the kernel's queue of not-yet-accepted connections. Default 511. */
  backlog?: number | undefined;
  /** A Unix domain socket path (or Windows pipe name) to listen on instead of a port. */
  path?: string | undefined;
  /** In a cluster worker, bind a handle of our own instead of sharing the primary's. */
  exclusive?: boolean | undefined;
  /** With the `::` address, accept IPv6 only (no IPv4-mapped connections). */
  ipv6Only?: boolean | undefined;
  /** Aborting it closes the server, as `close()` would. */
  signal?: AbortSignal | undefined;
}

/** Node's default backlog: the kernel rounds backlog + 1 up to a power of two, so 511 gives a 512-entry queue. */
export const DEFAULT_BACKLOG = 511;

/** Where and how to listen, validated. */
export type ListenPlan =
  | {
      kind: 'tcp';
      port: number;
      /** `undefined`: the any-address (`::`, falling back to `0.0.0.0`). */
      host: string | undefined;
      backlog: number;
      exclusive: boolean;
      ipv6Only: boolean;
      signal: AbortSignal | undefined;
    }
  | { kind: 'pipe'; path: string; backlog: number; exclusive: boolean; signal: AbortSignal | undefined };

/** The result of {@link normalizeListenArgs}. */
export interface NormalizedListen {
  plan: ListenPlan;
  /** The trailing function argument, to run once on 'listening'. */
  callback: (() => void) | undefined;
}

/**
 * Turns listen()'s arguments into a plan, or throws (ERR_SOCKET_BAD_PORT,
 * ERR_INVALID_ARG_TYPE, ERR_INVALID_ARG_VALUE, ERR_OUT_OF_RANGE).
 * Does not read or change the caller's options object beyond its fields.
 */
export function normalizeListenArgs(args: readonly unknown[]): NormalizedListen {
  const last = args[args.length - 1];
  const callback = typeof last === 'function' ? (last as () => void) : undefined;
  const first = args[0];

  let options: ListenOptions & Record<string, unknown>;
  if (typeof first === 'object' && first !== null) options = { ...(first as ListenOptions) };
  else if (isPipeName(first)) options = { path: first };
  else {
    options = { port: first as ListenOptions['port'] };
    if (args.length > 1 && typeof args[1] === 'string') options.host = args[1];
  }
  const backlogFromArgs = toNumber(args.length > 1 ? args[1] : false) || toNumber(args.length > 2 ? args[2] : false);

  const signal = options.signal;
  if (signal !== undefined && !isAbortSignal(signal)) throw invalidArgType('options.signal', 'an instance of AbortSignal', signal);
  const backlog = validateBacklog(options.backlog) || backlogFromArgs || DEFAULT_BACKLOG;
  const exclusive = options.exclusive === true;

  if (args.length === 0 || typeof first === 'function' || ('port' in options && options.port === undefined) || options.port === null) {
    options.port = 0;
  }
  if (typeof options.port === 'number' || typeof options.port === 'string') {
    const port = validatePort(options.port, 'options.port');
    const host = options.host;
    if (host !== undefined && host !== null && typeof host !== 'string') throw invalidArgType('options.host', 'of type string', host);
    return {
      plan: { kind: 'tcp', port, host: host || undefined, backlog, exclusive, ipv6Only: options.ipv6Only === true, signal },
      callback,
    };
  }
  if (options.path && isPipeName(options.path)) {
    return { plan: { kind: 'pipe', path: options.path, backlog, exclusive, signal }, callback };
  }
  if (!('port' in options || 'path' in options)) throw invalidArgValue('options', options, 'must have the property "port" or "path"');
  throw invalidArgValue('options', options);
}

/**
 * Node's validatePort: a number or a non-blank numeric string whose value is
 * an integer in 0…65535 ('0x50' and ' 80 ' pass, as in Node).
 * @returns the port as a number.
 */
export function validatePort(port: unknown, name = 'Port'): number {
  if (
    (typeof port !== 'number' && typeof port !== 'string') ||
    (typeof port === 'string' && port.trim().length === 0) ||
    +port !== +port >>> 0 ||
    +port > 0xffff
  ) {
    throw badPort(name, port);
  }
  return +port | 0;
}

/** Node's isPipeName: a string that does not read as a number ≥ 0. */
function isPipeName(value: unknown): value is string {
  return typeof value === 'string' && toNumber(value) === false;
}

/** Node's toNumber: the value as a number when it is one ≥ 0, else false. */
function toNumber(value: unknown): number | false {
  const n = Number(value);
  return n >= 0 ? n : false;
}

function validateBacklog(backlog: unknown): number | undefined {
  if (backlog === undefined) return undefined;
  if (typeof backlog !== 'number') throw invalidArgType('options.backlog', 'of type number', backlog);
  if (!Number.isInteger(backlog) || backlog < 0) throw outOfRange('options.backlog', 'an integer >= 0', backlog);
  return backlog;
}

function isAbortSignal(value: unknown): value is AbortSignal {
  return typeof value === 'object' && value !== null && 'aborted' in value && typeof (value as AbortSignal).addEventListener === 'function';
}
