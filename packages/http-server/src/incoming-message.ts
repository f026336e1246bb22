// The request side of an exchange, as Node's http.IncomingMessage: a Readable
// whose body the connection pushes in as the parser delivers it. Backpressure
// runs the other way: when push() returns false (the readable buffer is over
// its highWaterMark) the connection stops reading the socket, and _read()
// (the consumer wants more) asks it to read again. The head is kept as the
// raw list the parser produced; `headers` and friends are built from it on
// first access (most handlers read few of them, many never read distinct).
import { Readable, finished } from 'node:stream';
import type { Socket } from 'node:net';
import { kOwnPrototype } from './node-prototypes.js';
import { buildDistinct, buildHeaders, addHeaderLine, type IncomingHttpHeaders } from './headers.js';

/** What an IncomingMessage asks of the connection that feeds it. */
export interface BodySource {
  /** The consumer wants more body: read the socket again (unless something else holds it). */
  readStart(): void;
}

const kHeaders = Symbol('kHeaders');
const kHeadersDistinct = Symbol('kHeadersDistinct');
const kHeadersCount = Symbol('kHeadersCount');
const kTrailers = Symbol('kTrailers');
const kTrailersDistinct = Symbol('kTrailersDistinct');
const kTrailersCount = Symbol('kTrailersCount');
/** The connection feeding this message (internal; null when standalone). */
export const kSource = Symbol('kSource');

type Callback = (err?: Error | null) => void;

function onError(self: IncomingMessage, error: Error | null | undefined, cb: Callback): void {
  // As Node: an error is passed on only when someone listens for it, so that
  // an aborted request nobody watches does not crash the process.
  if (self.listenerCount('error') === 0) cb();
  else cb(error);
}

/**
 * An HTTP request as the server received it (Node's `http.IncomingMessage`).
 * The body is read as a stream; the head is in `method`, `url`, `headers`,
 * `rawHeaders`; trailers (after a chunked body) in `trailers`/`rawTrailers`
 * once `complete` is true.
 */
export class IncomingMessage extends Readable {
  /** The connection (net.Socket or tls.TLSSocket); null after a standalone message is detached. */
  socket: Socket;
  /** HTTP version as received, e.g. "1.1". */
  httpVersion: string = null as unknown as string;
  httpVersionMajor: number = null as unknown as number;
  httpVersionMinor: number = null as unknown as number;
  /** The whole message, body included, has been received. */
  complete = false;
  /** The raw field lines, flat: [name, value, name, value, …], names as sent. */
  rawHeaders: string[] = [];
  /** The raw trailer lines, flat, once the body is complete. */
  rawTrailers: string[] = [];
  /** Combine single-valued duplicates too (the server's `joinDuplicateHeaders`). */
  joinDuplicateHeaders = false;
  /** The connection closed before the message was complete. */
  aborted = false;
  /** The request asked to switch protocols (Upgrade, or CONNECT) and the server hands the socket over. */
  upgrade: boolean | null = null;
  /** Request target as sent (server side). */
  url = '';
  /** Request method (server side). */
  method: string | null = null;
  /** Response status (client side, unused by the server). */
  statusCode: number | null = null;
  statusMessage: string | null = null;
  /** Alias of socket, as Node keeps it. */
  client: Socket;
  /** The body is being consumed by someone (read(), pipe(), 'data'). */
  _consuming = false;
  /** The body is being thrown away (the response ended first). */
  _dumped = false;

  [kHeaders]: IncomingHttpHeaders | null = null;
  [kHeadersDistinct]: NodeJS.Dict<string[]> | null = null;
  [kHeadersCount] = 0;
  [kTrailers]: NodeJS.Dict<string> | null = null;
  [kTrailersDistinct]: NodeJS.Dict<string[]> | null = null;
  [kTrailersCount] = 0;
  [kSource]: BodySource | null = null;

  /** @param socket - the connection; its readableHighWaterMark bounds the buffered body. */
  constructor(socket: Socket) {
    super(socket ? { highWaterMark: socket.readableHighWaterMark } : undefined);
    // Node marks the stream as "reading more" until the first _read, so that
    // pushes before anyone reads do not trigger a read of their own.
    (this as unknown as { _readableState: { readingMore: boolean } })._readableState.readingMore = true;
    this.socket = socket;
    this.client = socket;
    // remembered for frameworks that swap our prototype for one built on node:http's (node-prototypes.ts)
    (this as { [kOwnPrototype]?: object })[kOwnPrototype] = Object.getPrototypeOf(this) as object;
  }

  /** Alias of `socket` (Node keeps it for compatibility). */
  get connection(): Socket {
    return this.socket;
  }
  set connection(socket: Socket) {
    this.socket = socket;
  }

  /** Fields by lower-cased name, Node's rules for repeated names (see headers.ts); a null-prototype object. */
  get headers(): IncomingHttpHeaders {
    return (this[kHeaders] ??= buildHeaders(this.rawHeaders, this[kHeadersCount], this.joinDuplicateHeaders));
  }
  set headers(value: IncomingHttpHeaders) {
    this[kHeaders] = value;
  }

  /** Every value of every field, as arrays, by lower-cased name. */
  get headersDistinct(): NodeJS.Dict<string[]> {
    return (this[kHeadersDistinct] ??= buildDistinct(this.rawHeaders, this[kHeadersCount]));
  }
  set headersDistinct(value: NodeJS.Dict<string[]>) {
    this[kHeadersDistinct] = value;
  }

  /** Trailer fields (RFC 9110 §6.5), filled when the body is complete. */
  get trailers(): NodeJS.Dict<string> {
    return (this[kTrailers] ??= buildHeaders(this.rawTrailers, this[kTrailersCount], this.joinDuplicateHeaders) as unknown as NodeJS.Dict<string>);
  }
  set trailers(value: NodeJS.Dict<string>) {
    this[kTrailers] = value;
  }

  get trailersDistinct(): NodeJS.Dict<string[]> {
    return (this[kTrailersDistinct] ??= buildDistinct(this.rawTrailers, this[kTrailersCount]));
  }
  set trailersDistinct(value: NodeJS.Dict<string[]>) {
    this[kTrailersDistinct] = value;
  }

  /** Sets the socket's idle timeout; `callback` listens for 'timeout'. */
  setTimeout(msecs: number, callback?: () => void): this {
    if (callback) this.on('timeout', callback);
    this.socket.setTimeout(msecs);
    return this;
  }

  /**
   * Stores received field lines: the head, or — once `complete` — the
   * trailers. `n` (≤ headers.length) caps how many entries count, for
   * maxHeadersCount.
   */
  _addHeaderLines(headers: string[], n: number): void {
    if (!headers || headers.length === 0) return;
    let dest: IncomingHttpHeaders | null;
    if (this.complete) {
      this.rawTrailers = headers;
      this[kTrailersCount] = n;
      dest = this[kTrailers];
    } else {
      this.rawHeaders = headers;
      this[kHeadersCount] = n;
      dest = this[kHeaders];
    }
    if (dest) for (let i = 0; i < n; i += 2) addHeaderLine(headers[i], headers[i + 1], dest, this.joinDuplicateHeaders);
  }

  /** Adds one line to `dest` with Node's duplicate rules (kept for code that calls it, as on Node's prototype). */
  _addHeaderLine(field: string, value: string, dest: IncomingHttpHeaders): void {
    addHeaderLine(field, value, dest, this.joinDuplicateHeaders);
  }

  override _read(_n: number): void {
    if (!this._consuming) {
      (this as unknown as { _readableState: { readingMore: boolean } })._readableState.readingMore = false;
      this._consuming = true;
    }
    // The connection pushes the body as it parses; all _read does is let the
    // socket flow again if a full buffer had stopped it.
    const source = this[kSource];
    if (source !== null) source.readStart();
    else if (this.socket?.readable) this.socket.resume();
  }

  override _destroy(err: Error | null, cb: Callback): void {
    if (!this.readableEnded || !this.complete) {
      this.aborted = true;
      this.emit('aborted');
    }
    // A request destroyed before it was complete takes its connection with it
    // (Node: nothing else could make sense of the rest of its bytes).
    const socket = this.socket;
    if (socket && !socket.destroyed && this.aborted) {
      socket.destroy(err ?? undefined);
      const cleanup = finished(socket, (e) => {
        cleanup();
        const premature = (e as { code?: string } | undefined)?.code === 'ERR_STREAM_PREMATURE_CLOSE';
        process.nextTick(onError, this, (premature ? null : e) || err, cb);
      });
    } else {
      process.nextTick(onError, this, err, cb);
    }
  }

  /** Throws the rest of the body away (the response ended before the body was read). */
  _dump(): void {
    if (!this._dumped) {
      this._dumped = true;
      // Buffered data may still be emitted: nobody is meant to see it.
      this.removeAllListeners('data');
      this.resume();
    }
  }
}
