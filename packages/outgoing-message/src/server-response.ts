// The response side of a server exchange, as Node's http.ServerResponse:
// status line, writeHead's shapes of fields, 1xx interim responses, and the
// socket hand-over the server drives (assignSocket / detachSocket). The
// request is only read for what shapes the response: its method (HEAD has
// no content) and version (HTTP/1.0 takes chunked only when it asked with TE).
import { OutgoingMessage, type OutgoingMessageOptions, type WriteCallback } from './outgoing-message.js';
import { STATUS_CODES, statusLine } from './status-codes.js';
import { OutgoingMessageError, OutgoingMessageRangeError, OutgoingMessageTypeError, invalidChar } from './errors.js';
import { hasInvalidHeaderChar, validateHeaderName, validateHeaderValue, describe } from './validate.js';
import type { HeaderValue, OutgoingFields } from './head.js';
import type { OutgoingMessageEventMap, OutgoingSocket } from './events.js';

/** What a ServerResponse needs of its request: any object with these (an IncomingMessage has them). */
export interface RequestLike {
  method?: string | null;
  httpVersionMajor: number;
  httpVersionMinor: number;
  headers: { te?: string | string[]; [name: string]: unknown };
}

/** Options of {@link ServerResponse}. */
export interface ServerResponseOptions extends OutgoingMessageOptions {}

/** Hints of writeEarlyHints: `link` (string or list) plus any other fields. */
export type EarlyHints = { link?: string | string[] | null; [name: string]: HeaderValue | null | undefined };

// RFC 9110 §10.1.4: TE lists the transfer codings the client accepts.
const RE_TE_CHUNKED = /(?:^|\W)chunked(?:$|\W)/i;
// Node's shape of a Link value: <uri-reference> followed by parameters (RFC 8288 §3).
const RE_LINK = /^(?:<[^>]*>)(?:\s*;\s*[^;"\s]+(?:=(")?[^;"\s]*\1)?)*$/;
const LINK_REASON = 'must be an array or string of format "</styles.css>; rel=preload; as=style"';

const CONTINUE = 'HTTP/1.1 100 Continue\r\n\r\n';
const PROCESSING = 'HTTP/1.1 102 Processing\r\n\r\n';

function validateLink(value: unknown): string {
  // Node checks the shape only; "<...>" would let CR LF through, so the bytes
  // are also held to RFC 9110 §5.5 like every other field value.
  if (typeof value !== 'string' || !RE_LINK.test(value) || hasInvalidHeaderChar(value)) {
    throw new OutgoingMessageTypeError('ERR_INVALID_ARG_VALUE', 'hints', `${LINK_REASON}. Received ${describe(value)}`);
  }
  return value;
}

/**
 * A response, as Node's `http.ServerResponse`. Works standalone: build it
 * from any request-like object, write to it, and `assignSocket(socket)` when
 * (or before) the connection is yours; output written earlier is held and
 * leaves in order.
 */
export class ServerResponse<E extends OutgoingMessageEventMap & Record<keyof E, unknown[]> = OutgoingMessageEventMap> extends OutgoingMessage<E> {
  /** The status code the implicit head uses (default 200). */
  statusCode = 200;
  /** The reason phrase; the standard one for the code when unset. */
  statusMessage: string | undefined = undefined;
  /** The request this responds to. */
  readonly req: RequestLike;
  /** handOffSocket() let the next response write; detachSocket() still to come. */
  private handedOff = false;
  /** A 100 Continue was sent. */
  _sent100 = false;
  /** Input: the request carried `Expect: 100-continue` (a final status without 100 then closes the connection). */
  _expect_continue = false;

  constructor(req: RequestLike, options?: ServerResponseOptions) {
    super(options);
    // RFC 9110 §9.3.2: the response to HEAD has no content.
    if (req.method === 'HEAD') this._hasBody = false;
    this.req = req;
    // RFC 9110 §6.6.1: an origin server with a clock sends Date.
    this.sendDate = true;
    if (req.httpVersionMajor < 1 || req.httpVersionMinor < 1) {
      // RFC 9112 §7.1 / §9.3: an HTTP/1.0 peer knows chunked only if it said so, and does not persist by default.
      this.useChunkedEncodingByDefault = RE_TE_CHUNKED.test(String(req.headers.te));
      this.shouldKeepAlive = false;
    }
  }

  /** Makes `socket` this response's connection and writes out what was held. Throws ERR_HTTP_SOCKET_ASSIGNED if the socket has a message. */
  assignSocket(socket: OutgoingSocket): void {
    if (socket._httpMessage) throw new OutgoingMessageError('ERR_HTTP_SOCKET_ASSIGNED');
    this.attachSocket(socket);
  }

  /** Releases `socket` (the server calls this after 'finish', before the next response takes it). */
  detachSocket(socket: OutgoingSocket): void {
    if (this.handedOff) {
      this.handedOff = false;
      this.socket = null;
      return;
    }
    if (socket._httpMessage !== this) throw new Error('detachSocket: the socket belongs to another message');
    this.releaseSocket(socket);
  }

  /**
   * Lets the next response write to `socket` while this finished one's last
   * bytes may still wait in the socket's buffer (pipelining: responses
   * written in one tick leave in one write). `res.socket` stays set until the
   * server's detachSocket after 'finish', as in Node.
   */
  handOffSocket(socket: OutgoingSocket): void {
    if (socket._httpMessage !== this || !this.finished) throw new Error('handOffSocket: not the finished owner of the socket');
    this.releaseSocket(socket);
    this.socket = socket;
    this.handedOff = true;
  }

  /** Sends `100 Continue` (RFC 9110 §15.2.1) ahead of the final response. */
  writeContinue(cb?: WriteCallback): void {
    this._writeRaw(CONTINUE, cb);
    this._sent100 = true;
  }

  /** Sends `102 Processing` (RFC 2518 §10.1). */
  writeProcessing(cb?: WriteCallback): void {
    this._writeRaw(PROCESSING, cb);
  }

  /** Sends `103 Early Hints` (RFC 8297) with a Link field and any other fields; nothing without a link. */
  writeEarlyHints(hints: EarlyHints, cb?: WriteCallback): void {
    if (hints === null || typeof hints !== 'object' || Array.isArray(hints)) {
      throw new OutgoingMessageTypeError('ERR_INVALID_ARG_TYPE', 'hints', `of type object. Received ${describe(hints)}`);
    }
    const links = hints.link;
    if (links === null || links === undefined) return;
    let link = '';
    if (Array.isArray(links)) {
      for (let i = 0; i < links.length; i++) link += (i === 0 ? '' : ', ') + validateLink(links[i]);
    } else if (typeof links === 'string') link = validateLink(links);
    else validateLink(links);
    if (link.length === 0) return;
    let head = 'HTTP/1.1 103 Early Hints\r\nLink: ' + link + '\r\n';
    for (const key of Object.keys(hints)) {
      if (key === 'link') continue;
      // Node 20 copies these unchecked; they are held to the rules of setHeader here.
      validateHeaderName(key);
      validateHeaderValue(key, hints[key]);
      head += key + ': ' + hints[key] + '\r\n';
    }
    this._writeRaw(head + '\r\n', cb);
  }

  /**
   * Composes the head: status, optional reason phrase, and fields (an object,
   * a flat [name, value, …] array or [[name, value], …]), merged over those
   * set with setHeader. Throws on a status outside 100–999, a reason phrase
   * with CR/LF/CTLs (ERR_INVALID_CHAR), a bad field, or a second call.
   */
  writeHead(statusCode: number, reason?: string | OutgoingFields | null, headers?: OutgoingFields | null): this {
    if (this._header !== null) throw new OutgoingMessageError('ERR_HTTP_HEADERS_SENT', 'write');
    const original = statusCode;
    statusCode |= 0;
    if (statusCode < 100 || statusCode > 999) {
      throw new OutgoingMessageRangeError('ERR_HTTP_INVALID_STATUS_CODE', original);
    }
    let fields = headers;
    if (typeof reason === 'string') this.statusMessage = reason;
    else {
      if (!this.statusMessage) this.statusMessage = STATUS_CODES[statusCode] || 'unknown';
      fields ??= reason;
    }
    this.statusCode = statusCode;

    const store = this.store;
    if (store !== null) {
      // Fields given here override those set earlier, name by name.
      if (Array.isArray(fields)) {
        if (fields.length % 2 !== 0) {
          throw new OutgoingMessageTypeError('ERR_INVALID_ARG_VALUE', 'headers', `is invalid. Received ${describe(fields)}`);
        }
        for (let i = 0; i < fields.length; i += 2) {
          const k = fields[i] as string;
          if (k) this.setHeader(k, fields[i + 1] as HeaderValue);
        }
      } else if (fields) {
        const obj = fields as Record<string, HeaderValue>;
        const keys = Object.keys(obj);
        for (let i = 0; i < keys.length; i++) if (keys[i]) this.setHeader(keys[i], obj[keys[i]]);
      }
    }

    const message = this.statusMessage;
    // RFC 9112 §4: reason-phrase = 1*( HTAB / SP / VCHAR / obs-text ); a CR or LF would split the response.
    if (message !== STATUS_CODES[statusCode] && hasInvalidHeaderChar(message)) throw invalidChar('statusMessage');
    // RFC 9110 §15.2, §15.3.5, §15.4.5: 1xx, 204 and 304 end with the head.
    if (statusCode === 204 || statusCode === 304 || statusCode < 200) this._hasBody = false;
    // A client still waiting for 100 Continue may be sending its body: do not reuse the connection.
    if (this._expect_continue && !this._sent100) this.shouldKeepAlive = false;
    this._storeHeader(statusLine(statusCode, message), store !== null ? store : fields);
    return this;
  }

  /** Alias of writeHead (deprecated in Node). */
  writeHeader(statusCode: number, reason?: string | OutgoingFields | null, headers?: OutgoingFields | null): this {
    return this.writeHead(statusCode, reason, headers);
  }

  override _implicitHeader(): void {
    this.writeHead(this.statusCode);
  }
}
