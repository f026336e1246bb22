// Theory of operation: how a message's end is marked, and whether the
// connection outlives it. Two pure decisions taken once, when the head is
// composed, from facts the caller gathered (the fields it is about to send,
// the request's method and version, what the server allows). No I/O, no
// message object: each rule below is a row of RFC 9112 §6.3 / §9.3 or a
// behaviour Node's OutgoingMessage#_storeHeader has and clients rely on.
//
//   no content (HEAD, 1xx, 204, 304)        -> NONE           (RFC 9112 §6.3 rule 1)
//   caller's Transfer-Encoding lists chunked -> CHUNKED        (RFC 9112 §6.1)
//   caller's Transfer-Encoding without it   -> CLOSE_DELIMITED (RFC 9112 §6.3 rule 4... as Node: sent raw)
//   caller's Content-Length                  -> CONTENT_LENGTH (RFC 9112 §6.2)
//   peer cannot take chunked (HTTP/1.0)      -> CLOSE_DELIMITED (RFC 9112 §6.3 rule 8)
//   length known before the head leaves      -> CONTENT_LENGTH, field added
//   otherwise                                -> CHUNKED, field added (RFC 9112 §7.1)
//   Content-Length and Transfer-Encoding both removed by the caller -> CLOSE_DELIMITED

/** How the end of the body is marked on the wire. */
export const Framing = {
  /** No content at all: the head is the whole message. */
  NONE: 'none',
  /** Exactly Content-Length bytes follow the head (RFC 9112 §6.2). */
  CONTENT_LENGTH: 'content-length',
  /** Chunked transfer coding, ended by the last-chunk and trailer section (RFC 9112 §7.1). */
  CHUNKED: 'chunked',
  /** The body runs until the server closes the connection (RFC 9112 §6.3 rule 8). */
  CLOSE_DELIMITED: 'close-delimited',
} as const;
/** One of {@link Framing}. */
export type Framing = (typeof Framing)[keyof typeof Framing];

/** What {@link chooseFraming} decides from. */
export interface FramingInput {
  /** The status code (204 and 304 with a caller's `Transfer-Encoding: chunked` force a close). */
  statusCode: number;
  /** False for a response to HEAD and for 1xx, 204 and 304: RFC 9110 §6.4.1, RFC 9112 §6.3 rule 1. */
  hasBody: boolean;
  /** The caller's fields include Content-Length. */
  contentLengthField: boolean;
  /** The caller's fields include Transfer-Encoding ... */
  transferEncodingField: boolean;
  /** ... and it lists `chunked`. */
  transferEncodingChunked: boolean;
  /** The caller's fields include Trailer: the body must be chunked to carry trailers (RFC 9112 §7.1.2). */
  trailerField: boolean;
  /** The peer takes chunked: HTTP/1.1, or HTTP/1.0 that sent `TE: chunked` (Node's useChunkedEncodingByDefault). */
  chunkedAllowed: boolean;
  /** The whole body's length when known before the head leaves (`end(body)` first), else null. */
  knownLength: number | null;
  /** The caller removed Content-Length: never add one. */
  contentLengthRemoved: boolean;
  /** The caller removed Transfer-Encoding: never add one. */
  transferEncodingRemoved: boolean;
}

/** What {@link chooseFraming} decided. */
export interface FramingDecision {
  framing: Framing;
  /** The field line to add to the head: `Content-Length: n\r\n`, `Transfer-Encoding: chunked\r\n` or ''. */
  field: string;
  /** The connection cannot be reused after this message. */
  close: boolean;
  /** Keep-alive must not even be announced (204/304 sent with chunked): decide the Connection field with keepAlive false. */
  refuseKeepAlive: boolean;
  /** A Trailer field was given but the framing cannot carry trailers: the caller throws ERR_HTTP_TRAILER_INVALID. */
  trailerInvalid: boolean;
}

const TE_CHUNKED_FIELD = 'Transfer-Encoding: chunked\r\n';

/** Chooses the framing of a message the way Node and RFC 9112 §6 do. Pure. */
export function chooseFraming(input: FramingInput): FramingDecision {
  let framing: Framing;
  let field = '';
  let close = false;
  let refuseKeepAlive = false;
  if (input.transferEncodingField && input.transferEncodingChunked &&
      (input.statusCode === 204 || input.statusCode === 304)) {
    // RFC 9110 §15.3.5/§15.4.5: no content, so no last-chunk either; a proxy
    // could read one as the start of the next response. Node drops the chunked
    // coding and closes the connection instead.
    framing = Framing.NONE;
    close = true;
    refuseKeepAlive = true;
  } else if (input.contentLengthField || input.transferEncodingField) {
    if (!input.hasBody) framing = Framing.NONE;
    else if (input.transferEncodingChunked) framing = Framing.CHUNKED;
    else if (input.contentLengthField && !input.transferEncodingField) framing = Framing.CONTENT_LENGTH;
    // RFC 9112 §6.3 rule 4: a transfer coding other than chunked last is read
    // until close; Node sends it raw, we also close after it.
    else { framing = Framing.CLOSE_DELIMITED; close = true; }
  } else if (!input.hasBody) {
    framing = Framing.NONE;
  } else if (!input.chunkedAllowed) {
    // RFC 9112 §6.3 rule 8: an HTTP/1.0 peer reads to the close.
    framing = Framing.CLOSE_DELIMITED;
    close = true;
  } else if (!input.trailerField && !input.contentLengthRemoved && input.knownLength !== null) {
    framing = Framing.CONTENT_LENGTH;
    field = 'Content-Length: ' + input.knownLength + '\r\n';
  } else if (!input.transferEncodingRemoved) {
    framing = Framing.CHUNKED;
    field = TE_CHUNKED_FIELD;
  } else {
    // Both framing fields removed by the caller: nothing but the close can end the body.
    framing = Framing.CLOSE_DELIMITED;
    close = true;
  }
  return { framing, field, close, refuseKeepAlive, trailerInvalid: input.trailerField && framing !== Framing.CHUNKED };
}

/** What {@link chooseConnection} decides from: the server's keep-alive policy and the caller's fields. */
export interface ConnectionInput {
  /** The server would keep the connection open after this message (Node's shouldKeepAlive). */
  keepAlive: boolean;
  /** The caller removed the Connection field: add none, keep the policy. */
  connectionRemoved: boolean;
  /** The caller's fields include Connection ... */
  connectionField: boolean;
  /** ... and it lists `close` (RFC 9112 §9.6). */
  connectionClose: boolean;
  /** The caller's fields include Content-Length. */
  contentLengthField: boolean;
  /** The peer takes chunked (see {@link FramingInput.chunkedAllowed}). */
  chunkedAllowed: boolean;
  /** The server's limit of requests per connection is reached with this one. */
  maxRequestsReached: boolean;
  /** Keep-alive timeout the server applies, in ms; 0 sends no Keep-Alive field. */
  keepAliveTimeout: number;
  /** Requests per connection the server allows (0: unlimited), sent as `max=`. */
  maxRequestsPerSocket: number;
  /** The caller's fields include Keep-Alive: do not add another. */
  keepAliveField: boolean;
}

/** What {@link chooseConnection} decided. */
export interface ConnectionDecision {
  /** Field lines to add: `Connection: keep-alive\r\n[Keep-Alive: timeout=N\r\n]`, `Connection: close\r\n` or ''. */
  field: string;
  /** The server must close the connection after this message (Node's `_last`). */
  last: boolean;
  /** The keep-alive policy after the caller's own Connection field is taken into account. */
  keepAlive: boolean;
}

/**
 * Chooses the Connection / Keep-Alive fields and whether this is the last
 * message on the connection, as Node does (RFC 9112 §9.3: HTTP/1.1 persists
 * unless "close"; HTTP/1.0 only with "keep-alive"). Pure.
 */
export function chooseConnection(input: ConnectionInput): ConnectionDecision {
  if (input.connectionField) {
    // The caller's field stands; its "close" makes this the last message.
    return { field: '', last: input.connectionClose, keepAlive: input.connectionClose ? input.keepAlive : true };
  }
  if (input.connectionRemoved) {
    // HTTP/1.1 persists by default, so a removed field changes nothing but the bytes.
    return { field: '', last: !input.keepAlive, keepAlive: input.keepAlive };
  }
  // Node announces keep-alive only when the peer can find the end of the body
  // without a close: a Content-Length, or chunked allowed.
  const announce = input.keepAlive && (input.contentLengthField || input.chunkedAllowed);
  if (announce && !input.maxRequestsReached) {
    let field = 'Connection: keep-alive\r\n';
    if (input.keepAliveTimeout && !input.keepAliveField) {
      field += 'Keep-Alive: timeout=' + Math.floor(input.keepAliveTimeout / 1000);
      if (~~input.maxRequestsPerSocket > 0) field += ', max=' + input.maxRequestsPerSocket;
      field += '\r\n';
    }
    return { field, last: false, keepAlive: true };
  }
  return { field: 'Connection: close\r\n', last: true, keepAlive: input.keepAlive };
}
