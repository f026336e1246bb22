// The errors NetServer throws (API misuse) or hands to callbacks. Every code is
// Node's own, with Node's built-in error type and message wording, so code
// written against node:net that branches on `err.code`, `instanceof RangeError`
// or even the message keeps working. System errors from the socket layer
// (EADDRINUSE, EACCES, ENOTFOUND…) are node:net's and arrive unchanged.
import { inspect } from 'node:util';

/** Every code this package throws: the built-in type Node uses for it, and what it means. */
export const NetServerErrorCodes = {
  ERR_SOCKET_BAD_PORT: { type: 'RangeError', reason: 'a port is not an integer in 0…65535' },
  ERR_SERVER_ALREADY_LISTEN: { type: 'Error', reason: 'listen() was called on a server that is listening or binding' },
  ERR_SERVER_NOT_RUNNING: { type: 'Error', reason: 'close() was called on a server that was not listening' },
  ERR_INVALID_ARG_TYPE: { type: 'TypeError', reason: 'an argument or option has the wrong type' },
  ERR_INVALID_ARG_VALUE: { type: 'TypeError', reason: 'listen() options name neither a port nor a path' },
  ERR_OUT_OF_RANGE: { type: 'RangeError', reason: 'a number option is outside its allowed range' },
} as const;

/** The union of this package's error codes. */
export type NetServerErrorCode = keyof typeof NetServerErrorCodes;

/** Every NetServerError made, so `instanceof` recognises them after re-parenting. */
const instances = new WeakSet<object>();

/**
 * The one error class of this package. `code` is stable; the instance is also
 * an `instanceof` the built-in type listed in {@link NetServerErrorCodes}
 * (`ERR_SOCKET_BAD_PORT` is a `RangeError`), as Node's errors are.
 */
export class NetServerError extends Error {
  readonly code: NetServerErrorCode;

  constructor(code: NetServerErrorCode, message: string) {
    super(message);
    this.code = code;
    this.name = NetServerErrorCodes[code].type;
    instances.add(this);
    // One class cannot extend both RangeError and TypeError: re-parent the
    // instance onto the built-in Node uses; Symbol.hasInstance below keeps
    // `instanceof NetServerError` true.
    Object.setPrototypeOf(this, prototypes[NetServerErrorCodes[code].type]);
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && instances.has(value);
  }
}

const withConstructor = (proto: object): object =>
  Object.create(proto, { constructor: { value: NetServerError, writable: true, configurable: true } });
const prototypes = {
  Error: NetServerError.prototype,
  TypeError: withConstructor(TypeError.prototype),
  RangeError: withConstructor(RangeError.prototype),
} as const;

/** Node's `determineSpecificType`: how a message names the value it got. */
export function received(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'function' && value.name) return `function ${value.name}`;
  if (typeof value === 'object') {
    const name = (value as object).constructor?.name;
    return name ? `an instance of ${name}` : inspect(value, { depth: -1 });
  }
  if (typeof value === 'string') {
    const cut = value.length > 28 ? `${value.slice(0, 25)}...` : value;
    return `type string (${cut.includes("'") ? JSON.stringify(cut) : `'${cut}'`})`;
  }
  return `type ${typeof value} (${inspect(value)})`;
}

/** `ERR_SOCKET_BAD_PORT`, worded as Node's validatePort. */
export function badPort(name: string, port: unknown): NetServerError {
  return new NetServerError('ERR_SOCKET_BAD_PORT', `${name} should be >= 0 and < 65536. Received ${received(port)}.`);
}

/** `ERR_INVALID_ARG_TYPE`; `name` with a dot is a property, otherwise an argument (Node's wording). */
export function invalidArgType(name: string, expected: string, value: unknown): NetServerError {
  const what = name.includes('.') ? 'property' : 'argument';
  return new NetServerError('ERR_INVALID_ARG_TYPE', `The "${name}" ${what} must be ${expected}. Received ${received(value)}`);
}

/** `ERR_INVALID_ARG_VALUE`, worded as Node's. */
export function invalidArgValue(name: string, value: unknown, reason = 'is invalid'): NetServerError {
  return new NetServerError('ERR_INVALID_ARG_VALUE', `The argument '${name}' ${reason}. Received ${inspect(value)}`);
}

/** `ERR_OUT_OF_RANGE`, worded as Node's. */
export function outOfRange(name: string, range: string, value: unknown): NetServerError {
  return new NetServerError('ERR_OUT_OF_RANGE', `The value of "${name}" is out of range. It must be ${range}. Received ${String(value)}`);
}

/** `ERR_SERVER_ALREADY_LISTEN`, Node's message. */
export const alreadyListening = (): NetServerError =>
  new NetServerError('ERR_SERVER_ALREADY_LISTEN', 'Listen method has been called more than once without closing.');

/** `ERR_SERVER_NOT_RUNNING`, Node's message. */
export const notRunning = (): NetServerError => new NetServerError('ERR_SERVER_NOT_RUNNING', 'Server is not running.');
