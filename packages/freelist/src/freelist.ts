// Theory of operation: a FreeList is a stack of spare objects. `alloc()` pops
// one, or makes a new one when the stack is empty; `free()` pushes one back
// unless `max` are already kept, so the pool never holds more than `max` idle
// objects however many were alive at the peak. LIFO order hands back the most
// recently used object, the one most likely still warm in cache. This is
// Node's lib/internal/freelist.js (used for HTTP parsers), typed.
import { FreeListError } from './errors.js';

/**
 * A bounded pool of reusable objects.
 *
 * @typeParam T - the pooled object type.
 * @typeParam A - the arguments `alloc()` passes on to `create` (none by default).
 *
 * @example
 * ```ts
 * const parsers = new FreeList('parsers', 1000, () => new Parser());
 * const p = parsers.alloc();
 * // … use p, reset it …
 * parsers.free(p);
 * ```
 */
export class FreeList<T, A extends unknown[] = []> {
  /** A label for diagnostics (Node names its pools, e.g. `'parsers'`). */
  readonly name: string;
  /** The most idle objects kept; `free()` refuses beyond this. */
  readonly max: number;
  readonly #create: (...args: A) => T;
  readonly #list: T[] = [];

  /**
   * @param name - a label for diagnostics.
   * @param max - how many idle objects to keep at most: an integer ≥ 0, or `Infinity`.
   * @param create - makes a new object when the pool is empty; receives `alloc()`'s arguments.
   * @throws {@link FreeListError} `ERR_INVALID_ARG_TYPE` or `ERR_OUT_OF_RANGE` on a bad argument.
   */
  constructor(name: string, max: number, create: (...args: A) => T) {
    if (typeof name !== 'string') throw new FreeListError('ERR_INVALID_ARG_TYPE', `The "name" argument must be of type string. Received ${describe(name)}`);
    if (typeof max !== 'number') throw new FreeListError('ERR_INVALID_ARG_TYPE', `The "max" argument must be of type number. Received ${describe(max)}`);
    if (!(max >= 0) || (!Number.isInteger(max) && max !== Infinity)) {
      throw new FreeListError('ERR_OUT_OF_RANGE', `The value of "max" is out of range. It must be an integer >= 0. Received ${String(max)}`);
    }
    if (typeof create !== 'function') throw new FreeListError('ERR_INVALID_ARG_TYPE', `The "create" argument must be of type function. Received ${describe(create)}`);
    this.name = name;
    this.max = max;
    this.#create = create;
  }

  /** How many idle objects the pool holds now. */
  get size(): number {
    return this.#list.length;
  }

  /** Whether `alloc()` would reuse an object rather than create one. */
  hasItems(): boolean {
    return this.#list.length > 0;
  }

  /**
   * Takes the most recently freed object, or creates one with `create(...args)`
   * when the pool is empty. A reused object is returned as it was freed: the
   * caller resets it (Node's http resets its parsers on `alloc`).
   */
  alloc(...args: A): T {
    return this.#list.length > 0 ? (this.#list.pop() as T) : this.#create(...args);
  }

  /**
   * Offers `item` back to the pool.
   * @returns `true` when it was kept, `false` when the pool already holds `max`
   * objects (the caller then lets it go, or tears it down).
   */
  free(item: T): boolean {
    if (this.#list.length < this.max) {
      this.#list.push(item);
      return true;
    }
    return false;
  }
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'function') return `function ${value.name || '<anonymous>'}`;
  if (typeof value === 'object') return `an instance of ${(value as object).constructor?.name ?? 'Object'}`;
  return `type ${typeof value} (${typeof value === 'string' ? `'${value}'` : String(value)})`;
}
