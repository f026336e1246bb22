// The errors this package throws or emits. Every code is Node's own, with
// Node's message and Node's base class (TypeError for bad arguments and bad
// header bytes, RangeError for a bad status code, Error otherwise), so that
// code written against node:http — `err.code === 'ERR_INVALID_CHAR'`,
// `err instanceof TypeError` — keeps working unchanged.

/** Each code with the class Node gives it and its message template (`%s` is filled in order). */
export const ERROR_CODES = {
  ERR_HTTP_HEADERS_SENT: { base: 'Error', message: 'Cannot %s headers after they are sent to the client' },
  ERR_HTTP_INVALID_HEADER_VALUE: { base: 'TypeError', message: 'Invalid value "%s" for header "%s"' },
  ERR_INVALID_HTTP_TOKEN: { base: 'TypeError', message: '%s must be a valid HTTP token ["%s"]' },
  ERR_INVALID_CHAR: { base: 'TypeError', message: 'Invalid character in %s' },
  ERR_HTTP_INVALID_STATUS_CODE: { base: 'RangeError', message: 'Invalid status code: %s' },
  ERR_HTTP_TRAILER_INVALID: { base: 'Error', message: 'Trailers are invalid with this transfer encoding' },
  ERR_HTTP_CONTENT_LENGTH_MISMATCH: {
    base: 'Error',
    message: "Response body's content-length of %s byte(s) does not match the content-length of %s byte(s) set in header",
  },
  ERR_HTTP_SOCKET_ASSIGNED: { base: 'Error', message: 'ServerResponse has an already assigned socket' },
  ERR_STREAM_WRITE_AFTER_END: { base: 'Error', message: 'write after end' },
  ERR_STREAM_DESTROYED: { base: 'Error', message: 'Cannot call %s after a stream was destroyed' },
  ERR_STREAM_ALREADY_FINISHED: { base: 'Error', message: 'Cannot call %s after a stream was finished' },
  ERR_STREAM_NULL_VALUES: { base: 'TypeError', message: 'May not write null values to stream' },
  ERR_STREAM_CANNOT_PIPE: { base: 'Error', message: 'Cannot pipe, not readable' },
  ERR_METHOD_NOT_IMPLEMENTED: { base: 'Error', message: 'The %s method is not implemented' },
  ERR_INVALID_ARG_TYPE: { base: 'TypeError', message: 'The "%s" argument must be %s' },
  ERR_INVALID_ARG_VALUE: { base: 'TypeError', message: "The argument '%s' %s" },
} as const;

/** Every error code of this package. */
export type ErrorCode = keyof typeof ERROR_CODES;

/** Error codes whose errors are `TypeError`s. */
export type TypeErrorCode = { [C in ErrorCode]: (typeof ERROR_CODES)[C]['base'] extends 'TypeError' ? C : never }[ErrorCode];
/** Error codes whose errors are `RangeError`s. */
export type RangeErrorCode = { [C in ErrorCode]: (typeof ERROR_CODES)[C]['base'] extends 'RangeError' ? C : never }[ErrorCode];
/** Error codes whose errors are plain `Error`s. */
export type PlainErrorCode = Exclude<ErrorCode, TypeErrorCode | RangeErrorCode>;

function format(template: string, args: readonly unknown[]): string {
  let i = 0;
  return template.replace(/%s/g, () => String(args[i++]));
}

// Node prints `TypeError [ERR_X]: message` as the first line of the stack and
// from toString(); the name is set only while the stack is captured, as Node
// does, so that `err.name` stays the plain class name.
function brand(err: Error & { code: string }, base: string): void {
  Object.defineProperty(err, 'name', { value: `${base} [${err.code}]`, configurable: true, writable: true });
  void err.stack;
  delete (err as { name?: string }).name;
}

function toString(this: Error & { code: string }): string {
  return `${this.name} [${this.code}]: ${this.message}`;
}

/** A plain `Error` with one of this package's codes (Node's codes). */
export class OutgoingMessageError extends Error {
  readonly code: PlainErrorCode;
  constructor(code: PlainErrorCode, ...args: unknown[]) {
    super(format(ERROR_CODES[code].message, args));
    this.code = code;
    brand(this, 'Error');
  }
  override toString(): string {
    return toString.call(this);
  }
}

/** A `TypeError` with one of this package's codes: bad arguments, bad header bytes. */
export class OutgoingMessageTypeError extends TypeError {
  readonly code: TypeErrorCode;
  constructor(code: TypeErrorCode, ...args: unknown[]) {
    super(format(ERROR_CODES[code].message, args));
    this.code = code;
    brand(this, 'TypeError');
  }
  override toString(): string {
    return toString.call(this);
  }
}

/** A `RangeError` with one of this package's codes: a status code outside 100–999. */
export class OutgoingMessageRangeError extends RangeError {
  readonly code: RangeErrorCode;
  constructor(code: RangeErrorCode, ...args: unknown[]) {
    super(format(ERROR_CODES[code].message, args));
    this.code = code;
    brand(this, 'RangeError');
  }
  override toString(): string {
    return toString.call(this);
  }
}

/** Any error of this package. */
export type AnyOutgoingMessageError = OutgoingMessageError | OutgoingMessageTypeError | OutgoingMessageRangeError;

/**
 * Node's ERR_INVALID_CHAR message: `Invalid character in <what>` plus
 * ` ["<field>"]` when a field name is known.
 */
export function invalidChar(what: string, field?: string): OutgoingMessageTypeError {
  return new OutgoingMessageTypeError('ERR_INVALID_CHAR', field === undefined ? what : `${what} ["${field}"]`);
}
