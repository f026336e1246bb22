// Theory of operation: NetServer owns the server-side behaviour of node:net's
// Server (argument forms, validation, DNS, the IPv6→IPv4 fallback, connection
// counting, maxConnections and 'drop', graceful close, AbortSignal) and uses a
// node:net Server only as the listening socket: it binds, accepts and, in a
// cluster worker, shares the primary's handle. No native code of ours.
//
// State:
//   #inner      the node:net server of the current listen(), from listen()
//               until close(); set = "binding or listening" (listen() throws)
//   #cancelBind set while binding (DNS, bind attempts), cleared when it ends
//   #listening  bound and accepting
//   #sockets    accepted connections still open; they outlive close()
//   #closePending close() was called and 'close' is owed, emitted once
//               #inner is gone and #sockets is empty (Node's _emitCloseIfDrained)
//   #closeScheduled 'close' is queued for the next tick
// Each listen() gets a fresh node:net server, so whatever an old, closed one
// still does (a late bind, a late error) cannot touch the current one.
import { EventEmitter } from 'node:events';
import { lookup as dnsLookup } from 'node:dns';
import { Server, type AddressInfo, type Socket } from 'node:net';
import { bind, type Lookup } from './bind.js';
import { dropInfo } from './drop.js';
import { alreadyListening, invalidArgType, notRunning, outOfRange } from './errors.js';
import type { KeepsPayloads, NetServerEventMap } from './events.js';
import { normalizeListenArgs, type ListenOptions } from './listen-args.js';

/** Options of the {@link NetServer} constructor (node:net's ServerOpts, plus `lookup`). */
export interface NetServerOptions {
  /** Keep the writable side open after the peer ends its side. Default false. */
  allowHalfOpen?: boolean | undefined;
  /** Hand sockets over paused (no reading until `socket.resume()`). Default false. */
  pauseOnConnect?: boolean | undefined;
  /** Disable Nagle's algorithm on accepted sockets. Default false. */
  noDelay?: boolean | undefined;
  /** Enable TCP keep-alive on accepted sockets. Default false. */
  keepAlive?: boolean | undefined;
  /** Idle time before the first keep-alive probe, in ms. Default 0 (the OS default). */
  keepAliveInitialDelay?: number | undefined;
  /** `highWaterMark` of accepted sockets' streams. */
  highWaterMark?: number | undefined;
  /** Resolves `host` names before binding. Default: node:dns `lookup`. */
  lookup?: Lookup | undefined;
}

type ConnectionListener = (socket: Socket) => void;
const defaultLookup: Lookup = (hostname, callback) => dnsLookup(hostname, callback);

/**
 * A TCP / Unix-socket server with typed events, built on node:net sockets.
 *
 * Subclasses add events by passing a bigger map:
 * `class HttpServer extends NetServer<HttpServerEventMap>` where
 * `interface HttpServerEventMap extends NetServerEventMap { request: [...] }`.
 * Inherited events keep their payloads (see {@link KeepsPayloads}).
 *
 * @example
 * ```ts
 * const server = new NetServer((socket) => socket.end('hello\n'));
 * server.listen(8080, '127.0.0.1', () => console.log(server.address()));
 * ```
 */
export class NetServer<
  E extends NetServerEventMap & Record<keyof E, unknown[]> & KeepsPayloads<E, NetServerEventMap> = NetServerEventMap,
> extends EventEmitter<E> {
  /** Enable TCP_NODELAY on each accepted socket. */
  noDelay: boolean;
  /** Enable TCP keep-alive on each accepted socket. */
  keepAlive: boolean;
  /** Keep-alive initial delay in ms, used when `keepAlive` is on. */
  keepAliveInitialDelay: number;

  #allowHalfOpen: boolean;
  #pauseOnConnect: boolean;
  #highWaterMark: number | undefined;
  #maxConnections: number | undefined;
  #lookup: Lookup;
  #ref = true;
  #inner: Server | undefined;
  #cancelBind: (() => void) | undefined;
  #unwatchSignal: (() => void) | undefined;
  #listening = false;
  #closePending = false;
  #closeScheduled = false;
  readonly #sockets = new Set<Socket>();

  /**
   * @param options - see {@link NetServerOptions}; or the connection listener.
   * @param connectionListener - added as a 'connection' listener.
   * @throws {@link NetServerError} `ERR_INVALID_ARG_TYPE` for options that are not an object.
   */
  constructor(options?: NetServerOptions | ConnectionListener, connectionListener?: ConnectionListener) {
    super();
    if (typeof options === 'function') {
      connectionListener = options;
      options = {};
    } else if (options === undefined || options === null) options = {};
    else if (typeof options !== 'object') throw invalidArgType('options', 'of type object', options);
    const delay = options.keepAliveInitialDelay ?? 0;
    if (typeof delay !== 'number') throw invalidArgType('options.keepAliveInitialDelay', 'of type number', delay);
    if (options.lookup !== undefined && typeof options.lookup !== 'function') throw invalidArgType('options.lookup', 'of type function', options.lookup);
    this.#allowHalfOpen = options.allowHalfOpen === true;
    this.#pauseOnConnect = options.pauseOnConnect === true;
    this.noDelay = options.noDelay === true;
    this.keepAlive = options.keepAlive === true;
    // Node clamps a negative delay to 0 rather than throwing.
    this.keepAliveInitialDelay = delay > 0 ? delay : 0;
    this.#highWaterMark = options.highWaterMark;
    this.#lookup = options.lookup ?? defaultLookup;
    if (typeof connectionListener === 'function') this.#base.on('connection', connectionListener);
  }

  /**
   * Starts listening: on a TCP port (`listen(port?, host?, backlog?, cb?)`),
   * on a Unix socket (`listen(path, backlog?, cb?)`), or as `options` say.
   * `cb` is added as a one-time 'listening' listener. Failures to bind
   * (EADDRINUSE, ENOTFOUND…) arrive as an 'error' event.
   * @throws {@link NetServerError} ERR_SERVER_ALREADY_LISTEN when listening or binding;
   * ERR_SOCKET_BAD_PORT (a RangeError) for a port outside 0…65535 or not an
   * integer; ERR_INVALID_ARG_TYPE / ERR_INVALID_ARG_VALUE / ERR_OUT_OF_RANGE for bad options.
   */
  listen(port?: number | string | null, host?: string, backlog?: number, listeningListener?: () => void): this;
  listen(port?: number | string | null, host?: string, listeningListener?: () => void): this;
  listen(port?: number | string | null, backlog?: number, listeningListener?: () => void): this;
  listen(port?: number | string | null, listeningListener?: () => void): this;
  listen(path: string, backlog?: number, listeningListener?: () => void): this;
  listen(path: string, listeningListener?: () => void): this;
  listen(options: ListenOptions, listeningListener?: () => void): this;
  listen(listeningListener?: () => void): this;
  listen(...args: unknown[]): this {
    // Node checks this before validating anything else.
    if (this.#inner) throw alreadyListening();
    const { plan, callback } = normalizeListenArgs(args);
    if (callback) this.#base.once('listening', callback);

    const inner = this.#createInner();
    this.#inner = inner;
    // Watch the signal before binding starts: an already-aborted signal then
    // closes the server before node:net can report 'listening' (Node's order).
    if (plan.signal) this.#watchSignal(plan.signal, inner);
    this.#cancelBind = bind(inner, plan, this.#lookup, (err) => {
      this.#cancelBind = undefined;
      if (err) {
        this.#inner = undefined;
        this.#release(inner);
        this.#emit('error', err);
        return;
      }
      this.#listening = true;
      // Accept errors (EMFILE…) from now on; bind errors went through `done`.
      inner.on('error', (e) => this.#emit('error', e));
      this.#emit('listening');
    });
    return this;
  }

  /**
   * Stops accepting connections. Open connections stay; 'close' is emitted
   * once the last one has ended. `cb` runs on 'close'; if the server was not
   * listening (or binding) it gets an ERR_SERVER_NOT_RUNNING error, as in
   * Node, and 'close' is still emitted. Cancels a listen() still binding.
   */
  close(cb?: (err?: Error) => void): this {
    const inner = this.#inner;
    if (typeof cb === 'function') this.#base.once('close', inner ? () => cb() : () => cb(notRunning()));
    if (inner) {
      this.#inner = undefined;
      this.#listening = false;
      this.#cancelBind?.();
      this.#cancelBind = undefined;
      this.#release(inner);
    }
    this.#closePending = true;
    this.#emitCloseIfDrained();
    return this;
  }

  /** Closes the server and resolves once 'close' was emitted; resolves at once if it is not running. */
  async [Symbol.asyncDispose](): Promise<void> {
    if (!this.#inner) return;
    await new Promise<void>((resolve) => this.close(() => resolve()));
  }

  /**
   * The bound address: `{ address, family, port }` for TCP, the path for a
   * Unix socket, null when not listening (also while still binding).
   */
  address(): AddressInfo | string | null {
    return this.#listening && this.#inner ? this.#inner.address() : null;
  }

  /** Whether the server is bound and accepting connections. */
  get listening(): boolean {
    return this.#listening;
  }

  /** How many accepted connections are open (they count until they close, also after `close()`). */
  get connections(): number {
    return this.#sockets.size;
  }

  /** Calls back (asynchronously, Node-style) with the number of open connections. */
  getConnections(cb: (err: Error | null, count: number) => void): this {
    if (typeof cb !== 'function') throw invalidArgType('cb', 'of type function', cb);
    process.nextTick(cb, null, this.#sockets.size);
    return this;
  }

  /**
   * Connections beyond this many are closed at once and reported by 'drop'.
   * `undefined` (the default): no limit. 0 turns every connection away.
   * @throws {@link NetServerError} ERR_INVALID_ARG_TYPE / ERR_OUT_OF_RANGE on set.
   */
  get maxConnections(): number | undefined {
    return this.#maxConnections;
  }
  set maxConnections(value: number | undefined) {
    if (value !== undefined && value !== null) {
      if (typeof value !== 'number') throw invalidArgType('maxConnections', 'of type number', value);
      if (!(value >= 0) || (!Number.isInteger(value) && value !== Infinity)) throw outOfRange('maxConnections', 'an integer >= 0', value);
    }
    this.#maxConnections = value ?? undefined;
  }

  /** Hand accepted sockets over paused. Read at each connection, so a change applies to the next one. */
  get pauseOnConnect(): boolean {
    return this.#pauseOnConnect;
  }
  set pauseOnConnect(value: boolean) {
    this.#pauseOnConnect = !!value;
    if (this.#inner) (this.#inner as NodeNetServer).pauseOnConnect = this.#pauseOnConnect;
  }

  /** Keep a socket writable after its peer ended. Read at each connection. */
  get allowHalfOpen(): boolean {
    return this.#allowHalfOpen;
  }
  set allowHalfOpen(value: boolean) {
    this.#allowHalfOpen = !!value;
    if (this.#inner) (this.#inner as NodeNetServer).allowHalfOpen = this.#allowHalfOpen;
  }

  /** Let the process exit while the server is listening (remembered across listen()). */
  unref(): this {
    this.#ref = false;
    this.#inner?.unref();
    return this;
  }

  /** Undo `unref()`: the listening server keeps the process alive again. */
  ref(): this {
    this.#ref = true;
    this.#inner?.ref();
    return this;
  }

  /** Emits one of NetServer's own events (typed by the base map, see KeepsPayloads for why that is sound for any E). */
  #emit<K extends keyof NetServerEventMap>(event: K, ...args: NetServerEventMap[K]): boolean {
    return EventEmitter.prototype.emit.call(this, event, ...args);
  }

  /** `this` as an emitter of the base map: inside the class `E` is generic, and node's conditional event types cannot be resolved against it. */
  get #base(): EventEmitter<NetServerEventMap> {
    return this as unknown as EventEmitter<NetServerEventMap>;
  }

  #createInner(): Server {
    const inner = new Server({
      allowHalfOpen: this.#allowHalfOpen,
      pauseOnConnect: this.#pauseOnConnect,
      ...(this.#highWaterMark !== undefined && { highWaterMark: this.#highWaterMark }),
    });
    if (!this.#ref) inner.unref();
    inner.on('connection', (socket: Socket) => this.#onConnection(socket));
    return inner;
  }

  /** Lets go of a node:net server that is not ours to use any more: stops it and silences its late events. */
  #release(inner: Server): void {
    this.#unwatchSignal?.();
    this.#unwatchSignal = undefined;
    inner.removeAllListeners();
    // A bind still in flight inside node:net may yet report: close it if it
    // binds after all, and swallow its errors, nobody is listening for them.
    inner.on('error', () => {});
    inner.once('listening', () => inner.close());
    inner.close();
  }

  #onConnection(socket: Socket): void {
    const max = this.#maxConnections;
    if (max !== undefined && this.#sockets.size >= max) {
      const info = dropInfo(socket);
      socket.destroy();
      if (info) this.#emit('drop', info);
      else this.#emit('drop');
      return;
    }
    this.#sockets.add(socket);
    socket.once('close', () => {
      this.#sockets.delete(socket);
      this.#emitCloseIfDrained();
    });
    if (this.noDelay) socket.setNoDelay(true);
    if (this.keepAlive) socket.setKeepAlive(true, this.keepAliveInitialDelay);
    this.#emit('connection', socket);
  }

  #watchSignal(signal: AbortSignal, inner: Server): void {
    // Aborting a listen() closes that server, not one listen()ed later.
    const onAbort = () => {
      if (this.#inner === inner) this.close();
    };
    if (signal.aborted) {
      process.nextTick(onAbort);
      return;
    }
    signal.addEventListener('abort', onAbort, { once: true });
    this.#unwatchSignal = () => signal.removeEventListener('abort', onAbort);
  }

  #emitCloseIfDrained(): void {
    if (!this.#closePending || this.#inner || this.#sockets.size > 0) return;
    // One 'close' for any number of close() calls before it: all their
    // callbacks are 'close' listeners by now.
    this.#closePending = false;
    if (this.#closeScheduled) return;
    this.#closeScheduled = true;
    process.nextTick(() => {
      this.#closeScheduled = false;
      this.#emit('close');
    });
  }
}

/** node:net's Server has these public fields at run time, though @types/node does not declare them. */
type NodeNetServer = Server & { allowHalfOpen: boolean; pauseOnConnect: boolean };
