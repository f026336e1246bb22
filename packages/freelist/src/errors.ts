// The error codes a FreeList throws. Both are Node's own (the checks Node's
// validators make), thrown as the same built-in types Node uses, so code that
// branches on `err.code` or `instanceof RangeError` keeps working.

/** Every code this package throws: the built-in error type Node uses for it, and what it means. */
export const FreeListErrorCodes = {
  ERR_INVALID_ARG_TYPE: { type: 'TypeError', reason: 'an argument has the wrong type' },
  ERR_OUT_OF_RANGE: { type: 'RangeError', reason: 'a number argument is outside its allowed range' },
} as const;

/** The union of this package's error codes. */
export type FreeListErrorCode = keyof typeof FreeListErrorCodes;

/** Every FreeListError made, so `instanceof` can recognise them after re-parenting. */
const instances = new WeakSet<object>();

/**
 * Thrown for API misuse (a bad constructor argument). `code` is stable; the
 * instance is also an `instanceof` the built-in type in {@link FreeListErrorCodes}
 * (a `RangeError` for `ERR_OUT_OF_RANGE`), as Node's errors are.
 */
export class FreeListError extends Error {
  readonly code: FreeListErrorCode;

  constructor(code: FreeListErrorCode, message: string) {
    super(message);
    this.code = code;
    this.name = FreeListErrorCodes[code].type;
    instances.add(this);
    // Re-parent onto the built-in type so `instanceof RangeError` holds as in
    // Node; `instanceof FreeListError` still holds through Symbol.hasInstance.
    Object.setPrototypeOf(this, prototypes[FreeListErrorCodes[code].type]);
  }

  static override [Symbol.hasInstance](value: unknown): boolean {
    return typeof value === 'object' && value !== null && instances.has(value);
  }
}

const prototypes = {
  TypeError: Object.create(TypeError.prototype, { constructor: { value: FreeListError, writable: true, configurable: true } }),
  RangeError: Object.create(RangeError.prototype, { constructor: { value: FreeListError, writable: true, configurable: true } }),
} as const;
