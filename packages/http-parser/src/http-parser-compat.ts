/**
 * `HTTPParser`: the interface of Node's internal parser binding
 * (`process.binding('http_parser').HTTPParser`) and of http-parser-js, on top
 * of our parser. Code written for either switches by changing one import:
 * callbacks live in numbered slots (`parser[HTTPParser.kOnHeadersComplete] =
 * fn`), `execute(buf)` returns the bytes parsed or an Error with `code`,
 * `reason` and `bytesParsed`, and strings (url, header names and values,
 * status message) are built only here, never in the core parser.
 *
 * Semantics follow Node 20's node_http_parser.cc: header values lose
 * trailing whitespace, `kOnBody` gets one Uint8Array per body piece (a
 * `Buffer` when the input is one), trailers arrive through `kOnHeaders`
 * before `kOnMessageComplete`, a pause requested during `execute` applies
 * after it, and an upgrade returns the offset of the upgraded bytes.
 */
import { ParserHandler } from './callbacks.js';
import { FLAGS, LENIENT, METHODS, METHODS_HTTP, METHOD, TYPE } from './constants.js';
import { ERROR, HTTPParserError } from './errors.js';
import { HeadStrings } from './head-strings.js';
import { Parser } from './parser.js';

type Slot = ((...args: any[]) => unknown) | undefined;

const EMPTY = new Uint8Array(0);

const ErrorWithLimit = Error as { stackTraceLimit?: number };

/**
 * An execute() error, without stack frames: it describes the input, not our
 * code, and a server answering a flood of bad requests (or pausing on every
 * pipelined batch, which also returns an Error, as Node's binding does)
 * should not pay for a stack capture each time.
 */
function parseError(code: number, reason: string, bytesParsed: number): HTTPParserError {
  const limit = ErrorWithLimit.stackTraceLimit;
  ErrorWithLimit.stackTraceLimit = 0;
  const err = new HTTPParserError(code, reason, bytesParsed);
  ErrorWithLimit.stackTraceLimit = limit;
  return err;
}

const kOnMessageBegin = 0;
const kOnHeaders = 1;
const kOnHeadersComplete = 2;
const kOnBody = 3;
const kOnMessageComplete = 4;
const kOnExecute = 5;
const kOnTimeout = 6;

/** Turns span callbacks into the strings and calls Node's binding hands to JavaScript. */
class CompatHandler extends ParserHandler {
  readonly head = new HeadStrings();
  headersDone = false;
  /** The chunk being parsed, and where its bytes end. */
  buf: Uint8Array = EMPTY;
  bufEnd = 0;

  constructor(private readonly owner: HTTPParser) {
    super();
  }

  override onMessageBegin(at: number): number {
    this.head.begin(at);
    this.headersDone = false;
    const cb = this.owner[kOnMessageBegin];
    if (typeof cb === 'function') cb.call(this.owner);
    return 0;
  }

  override onUrl(buf: Uint8Array, start: number, end: number): void {
    this.head.onUrl(buf, start, end);
  }

  override onStatus(buf: Uint8Array, start: number, end: number): void {
    this.head.onStatus(buf, start, end);
  }

  override onHeaderField(buf: Uint8Array, start: number, end: number): void {
    this.head.onField(buf, start, end);
  }

  override onHeaderValue(buf: Uint8Array, start: number, end: number): void {
    this.head.onValue(buf, start, end);
  }

  override onHeaderValueComplete(): number {
    this.head.onValueComplete();
    return 0;
  }

  override onChunkHeader(): number {
    // the last chunk: a trailer section may follow
    if (this.owner.parser.contentLength === 0) this.head.beginTrailers();
    return 0;
  }

  override onHeadersComplete(at: number): number {
    const owner = this.owner;
    const head = this.head;
    const p = owner.parser;
    const request = p.type === TYPE.REQUEST;
    // RFC 9112 §6.3: a request without Transfer-Encoding, and without Content-Length or with 0, has no
    // body, so what follows it in the chunk (unless it switches protocols) is the next pipelined
    // request: its head may be decoded along with this one
    const bodyless = request && p.contentLength === 0 && !(p.flags & FLAGS.TRANSFER_ENCODING) && !p.upgrade;
    head.end(this.buf, at, bodyless ? this.bufEnd : at);
    this.headersDone = true;
    const cb = owner[kOnHeadersComplete];
    if (typeof cb !== 'function') return 0;
    const result = cb.call(
      owner,
      p.httpMajor,
      p.httpMinor,
      head.headers,
      request ? p.method : undefined,
      request ? head.url : undefined,
      request ? undefined : p.statusCode,
      request ? undefined : head.statusMessage,
      p.upgrade === 1,
      p.shouldKeepAlive(),
    );
    // Node reads the result as an integer: true/1 skips the body, 2 also upgrades
    return typeof result === 'number' ? result : result ? 1 : 0;
  }

  override onBody(buf: Uint8Array, start: number, end: number): void {
    const cb = this.owner[kOnBody];
    if (typeof cb === 'function') {
      const chunk = buf.subarray(start, end);
      cb.call(this.owner, chunk, 0, chunk.length);
    }
  }

  override onMessageComplete(): number {
    const owner = this.owner;
    const head = this.head;
    if (head.active) {
      // the trailer section ended
      head.active = false;
      const onHeaders = owner[kOnHeaders];
      // Node passes the request's URL along again here (its url buffer is only reset per message)
      if (head.headers.length > 0 && typeof onHeaders === 'function') onHeaders.call(owner, head.headers, head.url);
    }
    const cb = owner[kOnMessageComplete];
    if (typeof cb === 'function') cb.call(owner);
    return 0;
  }
}

export class HTTPParser {
  static readonly REQUEST = TYPE.REQUEST;
  static readonly RESPONSE = TYPE.RESPONSE;
  static readonly kOnMessageBegin = kOnMessageBegin;
  static readonly kOnHeaders = kOnHeaders;
  static readonly kOnHeadersComplete = kOnHeadersComplete;
  static readonly kOnBody = kOnBody;
  static readonly kOnMessageComplete = kOnMessageComplete;
  static readonly kOnExecute = kOnExecute;
  static readonly kOnTimeout = kOnTimeout;
  static readonly kLenientNone = 0;
  static readonly kLenientHeaders = LENIENT.HEADERS;
  static readonly kLenientChunkedLength = LENIENT.CHUNKED_LENGTH;
  static readonly kLenientKeepAlive = LENIENT.KEEP_ALIVE;
  static readonly kLenientTransferEncoding = LENIENT.TRANSFER_ENCODING;
  static readonly kLenientVersion = LENIENT.VERSION;
  static readonly kLenientDataAfterClose = LENIENT.DATA_AFTER_CLOSE;
  static readonly kLenientOptionalLFAfterCR = LENIENT.OPTIONAL_LF_AFTER_CR;
  static readonly kLenientOptionalCRLFAfterChunk = LENIENT.OPTIONAL_CRLF_AFTER_CHUNK;
  static readonly kLenientOptionalCRBeforeLF = LENIENT.OPTIONAL_CR_BEFORE_LF;
  static readonly kLenientSpacesAfterChunkSize = LENIENT.SPACES_AFTER_CHUNK_SIZE;
  /** Every flag but header_value_relaxed, as Node's `kLenientAll` (what `insecureHTTPParser` turns on). */
  static readonly kLenientAll = 0x3ff;
  /** The HTTP methods (not RTSP's, not PRI), as Node's binding lists them: `http.METHODS` is this, sorted. */
  static readonly methods: readonly string[] = METHODS_HTTP.filter((m) => m !== METHOD.PRI).map((m) => METHODS[m]);
  /** Every method by llhttp number: `allMethods[parser.method]`. */
  static readonly allMethods: readonly string[] = METHODS;

  [slot: number]: Slot;

  /** The core parser underneath (its fields: method, statusCode, flags, ...). */
  readonly parser: Parser;
  /** Node's http glue keeps its own state on the parser object. */
  socket: unknown = null;
  incoming: unknown = null;
  outgoing: unknown = null;
  maxHeaderPairs = 2000;
  _headers: string[] = [];
  _url = '';
  onIncoming: unknown = null;
  joinDuplicateHeaders: boolean | undefined = undefined;
  private readonly handler: CompatHandler;
  /** The error code of the last executeBytes() (0: none). */
  errno = 0;
  private executing = false;
  private pendingPause = false;
  private current: Uint8Array | null = null;

  constructor(type?: number) {
    for (let slot = kOnMessageBegin; slot <= kOnTimeout; slot++) this[slot] = undefined;
    this.handler = new CompatHandler(this);
    this.parser = new Parser(this.handler, { type: type === TYPE.RESPONSE ? 'response' : 'request' });
  }

  /**
   * Prepare for a new connection. `maxHeaderSize` 0 keeps the default
   * (16 KiB); `lenientFlags` is a bit mask of the `kLenient*` constants.
   */
  initialize(type: number, _resource?: unknown, maxHeaderSize?: number, lenientFlags?: number): void {
    const p = this.parser;
    p.lenientFlags = lenientFlags ?? 0;
    if (maxHeaderSize) p.maxHeaderSize = maxHeaderSize;
    p.reset(type === TYPE.RESPONSE ? TYPE.RESPONSE : TYPE.REQUEST);
    this.handler.head.begin(0);
    this.handler.head.active = false;
    this.pendingPause = false;
  }

  /** http-parser-js's name for `initialize`. */
  reinitialize(type: number, resource?: unknown, maxHeaderSize?: number, lenientFlags?: number): void {
    this.initialize(type, resource, maxHeaderSize, lenientFlags);
  }

  /**
   * Parse `buf` (or `buf[start, start + length)`, as http-parser-js allows).
   * Returns the bytes parsed, or an Error with `code`, `reason` and
   * `bytesParsed`. On an upgrade it returns the offset where the other
   * protocol's bytes begin.
   */
  execute(buf: Uint8Array, start = 0, length = buf.length - start): number | HTTPParserError {
    const nread = this.executeBytes(buf, start, length);
    return this.errno === 0 ? nread : parseError(this.errno, this.parser.reason, nread);
  }

  /**
   * execute() without the Error object: returns the bytes parsed and leaves
   * the error code in `errno` (0: none; the reason in `reason`). For callers
   * that pause on purpose — a server pausing every pipelined batch — and
   * should not build an Error each time.
   */
  executeBytes(buf: Uint8Array, start = 0, length = buf.length - start): number {
    const p = this.parser;
    const end = start + length;
    const handler = this.handler;
    this.executing = true;
    this.current = buf;
    handler.buf = buf;
    handler.bufEnd = end;
    let code: number;
    try {
      code = p.execute(buf, start, end);
      handler.head.chunkEnd(buf);
    } catch (err) {
      // a callback threw: the parser cannot continue from a half-run step
      p.error = ERROR.USER;
      p.reason = 'User callback error';
      throw err;
    } finally {
      this.executing = false;
      this.current = null;
      handler.buf = EMPTY;
      handler.head.dropWindow();
    }
    let nread = length;
    if (code !== 0) {
      nread = p.errorOffset - start;
      if (code === ERROR.PAUSED_UPGRADE) {
        code = 0;
        p.resumeAfterUpgrade();
      }
    }
    if (this.pendingPause) {
      this.pendingPause = false;
      p.pause();
    }
    // as Node: once a message switched protocols, what follows is not HTTP and is no error
    this.errno = p.upgrade ? 0 : code;
    return nread;
  }

  /** The reason of the parser's error (llhttp's text), '' when none. */
  get reason(): string {
    return this.parser.reason;
  }

  /** End of input: completes an EOF-delimited body; an Error when a message was cut short. */
  finish(): HTTPParserError | undefined {
    const code = this.parser.finish();
    return code === 0 ? undefined : parseError(code, this.parser.reason, 0);
  }

  pause(): void {
    if (this.executing) this.pendingPause = true;
    else this.parser.pause();
  }

  resume(): void {
    this.pendingPause = false;
    this.parser.resume();
  }

  /** The chunk being parsed (inside callbacks), as Node's `getCurrentBuffer`. */
  getCurrentBuffer(): Uint8Array | null {
    return this.current;
  }

  /** Whether the current message's head has been parsed. */
  headersCompleted(): boolean {
    return this.handler.headersDone;
  }

  close(): void {
    this.free();
  }

  /** Drop references so that a pooled parser does not pin a socket or its callbacks' closures. */
  free(): void {
    this.socket = this.incoming = this.outgoing = this.onIncoming = null;
    this._headers = [];
    this._url = '';
    this.current = null;
  }

  remove(): void {
    this.free();
  }

  /** Node's parser can read from a stream handle directly; ours is always fed by `execute`. */
  consume(_handle?: unknown): void {}

  unconsume(): void {}
}
