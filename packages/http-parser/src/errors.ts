/**
 * The parser's error codes: llhttp's `HPE_*` numbers and names, plus two of
 * Node's own (header and chunk-extension overflow), which Node's binding adds
 * on top of llhttp. `reason` strings are per error site and live where the
 * error is raised; this table holds the codes and the HTTP status a server
 * should answer each with.
 */

export const ERROR = {
  OK: 0,
  INTERNAL: 1,
  STRICT: 2,
  LF_EXPECTED: 3,
  UNEXPECTED_CONTENT_LENGTH: 4,
  CLOSED_CONNECTION: 5,
  INVALID_METHOD: 6,
  INVALID_URL: 7,
  INVALID_CONSTANT: 8,
  INVALID_VERSION: 9,
  INVALID_HEADER_TOKEN: 10,
  INVALID_CONTENT_LENGTH: 11,
  INVALID_CHUNK_SIZE: 12,
  INVALID_STATUS: 13,
  INVALID_EOF_STATE: 14,
  INVALID_TRANSFER_ENCODING: 15,
  CB_MESSAGE_BEGIN: 16,
  CB_HEADERS_COMPLETE: 17,
  CB_MESSAGE_COMPLETE: 18,
  CB_CHUNK_HEADER: 19,
  CB_CHUNK_COMPLETE: 20,
  PAUSED: 21,
  PAUSED_UPGRADE: 22,
  PAUSED_H2_UPGRADE: 23,
  USER: 24,
  CR_EXPECTED: 25,
  CB_URL_COMPLETE: 26,
  CB_STATUS_COMPLETE: 27,
  CB_HEADER_FIELD_COMPLETE: 28,
  CB_HEADER_VALUE_COMPLETE: 29,
  UNEXPECTED_SPACE: 30,
  CB_RESET: 31,
  CB_METHOD_COMPLETE: 32,
  CB_VERSION_COMPLETE: 33,
  CB_CHUNK_EXTENSION_NAME_COMPLETE: 34,
  CB_CHUNK_EXTENSION_VALUE_COMPLETE: 35,
  CB_PROTOCOL_COMPLETE: 38,
  /** Node's `HPE_HEADER_OVERFLOW`: the head is larger than `maxHeaderSize`. */
  HEADER_OVERFLOW: 100,
  /** Node's `HPE_CHUNK_EXTENSIONS_OVERFLOW`: one chunk's extensions exceed `maxChunkExtensionsSize`. */
  CHUNK_EXTENSIONS_OVERFLOW: 101,
} as const;

export type ErrorName = keyof typeof ERROR;
export type ErrorCode = (typeof ERROR)[ErrorName];

const NAME_BY_CODE: Record<number, ErrorName> = Object.fromEntries(
  Object.entries(ERROR).map(([name, code]) => [code, name as ErrorName]),
);

/** `HPE_INVALID_METHOD` for 6, and so on; `HPE_UNKNOWN` for a number that is no code. */
export function errorName(code: number): `HPE_${ErrorName}` | 'HPE_UNKNOWN' {
  const name = NAME_BY_CODE[code];
  return name === undefined ? 'HPE_UNKNOWN' : `HPE_${name}`;
}

/**
 * The status a server should answer a request that failed with `code`:
 * 431 when the head is too large (RFC 6585 §5), 501 for an unknown method
 * (RFC 9110 §9.1), 505 for an unsupported version (RFC 9110 §15.6.6), 400
 * for every other malformed request (RFC 9112 §2.2).
 */
export function errorStatus(code: number, reason = ''): number {
  switch (code) {
    case ERROR.HEADER_OVERFLOW:
      return 431;
    case ERROR.INVALID_METHOD:
      return reason === 'Invalid method encountered' ? 501 : 400;
    case ERROR.INVALID_VERSION:
      return reason === 'Invalid HTTP version' ? 505 : 400;
    default:
      return 400;
  }
}

/** A parse error as an `Error`: what Node's binding hands its `clientError` listeners. */
export class HTTPParserError extends Error {
  override name = 'HTTPParserError';
  /** `HPE_*` name of the error, as Node reports it (`err.code`). */
  readonly code: string;
  /** llhttp's numeric error code. */
  readonly errno: number;
  /** llhttp's reason string, e.g. "Invalid header value char". */
  readonly reason: string;
  /** Bytes of the failing chunk consumed before the error. */
  bytesParsed: number;
  /** The status a server should answer with. */
  readonly status: number;

  constructor(errno: number, reason: string, bytesParsed: number) {
    super(`Parse Error: ${reason}`);
    this.errno = errno;
    this.code = errorName(errno);
    this.reason = reason;
    this.bytesParsed = bytesParsed;
    this.status = errorStatus(errno, reason);
  }
}
