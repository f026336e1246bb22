// The errors the server throws or emits. Codes, messages and base classes are
// Node's own (lib/internal/errors.js), so that code written for node:http —
// `err.code === 'ERR_HTTP_REQUEST_TIMEOUT'`, `err instanceof RangeError` —
// keeps working. Parse errors are the parser's HTTPParserError (`HPE_*`).

/** Each code with the class Node gives it and its message template (`%s` filled in order). */
export const ERROR_CODES = {
  ERR_HTTP_REQUEST_TIMEOUT: { base: 'Error', message: 'Request timeout' },
  ERR_HTTP_SOCKET_ENCODING: { base: 'Error', message: 'Changing the socket encoding is not allowed per RFC7230 Section 3.' },
  ERR_HTTP_BODY_NOT_ALLOWED: { base: 'Error', message: 'Adding content for this request method or response status is not allowed.' },
  ERR_INVALID_ARG_TYPE: { base: 'TypeError', message: 'The "%s" argument must be %s' },
  ERR_OUT_OF_RANGE: { base: 'RangeError', message: 'The value of "%s" is out of range. It must be %s. Received %s' },
  ECONNRESET: { base: 'Error', message: '%s' },
  /** Ours: a well-framed request head that RFC 9112 / RFC 9110 say a server MUST refuse (request-checks.ts). */
  ERR_HTTP_SERVER_INVALID_REQUEST: { base: 'Error', message: 'Bad Request: %s' },
} as const;

/** Every error code of this package. */
export type HttpServerErrorCode = keyof typeof ERROR_CODES;

function format(template: string, args: readonly unknown[]): string {
  let i = 0;
  return template.replace(/%s/g, () => String(args[i++]));
}

type Coded = { readonly code: HttpServerErrorCode };

/** A plain `Error` with one of this package's codes. */
export class HttpServerError extends Error implements Coded {
  readonly code: HttpServerErrorCode;
  constructor(code: HttpServerErrorCode, ...args: unknown[]) {
    super(format(ERROR_CODES[code].message, args));
    this.code = code;
  }
}

/** A `TypeError` with a code (Node's class for bad argument types). */
export class HttpServerTypeError extends TypeError implements Coded {
  readonly code: HttpServerErrorCode;
  constructor(code: HttpServerErrorCode, ...args: unknown[]) {
    super(format(ERROR_CODES[code].message, args));
    this.code = code;
  }
}

/** A `RangeError` with a code (Node's class for out-of-range values). */
export class HttpServerRangeError extends RangeError implements Coded {
  readonly code: HttpServerErrorCode;
  constructor(code: HttpServerErrorCode, ...args: unknown[]) {
    super(format(ERROR_CODES[code].message, args));
    this.code = code;
  }
}

/** Builds the error for `code` with the class Node uses for it. */
export function httpError(code: HttpServerErrorCode, ...args: unknown[]): Error & Coded {
  switch (ERROR_CODES[code].base) {
    case 'TypeError': return new HttpServerTypeError(code, ...args);
    case 'RangeError': return new HttpServerRangeError(code, ...args);
    default: return new HttpServerError(code, ...args);
  }
}

/** Node's ConnResetException: what an aborted request is destroyed with (`code: 'ECONNRESET'`, message "aborted"). */
export function connReset(message: string): HttpServerError {
  return new HttpServerError('ECONNRESET', message);
}

/** Describes a received value the way Node's ERR_INVALID_ARG_TYPE does. */
export function describe(value: unknown): string {
  if (value === null || value === undefined) return ` Received ${String(value)}`;
  if (typeof value === 'function') return ` Received function ${value.name || '<anonymous>'}`;
  if (typeof value === 'object') return ` Received an instance of ${(value as object).constructor?.name ?? 'Object'}`;
  return ` Received type ${typeof value} (${typeof value === 'string' ? `'${value}'` : String(value)})`;
}
