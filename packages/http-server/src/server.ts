// The HTTP server: a NetServer whose connections speak HTTP/1.x. As Node's
// lib/_http_server.js: createServer → Server (options resolved once) → on
// each 'connection' a Connection with a pooled parser → 'request'. The
// server keeps the registry of its connections, for closeIdleConnections(),
// closeAllConnections() and the periodic check of headersTimeout and
// requestTimeout (timeouts.ts).
import { EventEmitter } from 'node:events';
import type { Socket } from 'node:net';
import { NetServer, type KeepsPayloads, type NetServerEventMap } from '@purehttp/net-server';
import { STATUS_CODES } from '@purehttp/outgoing-message';
import { Connection } from './connection.js';
import { httpError, describe } from './errors.js';
import type { HttpServerEventMap } from './events.js';
import { resolveOptions, type HttpSettings, type ServerOptions } from './options.js';
import type { ConnectionHost } from './server-host.js';
import type { IncomingMessage } from './incoming-message.js';
import type { ServerResponse } from './server-response.js';
import { ConnectionsChecker } from './timeouts.js';
import { adoptLoadedFrameworks, adoptNodePrototypes, ourPrototypes } from './node-prototypes.js';

/** A 'request' listener. */
export type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;


/**
 * A node:http-compatible HTTP/1.1 server (Node's `http.Server`).
 *
 * @example
 * ```ts
 * const server = new Server((req, res) => res.end('hello\n'));
 * server.listen(8080, '127.0.0.1');
 * ```
 */
export class Server<
  E extends HttpServerEventMap & Record<keyof E, unknown[]> & KeepsPayloads<E, NetServerEventMap> = HttpServerEventMap,
> extends NetServer<E> {
  /** Resolved options that are not public properties (classes, uniqueHeaders). */
  readonly settings: HttpSettings;
  /** Socket inactivity timeout in ms (0: none); sockets time out with 'timeout'. */
  timeout = 0;
  /** Most header lines kept per request (the rest are ignored); 0: no limit. */
  maxHeadersCount: number | null = 2000;
  /** Most requests per connection; 0: no limit. */
  maxRequestsPerSocket: number;
  /** ms to receive a request head (0: none), checked every connectionsCheckingInterval. */
  headersTimeout: number;
  /** ms to receive a whole request (0: none). */
  requestTimeout: number;
  /** ms an idle keep-alive connection is kept (announced as `Keep-Alive: timeout=N`). */
  keepAliveTimeout: number;
  /** ms between checks of headersTimeout and requestTimeout. */
  connectionsCheckingInterval: number;
  /** Answer 400 to HTTP/1.1 requests without Host. */
  requireHostHeader: boolean;
  /** Answer 400 to more than one Host line or an invalid Host value (RFC 9110 §7.2). */
  strictHost: boolean;
  /** Answer 400 to `*` as request target with a method other than OPTIONS (RFC 9112 §3.2.4). */
  strictRequestTarget: boolean;
  joinDuplicateHeaders: boolean | undefined;
  rejectNonStandardBodyWrites: boolean;
  insecureHTTPParser: boolean | undefined;
  maxHeaderSize: number | undefined;
  /** Node's flag; always false here (a half-closed client still gets its responses, then the connection ends). */
  httpAllowHalfOpen = false;
  #closing = false;
  #frameworksAdopted = false;
  readonly #connections = new Set<Connection>();
  readonly #checker: ConnectionsChecker;

  /**
   * @param options - see {@link ServerOptions}; or the request listener.
   * @param requestListener - added as a 'request' listener.
   * @throws ERR_INVALID_ARG_TYPE / ERR_OUT_OF_RANGE for bad options, as Node.
   */
  constructor(options?: ServerOptions | RequestListener | null, requestListener?: RequestListener) {
    if (typeof options === 'function') {
      requestListener = options;
      options = {};
    } else if (options === null || options === undefined) options = {};
    else if (typeof options !== 'object') throw httpError('ERR_INVALID_ARG_TYPE', 'options', 'of type object.' + describe(options));
    const settings = resolveOptions(options);
    super({
      // HTTP decides itself when to end a half-closed connection (after its responses).
      allowHalfOpen: true,
      noDelay: options.noDelay ?? true,
      keepAlive: options.keepAlive,
      keepAliveInitialDelay: options.keepAliveInitialDelay,
      highWaterMark: options.highWaterMark,
    });
    this.settings = settings;
    this.maxHeaderSize = settings.maxHeaderSize;
    this.insecureHTTPParser = settings.insecureHTTPParser;
    this.requestTimeout = settings.requestTimeout;
    this.headersTimeout = settings.headersTimeout;
    this.keepAliveTimeout = settings.keepAliveTimeout;
    this.connectionsCheckingInterval = settings.connectionsCheckingInterval;
    this.requireHostHeader = settings.requireHostHeader;
    this.strictHost = settings.strictHost;
    this.strictRequestTarget = settings.strictRequestTarget;
    this.joinDuplicateHeaders = settings.joinDuplicateHeaders;
    this.rejectNonStandardBodyWrites = settings.rejectNonStandardBodyWrites;
    this.maxRequestsPerSocket = settings.maxRequestsPerSocket;
    this.#checker = new ConnectionsChecker(this, this.#connections);
    const self = this.#events;
    // Express-style apps bring node:http-based prototypes: bridge them onto ours (node-prototypes.ts).
    ourPrototypes.requests.add(settings.IncomingMessage.prototype);
    ourPrototypes.responses.add(settings.ServerResponse.prototype);
    (this as unknown as EventEmitter).on('newListener', (event: string | symbol, listener: unknown) => {
      if (event === 'request') adoptNodePrototypes(listener);
    });
    adoptLoadedFrameworks();
    if (requestListener) self.on('request', requestListener as (...a: HttpServerEventMap['request']) => void);
    self.on('connection', (socket: Socket) => this._acceptConnection(socket));
    // Node starts the checker at 'listening', so that timeouts changed after createServer count.
    self.on('listening', () => this.#checker.start(this.connectionsCheckingInterval));
  }

  /** `this` as an emitter of the HTTP map (inside the class, `E` is generic). */
  get #events(): EventEmitter<HttpServerEventMap> {
    return this as unknown as EventEmitter<HttpServerEventMap>;
  }

  /** `this` as its connections see it. */
  get #host(): ConnectionHost {
    return this as unknown as ConnectionHost;
  }

  /** True once close() was called. */
  get closing(): boolean {
    return this.#closing;
  }

  /** Starts serving HTTP on an accepted socket (the HTTPS server calls it after the TLS handshake). */
  _acceptConnection(socket: Socket): void {
    if (!this.#frameworksAdopted) {
      // a framework loaded after createServer() (an app called from inside a listener): see node-prototypes.ts
      this.#frameworksAdopted = true;
      adoptLoadedFrameworks();
    }
    const conn = new Connection(this.#host, socket);
    this.#connections.add(conn);
    conn.start();
  }

  /** @internal The connection is gone (closed or handed over). */
  forget(conn: Connection): void {
    this.#connections.delete(conn);
  }

  /**
   * Stops accepting connections; idle ones are closed at once, busy ones once
   * their last response has finished (it goes out with `Connection: close`).
   * 'close' follows when every connection has ended.
   */
  override close(cb?: (err?: Error) => void): this {
    this.#closing = true;
    this.#checker.stop();
    for (const conn of this.#connections) conn.serverClosing();
    this.closeIdleConnections();
    return super.close(cb);
  }

  /** Destroys every connection, busy or not. */
  closeAllConnections(): void {
    for (const conn of [...this.#connections]) conn.socket.destroy();
  }

  /** Destroys connections that are not receiving a request and whose response (if any) has finished. */
  closeIdleConnections(): void {
    for (const conn of [...this.#connections]) conn.closeIfIdle();
  }

  /** Sets the socket inactivity timeout of new connections; `callback` listens for 'timeout'. */
  setTimeout(msecs: number, callback?: (socket: Socket) => void): this {
    this.timeout = msecs;
    if (callback) this.#events.on('timeout', callback);
    return this;
  }
}

/** Node: a rejected async 'request' listener (captureRejections) answers 500 if it still can, else destroys the response. */
function captureRejection(this: Server, err: Error, event: string | symbol, ...args: unknown[]): void {
  if (event === 'request') {
    const res = args[1] as ServerResponse;
    if (!res.headersSent && !res.writableEnded) {
      for (const name of res.getHeaderNames()) res.removeHeader(name);
      res.statusCode = 500;
      res.end(STATUS_CODES[500]);
    } else res.destroy();
    return;
  }
  // As EventEmitter's default: the error becomes an 'error' event.
  (this as unknown as EventEmitter<HttpServerEventMap>).emit('error', err);
}
Object.defineProperty(Server.prototype, EventEmitter.captureRejectionSymbol, { value: captureRejection, configurable: true, writable: true });

/** `Server` callable with or without `new`, as Node's (`http.Server(listener)` is common in old code). */
export const CallableServer = new Proxy(Server, {
  apply(target, _thisArg, args: [ServerOptions | RequestListener | null | undefined, RequestListener | undefined]) {
    return new target(...args);
  },
}) as typeof Server & {
  (options?: ServerOptions | RequestListener | null, requestListener?: RequestListener): Server;
};

/**
 * Creates an HTTP server (Node's `http.createServer`).
 * @param options - {@link ServerOptions}, or the request listener.
 * @param requestListener - added as a 'request' listener.
 */
export function createServer(options?: ServerOptions | RequestListener | null, requestListener?: RequestListener): Server {
  return new Server(options, requestListener);
}
