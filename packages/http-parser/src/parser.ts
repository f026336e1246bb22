/**
 * The HTTP/1.x parser: an incremental byte-level state machine, sans I/O.
 *
 * Theory of operation
 * -------------------
 * `execute(buf, start, end)` walks the bytes once, in one `switch` over the
 * integer states of state.ts, which are llhttp's nodes under the same names
 * and with the same transitions, so that it produces llhttp's callbacks,
 * flags, error codes, reasons and error offsets for the same input however
 * it is split into chunks.
 *
 * - Consuming states return for more input when `p === end`; the state is
 *   kept and the next `execute` continues from it. States that consume
 *   nothing (marked (0) in state.ts) run even when the input is exhausted.
 * - Spans (method, url, header value, body, ...) are reported as
 *   `(buf, start, end)` into the caller's chunk: valid only during the
 *   callback. At most one span is open at a time; an open span is reported
 *   up to the end of each chunk and restarts at the next one, so one value
 *   may arrive in several pieces.
 * - Event callbacks may return `ERROR.PAUSED` to stop: `execute` returns
 *   PAUSED with `errorOffset` where it stopped; `resume()` and a call with
 *   the rest of the chunk carry on after the callback.
 * - A chunk of a few bytes that only continues a URL path, a field name or
 *   a value (one byte per call, a slow client's segments) is taken by
 *   `continueSpan` before the loop, with the same callbacks and counts.
 * - Fast paths, each finding what the state or trie it stands for would:
 *   URL paths and field values are scanned 8 bytes a step (scan.ts) up to
 *   the first byte that needs a closer look; field names two bytes per
 *   table load; `GET `, `POST `, `HTTP` and `Connection: keep-alive` are
 *   matched whole instead of walking their tries.
 * - Errors are sticky: once `execute` returned one, it returns it again.
 *   An upgrade (or CONNECT) stops with PAUSED_UPGRADE, `errorOffset` at the
 *   first byte of the other protocol.
 */
import {
  ALPHA, HEADER_VALUE, HEX_VALUE, LIST_TOKEN, OWS, QDTEXT, QUOTED_PAIR, RELAXED_HEADER_VALUE, TOKEN, TOKEN_PAIR, URL_CHAR,
  USERINFO_CHAR,
} from './chars.js';
import {
  FINISH, FLAGS, LENIENT, METHOD, METHODS_HTTP, METHODS_ICE, METHODS_RTSP, TYPE, type LenientName, type ParserType,
} from './constants.js';
import { ERROR } from './errors.js';
import {
  BOTH_TRIE, CHUNKED_TRIE, CONNECTION_TOKEN_TRIE, H2_PREFACE_TRIE, METHOD_TRIE, PROTOCOL_HTTP, PROTOCOL_ICE,
  PROTOCOL_TRIE, RESPONSE_START, SLASH_SLASH_TRIE,
} from './literals.js';
import type { ParserCallbacks } from './callbacks.js';
import { H, S, Span } from './state.js';
import { LONGEST_SPECIAL_NAME, NOT_SPECIAL, specialFieldName } from './field-names.js';
import { skipFieldContentWords, skipUrlWords, WORD_SCAN_MIN } from './scan.js';
import { TRIE_MISMATCH, TRIE_MORE, type Trie } from './trie.js';

const CR = 0x0d;
const LF = 0x0a;
const SP = 0x20;
const HTAB = 0x09;
const PAUSED = ERROR.PAUSED;
/** Lengths stay plain numbers while exact; past this they are checked against uint64 with BigInt. */
const MAX_SAFE = Number.MAX_SAFE_INTEGER;
/** Chunks up to this long may take `continueSpan`; longer ones go to the loop's word scans. */
const SHORT_CHUNK = 8;
/** llhttp's Content-Length and chunk-size limit. */
const UINT64_MAX = 0xffffffffffffffffn;

/** `ALLOWED[protocol][method]`: may this method be used with HTTP/, RTSP/, ICE/? */
const ALLOWED = [METHODS_HTTP, METHODS_RTSP, METHODS_ICE].map((list) => {
  const t = new Uint8Array(256);
  for (const m of list) t[m] = 1;
  return t;
});
const PROTOCOL_METHOD_REASON = [
  'Invalid method for HTTP/x.x request',
  'Invalid method for RTSP/x.x request',
  'Expected SOURCE method for ICE/x.x request',
];

export interface ParserOptions {
  /** `'request'`, `'response'` or `'both'` (the first message decides); default `'request'`. */
  type?: 'request' | 'response' | 'both' | ParserType;
  /** Lenient flags: a bit mask of `LENIENT` values, or their names. Default none (strict). */
  lenient?: number | readonly LenientName[];
  /**
   * Most bytes the head of a message may take: start line, header lines and
   * the empty line (and, separately, a trailer section). Default 16384, as
   * Node's `--max-http-header-size`.
   */
  maxHeaderSize?: number;
  /** Most bytes of chunk extensions on one chunk-size line. Default 16384, as Node. */
  maxChunkExtensionsSize?: number;
}

export const DEFAULT_MAX_HEADER_SIZE = 16 * 1024;
export const DEFAULT_MAX_CHUNK_EXTENSIONS_SIZE = 16 * 1024;

function toType(type: ParserOptions['type']): ParserType {
  if (type === undefined || type === 'request') return TYPE.REQUEST;
  if (type === 'response') return TYPE.RESPONSE;
  if (type === 'both') return TYPE.BOTH;
  if (type === TYPE.REQUEST || type === TYPE.RESPONSE || type === TYPE.BOTH) return type;
  throw new TypeError(`Unknown parser type: ${String(type)}`);
}

function toLenient(lenient: ParserOptions['lenient']): number {
  if (lenient === undefined) return 0;
  if (typeof lenient === 'number') return lenient;
  let flags = 0;
  for (const name of lenient) {
    const bit = LENIENT[name.toUpperCase() as Uppercase<LenientName>];
    if (bit === undefined) throw new TypeError(`Unknown lenient flag: ${String(name)}`);
    flags |= bit;
  }
  return flags;
}

export class Parser {
  /** The callbacks. Replace at any time between `execute` calls. */
  handler: ParserCallbacks;
  /** TYPE.REQUEST or TYPE.RESPONSE once known (a BOTH parser learns it from its first message). */
  type: ParserType;
  /** Lenient flags in force (bit mask of `LENIENT`). */
  lenientFlags: number;
  maxHeaderSize: number;
  maxChunkExtensionsSize: number;

  /** llhttp's method number of the current request (see METHODS). */
  method = 0;
  httpMajor = 0;
  httpMinor = 0;
  statusCode = 0;
  /** FLAGS bits of the current message. */
  flags = 0;
  /** Declared Content-Length until the body starts; then the bytes of body (or chunk) still to come. */
  contentLength = 0;
  /** 1 when the message switches protocols (Upgrade, or CONNECT). */
  upgrade = 0;
  /** FINISH state: what the end of input would mean now. */
  finishState: number = FINISH.SAFE;
  /** HTTP, RTSP or ICE (0, 1, 2) of the current request line. */
  protocol = 0;

  /** 0 or the sticky error (or pause) code. */
  error = 0;
  /** Why `error` happened. */
  reason = '';
  /** Index into the last chunk where parsing stopped with `error`. */
  errorOffset = 0;

  private state: S = S.START;
  private headerState: H = H.GENERAL;
  private initialMessageCompleted = 0;
  private span: Span = Span.NONE;
  private spanStart = 0;
  private trieNode = 0;
  /** Result of the last `walk`: a literal's value, TRIE_MORE or TRIE_MISMATCH. */
  private matched = 0;
  /** Where the head began in the current chunk (-1: not in a head), and its bytes in earlier chunks. */
  private headMark = -1;
  private headBytes = 0;
  /** Likewise for the chunk extensions of the current chunk-size line. */
  private extMark = -1;
  private extBytes = 0;
  /** Bytes of a field name kept from earlier chunks (NOT_SPECIAL: it cannot be a special one). */
  private nameLength = 0;
  private readonly nameBytes = new Uint8Array(LONGEST_SPECIAL_NAME);
  /** The exact length once it no longer fits a double exactly (-1: not needed yet). */
  private bigLength = -1n;
  private view: DataView | undefined = undefined;
  private viewBuffer: ArrayBufferLike | undefined = undefined;
  private viewSource: Uint8Array | undefined = undefined;
  private pendingError = 0;
  private pendingReason = '';
  private readonly initialType: ParserType;

  constructor(handler: ParserCallbacks, options: ParserOptions = {}) {
    this.handler = handler;
    this.type = this.initialType = toType(options.type);
    this.lenientFlags = toLenient(options.lenient);
    this.maxHeaderSize = options.maxHeaderSize ?? DEFAULT_MAX_HEADER_SIZE;
    this.maxChunkExtensionsSize = options.maxChunkExtensionsSize ?? DEFAULT_MAX_CHUNK_EXTENSIONS_SIZE;
  }

  /** Back to the start of a connection, keeping type, lenient flags, limits and handler (llhttp_reset). */
  reset(type: ParserType = this.initialType): void {
    this.type = type;
    this.method = this.httpMajor = this.httpMinor = this.statusCode = this.flags = this.contentLength = 0;
    this.upgrade = this.protocol = this.error = this.errorOffset = 0;
    this.finishState = FINISH.SAFE;
    this.reason = '';
    this.state = S.START;
    this.headerState = H.GENERAL;
    this.initialMessageCompleted = 0;
    this.span = Span.NONE;
    this.spanStart = this.trieNode = this.matched = 0;
    this.headMark = this.extMark = -1;
    this.headBytes = this.extBytes = this.nameLength = 0;
    this.view = this.viewBuffer = this.viewSource = undefined;
  }

  /** Stop at the next event callback (or at once, between `execute` calls); `execute` returns PAUSED. */
  pause(): void {
    if (this.error !== 0) return;
    this.error = PAUSED;
    this.reason = 'Paused';
  }

  /** Clear a pause, so that the next `execute` carries on. */
  resume(): void {
    if (this.error === PAUSED) this.error = 0;
  }

  /** Clear an upgrade pause, to parse what follows as HTTP again. */
  resumeAfterUpgrade(): void {
    if (this.error === ERROR.PAUSED_UPGRADE) this.error = 0;
  }

  /**
   * End of input. An EOF-delimited body completes (on_message_complete);
   * between messages this is fine; inside a message it is
   * INVALID_EOF_STATE. Returns 0 or the error code.
   */
  finish(): number {
    if (this.error !== 0) return 0;
    switch (this.finishState) {
      case FINISH.SAFE_WITH_CB: {
        this.finishState = FINISH.SAFE;
        const r = this.handler.onMessageComplete(this.errorOffset);
        if (r) return this.fail(r === PAUSED ? PAUSED : ERROR.CB_MESSAGE_COMPLETE, '`on_message_complete` callback error', this.errorOffset);
        return 0;
      }
      case FINISH.UNSAFE:
        return this.fail(ERROR.INVALID_EOF_STATE, 'Invalid EOF state', this.errorOffset);
      default:
        return 0;
    }
  }

  /** RFC 9112 §9.3: may the connection carry another message after this one? (llhttp_should_keep_alive) */
  shouldKeepAlive(): boolean {
    if (this.httpMajor > 0 && this.httpMinor > 0) {
      if (this.flags & FLAGS.CONNECTION_CLOSE) return false;
    } else if (!(this.flags & FLAGS.CONNECTION_KEEP_ALIVE)) {
      return false;
    }
    return !this.messageNeedsEof();
  }

  /** RFC 9112 §6.3 rule 8: is the body delimited by the end of the connection? (llhttp_message_needs_eof) */
  messageNeedsEof(): boolean {
    if (this.type === TYPE.REQUEST) return false;
    const status = this.statusCode;
    if ((status >= 100 && status < 200) || status === 204 || status === 304 || this.flags & FLAGS.SKIPBODY) return false;
    if (this.flags & FLAGS.TRANSFER_ENCODING && !(this.flags & FLAGS.CHUNKED)) return true;
    return !(this.flags & (FLAGS.CHUNKED | FLAGS.CONTENT_LENGTH));
  }

  /**
   * Parse `buf[start, end)`. Returns 0 when every byte was consumed, or an
   * error code (ERROR.*) with `errorOffset` and `reason` set; PAUSED and
   * PAUSED_UPGRADE are not failures (see the theory of operation).
   */
  execute(buf: Uint8Array, start = 0, end = buf.length): number {
    const length = end - start;
    if (length > 0 && length <= SHORT_CHUNK && this.continueSpan(buf, start, end)) return 0;
    return this.parse(buf, start, end);
  }

  /**
   * A short chunk that only continues what is being read (a URL path, a
   * field name, the whitespace before a value, a value), as a byte-at-a-time
   * feed or a slow client's tiny segments bring: taken here, without entering
   * the state loop. This method is small enough for V8 to inline into the
   * caller, and it does what the loop would do with those bytes: the same
   * span callback, the same head-size count. A byte that ends the element,
   * an error, a pause or the head limit leaves it to the loop. In these
   * states the head is being counted (headMark >= 0).
   */
  private continueSpan(buf: Uint8Array, start: number, end: number): boolean {
    switch (this.state) {
      case S.URL_PATH:
        if (!this.headContinues(buf, start, end, URL_CHAR)) return false;
        this.handler.onUrl(buf, start, end);
        break;
      case S.HEADER_FIELD_GENERAL:
        if (!this.headContinues(buf, start, end, TOKEN)) return false;
        if (this.nameLength !== NOT_SPECIAL) this.keepNamePiece(buf, start, end);
        this.handler.onHeaderField(buf, start, end);
        break;
      case S.HEADER_VALUE_DISCARD_WS:
        if (!this.headContinues(buf, start, end, OWS)) return false;
        break;
      case S.HEADER_VALUE:
        if (!this.headContinues(buf, start, end, HEADER_VALUE)) return false;
        this.handler.onHeaderValue(buf, start, end);
        break;
      default:
        return false;
    }
    this.headBytes += end - start;
    this.errorOffset = end;
    return true;
  }

  /** Every byte of `buf[start, end)` is in `table`, and the head stays within its limit. */
  private headContinues(buf: Uint8Array, start: number, end: number, table: Uint8Array): boolean {
    if (this.error !== 0 || this.headBytes + (end - start) > this.maxHeaderSize) return false;
    for (let p = start; p < end; p++) if (table[buf[p]] === 0) return false;
    return true;
  }

  /** `execute` in the state loop. */
  private parse(buf: Uint8Array, start: number, end: number): number {
    if (this.error !== 0) return this.error;
    const h = this.handler;
    const lenient = this.lenientFlags;
    // byte tables as locals: the hot loops then index a register, not a module slot
    const token = TOKEN;
    const tokenPair = TOKEN_PAIR;
    const urlChar = URL_CHAR;
    // the word scans' view of the chunk, fetched once per call when first needed
    let view: DataView | undefined;
    let viewBase = 0;
    // Every state that comes from a field or a call is coerced with `| 0`:
    // the loop's state then stays an int32 (in a register, dispatched by the
    // switch's jump table without tag checks) instead of a tagged value.
    let state: S = this.state | 0;
    let p = start;
    if (this.span !== Span.NONE) this.spanStart = start;
    if (this.headMark >= 0) this.headMark = start;
    if (this.extMark >= 0) this.extMark = start;

    main: for (;;) {
      switch (state) {
        // ------------------------------------------------------------------
        // Between messages (RFC 9112 §2.2: ignore empty lines before a request)
        case S.START: {
          if (p === end) break main;
          const c = buf[p];
          if (c === CR || c === LF) {
            p++;
            continue;
          }
          state = this.initialMessageCompleted ? S.ON_RESET : S.AFTER_START;
          continue;
        }
        case S.ON_RESET: {
          const r = h.onReset(p);
          state = S.AFTER_START;
          if (r || this.error) return this.interrupt(r, state, p, ERROR.CB_RESET, 'on_reset');
          continue;
        }
        case S.AFTER_START: {
          this.finishState = FINISH.UNSAFE;
          this.headMark = p;
          this.headBytes = 0;
          const r = h.onMessageBegin(p);
          state = S.DISPATCH;
          if (r || this.error) return this.interrupt(r, state, p, ERROR.CB_MESSAGE_BEGIN, 'on_message_begin');
          continue;
        }
        case S.DISPATCH:
          state = this.type === TYPE.REQUEST ? S.START_REQ : this.type === TYPE.RESPONSE ? S.START_RES : S.START_REQ_OR_RES;
          continue;
        case S.START_REQ_OR_RES:
          if (p === end) break main;
          if (buf[p] === 0x48 /* H */) {
            this.openSpan(Span.METHOD, p);
            state = S.REQ_OR_RES_METHOD;
          } else {
            this.type = TYPE.REQUEST;
            state = S.START_REQ;
          }
          continue;
        case S.REQ_OR_RES_METHOD: {
          p = this.walk(BOTH_TRIE, buf, p, end);
          const v = this.matched;
          if (v === TRIE_MORE) break main;
          if (v === TRIE_MISMATCH) return this.fail(ERROR.INVALID_CONSTANT, 'Invalid word encountered', p);
          this.span = Span.NONE;
          h.onMethod(buf, this.spanStart, p);
          if (v === RESPONSE_START) {
            this.type = TYPE.RESPONSE;
            this.openSpan(Span.VERSION, p);
            state = S.HTTP_MAJOR;
            continue;
          }
          this.method = v;
          this.type = TYPE.REQUEST;
          const r = h.onMethodComplete(p);
          state = S.REQ_FIRST_SPACE_BEFORE_URL;
          if (r || this.error) return this.interrupt(r, state, p, ERROR.CB_METHOD_COMPLETE, 'on_method_complete');
          continue;
        }

        // ------------------------------------------------------------------
        // status-line = HTTP-version SP status-code SP [ reason-phrase ] (RFC 9112 §4)
        case S.START_RES:
          this.openSpan(Span.PROTOCOL, p);
          state = S.RES_AFTER_START;
          continue;
        case S.RES_AFTER_START: {
          p = this.walkProtocol(buf, p, end);
          const v = this.matched;
          if (v === TRIE_MORE) break main;
          this.span = Span.NONE;
          h.onProtocol(buf, this.spanStart, p);
          if (v === TRIE_MISMATCH) return this.fail(ERROR.INVALID_CONSTANT, 'Expected HTTP/, RTSP/ or ICE/', p);
          this.protocol = v;
          const r = h.onProtocolComplete(p);
          state = S.RES_AFTER_PROTOCOL;
          if (r || this.error) return this.interrupt(r, state, p, ERROR.CB_PROTOCOL_COMPLETE, 'on_protocol_complete');
          continue;
        }
        case S.RES_AFTER_PROTOCOL:
          if (p === end) break main;
          if (buf[p] !== 0x2f /* / */) return this.fail(ERROR.INVALID_CONSTANT, 'Expected HTTP/, RTSP/ or ICE/', p);
          p++;
          this.openSpan(Span.VERSION, p);
          state = S.HTTP_MAJOR;
          continue;
        case S.RES_AFTER_VERSION:
          if (p === end) break main;
          if (buf[p] !== SP) return this.fail(ERROR.INVALID_VERSION, 'Expected space after version', p);
          p++;
          this.statusCode = 0;
          state = S.RES_STATUS_CODE_DIGIT_1;
          continue;
        case S.RES_STATUS_CODE_DIGIT_1:
        case S.RES_STATUS_CODE_DIGIT_2:
        case S.RES_STATUS_CODE_DIGIT_3: {
          if (p === end) break main;
          const d = buf[p] - 0x30;
          if (d < 0 || d > 9) return this.fail(ERROR.INVALID_STATUS, 'Invalid status code', p);
          p++;
          this.statusCode = this.statusCode * 10 + d;
          state++;
          continue;
        }
        case S.RES_STATUS_CODE_OTHERWISE: {
          if (p === end) break main;
          const c = buf[p++];
          if (c === SP) {
            this.openSpan(Span.STATUS, p);
            state = S.RES_STATUS;
          } else if (c === CR) {
            state = S.RES_LINE_ALMOST_DONE;
          } else if (c === LF && lenient & LENIENT.OPTIONAL_CR_BEFORE_LF) {
            state = S.RES_STATUS_COMPLETE;
          } else {
            return this.fail(ERROR.INVALID_STATUS, 'Invalid response status', c === LF ? p : p - 1);
          }
          continue;
        }
        case S.RES_STATUS: {
          // reason-phrase = 1*( HTAB / SP / VCHAR / obs-text ); llhttp takes anything up to the line end
          while (p < end && buf[p] !== CR && buf[p] !== LF) p++;
          if (p === end) break main;
          this.span = Span.NONE;
          h.onStatus(buf, this.spanStart, p);
          if (buf[p++] === CR) {
            state = S.RES_LINE_ALMOST_DONE;
          } else if (lenient & LENIENT.OPTIONAL_CR_BEFORE_LF) {
            state = S.RES_STATUS_COMPLETE;
          } else {
            return this.fail(ERROR.CR_EXPECTED, 'Missing expected CR after response line', p);
          }
          continue;
        }
        case S.RES_LINE_ALMOST_DONE:
          if (p === end) break main;
          if (buf[p] === LF) p++;
          else if (!(lenient & LENIENT.OPTIONAL_LF_AFTER_CR)) return this.fail(ERROR.STRICT, 'Expected LF after CR', p);
          state = S.RES_STATUS_COMPLETE;
          continue;
        case S.RES_STATUS_COMPLETE: {
          const r = h.onStatusComplete(p);
          state = S.HEADERS_START;
          if (r || this.error) return this.interrupt(r, state, p, ERROR.CB_STATUS_COMPLETE, 'on_status_complete');
          continue;
        }

        // ------------------------------------------------------------------
        // request-line = method SP request-target SP HTTP-version (RFC 9112 §3)
        case S.START_REQ:
          this.openSpan(Span.METHOD, p);
          state = S.AFTER_START_REQ;
          continue;
        case S.AFTER_START_REQ: {
          p = this.walkMethod(buf, p, end);
          const v = this.matched;
          if (v === TRIE_MORE) break main;
          if (v === TRIE_MISMATCH) return this.fail(ERROR.INVALID_METHOD, 'Invalid method encountered', p);
          this.method = v;
          this.span = Span.NONE;
          h.onMethod(buf, this.spanStart, p);
          const r = h.onMethodComplete(p);
          state = S.REQ_FIRST_SPACE_BEFORE_URL;
          if (r || this.error) return this.interrupt(r, state, p, ERROR.CB_METHOD_COMPLETE, 'on_method_complete');
          continue;
        }
        case S.REQ_FIRST_SPACE_BEFORE_URL:
          if (p === end) break main;
          if (buf[p] !== SP) return this.fail(ERROR.INVALID_METHOD, 'Expected space after method', p);
          p++;
          state = S.REQ_SPACES_BEFORE_URL;
          continue;
        case S.REQ_SPACES_BEFORE_URL:
          if (p === end) break main;
          if (buf[p] === SP) {
            p++;
            continue;
          }
          this.openSpan(Span.URL, p);
          // RFC 9112 §3.2.3: CONNECT takes the authority-form (host:port) only
          state = this.method === METHOD.CONNECT ? S.URL_SERVER : S.URL_START;
          continue;

        // request-target (RFC 9112 §3.2): origin-form, absolute-form, authority-form, asterisk-form
        case S.URL_START: {
          if (p === end) break main;
          const c = buf[p];
          if (c === 0x2f /* / */ || c === 0x2a /* * */) {
            p++;
            state = S.URL_PATH;
          } else if (ALPHA[c]) {
            state = S.URL_SCHEMA;
          } else if (c === SP || c === CR || c === LF) {
            return this.fail(ERROR.INVALID_URL, 'Invalid characters in url', p + 1);
          } else {
            return this.fail(ERROR.INVALID_URL, 'Unexpected start char in url', p);
          }
          continue;
        }
        case S.URL_SCHEMA: {
          while (p < end && ALPHA[buf[p]]) p++;
          if (p === end) break main;
          const c = buf[p];
          if (c === 0x3a /* : */) {
            p++;
            state = S.URL_SCHEMA_DELIM;
            continue;
          }
          if (c === SP || c === CR || c === LF) return this.fail(ERROR.INVALID_URL, 'Invalid characters in url', p + 1);
          return this.fail(ERROR.INVALID_URL, 'Unexpected char in url schema', p);
        }
        case S.URL_SCHEMA_DELIM: {
          if (p === end) break main;
          const c = buf[p];
          if (this.trieNode === 0 && (c === SP || c === CR || c === LF)) {
            return this.fail(ERROR.INVALID_URL, 'Invalid characters in url', p + 1);
          }
          p = this.walk(SLASH_SLASH_TRIE, buf, p, end);
          if (this.matched === TRIE_MORE) break main;
          if (this.matched === TRIE_MISMATCH) return this.fail(ERROR.INVALID_URL, 'Unexpected char in url schema', p);
          state = S.URL_SERVER;
          continue;
        }
        case S.URL_SERVER:
        case S.URL_SERVER_WITH_AT: {
          while (p < end && USERINFO_CHAR[buf[p]]) {
            p++;
            state = S.URL_SERVER;
          }
          if (p === end) break main;
          const c = buf[p];
          if (c === 0x2f /* / */) {
            p++;
            state = S.URL_PATH;
          } else if (c === 0x3f /* ? */) {
            p++;
            state = S.URL_QUERY;
          } else if (c === 0x40 /* @ */) {
            p++;
            if (state === S.URL_SERVER_WITH_AT) return this.fail(ERROR.INVALID_URL, 'Double @ in url', p);
            state = S.URL_SERVER_WITH_AT;
          } else {
            state = this.endUrl(buf, p, c, 'Unexpected char in url server') | 0;
            if (state === S.DEAD) return this.error;
            p++;
          }
          continue;
        }
        case S.URL_PATH:
          if (end - p >= WORD_SCAN_MIN) {
            if (view === undefined) {
              view = this.wordView(buf);
              viewBase = buf.byteOffset;
            }
            p = skipUrlWords(view, viewBase, p, end);
          }
          while (p < end && urlChar[buf[p]]) p++;
          if (p === end) break main;
          state = S.URL_QUERY_OR_FRAGMENT;
        // falls through: the byte after the path
        case S.URL_QUERY_OR_FRAGMENT: {
          if (p === end) break main;
          const c = buf[p];
          if (c === 0x3f /* ? */) state = S.URL_QUERY;
          else if (c === 0x23 /* # */) state = S.URL_FRAGMENT;
          else {
            state = this.endUrl(buf, p, c, 'Invalid char in url path') | 0;
            if (state === S.DEAD) return this.error;
          }
          p++;
          continue;
        }
        case S.URL_QUERY: {
          while (p < end && (URL_CHAR[buf[p]] || buf[p] === 0x3f)) p++;
          if (p === end) break main;
          const c = buf[p];
          if (c === 0x23 /* # */) state = S.URL_FRAGMENT;
          else {
            state = this.endUrl(buf, p, c, 'Invalid char in url query') | 0;
            if (state === S.DEAD) return this.error;
          }
          p++;
          continue;
        }
        case S.URL_FRAGMENT: {
          while (p < end && (URL_CHAR[buf[p]] || buf[p] === 0x3f || buf[p] === 0x23)) p++;
          if (p === end) break main;
          state = this.endUrl(buf, p, buf[p], 'Invalid char in url fragment start') | 0;
          if (state === S.DEAD) return this.error;
          p++;
          continue;
        }
        case S.URL_SKIP_LF_TO_HTTP09:
          if (p === end) break main;
          if (buf[p] !== LF) return this.fail(ERROR.INVALID_URL, 'Expected CRLF', p);
          p++;
          state = S.URL_COMPLETE_HTTP09;
          continue;
        case S.URL_COMPLETE_HTTP09: {
          // HTTP/0.9 simple request: no version, no headers
          this.httpMajor = 0;
          this.httpMinor = 9;
          const r = h.onUrlComplete(p);
          state = S.HEADERS_START;
          if (r || this.error) return this.interrupt(r, state, p, ERROR.CB_URL_COMPLETE, 'on_url_complete');
          continue;
        }
        case S.URL_COMPLETE_HTTP: {
          const r = h.onUrlComplete(p);
          state = S.REQ_HTTP_START;
          if (r || this.error) return this.interrupt(r, state, p, ERROR.CB_URL_COMPLETE, 'on_url_complete');
          continue;
        }
        case S.REQ_HTTP_START:
          if (p === end) break main;
          if (buf[p] === SP) {
            p++;
            continue;
          }
          this.openSpan(Span.PROTOCOL, p);
          state = S.REQ_AFTER_HTTP_START;
          continue;
        case S.REQ_AFTER_HTTP_START: {
          p = this.walkProtocol(buf, p, end);
          const v = this.matched;
          if (v === TRIE_MORE) break main;
          this.span = Span.NONE;
          h.onProtocol(buf, this.spanStart, p);
          if (v === TRIE_MISMATCH) return this.fail(ERROR.INVALID_CONSTANT, 'Expected HTTP/, RTSP/ or ICE/', p);
          this.protocol = v;
          const r = h.onProtocolComplete(p);
          state = S.REQ_AFTER_PROTOCOL_CHECK;
          if (r || this.error) return this.interrupt(r, state, p, ERROR.CB_PROTOCOL_COMPLETE, 'on_protocol_complete');
          continue;
        }
        case S.REQ_AFTER_PROTOCOL_CHECK:
          if (!ALLOWED[this.protocol][this.method]) {
            return this.fail(ERROR.INVALID_CONSTANT, PROTOCOL_METHOD_REASON[this.protocol], p);
          }
          state = S.REQ_AFTER_PROTOCOL;
          continue;
        case S.REQ_AFTER_PROTOCOL:
          if (p === end) break main;
          if (buf[p] !== 0x2f /* / */) return this.fail(ERROR.INVALID_CONSTANT, 'Expected HTTP/, RTSP/ or ICE/', p);
          p++;
          this.openSpan(Span.VERSION, p);
          state = S.HTTP_MAJOR;
          continue;

        // HTTP-version = HTTP-name "/" DIGIT "." DIGIT (RFC 9112 §2.3)
        case S.HTTP_MAJOR: {
          if (p === end) break main;
          const d = buf[p] - 0x30;
          if (d < 0 || d > 9) return this.endSpanAndFail(buf, ERROR.INVALID_VERSION, 'Invalid major version', p);
          this.httpMajor = d;
          p++;
          state = S.HTTP_DOT;
          continue;
        }
        case S.HTTP_DOT:
          if (p === end) break main;
          if (buf[p] !== 0x2e /* . */) return this.endSpanAndFail(buf, ERROR.INVALID_VERSION, 'Expected dot', p);
          p++;
          state = S.HTTP_MINOR;
          continue;
        case S.HTTP_MINOR: {
          if (p === end) break main;
          const d = buf[p] - 0x30;
          if (d < 0 || d > 9) return this.endSpanAndFail(buf, ERROR.INVALID_VERSION, 'Invalid minor version', p);
          this.httpMinor = d;
          p++;
          if (!(lenient & LENIENT.VERSION) && !isKnownVersion(this.httpMajor, d)) {
            return this.endSpanAndFail(buf, ERROR.INVALID_VERSION, 'Invalid HTTP version', p);
          }
          state = S.VERSION_END;
          continue;
        }
        case S.VERSION_END: {
          this.span = Span.NONE;
          h.onVersion(buf, this.spanStart, p);
          const r = h.onVersionComplete(p);
          state = this.type === TYPE.RESPONSE
            ? S.RES_AFTER_VERSION
            : this.method === METHOD.PRI ? S.REQ_PRI_UPGRADE : S.REQ_HTTP_COMPLETE;
          if (r || this.error) return this.interrupt(r, state, p, ERROR.CB_VERSION_COMPLETE, 'on_version_complete');
          continue;
        }
        case S.REQ_HTTP_COMPLETE: {
          if (p === end) break main;
          const c = buf[p];
          if (c === CR) {
            p++;
            state = S.REQ_HTTP_COMPLETE_CRLF;
          } else if (c === LF && lenient & LENIENT.OPTIONAL_CR_BEFORE_LF) {
            // as llhttp: the bare LF stands in for the CR (see CHUNK_SIZE_OTHERWISE)
            p++;
            state = S.REQ_HTTP_COMPLETE_CRLF;
          } else {
            return this.fail(ERROR.INVALID_VERSION, 'Expected CRLF after version', c === LF ? p + 1 : p);
          }
          continue;
        }
        case S.REQ_HTTP_COMPLETE_CRLF:
          if (p === end) break main;
          if (buf[p] === LF) p++;
          else if (!(lenient & LENIENT.OPTIONAL_LF_AFTER_CR)) return this.fail(ERROR.STRICT, 'Expected CRLF after version', p);
          state = S.HEADERS_START;
          continue;
        case S.REQ_PRI_UPGRADE:
          // RFC 9113 §3.4: `PRI * HTTP/2.0` must be the HTTP/2 connection preface
          p = this.walk(H2_PREFACE_TRIE, buf, p, end);
          if (this.matched === TRIE_MORE) break main;
          if (this.matched === TRIE_MISMATCH) return this.fail(ERROR.INVALID_VERSION, 'Expected HTTP/2 Connection Preface', p);
          return this.fail(ERROR.PAUSED_H2_UPGRADE, 'Pause on PRI/Upgrade', p);

        // ------------------------------------------------------------------
        // field-line = field-name ":" OWS field-value OWS (RFC 9112 §5)
        // The common path runs straight down these cases (falling through),
        // one dispatch per field line.
        case S.HEADERS_START:
          if (p === end) break main;
          if (buf[p] === SP) {
            // RFC 9112 §2.2: whitespace between the start line and the first field line MUST be rejected
            p++;
            if (!(lenient & LENIENT.HEADERS)) return this.fail(ERROR.UNEXPECTED_SPACE, 'Unexpected space after start line', p);
          }
          state = S.HEADER_FIELD_START;
        // falls through
        case S.HEADER_FIELD_START: {
          if (p === end) break main;
          const c = buf[p];
          if (c === CR) {
            p++;
            state = S.HEADERS_ALMOST_DONE;
            continue;
          }
          if (c === LF) {
            p++;
            if (!(lenient & LENIENT.OPTIONAL_CR_BEFORE_LF)) return this.fail(ERROR.INVALID_HEADER_TOKEN, 'Invalid header field char', p);
            state = S.HEADERS_END;
            continue;
          }
          if (c === 0x3a /* : */) return this.fail(ERROR.INVALID_HEADER_TOKEN, 'Invalid header token', p);
          this.openSpan(Span.HEADER_FIELD, p);
          this.nameLength = 0;
          state = S.HEADER_FIELD_GENERAL;
        }
        // falls through
        case S.HEADER_FIELD_GENERAL: {
          // field-name = token (RFC 9110 §5.1): two bytes per step, then the odd one (an `if`: once a
          // pair fails, at most its first byte is tchar; one loop fewer made a 703 B request ~4% faster)
          while (p + 1 < end && tokenPair[(buf[p] << 8) | buf[p + 1]]) p += 2;
          if (p < end && token[buf[p]]) p++;
          if (p === end) break main;
          const c = buf[p];
          if (c !== 0x3a /* : */) {
            const special = c === SP ? this.specialHeader(buf, p) : H.GENERAL;
            if (special === H.GENERAL) return this.fail(ERROR.INVALID_HEADER_TOKEN, 'Invalid header token', p);
            // RFC 9112 §5.1: no whitespace between field name and colon (llhttp checks this on the names it acts on)
            if (!(lenient & LENIENT.HEADERS)) return this.endSpanAndFail(buf, ERROR.INVALID_HEADER_TOKEN, 'Invalid header field char', p, 1);
            this.headerState = special;
            state = S.HEADER_FIELD_COLON_DISCARD_WS;
            continue;
          }
          this.headerState = this.specialHeader(buf, p);
          this.span = Span.NONE;
          h.onHeaderField(buf, this.spanStart, p);
          p++;
          const r = h.onHeaderFieldComplete(p);
          state = S.HEADER_FIELD_COMPLETE_CHECK;
          if (r || this.error) return this.interrupt(r, state, p, ERROR.CB_HEADER_FIELD_COMPLETE, 'on_header_field_complete');
        }
        // falls through
        case S.HEADER_FIELD_COMPLETE_CHECK:
          if (this.headerState !== H.GENERAL && !(lenient & LENIENT.CHUNKED_LENGTH)) {
            // RFC 9112 §6.3: Content-Length with Transfer-Encoding "ought to be handled as an error" (smuggling)
            if (this.headerState === H.TRANSFER_ENCODING && this.flags & FLAGS.CONTENT_LENGTH) {
              return this.fail(ERROR.INVALID_TRANSFER_ENCODING, "Transfer-Encoding can't be present with Content-Length", p);
            }
            if (this.headerState === H.CONTENT_LENGTH && this.flags & FLAGS.TRANSFER_ENCODING) {
              return this.fail(ERROR.INVALID_CONTENT_LENGTH, "Content-Length can't be present with Transfer-Encoding", p);
            }
          }
          state = S.HEADER_VALUE_DISCARD_WS;
        // falls through
        case S.HEADER_VALUE_DISCARD_WS: {
          while (p < end && (buf[p] === SP || buf[p] === HTAB)) p++;
          if (p === end) break main;
          const c = buf[p];
          if (c === CR) {
            p++;
            state = S.HEADER_VALUE_DISCARD_WS_ALMOST_DONE;
            continue;
          }
          if (c === LF) {
            p++;
            if (!(lenient & LENIENT.OPTIONAL_CR_BEFORE_LF)) return this.fail(ERROR.INVALID_HEADER_TOKEN, 'Invalid header value char', p);
            state = S.HEADER_VALUE_DISCARD_LWS;
            continue;
          }
          this.openSpan(Span.HEADER_VALUE, p);
          state = S.HEADER_VALUE_START;
        }
        // falls through
        case S.HEADER_VALUE_START:
          if (this.headerState !== H.GENERAL) {
            state = this.specialValueStart(buf, p) | 0;
            if (state === S.DEAD) return this.error;
            continue;
          }
          state = S.HEADER_VALUE;
        // falls through
        case S.HEADER_VALUE:
          // field-value = *field-content (RFC 9110 §5.5)
          if (end - p >= WORD_SCAN_MIN) {
            if (view === undefined) {
              view = this.wordView(buf);
              viewBase = buf.byteOffset;
            }
            p = skipFieldContentWords(view, viewBase, p, end);
          }
          // field-vchar / SP / HTAB: a byte above 0x1f but DEL, or HTAB
          for (let c = 0; p < end && ((c = buf[p]) > 0x1f ? c !== 0x7f : c === HTAB); ) p++;
          if (p === end) break main;
          state = S.HEADER_VALUE_OTHERWISE;
        // falls through: the byte that ends the value
        case S.HEADER_VALUE_OTHERWISE: {
          if (p === end) break main;
          const c = buf[p];
          if (c === CR) {
            this.span = Span.NONE;
            h.onHeaderValue(buf, this.spanStart, p);
            p++;
          } else if (c === LF) {
            this.span = Span.NONE;
            h.onHeaderValue(buf, this.spanStart, p);
            if (!(lenient & LENIENT.OPTIONAL_CR_BEFORE_LF)) return this.fail(ERROR.CR_EXPECTED, 'Missing expected CR after header value', p);
          } else if (lenient & LENIENT.HEADERS) {
            state = S.HEADER_VALUE_LENIENT;
            continue;
          } else if (lenient & LENIENT.HEADER_VALUE_RELAXED) {
            state = S.HEADER_VALUE_RELAXED;
            continue;
          } else {
            return this.endSpanAndFail(buf, ERROR.INVALID_HEADER_TOKEN, 'Invalid header value char', p);
          }
          state = S.HEADER_VALUE_ALMOST_DONE;
        }
        // falls through
        case S.HEADER_VALUE_ALMOST_DONE:
          if (p === end) break main;
          if (buf[p] !== LF) return this.fail(ERROR.LF_EXPECTED, 'Missing expected LF after header value', p);
          p++;
          state = S.HEADER_VALUE_LWS;
        // falls through
        case S.HEADER_VALUE_LWS: {
          if (p === end) break main;
          const c = buf[p];
          if (c === SP || c === HTAB) {
            // RFC 9112 §5.2: obs-fold MUST be rejected unless the recipient replaces it
            if (!(lenient & LENIENT.HEADERS)) return this.fail(ERROR.INVALID_HEADER_TOKEN, 'Unexpected whitespace after header value', p);
            if (this.headerState === H.TRANSFER_ENCODING_CHUNKED) this.headerState = H.GENERAL;
            this.openSpan(Span.HEADER_VALUE, p);
            state = S.HEADER_VALUE_START;
            continue;
          }
          if (this.headerState !== H.GENERAL) this.setHeaderFlags();
          if (this.headBytes + (p - this.headMark) > this.maxHeaderSize) return this.fail(ERROR.HEADER_OVERFLOW, 'Header overflow', p);
          const r = h.onHeaderValueComplete(p);
          state = S.HEADER_FIELD_START;
          if (r || this.error) return this.interrupt(r, state, p, ERROR.CB_HEADER_VALUE_COMPLETE, 'on_header_value_complete');
          continue;
        }

        // The rarer paths of a field line
        case S.HEADER_FIELD_COLON_DISCARD_WS:
          // lenient only: `Name   :` on a special field name
          while (p < end && buf[p] === SP) p++;
          if (p === end) break main;
          if (buf[p] === 0x3a /* : */) {
            this.span = Span.NONE;
            h.onHeaderField(buf, this.spanStart, p);
            p++;
            const r = h.onHeaderFieldComplete(p);
            state = S.HEADER_FIELD_COMPLETE_CHECK;
            if (r || this.error) return this.interrupt(r, state, p, ERROR.CB_HEADER_FIELD_COMPLETE, 'on_header_field_complete');
            continue;
          }
          // more name after the spaces: an ordinary field after all (`Upgrade x: ...`)
          this.headerState = H.GENERAL;
          this.nameLength = NOT_SPECIAL;
          state = S.HEADER_FIELD_GENERAL;
          continue;
        case S.HEADER_VALUE_DISCARD_WS_ALMOST_DONE:
          if (p === end) break main;
          if (buf[p] === LF) p++;
          else if (!(lenient & LENIENT.HEADERS)) return this.fail(ERROR.STRICT, 'Expected LF after CR', p);
          state = S.HEADER_VALUE_DISCARD_LWS;
          continue;
        case S.HEADER_VALUE_DISCARD_LWS: {
          // an empty value so far; a following SP/HTAB would be obs-fold (RFC 9112 §5.2)
          if (p === end) break main;
          const c = buf[p];
          if (c === SP || c === HTAB) {
            p++;
            if (!(lenient & LENIENT.HEADERS)) return this.fail(ERROR.INVALID_HEADER_TOKEN, 'Invalid header value char', p);
            state = S.HEADER_VALUE_DISCARD_WS;
            continue;
          }
          if (this.headerState === H.CONTENT_LENGTH) return this.fail(ERROR.INVALID_CONTENT_LENGTH, 'Empty Content-Length', p);
          if (this.headerState === H.TRANSFER_ENCODING) {
            return this.fail(ERROR.INVALID_TRANSFER_ENCODING, 'Empty Transfer-Encoding', p);
          }
          this.setHeaderFlags();
          h.onHeaderValue(buf, p, p);
          const r = h.onHeaderValueComplete(p);
          state = S.HEADER_FIELD_START;
          if (r || this.error) return this.interrupt(r, state, p, ERROR.CB_HEADER_VALUE_COMPLETE, 'on_header_value_complete');
          continue;
        }
        case S.HEADER_VALUE_LENIENT:
          while (p < end && buf[p] !== CR && buf[p] !== LF) p++;
          if (p === end) break main;
          this.span = Span.NONE;
          h.onHeaderValue(buf, this.spanStart, p);
          if (buf[p] === CR) p++;
          state = S.HEADER_VALUE_ALMOST_DONE;
          continue;
        case S.HEADER_VALUE_RELAXED:
          if (p === end) break main;
          if (!RELAXED_HEADER_VALUE[buf[p]]) return this.endSpanAndFail(buf, ERROR.INVALID_HEADER_TOKEN, 'Invalid header value char', p);
          p++;
          state = S.HEADER_VALUE;
          continue;

        // Transfer-Encoding = #transfer-coding (RFC 9112 §6.1): is the last coding chunked?
        case S.HEADER_VALUE_TE_CHUNKED:
          p = this.walk(CHUNKED_TRIE, buf, p, end);
          if (this.matched === TRIE_MORE) break main;
          state = this.matched === TRIE_MISMATCH ? S.HEADER_VALUE_TE_TOKEN : S.HEADER_VALUE_TE_CHUNKED_LAST;
          continue;
        case S.HEADER_VALUE_TE_CHUNKED_LAST: {
          while (p < end && buf[p] === SP) p++;
          if (p === end) break main;
          const c = buf[p];
          if (c === CR || c === LF) {
            this.headerState = H.TRANSFER_ENCODING_CHUNKED;
            state = S.HEADER_VALUE_OTHERWISE;
          } else if (c === 0x2c /* , */) {
            if (this.type === TYPE.REQUEST && !(lenient & LENIENT.TRANSFER_ENCODING)) {
              return this.endSpanAndFail(buf, ERROR.INVALID_TRANSFER_ENCODING, 'Invalid `Transfer-Encoding` header value', p, 1);
            }
            state = S.HEADER_VALUE_TE_CHUNKED;
          } else {
            state = S.HEADER_VALUE_TE_TOKEN;
          }
          continue;
        }
        case S.HEADER_VALUE_TE_TOKEN: {
          while (p < end && LIST_TOKEN[buf[p]]) p++;
          if (p === end) break main;
          if (buf[p] === 0x2c /* , */) {
            p++;
            state = S.HEADER_VALUE_TE_TOKEN_OWS;
          } else {
            this.headerState = H.GENERAL;
            state = S.HEADER_VALUE;
          }
          continue;
        }
        case S.HEADER_VALUE_TE_TOKEN_OWS:
          while (p < end && (buf[p] === SP || buf[p] === HTAB)) p++;
          if (p === end) break main;
          state = S.HEADER_VALUE_TE_CHUNKED;
          continue;

        // Content-Length = 1*DIGIT (RFC 9110 §8.6)
        case S.HEADER_VALUE_CONTENT_LENGTH: {
          let n = this.contentLength;
          let d = 0;
          while (p < end && (d = buf[p] - 0x30) >= 0 && d <= 9) {
            p++;
            n = n * 10 + d <= MAX_SAFE ? n * 10 + d : this.bigMulAdd(n, 10, d);
            if (n < 0) return this.endSpanAndFail(buf, ERROR.INVALID_CONTENT_LENGTH, 'Content-Length overflow', p);
          }
          this.contentLength = n;
          if (p === end) break main;
          state = S.HEADER_VALUE_CONTENT_LENGTH_WS;
          continue;
        }
        case S.HEADER_VALUE_CONTENT_LENGTH_WS: {
          while (p < end && (buf[p] === SP || buf[p] === HTAB)) p++;
          if (p === end) break main;
          const c = buf[p];
          if (c !== CR && c !== LF) return this.endSpanAndFail(buf, ERROR.INVALID_CONTENT_LENGTH, 'Invalid character in Content-Length', p);
          this.flags |= FLAGS.CONTENT_LENGTH;
          state = S.HEADER_VALUE_OTHERWISE;
          continue;
        }

        // Connection = #connection-option (RFC 9110 §7.6.1)
        case S.HEADER_VALUE_CONNECTION: {
          if (this.trieNode === 0) {
            while (p < end && (buf[p] === SP || buf[p] === HTAB)) p++;
          }
          p = this.walkConnection(buf, p, end);
          const v = this.matched;
          if (v === TRIE_MORE) break main;
          if (v === TRIE_MISMATCH) {
            state = S.HEADER_VALUE_CONNECTION_TOKEN;
          } else {
            this.headerState = v;
            state = S.HEADER_VALUE_CONNECTION_WS;
          }
          continue;
        }
        case S.HEADER_VALUE_CONNECTION_WS: {
          while (p < end && (buf[p] === SP || buf[p] === HTAB)) p++;
          if (p === end) break main;
          const c = buf[p];
          if (c === 0x2c /* , */) {
            p++;
            this.setHeaderFlags();
            state = S.HEADER_VALUE_CONNECTION;
          } else if (c === CR || c === LF) {
            state = S.HEADER_VALUE_OTHERWISE;
          } else {
            this.headerState = H.GENERAL;
            state = S.HEADER_VALUE_CONNECTION_TOKEN;
          }
          continue;
        }
        case S.HEADER_VALUE_CONNECTION_TOKEN:
          while (p < end && LIST_TOKEN[buf[p]]) p++;
          if (p === end) break main;
          if (buf[p] === 0x2c /* , */) {
            p++;
            state = S.HEADER_VALUE_CONNECTION;
          } else {
            state = S.HEADER_VALUE_OTHERWISE;
          }
          continue;

        case S.HEADERS_ALMOST_DONE:
          if (p === end) break main;
          if (buf[p] === LF) p++;
          else if (!(lenient & LENIENT.OPTIONAL_LF_AFTER_CR)) return this.fail(ERROR.STRICT, 'Expected LF after headers', p);
          state = S.HEADERS_END;
          continue;
        case S.HEADERS_END:
          if (this.headBytes + (p - this.headMark) > this.maxHeaderSize) return this.fail(ERROR.HEADER_OVERFLOW, 'Header overflow', p);
          this.headMark = -1;
          state = this.flags & FLAGS.TRAILING ? S.TRAILERS_COMPLETE : S.HEADERS_COMPLETE;
          continue;
        case S.HEADERS_COMPLETE: {
          this.beforeHeadersComplete();
          const r = h.onHeadersComplete(p);
          state = S.HEADERS_DONE;
          const paused: number = this.error;
          if (!r && !paused) continue;
          if (r === 1) this.flags |= FLAGS.SKIPBODY;
          else if (r === 2) {
            this.upgrade = 1;
            this.flags |= FLAGS.SKIPBODY;
          } else if (r === PAUSED || (!r && paused === PAUSED)) {
            return this.pauseAt(state, p, PAUSED, 'Paused by on_headers_complete');
          } else {
            return this.fail(ERROR.CB_HEADERS_COMPLETE, 'User callback error', p);
          }
          if (this.error) return this.pauseAt(state, p, this.error, this.reason);
          continue;
        }
        case S.HEADERS_DONE:
          switch (this.bodyFraming()) {
            case 1:
              state = S.UPGRADE_MESSAGE_COMPLETE;
              continue;
            case 2:
              state = S.CHUNK_SIZE_START;
              continue;
            case 3:
              this.openSpan(Span.BODY, p);
              state = S.BODY_IDENTITY;
              continue;
            case 4:
              state = S.BODY_IDENTITY_EOF;
              continue;
            case 5:
              return this.fail(ERROR.INVALID_TRANSFER_ENCODING, 'Request has invalid `Transfer-Encoding`', p);
            default:
              state = S.MESSAGE_DONE_NO_BODY;
              continue;
          }
        case S.UPGRADE_MESSAGE_COMPLETE: {
          const r = h.onMessageComplete(p);
          state = S.UPGRADE_PAUSE;
          if (r || this.error) return this.interrupt(r, state, p, ERROR.CB_MESSAGE_COMPLETE, 'on_message_complete');
          continue;
        }
        case S.UPGRADE_PAUSE:
          return this.pauseAt(S.CLEANUP, p, ERROR.PAUSED_UPGRADE, 'Pause on CONNECT/Upgrade');

        // ------------------------------------------------------------------
        // message-body (RFC 9112 §6)
        case S.BODY_IDENTITY: {
          const n = Math.min(end - p, this.contentLength);
          p += n;
          this.contentLength -= n;
          if (this.contentLength > 0) break main;
          this.span = Span.NONE;
          if (this.spanStart < p) h.onBody(buf, this.spanStart, p);
          state = S.MESSAGE_DONE;
          continue;
        }
        case S.BODY_IDENTITY_EOF:
          this.finishState = FINISH.SAFE_WITH_CB;
          this.openSpan(Span.BODY, p);
          state = S.EOF;
          continue;
        case S.EOF:
          p = end;
          break main;

        // chunked-body (RFC 9112 §7.1)
        case S.CHUNK_SIZE_START:
          this.contentLength = 0;
          state = S.CHUNK_SIZE_DIGIT;
          continue;
        case S.CHUNK_SIZE_DIGIT: {
          if (p === end) break main;
          const v = HEX_VALUE[buf[p]];
          if (v < 0) return this.fail(ERROR.INVALID_CHUNK_SIZE, 'Invalid character in chunk size', p);
          this.contentLength = v;
          this.bigLength = -1n;
          p++;
          state = S.CHUNK_SIZE;
          continue;
        }
        case S.CHUNK_SIZE: {
          let n = this.contentLength;
          let v = 0;
          while (p < end && (v = HEX_VALUE[buf[p]]) >= 0) {
            p++;
            n = n * 16 + v <= MAX_SAFE ? n * 16 + v : this.bigMulAdd(n, 16, v);
            if (n < 0) return this.fail(ERROR.INVALID_CHUNK_SIZE, 'Chunk size overflow', p);
          }
          this.contentLength = n;
          if (p === end) break main;
          state = S.CHUNK_SIZE_OTHERWISE;
          continue;
        }
        case S.CHUNK_SIZE_OTHERWISE: {
          if (p === end) break main;
          const c = buf[p++];
          if (c === CR) {
            state = S.CHUNK_SIZE_ALMOST_DONE;
          } else if (c === 0x3b /* ; */) {
            if (this.extMark < 0) {
              this.extMark = p - 1;
              this.extBytes = 0;
            }
            state = S.CHUNK_EXTENSIONS;
          } else if (c === SP || c === HTAB) {
            if (!(lenient & LENIENT.SPACES_AFTER_CHUNK_SIZE)) return this.fail(ERROR.INVALID_CHUNK_SIZE, 'Invalid character in chunk size', p);
          } else if (c === LF) {
            if (!(lenient & LENIENT.OPTIONAL_CR_BEFORE_LF)) return this.fail(ERROR.CR_EXPECTED, 'Missing expected CR after chunk size', p);
            // as llhttp: the bare LF stands in for the CR, and CHUNK_SIZE_ALMOST_DONE still wants an LF
            // (or optional_lf_after_cr)
            state = S.CHUNK_SIZE_ALMOST_DONE;
          } else {
            return this.fail(ERROR.INVALID_CHUNK_SIZE, 'Invalid character in chunk size', p - 1);
          }
          continue;
        }
        // chunk-ext = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] ) (RFC 9112 §7.1.1)
        case S.CHUNK_EXTENSIONS: {
          if (p === end) break main;
          const c = buf[p];
          if (c === SP || c === CR) return this.fail(ERROR.STRICT, 'Invalid character in chunk extensions', p + 1);
          this.openSpan(Span.CHUNK_EXTENSION_NAME, p);
          state = S.CHUNK_EXTENSION_NAME;
          continue;
        }
        case S.CHUNK_EXTENSION_NAME: {
          while (p < end && TOKEN[buf[p]]) p++;
          if (p === end) break main;
          const c = buf[p];
          let next: S;
          if (c === 0x3d /* = */) {
            next = S.CHUNK_EXTENSION_VALUE;
          } else if (c === 0x3b /* ; */) {
            next = S.CHUNK_EXTENSIONS;
          } else if (c === CR || c === LF) {
            if (this.extensionsTooLong(p)) return this.fail(ERROR.CHUNK_EXTENSIONS_OVERFLOW, 'Chunk extensions overflow', p);
            next = c === CR ? S.CHUNK_SIZE_ALMOST_DONE : this.bareLfAfterExtension('Missing expected CR after chunk extension name') | 0;
          } else {
            return this.endSpanAndFail(buf, ERROR.STRICT, 'Invalid character in chunk extensions name', p, 1);
          }
          this.span = Span.NONE;
          h.onChunkExtensionName(buf, this.spanStart, p);
          if (c !== LF) p++;
          if (c === 0x3d) this.openSpan(Span.CHUNK_EXTENSION_VALUE, p);
          const r = h.onChunkExtensionNameComplete(p);
          state = next;
          if (r || this.error) {
            return this.interrupt(r, state, p, ERROR.CB_CHUNK_EXTENSION_NAME_COMPLETE, 'on_chunk_extension_name');
          }
          continue;
        }
        case S.CHUNK_EXTENSION_VALUE: {
          while (p < end && TOKEN[buf[p]]) p++;
          if (p === end) break main;
          const c = buf[p];
          let next: S;
          if (c === 0x22 /* " */) {
            p++;
            state = S.CHUNK_EXTENSION_QUOTED_VALUE;
            continue;
          } else if (c === 0x3b /* ; */) {
            next = S.CHUNK_EXTENSIONS;
          } else if (c === CR || c === LF) {
            if (this.extensionsTooLong(p)) return this.fail(ERROR.CHUNK_EXTENSIONS_OVERFLOW, 'Chunk extensions overflow', p);
            next = c === CR ? S.CHUNK_SIZE_ALMOST_DONE : this.bareLfAfterExtension('Missing expected CR after chunk extension value') | 0;
          } else {
            return this.endSpanAndFail(buf, ERROR.STRICT, 'Invalid character in chunk extensions value', p, 1);
          }
          this.span = Span.NONE;
          h.onChunkExtensionValue(buf, this.spanStart, p);
          if (c !== LF) p++;
          const r = h.onChunkExtensionValueComplete(p);
          state = next;
          if (r || this.error) {
            return this.interrupt(r, state, p, ERROR.CB_CHUNK_EXTENSION_VALUE_COMPLETE, 'on_chunk_extension_value');
          }
          continue;
        }
        case S.CHUNK_EXTENSION_QUOTED_VALUE: {
          while (p < end && QDTEXT[buf[p]]) p++;
          if (p === end) break main;
          const c = buf[p];
          if (c === 0x5c /* \ */) {
            p++;
            state = S.CHUNK_EXTENSION_QUOTED_VALUE_QUOTED_PAIR;
            continue;
          }
          if (c !== 0x22 /* " */) {
            return this.endSpanAndFail(buf, ERROR.STRICT, 'Invalid character in chunk extensions quoted value', p, 1);
          }
          p++;
          this.span = Span.NONE;
          h.onChunkExtensionValue(buf, this.spanStart, p);
          const r = h.onChunkExtensionValueComplete(p);
          state = S.CHUNK_EXTENSION_QUOTED_VALUE_DONE;
          if (r || this.error) {
            return this.interrupt(r, state, p, ERROR.CB_CHUNK_EXTENSION_VALUE_COMPLETE, 'on_chunk_extension_value');
          }
          continue;
        }
        case S.CHUNK_EXTENSION_QUOTED_VALUE_QUOTED_PAIR:
          if (p === end) break main;
          if (!QUOTED_PAIR[buf[p]]) {
            return this.endSpanAndFail(buf, ERROR.STRICT, 'Invalid quoted-pair in chunk extensions quoted value', p, 1);
          }
          p++;
          state = S.CHUNK_EXTENSION_QUOTED_VALUE;
          continue;
        case S.CHUNK_EXTENSION_QUOTED_VALUE_DONE: {
          if (p === end) break main;
          const c = buf[p];
          if (c === 0x3b /* ; */) {
            p++;
            state = S.CHUNK_EXTENSIONS;
            continue;
          }
          if ((c === CR || c === LF) && this.extensionsTooLong(p)) {
            return this.fail(ERROR.CHUNK_EXTENSIONS_OVERFLOW, 'Chunk extensions overflow', p);
          }
          if (c === CR) {
            p++;
            state = S.CHUNK_SIZE_ALMOST_DONE;
          } else if (c === LF) {
            if (!(lenient & LENIENT.OPTIONAL_CR_BEFORE_LF)) return this.fail(ERROR.CR_EXPECTED, 'Missing expected CR after chunk extension value', p);
            state = S.CHUNK_SIZE_ALMOST_DONE;
          } else {
            return this.fail(ERROR.STRICT, 'Invalid character in chunk extensions quote value', p);
          }
          continue;
        }
        case S.CHUNK_SIZE_ALMOST_DONE:
          if (p === end) break main;
          if (buf[p] === LF) p++;
          else if (!(lenient & LENIENT.OPTIONAL_LF_AFTER_CR)) return this.fail(ERROR.STRICT, 'Expected LF after chunk size', p);
          state = S.CHUNK_HEADER;
          continue;
        case S.CHUNK_HEADER: {
          const r = h.onChunkHeader(p);
          state = S.CHUNK_DISPATCH;
          if (r || this.error) return this.interrupt(r, state, p, ERROR.CB_CHUNK_HEADER, 'on_chunk_header');
          continue;
        }
        case S.CHUNK_DISPATCH:
          if (this.contentLength === 0) {
            // last-chunk: a trailer section follows (RFC 9112 §7.1.2)
            this.flags |= FLAGS.TRAILING;
            this.headMark = p;
            this.headBytes = 0;
            state = S.HEADER_FIELD_START;
          } else {
            this.openSpan(Span.BODY, p);
            state = S.CHUNK_DATA;
          }
          continue;
        case S.CHUNK_DATA: {
          const n = Math.min(end - p, this.contentLength);
          p += n;
          this.contentLength -= n;
          if (this.contentLength > 0) break main;
          this.span = Span.NONE;
          if (this.spanStart < p) h.onBody(buf, this.spanStart, p);
          state = S.CHUNK_DATA_ALMOST_DONE;
          continue;
        }
        case S.CHUNK_DATA_ALMOST_DONE: {
          if (p === end) break main;
          const c = buf[p];
          if (c === CR) {
            p++;
            state = S.CHUNK_DATA_ALMOST_DONE_LF;
          } else if (c === LF) {
            p++;
            if (!(lenient & LENIENT.OPTIONAL_CR_BEFORE_LF)) return this.fail(ERROR.CR_EXPECTED, 'Missing expected CR after chunk data', p);
            state = S.CHUNK_COMPLETE;
          } else {
            if (!(lenient & LENIENT.OPTIONAL_CRLF_AFTER_CHUNK)) return this.fail(ERROR.STRICT, 'Expected LF after chunk data', p);
            state = S.CHUNK_COMPLETE;
          }
          continue;
        }
        case S.CHUNK_DATA_ALMOST_DONE_LF:
          if (p === end) break main;
          if (buf[p] === LF) p++;
          else if (!(lenient & LENIENT.OPTIONAL_CRLF_AFTER_CHUNK)) return this.fail(ERROR.STRICT, 'Expected LF after chunk data', p);
          state = S.CHUNK_COMPLETE;
          continue;
        case S.CHUNK_COMPLETE: {
          const r = h.onChunkComplete(p);
          state = S.CHUNK_SIZE_START;
          if (r || this.error) return this.interrupt(r, state, p, ERROR.CB_CHUNK_COMPLETE, 'on_chunk_complete');
          continue;
        }
        case S.TRAILERS_COMPLETE: {
          const r = h.onChunkComplete(p);
          state = S.MESSAGE_DONE;
          if (r || this.error) return this.interrupt(r, state, p, ERROR.CB_CHUNK_COMPLETE, 'on_chunk_complete');
          continue;
        }

        // ------------------------------------------------------------------
        // after a message
        case S.MESSAGE_DONE:
        case S.MESSAGE_DONE_NO_BODY: {
          const upgrade = state === S.MESSAGE_DONE && this.upgrade === 1;
          const r = h.onMessageComplete(p);
          state = upgrade ? S.UPGRADE_PAUSE : S.CLEANUP;
          if (r || this.error) return this.interrupt(r, state, p, ERROR.CB_MESSAGE_COMPLETE, 'on_message_complete');
          continue;
        }
        case S.CLEANUP: {
          const keepAlive = this.shouldKeepAlive();
          this.finishState = FINISH.SAFE;
          this.flags = 0;
          if (keepAlive) {
            this.contentLength = 0;
            state = S.RESTART;
          } else {
            state = lenient & LENIENT.KEEP_ALIVE ? S.RESTART : S.CLOSED;
          }
          continue;
        }
        case S.CLOSED:
          // RFC 9112 §9.6: nothing may follow a message that closes the connection
          while (p < end && (buf[p] === CR || buf[p] === LF)) p++;
          if (p === end) break main;
          p++;
          if (!(lenient & LENIENT.DATA_AFTER_CLOSE)) return this.fail(ERROR.CLOSED_CONNECTION, 'Data after `Connection: close`', p);
          continue;
        case S.RESTART:
          this.initialMessageCompleted = 1;
          this.finishState = FINISH.SAFE;
          state = S.START;
          continue;
        case S.SKIP_THEN_ERROR:
          if (p === end) break main;
          return this.fail(this.pendingError, this.pendingReason, p + 1);
        case S.FAIL_PENDING:
          return this.fail(this.pendingError, this.pendingReason, p);
        default:
          return this.fail(ERROR.INTERNAL, `Unknown state ${state as number}`, p);
      }
    }

    this.state = state;
    if (this.span !== Span.NONE && this.spanStart < end) {
      if (this.span === Span.HEADER_FIELD && this.nameLength !== NOT_SPECIAL) this.keepNamePiece(buf, this.spanStart, end);
      this.emitSpan(buf, this.spanStart, end);
    }
    if (this.headMark >= 0) {
      this.headBytes += end - this.headMark;
      if (this.headBytes > this.maxHeaderSize) return this.fail(ERROR.HEADER_OVERFLOW, 'Header overflow', end);
    }
    if (this.extMark >= 0) {
      this.extBytes += end - this.extMark;
      if (this.extBytes > this.maxChunkExtensionsSize) {
        return this.fail(ERROR.CHUNK_EXTENSIONS_OVERFLOW, 'Chunk extensions overflow', end);
      }
    }
    this.errorOffset = end;
    return 0;
  }

  // --------------------------------------------------------------------------

  /**
   * Walk `trie` from the node kept in `trieNode`; returns the new position
   * and leaves the outcome in `matched` (see trie.ts for the rules).
   */
  private walk(trie: Trie, buf: Uint8Array, p: number, end: number): number {
    const classes = trie.classes;
    const edges = trie.edges;
    const width = trie.width;
    let node = this.trieNode;
    while (p < end) {
      const next = edges[node * width + classes[buf[p]]];
      if (next === 0) {
        const value = trie.values[node];
        this.trieNode = 0;
        this.matched = value >= 0 ? value : TRIE_MISMATCH;
        return p;
      }
      p++;
      node = next;
      if (trie.leaf[node] === 1) {
        this.trieNode = 0;
        this.matched = trie.values[node];
        return p;
      }
    }
    this.trieNode = node;
    this.matched = TRIE_MORE;
    return p;
  }

  /** `walk` through METHOD_TRIE, taking `GET ` and `POST ` (most requests' methods) whole instead of byte by byte. */
  private walkMethod(buf: Uint8Array, p: number, end: number): number {
    if (this.trieNode === 0) {
      if (end - p >= 4 && buf[p] === 0x47 && buf[p + 1] === 0x45 && buf[p + 2] === 0x54 && buf[p + 3] === SP) {
        this.matched = METHOD.GET;
        return p + 3;
      }
      if (
        end - p >= 5 && buf[p] === 0x50 && buf[p + 1] === 0x4f && buf[p + 2] === 0x53 && buf[p + 3] === 0x54 &&
        buf[p + 4] === SP
      ) {
        this.matched = METHOD.POST;
        return p + 4;
      }
    }
    return this.walk(METHOD_TRIE, buf, p, end);
  }

  /** `walk` through PROTOCOL_TRIE, taking `HTTP` (nearly every message) whole instead of byte by byte. */
  private walkProtocol(buf: Uint8Array, p: number, end: number): number {
    if (this.trieNode !== 0 || !startsWithHttp(buf, p, end)) return this.walk(PROTOCOL_TRIE, buf, p, end);
    this.matched = PROTOCOL_HTTP;
    return p + 4;
  }

  /** `walk` through CONNECTION_TOKEN_TRIE, taking `keep-alive` (what every browser sends) whole. */
  private walkConnection(buf: Uint8Array, p: number, end: number): number {
    if (this.trieNode !== 0 || !startsWithKeepAlive(buf, p, end)) return this.walk(CONNECTION_TOKEN_TRIE, buf, p, end);
    this.matched = H.CONNECTION_KEEP_ALIVE;
    return p + 10;
  }

  /**
   * A DataView on the chunk's ArrayBuffer for the word scans, kept while
   * chunks come from the same one (Node's pooled Buffers share 8 KiB ones).
   */
  private wordView(buf: Uint8Array): DataView {
    // a typed array's ArrayBuffer never changes: the same chunk object (a
    // server's reused read buffer) skips the `buffer` getter, a runtime call
    if (this.viewSource === buf) return this.view!;
    this.viewSource = buf;
    if (this.viewBuffer !== buf.buffer) {
      this.viewBuffer = buf.buffer;
      this.view = new DataView(buf.buffer);
    }
    return this.view!;
  }

  /**
   * `value * base + digit` for lengths past 2^53 (sizes nobody sends, but
   * whose overflow point must be exact, as llhttp's uint64): the new value
   * as a (rounded) number, or -1 past 2^64 - 1.
   */
  private bigMulAdd(value: number, base: number, digit: number): number {
    const exact = (this.bigLength < 0n ? BigInt(value) : this.bigLength) * BigInt(base) + BigInt(digit);
    if (exact > UINT64_MAX) return -1;
    this.bigLength = exact;
    return Number(exact);
  }

  private openSpan(span: Span, p: number): void {
    this.span = span;
    this.spanStart = p;
  }

  private emitSpan(buf: Uint8Array, start: number, end: number): void {
    const h = this.handler;
    switch (this.span) {
      case Span.METHOD: return h.onMethod(buf, start, end);
      case Span.URL: return h.onUrl(buf, start, end);
      case Span.PROTOCOL: return h.onProtocol(buf, start, end);
      case Span.VERSION: return h.onVersion(buf, start, end);
      case Span.STATUS: return h.onStatus(buf, start, end);
      case Span.HEADER_FIELD: return h.onHeaderField(buf, start, end);
      case Span.HEADER_VALUE: return h.onHeaderValue(buf, start, end);
      case Span.CHUNK_EXTENSION_NAME: return h.onChunkExtensionName(buf, start, end);
      case Span.CHUNK_EXTENSION_VALUE: return h.onChunkExtensionValue(buf, start, end);
      case Span.BODY: return h.onBody(buf, start, end);
    }
  }

  /** Which special field (if any) the name in the open span is; see field-names.ts. */
  private specialHeader(buf: Uint8Array, p: number): H {
    if (this.nameLength === 0) return specialFieldName(buf, this.spanStart, p);
    if (this.nameLength === NOT_SPECIAL || !this.keepNamePiece(buf, this.spanStart, p)) return H.GENERAL;
    return specialFieldName(this.nameBytes, 0, this.nameLength);
  }

  /** A field name split across chunks: keep its bytes while it may still be a special one. */
  private keepNamePiece(buf: Uint8Array, start: number, end: number): boolean {
    const length = this.nameLength + end - start;
    if (length > LONGEST_SPECIAL_NAME) {
      this.nameLength = NOT_SPECIAL;
      return false;
    }
    // a byte loop: at most LONGEST_SPECIAL_NAME bytes, and no subarray object per chunk
    const kept = this.nameBytes;
    for (let i = start, j = this.nameLength; i < end; i++, j++) kept[j] = buf[i];
    this.nameLength = length;
    return true;
  }

  /** The value of a field the parser acts on begins (llhttp header_value_start). */
  private specialValueStart(buf: Uint8Array, p: number): S {
    switch (this.headerState) {
      case H.UPGRADE:
        this.flags |= FLAGS.UPGRADE;
        this.headerState = H.GENERAL;
        return S.HEADER_VALUE;
      case H.TRANSFER_ENCODING:
        // RFC 9112 §6.1: a request's chunked must be the final coding, applied once
        if (this.flags & FLAGS.CHUNKED && this.type === TYPE.REQUEST && !(this.lenientFlags & LENIENT.TRANSFER_ENCODING)) {
          this.span = Span.NONE;
          this.handler.onHeaderValue(buf, this.spanStart, p);
          return this.failAfterByte(ERROR.INVALID_TRANSFER_ENCODING, 'Invalid `Transfer-Encoding` header value');
        }
        this.flags = (this.flags | FLAGS.TRANSFER_ENCODING) & ~FLAGS.CHUNKED;
        return S.HEADER_VALUE_TE_CHUNKED;
      case H.CONTENT_LENGTH:
        // RFC 9112 §6.3: differing (here: any repeated) Content-Length is unrecoverable
        if (this.flags & FLAGS.CONTENT_LENGTH) {
          this.fail(ERROR.UNEXPECTED_CONTENT_LENGTH, 'Duplicate Content-Length', p);
          return S.DEAD;
        }
        this.bigLength = -1n;
        return S.HEADER_VALUE_CONTENT_LENGTH;
      case H.CONNECTION:
        return S.HEADER_VALUE_CONNECTION;
      default:
        return S.HEADER_VALUE;
    }
  }

  /** The request-target ends at SP (a version follows), CRLF or LF (HTTP/0.9); anything else is `reason`. */
  private endUrl(buf: Uint8Array, p: number, c: number, reason: string): S {
    if (c !== SP && c !== CR && c !== LF) {
      this.fail(ERROR.INVALID_URL, reason, p);
      return S.DEAD;
    }
    this.span = Span.NONE;
    this.handler.onUrl(buf, this.spanStart, p);
    if (c === SP) return S.URL_COMPLETE_HTTP;
    if (c === CR) return S.URL_SKIP_LF_TO_HTTP09;
    if (this.lenientFlags & LENIENT.OPTIONAL_CR_BEFORE_LF) return S.URL_COMPLETE_HTTP09;
    this.fail(ERROR.CR_EXPECTED, 'Missing expected CR after request line', p + 1);
    return S.DEAD;
  }

  /** RFC 9112 §7.1.1 leaves extension length open; like Node, cap the bytes from the first ";" to the line end. */
  private extensionsTooLong(p: number): boolean {
    const tooLong = this.extBytes + (p - this.extMark) > this.maxChunkExtensionsSize;
    this.extMark = -1;
    return tooLong;
  }

  private bareLfAfterExtension(reason: string): S {
    if (this.lenientFlags & LENIENT.OPTIONAL_CR_BEFORE_LF) return S.CHUNK_SIZE_ALMOST_DONE;
    this.pendingError = ERROR.CR_EXPECTED;
    this.pendingReason = reason;
    return S.FAIL_PENDING;
  }

  private failAfterByte(code: number, reason: string): S {
    this.pendingError = code;
    this.pendingReason = reason;
    return S.SKIP_THEN_ERROR;
  }

  /** Set the Connection and chunked flags that the value just parsed asked for (llhttp setHeaderFlags). */
  private setHeaderFlags(): void {
    switch (this.headerState) {
      case H.CONNECTION_KEEP_ALIVE:
        this.flags |= FLAGS.CONNECTION_KEEP_ALIVE;
        this.headerState = H.CONNECTION;
        break;
      case H.CONNECTION_CLOSE:
        this.flags |= FLAGS.CONNECTION_CLOSE;
        this.headerState = H.CONNECTION;
        break;
      case H.CONNECTION_UPGRADE:
        this.flags |= FLAGS.CONNECTION_UPGRADE;
        this.headerState = H.CONNECTION;
        break;
      case H.TRANSFER_ENCODING_CHUNKED:
        this.flags |= FLAGS.CHUNKED;
        break;
    }
  }

  /** RFC 9110 §7.8: an upgrade needs both `Upgrade` and `Connection: upgrade`; CONNECT always switches. */
  private beforeHeadersComplete(): void {
    if (this.flags & FLAGS.UPGRADE && this.flags & FLAGS.CONNECTION_UPGRADE) {
      // a response announces an upgrade only with 101 Switching Protocols
      this.upgrade = this.type === TYPE.REQUEST || this.statusCode === 101 ? 1 : 0;
    } else {
      this.upgrade = this.method === METHOD.CONNECT && this.type === TYPE.REQUEST ? 1 : 0;
    }
  }

  /**
   * How the body is delimited (RFC 9112 §6.3), as llhttp numbers it:
   * 0 none, 1 none and the connection changes protocol, 2 chunked,
   * 3 Content-Length, 4 until EOF, 5 invalid request Transfer-Encoding.
   */
  private bodyFraming(): number {
    const flags = this.flags;
    const response = this.type === TYPE.RESPONSE;
    const hasBody = flags & FLAGS.CHUNKED || this.contentLength > 0;
    if ((this.upgrade && (this.method === METHOD.CONNECT || flags & FLAGS.SKIPBODY || !hasBody)) ||
        (response && this.statusCode === 101)) {
      return 1;
    }
    if (response && this.statusCode === 100) return 0;
    if (flags & FLAGS.SKIPBODY ||
        (response && (this.statusCode === 102 || this.statusCode === 103 || this.statusCode === 204 || this.statusCode === 304))) {
      return 0;
    }
    if (flags & FLAGS.CHUNKED) return 2;
    if (flags & FLAGS.TRANSFER_ENCODING) {
      // RFC 9112 §6.3 rule 4: a request whose final coding is not chunked MUST get 400; a response reads to EOF
      if (!response && !(this.lenientFlags & (LENIENT.CHUNKED_LENGTH | LENIENT.TRANSFER_ENCODING))) return 5;
      return 4;
    }
    if (!(flags & FLAGS.CONTENT_LENGTH)) return this.messageNeedsEof() ? 4 : 0;
    return this.contentLength === 0 ? 0 : 3;
  }

  /** A callback returned non-zero (or called `pause()`): pause before `next`, or fail. */
  private interrupt(r: number | void, next: S, p: number, code: number, name: string): number {
    if (r === PAUSED) return this.pauseAt(next, p, PAUSED, `${name} pause`);
    if (!r && this.error !== 0) return this.pauseAt(next, p, this.error, this.reason);
    return this.fail(code, `\`${name}\` callback error`, p);
  }

  private pauseAt(next: S, p: number, code: number, reason: string): number {
    this.state = next;
    this.error = code;
    this.reason = reason;
    this.errorOffset = p;
    if (this.headMark >= 0) this.headBytes += p - this.headMark;
    if (this.extMark >= 0) this.extBytes += p - this.extMark;
    return code;
  }

  private endSpanAndFail(buf: Uint8Array, code: number, reason: string, p: number, skip = 0): number {
    if (this.span !== Span.NONE) this.emitSpan(buf, this.spanStart, p);
    return this.fail(code, reason, p + skip);
  }

  private fail(code: number, reason: string, p: number): number {
    this.state = S.DEAD;
    this.span = Span.NONE;
    this.error = code;
    this.reason = reason;
    this.errorOffset = p;
    return code;
  }
}

/** `HTTP` at `p`: what PROTOCOL_TRIE would find there, without walking it byte by byte. */
function startsWithHttp(buf: Uint8Array, p: number, end: number): boolean {
  return end - p >= 4 && buf[p] === 0x48 && buf[p + 1] === 0x54 && buf[p + 2] === 0x54 && buf[p + 3] === 0x50;
}

/**
 * `keep-alive` in any case at `p`: what CONNECTION_TOKEN_TRIE would find
 * there. `| 0x20` lower-cases a letter and maps nothing else onto one.
 */
function startsWithKeepAlive(buf: Uint8Array, p: number, end: number): boolean {
  return end - p >= 10 && (buf[p] | 0x20) === 0x6b && (buf[p + 1] | 0x20) === 0x65 && (buf[p + 2] | 0x20) === 0x65 &&
    (buf[p + 3] | 0x20) === 0x70 && buf[p + 4] === 0x2d && (buf[p + 5] | 0x20) === 0x61 && (buf[p + 6] | 0x20) === 0x6c &&
    (buf[p + 7] | 0x20) === 0x69 && (buf[p + 8] | 0x20) === 0x76 && (buf[p + 9] | 0x20) === 0x65;
}

/** HTTP versions llhttp accepts without the `version` lenient flag. */
function isKnownVersion(major: number, minor: number): boolean {
  return (major === 1 && minor <= 1) || (major === 0 && minor === 9) || (major === 2 && minor === 0);
}
