/**
 * llhttp's numeric vocabulary: message types, flags, lenient flags, methods
 * and the finish states. Numbers are llhttp's own (v9), so logs, bindings and
 * tools written for llhttp read ours unchanged.
 */

/** What the parser expects: requests, responses, or either (decided by the first bytes). */
export const TYPE = { BOTH: 0, REQUEST: 1, RESPONSE: 2 } as const;
export type ParserType = (typeof TYPE)[keyof typeof TYPE];

/** Message flags, as reported with headers complete (llhttp `F_*`). */
export const FLAGS = {
  CONNECTION_KEEP_ALIVE: 1 << 0,
  CONNECTION_CLOSE: 1 << 1,
  CONNECTION_UPGRADE: 1 << 2,
  CHUNKED: 1 << 3,
  UPGRADE: 1 << 4,
  CONTENT_LENGTH: 1 << 5,
  SKIPBODY: 1 << 6,
  TRAILING: 1 << 7,
  // 1 << 8 is unused, as in llhttp
  TRANSFER_ENCODING: 1 << 9,
} as const;

/**
 * Opt-in relaxations of the strict default, one bit each (llhttp
 * `LENIENT_*`). Every one of them re-opens a door that request smuggling
 * or response splitting has used; enable only what a known peer needs.
 */
export const LENIENT = {
  /** Accept any byte in header values, obs-fold, and spaces around the field name. */
  HEADERS: 1 << 0,
  /** Allow Content-Length together with Transfer-Encoding (RFC 9112 §6.3 says error). */
  CHUNKED_LENGTH: 1 << 1,
  /** Keep the connection usable after a message that asked to close it. */
  KEEP_ALIVE: 1 << 2,
  /** Accept a request Transfer-Encoding that does not end in chunked (read until EOF). */
  TRANSFER_ENCODING: 1 << 3,
  /** Accept any HTTP major.minor digit pair, not only 0.9, 1.0, 1.1 and 2.0. */
  VERSION: 1 << 4,
  /** Ignore bytes that arrive after a message that closes the connection. */
  DATA_AFTER_CLOSE: 1 << 5,
  /** Accept a CR that is not followed by LF. */
  OPTIONAL_LF_AFTER_CR: 1 << 6,
  /** Accept chunk data that is not followed by CRLF. */
  OPTIONAL_CRLF_AFTER_CHUNK: 1 << 7,
  /** Accept a bare LF as a line ending. */
  OPTIONAL_CR_BEFORE_LF: 1 << 8,
  /** Accept spaces and tabs after the chunk size. */
  SPACES_AFTER_CHUNK_SIZE: 1 << 9,
  /** Accept control characters (not NUL, CR or LF) in header values. */
  HEADER_VALUE_RELAXED: 1 << 10,
} as const;
/** llhttp's names for the lenient flags: `'headers'`, `'chunked_length'`, `'optional_cr_before_lf'`, ... */
export type LenientName = Lowercase<keyof typeof LENIENT>;

/** Every lenient flag llhttp's `*-lenient-all` builds turn on (not spaces_after_chunk_size, not header_value_relaxed). */
export const LENIENT_ALL =
  LENIENT.HEADERS | LENIENT.CHUNKED_LENGTH | LENIENT.KEEP_ALIVE | LENIENT.TRANSFER_ENCODING | LENIENT.VERSION |
  LENIENT.DATA_AFTER_CLOSE | LENIENT.OPTIONAL_LF_AFTER_CR | LENIENT.OPTIONAL_CR_BEFORE_LF |
  LENIENT.OPTIONAL_CRLF_AFTER_CHUNK;

/** What `finish()` would make of the input so far (llhttp `HTTP_FINISH_*`). */
export const FINISH = {
  /** Between messages: end of input is fine. */
  SAFE: 0,
  /** In a body delimited by the end of input: end of input completes the message. */
  SAFE_WITH_CB: 1,
  /** Inside a message: end of input truncates it. */
  UNSAFE: 2,
} as const;

/** llhttp's method numbers (`HTTP_*`), in order: METHODS[n] is the name of method n. */
export const METHODS = [
  'DELETE', 'GET', 'HEAD', 'POST', 'PUT',
  'CONNECT', 'OPTIONS', 'TRACE',
  // WebDAV
  'COPY', 'LOCK', 'MKCOL', 'MOVE', 'PROPFIND', 'PROPPATCH', 'SEARCH', 'UNLOCK', 'BIND', 'REBIND', 'UNBIND', 'ACL',
  // subversion
  'REPORT', 'MKACTIVITY', 'CHECKOUT', 'MERGE',
  // upnp
  'M-SEARCH', 'NOTIFY', 'SUBSCRIBE', 'UNSUBSCRIBE',
  // RFC 5789, CalDAV, RFC 2068
  'PATCH', 'PURGE', 'MKCALENDAR', 'LINK', 'UNLINK',
  // icecast
  'SOURCE',
  // RFC 9113 §3.4 connection preface
  'PRI',
  // RFC 2326 (RTSP)
  'DESCRIBE', 'ANNOUNCE', 'SETUP', 'PLAY', 'PAUSE', 'TEARDOWN', 'GET_PARAMETER', 'SET_PARAMETER', 'REDIRECT',
  'RECORD',
  // RAOP
  'FLUSH',
  // draft-ietf-httpbis-safe-method-w-body
  'QUERY',
] as const;
export type MethodName = (typeof METHODS)[number];

/** Method number by name. */
export const METHOD = Object.fromEntries(METHODS.map((m, i) => [m, i])) as { readonly [K in MethodName]: number };

const names = (list: readonly MethodName[]) => list.map((m) => METHOD[m]);

/** Methods allowed with `HTTP/x.y` (everything but RTSP's own). */
export const METHODS_HTTP = names([
  'DELETE', 'GET', 'HEAD', 'POST', 'PUT', 'CONNECT', 'OPTIONS', 'TRACE', 'COPY', 'LOCK', 'MKCOL', 'MOVE',
  'PROPFIND', 'PROPPATCH', 'SEARCH', 'UNLOCK', 'BIND', 'REBIND', 'UNBIND', 'ACL', 'REPORT', 'MKACTIVITY',
  'CHECKOUT', 'MERGE', 'M-SEARCH', 'NOTIFY', 'SUBSCRIBE', 'UNSUBSCRIBE', 'PATCH', 'PURGE', 'MKCALENDAR', 'LINK',
  'UNLINK', 'PRI', 'SOURCE', 'QUERY',
]);
/** Methods allowed with `RTSP/x.y` (RFC 2326 §10, plus GET and POST for AirPlay). */
export const METHODS_RTSP = names([
  'OPTIONS', 'DESCRIBE', 'ANNOUNCE', 'SETUP', 'PLAY', 'PAUSE', 'TEARDOWN', 'GET_PARAMETER', 'SET_PARAMETER',
  'REDIRECT', 'RECORD', 'FLUSH', 'GET', 'POST',
]);
/** Methods allowed with `ICE/x.y`. */
export const METHODS_ICE = names(['SOURCE']);
