// Theory of operation. An outgoing message goes through three head states:
//
//   NONE  no head yet: fields may still change (setHeader, removeHeader …)
//   HELD  the head is composed (writeHead, or implicitly by the first write or
//         end) but held back, so that it leaves with the first body bytes
//   SENT  the head is in the output: fields are frozen
//
// Output — the head, 1xx lines, framed body, trailers — is gathered in one
// WireBatch and leaves in one socket.write when the message flushes: at end(),
// at the next tick after write() (so writes of one tick share a packet, as
// Node's auto-cork does), at uncork(), and at flushHeaders(). Until a socket
// is assigned (and owned: a pipelined response waits its turn) the batch just
// keeps growing and leaves, in order, when assignSocket() is called.
//
// Framing is decided once, when the head is composed (head.ts, framing.ts),
// and carried out by the chosen body writer (body-writers.ts); this file owns
// only the Node-facing API, its state and its I/O.
import { EventEmitter } from 'node:events';
import { Stream } from 'node:stream';
import { Buffer } from 'node:buffer';
import { writerFor, NoBodyWriter, type BodyWriter, type Chunk } from './body-writers.js';
import { Framing } from './framing.js';
import { composeHead, serializeTrailers, type HeaderStore, type HeaderValue, type OutgoingFields } from './head.js';
import { utcDate } from './date-cache.js';
import { WireBatch } from './wire-batch.js';
import { OutgoingMessageError, OutgoingMessageTypeError } from './errors.js';
import { validateHeaderName, validateHeaderValue, validateString, describe } from './validate.js';
import type { OutgoingMessageEventMap, OutgoingSocket } from './events.js';

/** The head states of a message (see the theory of operation above). */
export const HeadState = { NONE: 0, HELD: 1, SENT: 2 } as const;
/** One of {@link HeadState}. */
export type HeadState = (typeof HeadState)[keyof typeof HeadState];

/** A write callback: called once the bytes are written to the socket (or with the error that prevented it). */
export type WriteCallback = (err?: Error | null) => void;

/** Options of {@link OutgoingMessage}. */
export interface OutgoingMessageOptions {
  /** Buffered bytes above which write() returns false while no socket is assigned (default 16 KiB, Node's). */
  highWaterMark?: number;
}

const nop = (): void => {};
// Stands for "emit 'finish'" among write callbacks; never handed to a socket.
const FINISH: WriteCallback = () => {};
const NO_BODY = new NoBodyWriter();

// Node's OutgoingMessage extends the legacy Stream (an EventEmitter with
// pipe()), not Writable; so does this one, typed with our event map.
const TypedStream = Stream as unknown as new <E extends Record<keyof E, unknown[]>>() => EventEmitter<E>;

type Events = EventEmitter<OutgoingMessageEventMap>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any event map: the helpers use only the base events
type AnyMessage = OutgoingMessage<any>;

function byteLength(chunk: Chunk, encoding: BufferEncoding | undefined): number {
  return typeof chunk === 'string' ? Buffer.byteLength(chunk, encoding) : chunk.byteLength;
}

function emitErrorNT(msg: AnyMessage, err: Error, cb: WriteCallback): void {
  cb(err);
  if (!msg.destroyed) (msg as unknown as Events).emit('error', err);
}

function onError(msg: AnyMessage, err: Error, cb: WriteCallback): void {
  if (!msg.destroyed) process.nextTick(emitErrorNT, msg, err, cb);
}

/** Marks a socket that relays its 'drain' and 'close' to its current message. */
const kRelays = Symbol('purehttp.relays');
type RelayingSocket = OutgoingSocket & { [kRelays]?: boolean };

function relayDrain(this: OutgoingSocket): void {
  const msg = this._httpMessage;
  if (msg instanceof OutgoingMessage) msg._socketDrained();
}

function relayClose(this: OutgoingSocket): void {
  const msg = this._httpMessage;
  if (msg instanceof OutgoingMessage && msg.socket === this) msg._emitClose();
}

function flushTick(msg: AnyMessage): void {
  msg['flushScheduled'] = false;
  if (msg['corked'] === 0) msg['flushNow']();
}

function emitFinishNT(msg: AnyMessage): void {
  msg['emitFinish']();
}

/**
 * An HTTP/1.1 message on its way out, as Node's `http.OutgoingMessage`:
 * header buffering and validation, framing, backpressure. Use
 * {@link ServerResponse}; this base class leaves `_implicitHeader` to it.
 */
export class OutgoingMessage<E extends OutgoingMessageEventMap & Record<keyof E, unknown[]> = OutgoingMessageEventMap> extends TypedStream<E> {
  /** The socket the message writes to, once assigned. */
  socket: OutgoingSocket | null = null;
  /** Always true, as Node's (the stream-compat flag pipe() checks). */
  writable = true;
  /** destroy() was called, or the message was closed. */
  destroyed = false;
  /** end() was called. */
  finished = false;
  /** The composed head while the fields are frozen, else null (Node's `_header`). */
  _header: string | null = null;
  /** The server must close the connection after this message (Node's `_last`; decided with the head). */
  _last = false;
  /** The body is chunked (decided with the head). */
  chunkedEncoding = false;
  /** Input: the server would keep the connection open after this message. The head announces it; it is updated by a Connection field. */
  shouldKeepAlive = true;
  /** Input: the server's maxRequestsPerSocket is reached with this message: announce `Connection: close`. */
  maxRequestsOnConnectionReached = false;
  /** False once the caller set a Keep-Alive field: do not add ours. */
  _defaultKeepAlive = true;
  /** Input: the peer takes chunked bodies (HTTP/1.1, or HTTP/1.0 with `TE: chunked`). */
  useChunkedEncodingByDefault = true;
  /** Add a Date field when the head is composed (ServerResponse: true). */
  sendDate = false;
  _removedConnection = false;
  _removedContLen = false;
  _removedTE = false;
  /** Fail with ERR_HTTP_CONTENT_LENGTH_MISMATCH when the body does not match Content-Length. */
  strictContentLength = false;
  /** The declared (or, for `end(body)`, known) body length. */
  _contentLength: number | null = null;
  /** False when no content may be sent (HEAD, 1xx, 204, 304). */
  _hasBody = true;
  /** The serialized trailer section set by addTrailers(). */
  _trailer = '';
  /** Input: the server's keep-alive timeout in ms, announced as `Keep-Alive: timeout=N` (seconds). 0: none. */
  _keepAliveTimeout = 0;
  /** Input: the server's maxRequestsPerSocket, announced as `max=N` when positive. */
  _maxRequestsPerSocket = 0;
  /** Hook for the server: called with the change in bytes buffered while no socket is owned. */
  _onPendingData: (delta: number) => void = nop;
  _closed = false;

  private headStage: HeadState = HeadState.NONE;
  protected store: HeaderStore | null = null;
  private writer: BodyWriter = NO_BODY;
  private readonly batch = new WireBatch();
  private cbs: WriteCallback | WriteCallback[] | null = null;
  private inflight: (WriteCallback | WriteCallback[])[] | null = null;
  private onWritten: WriteCallback | null = null;
  private corked = 0;
  private flushScheduled = false;
  private needDrain = false;
  private bytesWritten = 0;
  private pendingReported = 0;
  private readonly highWaterMark: number;
  private erroredWith: Error | null = null;

  constructor(options?: OutgoingMessageOptions) {
    super();
    this.highWaterMark = options?.highWaterMark ?? 16 * 1024;
  }

  private get events(): Events {
    return this as unknown as Events;
  }

  // ---- state, as Node exposes it -------------------------------------------

  /** The head has been composed: fields can no longer change (Node's semantics: not "on the wire yet"). */
  get headersSent(): boolean {
    return this._header !== null;
  }
  /** The head has been handed to the output (Node's `_headerSent`). */
  get _headerSent(): boolean {
    return this.headStage === HeadState.SENT;
  }
  /** Where the head is: NONE, HELD (composed, waiting for the first body bytes) or SENT. */
  get headState(): HeadState {
    return this.headStage;
  }
  /** end() was called. */
  get writableEnded(): boolean {
    return this.finished;
  }
  /** end() was called and every byte has left for the kernel. */
  get writableFinished(): boolean {
    return this.finished && this.batch.empty && this.cbs === null && (this.socket === null || this.socket.writableLength === 0);
  }
  /** Bytes buffered here and in the socket. */
  get writableLength(): number {
    return this.batch.size + (this.socket ? this.socket.writableLength : 0);
  }
  get writableHighWaterMark(): number {
    return this.socket ? this.socket.writableHighWaterMark : this.highWaterMark;
  }
  get writableCorked(): number {
    return this.corked + (this.socket ? this.socket.writableCorked : 0);
  }
  get writableNeedDrain(): boolean {
    return !this.destroyed && !this.finished && this.needDrain;
  }
  get writableObjectMode(): boolean {
    return false;
  }
  get errored(): Error | null {
    return this.erroredWith;
  }
  get closed(): boolean {
    return this._closed;
  }
  /** Alias of `socket` (deprecated in Node, kept for compatibility). */
  get connection(): OutgoingSocket | null {
    return this.socket;
  }
  set connection(socket: OutgoingSocket | null) {
    this.socket = socket;
  }

  // ---- fields ------------------------------------------------------------------

  /** Sets one field, replacing any of the same name (case-insensitive). Throws on a bad name or value, or after the head. */
  setHeader(name: string, value: HeaderValue): this {
    if (this._header !== null) throw new OutgoingMessageError('ERR_HTTP_HEADERS_SENT', 'set');
    validateHeaderName(name);
    validateHeaderValue(name, value);
    (this.store ??= new Map()).set(name.toLowerCase(), [name, value]);
    return this;
  }

  /** Sets every field of a `Headers` or `Map`; `set-cookie` values are kept as separate lines, as Node does. */
  setHeaders(headers: Headers | Map<string, HeaderValue>): this {
    if (this._header !== null) throw new OutgoingMessageError('ERR_HTTP_HEADERS_SENT', 'set');
    if (!headers || Array.isArray(headers) || typeof headers.keys !== 'function' || typeof headers.get !== 'function') {
      throw new OutgoingMessageTypeError('ERR_INVALID_ARG_TYPE', 'headers', `an instance of Headers or Map. Received ${describe(headers)}`);
    }
    const cookies: string[] = [];
    for (const [key, value] of headers as Iterable<[string, HeaderValue]>) {
      if (key === 'set-cookie') {
        if (Array.isArray(value)) cookies.push(...value);
        else cookies.push(value as string);
        continue;
      }
      this.setHeader(key, value);
    }
    if (cookies.length) this.setHeader('set-cookie', cookies);
    return this;
  }

  /** Adds a value to a field (a list afterwards), or sets it when absent. */
  appendHeader(name: string, value: HeaderValue): this {
    if (this._header !== null) throw new OutgoingMessageError('ERR_HTTP_HEADERS_SENT', 'append');
    validateHeaderName(name);
    validateHeaderValue(name, value);
    const key = name.toLowerCase();
    const entry = this.store?.get(key);
    if (entry === undefined) return this.setHeader(name, value);
    if (!Array.isArray(entry[1])) entry[1] = [entry[1] as string];
    const values = entry[1];
    if (Array.isArray(value)) for (let i = 0; i < value.length; i++) values.push(value[i]);
    else values.push(value as string);
    return this;
  }

  /** The value of a field set with setHeader/appendHeader (case-insensitive), or undefined. */
  getHeader(name: string): HeaderValue | undefined {
    validateString(name, 'name');
    return this.store?.get(name.toLowerCase())?.[1];
  }

  /** Lower-cased names of the fields set, in order. */
  getHeaderNames(): string[] {
    return this.store !== null ? [...this.store.keys()] : [];
  }

  /** Names of the fields set, as given, in order. */
  getRawHeaderNames(): string[] {
    const store = this.store;
    if (store === null) return [];
    const out: string[] = [];
    for (const entry of store.values()) out.push(entry[0]);
    return out;
  }

  /** A null-prototype object of lower-cased name → value. */
  getHeaders(): Record<string, HeaderValue> {
    const out = Object.create(null) as Record<string, HeaderValue>;
    const store = this.store;
    if (store !== null) for (const [key, entry] of store) out[key] = entry[1];
    return out;
  }

  hasHeader(name: string): boolean {
    validateString(name, 'name');
    return this.store !== null && this.store.has(name.toLowerCase());
  }

  /** Removes a field; removing Connection, Content-Length, Transfer-Encoding or Date also stops us adding our own. */
  removeHeader(name: string): void {
    validateString(name, 'name');
    if (this._header !== null) throw new OutgoingMessageError('ERR_HTTP_HEADERS_SENT', 'remove');
    const key = name.toLowerCase();
    switch (key) {
      case 'connection': this._removedConnection = true; break;
      case 'content-length': this._removedContLen = true; break;
      case 'transfer-encoding': this._removedTE = true; break;
      case 'date': this.sendDate = false; break;
    }
    if (this.store !== null) this.store.delete(key);
  }

  /** Trailer fields to send after a chunked body (RFC 9110 §6.5). Replaces earlier ones. */
  addTrailers(headers: Readonly<Record<string, HeaderValue>> | readonly (readonly [string, HeaderValue])[]): void {
    this._trailer = '';
    this._trailer = serializeTrailers(headers);
  }

  // ---- head --------------------------------------------------------------------

  /** Composes the head (subclasses: on the first write/end without writeHead). */
  _implicitHeader(): void {
    throw new OutgoingMessageError('ERR_METHOD_NOT_IMPLEMENTED', '_implicitHeader()');
  }

  /** Composes the head from `firstLine` and `fields` (the store, or writeHead's own fields), and holds it. */
  _storeHeader(firstLine: string, fields: HeaderStore | OutgoingFields | null | undefined): void {
    const r = composeHead({
      firstLine,
      fields,
      trusted: fields !== null && fields === this.store,
      date: this.sendDate ? utcDate() : null,
      statusCode: (this as { statusCode?: number }).statusCode ?? 0,
      hasBody: this._hasBody,
      chunkedAllowed: this.useChunkedEncodingByDefault,
      knownLength: this._contentLength,
      contentLengthRemoved: this._removedContLen,
      transferEncodingRemoved: this._removedTE,
      connectionRemoved: this._removedConnection,
      keepAlive: this.shouldKeepAlive,
      maxRequestsReached: this.maxRequestsOnConnectionReached,
      keepAliveTimeout: this._keepAliveTimeout,
      maxRequestsPerSocket: this._maxRequestsPerSocket,
    });
    this._header = r.head;
    this.headStage = HeadState.HELD;
    this._last = r.last;
    this.shouldKeepAlive = r.keepAlive;
    this.chunkedEncoding = r.framing === Framing.CHUNKED;
    this._contentLength = r.contentLength;
    if (r.contentLengthField) this._removedContLen = false;
    if (r.transferEncodingField) this._removedTE = false;
    if (r.connectionField) this._removedConnection = false;
    if (r.keepAliveField) this._defaultKeepAlive = false;
    this.writer = this._hasBody ? writerFor(r.framing, r.contentLength ?? 0) : NO_BODY;
    // A client that sent Expect waits for the head before sending its body.
    if (r.expect) this.flushHeaders();
  }

  /** Composes the head if needed and sends it now, without waiting for the body. */
  flushHeaders(): void {
    if (this._header === null) this._implicitHeader();
    if (this.headStage === HeadState.HELD) this.releaseHead();
    if (this.corked === 0) this.flushNow();
  }

  private releaseHead(): void {
    this.batch.text(this._header!);
    this.headStage = HeadState.SENT;
  }

  // ---- body --------------------------------------------------------------------

  /**
   * Writes body data (the head goes with the first call). Returns false when
   * the caller should wait for 'drain'. After end(), fails with
   * ERR_STREAM_WRITE_AFTER_END through the callback and 'error'.
   */
  write(chunk: Chunk, encoding?: BufferEncoding | WriteCallback | null, callback?: WriteCallback): boolean {
    if (typeof encoding === 'function') {
      callback = encoding;
      encoding = null;
    }
    const ret = this.writeBody(chunk, encoding ?? undefined, callback, false);
    if (!ret) this.needDrain = true;
    return ret;
  }

  /** Ends the message, with an optional last piece of body; `callback` runs on 'finish'. */
  end(chunk?: Chunk | WriteCallback | null, encoding?: BufferEncoding | WriteCallback | null, callback?: WriteCallback): this {
    if (typeof chunk === 'function') {
      callback = chunk;
      chunk = null;
      encoding = null;
    } else if (typeof encoding === 'function') {
      callback = encoding;
      encoding = null;
    }
    if (chunk) {
      if (this.finished) {
        onError(this, new OutgoingMessageError('ERR_STREAM_WRITE_AFTER_END'), callback ?? nop);
        return this;
      }
      this.writeBody(chunk, encoding ?? undefined, undefined, true);
    } else if (this.finished) {
      if (callback) {
        if (!this.writableFinished) this.events.on('finish', callback);
        else callback(new OutgoingMessageError('ERR_STREAM_ALREADY_FINISHED', 'end'));
      }
      return this;
    } else if (this._header === null) {
      this._contentLength = 0;
      this._implicitHeader();
    }
    if (callback) this.events.once('finish', callback);
    if (this.isStrict() && this.bytesWritten !== this._contentLength) {
      throw new OutgoingMessageError('ERR_HTTP_CONTENT_LENGTH_MISMATCH', this.bytesWritten, this._contentLength);
    }
    if (this.headStage === HeadState.HELD) {
      this.releaseHead();
      this.writer.end(this._trailer, this.batch);
      this.addCallback(FINISH);
    } else if (this.writer.framing === Framing.CHUNKED || this.writableLength > 0 || chunk) {
      this.writer.end(this._trailer, this.batch);
      this.addCallback(FINISH);
    } else {
      process.nextTick(emitFinishNT, this);
    }
    this.corked = 0;
    this.finished = true;
    if (this.flushNow() !== null && this.socket !== null && this.socket._httpMessage === this) this._finish();
    return this;
  }

  private writeBody(chunk: Chunk, encoding: BufferEncoding | undefined, cb: WriteCallback | undefined, fromEnd: boolean): boolean {
    if (chunk === null) throw new OutgoingMessageTypeError('ERR_STREAM_NULL_VALUES');
    if (typeof chunk !== 'string' && !(chunk instanceof Uint8Array)) {
      throw new OutgoingMessageTypeError('ERR_INVALID_ARG_TYPE', 'chunk', `of type string or an instance of Buffer or Uint8Array. Received ${describe(chunk)}`);
    }
    if (this.finished || this.destroyed) {
      const err = this.finished
        ? new OutgoingMessageError('ERR_STREAM_WRITE_AFTER_END')
        : new OutgoingMessageError('ERR_STREAM_DESTROYED', 'write');
      if (!this.destroyed) onError(this, err, cb ?? nop);
      else process.nextTick(cb ?? nop, err);
      return false;
    }
    let len = -1;
    if (this._header === null) {
      // The whole body is known before the head leaves: it can carry a Content-Length.
      if (fromEnd) this._contentLength = len = byteLength(chunk, encoding);
      this._implicitHeader();
    }
    if (this.strictContentLength) {
      if (len < 0) len = byteLength(chunk, encoding);
      // Checked after the head is composed, so that a Content-Length the caller
      // set is known and the first write past it fails before going out.
      const total = this.bytesWritten + len;
      if (this.isStrict() && (fromEnd ? total !== this._contentLength : total > this._contentLength!)) {
        throw new OutgoingMessageError('ERR_HTTP_CONTENT_LENGTH_MISMATCH', total, this._contentLength);
      }
      this.bytesWritten = total;
    }
    if (!this._hasBody) {
      // RFC 9110 §9.3.2, §15.3.5, §15.4.5: no content for HEAD, 204, 304; dropped as Node does.
      if (cb) process.nextTick(cb);
      return true;
    }
    if (this.headStage === HeadState.HELD) this.releaseHead();
    if (len < 0 && this.writer.framing === Framing.CHUNKED) len = byteLength(chunk, encoding);
    this.writer.write(chunk, encoding, len, this.batch);
    if (cb) this.addCallback(cb);
    return fromEnd || this.schedule();
  }

  private isStrict(): boolean {
    return this.strictContentLength && this._contentLength != null && this._hasBody &&
      !this._removedContLen && !this.chunkedEncoding && !this.hasHeader('transfer-encoding');
  }

  /** Sends raw protocol text (1xx heads) ahead of anything not yet flushed. */
  protected _writeRaw(text: string, cb?: WriteCallback): boolean {
    this.batch.text(text);
    if (cb) this.addCallback(cb);
    if (this.corked !== 0) return this.batch.size < this.writableHighWaterMark;
    const ret = this.flushNow();
    return ret ?? this.batch.size < this.highWaterMark;
  }

  // ---- output ------------------------------------------------------------------

  /** Holds output until uncork() (Node: socket.cork()); corked writes leave in one socket write. */
  cork(): void {
    this.corked++;
  }

  /** Releases one cork(); at zero, the held output leaves in one socket write. */
  uncork(): void {
    if (this.corked === 0) return;
    if (--this.corked === 0) this.flushNow();
  }

  private addCallback(cb: WriteCallback): void {
    const cbs = this.cbs;
    if (cbs === null) this.cbs = cb;
    else if (typeof cbs === 'function') this.cbs = [cbs, cb];
    else cbs.push(cb);
  }

  /** After write(): flush at the next tick unless held; tell the caller whether to go on. */
  private schedule(): boolean {
    const socket = this.socket;
    if (socket === null || socket._httpMessage !== this) {
      this.reportPending();
      return this.batch.size < this.highWaterMark;
    }
    if (this.corked === 0 && !this.flushScheduled) {
      this.flushScheduled = true;
      process.nextTick(flushTick, this);
    }
    return socket.writableLength + this.batch.size < socket.writableHighWaterMark;
  }

  /**
   * Hands the batch to the socket in one write if the socket is ours and
   * writable. Returns the socket's answer, or null when the batch stays
   * buffered (no socket yet, not our turn) or was dropped (socket destroyed).
   */
  private flushNow(): boolean | null {
    if (this.batch.empty && this.cbs === null) return true;
    const socket = this.socket;
    if (socket === null || socket._httpMessage !== this || !socket.writable) {
      if (socket !== null && socket.destroyed) {
        // As Node: nothing more can be written, and no callback will run.
        this.batch.clear();
        this.cbs = null;
      } else this.reportPending();
      return null;
    }
    const cbs = this.cbs;
    let cb: WriteCallback | undefined;
    if (cbs !== null) {
      this.cbs = null;
      if (typeof cbs === 'function' && cbs !== FINISH) cb = cbs;
      else {
        (this.inflight ??= []).push(cbs);
        cb = this.onWritten ??= this.handleWritten.bind(this);
      }
    }
    const ret = this.batch.flushTo(socket, cb);
    if (this.pendingReported !== 0) {
      this._onPendingData(-this.pendingReported);
      this.pendingReported = 0;
    }
    if (ret && this.needDrain && !this.finished) {
      // The socket took it all without asking for a drain: tell the writer now.
      this.needDrain = false;
      this.events.emit('drain');
    }
    return ret;
  }

  private reportPending(): void {
    const delta = this.batch.size - this.pendingReported;
    if (delta !== 0) {
      this.pendingReported = this.batch.size;
      this._onPendingData(delta);
    }
  }

  private handleWritten(err?: Error | null): void {
    const group = this.inflight!.shift()!;
    if (typeof group === 'function') this.runCallback(group, err);
    else for (let i = 0; i < group.length; i++) this.runCallback(group[i], err);
  }

  private runCallback(cb: WriteCallback, err: Error | null | undefined): void {
    if (cb === FINISH) this.emitFinish();
    else cb(err);
  }

  private emitFinish(): void {
    if (this.socket !== null && this.socket._hadError) return;
    this._beforeFinish();
    this.events.emit('finish');
  }

  /**
   * Runs just before 'finish' is emitted, ahead of its listeners: the
   * server's bookkeeping (Node's resOnFinish, which Node registers first),
   * without a listener per message.
   */
  protected _beforeFinish(): void {}

  /** Emits 'prefinish' once end() has handed everything to the socket. */
  _finish(): void {
    this.events.emit('prefinish');
  }

  /** Writes out what was held for want of a socket (called when one is assigned). */
  _flush(): void {
    const socket = this.socket;
    if (socket === null || !socket.writable) return;
    const ret = this.corked === 0 ? this.flushNow() : null;
    if (this.finished) this._finish();
    else if (ret && this.needDrain) {
      this.needDrain = false;
      this.events.emit('drain');
    }
  }

  /** The socket drained: a writer told to wait (write() returned false) may go on. */
  _socketDrained(): void {
    if (!this.finished && this.needDrain) {
      this.needDrain = false;
      this.events.emit('drain');
    }
  }

  /** Binds the message to `socket`: it owns the socket's writes, 'drain' and 'close' until detached. */
  protected attachSocket(socket: RelayingSocket): void {
    socket._httpMessage = this;
    if (socket[kRelays] !== true) {
      // Once per socket, not per message: the socket's 'drain' and 'close'
      // reach whichever message owns it then (no listener churn, no closures).
      socket[kRelays] = true;
      socket.on('drain', relayDrain);
      socket.on('close', relayClose);
    }
    this.socket = socket;
    this.events.emit('socket', socket);
    this._flush();
  }

  /** Releases `socket`; later output is buffered until another is attached. */
  protected releaseSocket(socket: OutgoingSocket): void {
    socket._httpMessage = null;
    this.socket = null;
  }

  /** Marks the message closed and emits 'close' once (the server calls this after 'finish', as Node's emitCloseNT). */
  _emitClose(): void {
    if (this._closed) return;
    this.destroyed = true;
    this._closed = true;
    this.events.emit('close');
  }

  // ---- stream compatibility ----------------------------------------------------

  /** Destroys the socket (now, or when assigned); 'close' follows from it. */
  destroy(error?: Error): this {
    if (this.destroyed) return this;
    this.destroyed = true;
    this.erroredWith = error ?? null;
    if (this.socket !== null) this.socket.destroy(error);
    else this.events.once('socket', (socket) => void socket.destroy(error));
    return this;
  }

  /** Sets the socket's timeout (now, or when assigned); `callback` listens for 'timeout'. */
  setTimeout(msecs: number, callback?: () => void): this {
    if (callback) this.events.on('timeout', callback);
    if (this.socket === null) this.events.once('socket', (socket) => void socket.setTimeout(msecs));
    else this.socket.setTimeout(msecs);
    return this;
  }

  /** An outgoing message cannot be read: emits ERR_STREAM_CANNOT_PIPE, as Node. */
  pipe(): void {
    this.events.emit('error', new OutgoingMessageError('ERR_STREAM_CANNOT_PIPE'));
  }

  /** A rejected async listener destroys the message, as Node's. */
  override [EventEmitter.captureRejectionSymbol](err: Error, ..._rest: unknown[]): void {
    this.destroy(err);
  }
}
