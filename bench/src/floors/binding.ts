/**
 * What the floors that pose as Node's parser binding share (head-strings.ts,
 * compat-on-span.ts): the callback slots they wire Node's glue into, the
 * glue's call shape, and Node's native latin1 decode.
 */
import type * as NodeGlue from '../contenders/node-glue.js';

export const GLUE_URL = new URL('../contenders/node-glue.ts', import.meta.url);
/** The binding's slot numbers, as Node's `HTTPParser` has them. */
export const SLOTS: NodeGlue.Slots = { kOnHeaders: 1, kOnHeadersComplete: 2, kOnBody: 3, kOnMessageComplete: 4 };

export type GlueCall = (this: unknown, ...args: unknown[]) => unknown;

/** `buf.latin1Slice(start, end)` for any Uint8Array: one call into Node's C++ per string. */
export const latin1Slice = (Buffer.prototype as unknown as { latin1Slice(start: number, end: number): string }).latin1Slice;
