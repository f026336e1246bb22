/**
 * Word-at-a-time scanning of field values (SWAR: SIMD within a register),
 * the portable counterpart of llhttp's SSE4.2 fast path. Eight bytes are
 * tested per step with integer arithmetic; in the first block holding
 * anything other than plain content the scan stops at that byte, where the
 * byte loop takes over. `view` covers the chunk's whole ArrayBuffer; `base`
 * is the chunk's byteOffset in it.
 */

/**
 * Once masked with 0x80808080 (by the caller), non-zero exactly when some
 * byte of the 32-bit word is a CTL (< 0x20, which covers CR, LF, NUL and
 * HTAB) or DEL (0x7f). `(x - 0x20..) & ~x` flags a byte
 * below 0x20; with `y = x ^ 0x7f..`, a DEL byte becomes zero and
 * `(y - 0x01..) & ~y` flags it. Bytes >= 0x80 (obs-text) trigger neither.
 * A borrow can flag a byte above a flagged one, never below: the lowest
 * flagged byte is exact (see `firstFlagged`).
 */
function controlBits(x: number): number {
  const y = x ^ 0x7f7f7f7f;
  return ((x - 0x20202020) & ~x) | ((y - 0x01010101) & ~y);
}

/**
 * Like `controlBits`, for bytes that cannot be in a request-target byte of
 * URL_CHAR (chars.ts): at most SP (< 0x21), DEL or above (>= 0x7f), "#" or
 * "?" — each test as there, and as there the lowest flagged byte is exact.
 */
function nonUrlBits(x: number): number {
  const del = x ^ 0x7f7f7f7f;
  const hash = x ^ 0x23232323;
  const question = x ^ 0x3f3f3f3f;
  return ((x - 0x21212121) & ~x) | x | ((del - 0x01010101) & ~del) | ((hash - 0x01010101) & ~hash) |
    ((question - 0x01010101) & ~question);
}

/**
 * The index (0-3) of the lowest byte whose top bit is set in `bits` (only
 * bits 7, 15, 23 and 31 may be): a count of trailing zeros, from clz32 of
 * the lowest set bit. Shifted right first so that `x & -x` stays an int32.
 */
function firstFlagged(bits: number): number {
  const x = bits >>> 7;
  return (31 - Math.clz32(x & -x)) >> 3;
}

/** Below this many bytes left in the chunk the byte loop is as fast, and a DataView not worth making. */
export const WORD_SCAN_MIN = 64;

/**
 * Skip field-vchar and SP (RFC 9110 §5.5) in `view` from `p` (below `end`),
 * 8 bytes per step: returns the first other byte, or where the last whole
 * block ended; the byte loop goes on from there.
 */
export function skipFieldContentWords(view: DataView, base: number, p: number, end: number): number {
  for (; p + 8 <= end; p += 8) {
    const low = controlBits(view.getInt32(base + p, true)) & 0x80808080;
    const high = controlBits(view.getInt32(base + p + 4, true)) & 0x80808080;
    if ((low | high) !== 0) return low !== 0 ? p + firstFlagged(low) : p + 4 + firstFlagged(high);
  }
  return p;
}

/** `skipFieldContentWords` for request-target bytes (see `nonUrlBits`). */
export function skipUrlWords(view: DataView, base: number, p: number, end: number): number {
  for (; p + 8 <= end; p += 8) {
    const low = nonUrlBits(view.getInt32(base + p, true)) & 0x80808080;
    const high = nonUrlBits(view.getInt32(base + p + 4, true)) & 0x80808080;
    if ((low | high) !== 0) return low !== 0 ? p + firstFlagged(low) : p + 4 + firstFlagged(high);
  }
  return p;
}
