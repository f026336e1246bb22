/**
 * Word-at-a-time scanning of field values (SWAR: SIMD within a register),
 * the portable counterpart of llhttp's SSE4.2 fast path. Eight bytes are
 * tested per step with integer arithmetic; the first word holding anything
 * other than plain field content hands over to the byte loop, which finds
 * the exact byte. `view` covers the chunk's whole ArrayBuffer; `base` is the
 * chunk's byteOffset in it.
 */

/**
 * Once masked with 0x80808080 (by the caller, once for two words), non-zero
 * exactly when some byte of the 32-bit word is a CTL (< 0x20, which covers
 * CR, LF, NUL and HTAB) or DEL (0x7f). `(x - 0x20..) & ~x` flags a byte
 * below 0x20; with `y = x ^ 0x7f..`, a DEL byte becomes zero and
 * `(y - 0x01..) & ~y` flags it. Bytes >= 0x80 (obs-text) trigger neither.
 */
function controlBits(x: number): number {
  const y = x ^ 0x7f7f7f7f;
  return ((x - 0x20202020) & ~x) | ((y - 0x01010101) & ~y);
}

/**
 * Like `controlBits`, for bytes that cannot be in a request-target byte of
 * URL_CHAR (chars.ts): at most SP (< 0x21), DEL or above (>= 0x7f), "#" or
 * "?" — each test as there.
 */
function nonUrlBits(x: number): number {
  const del = x ^ 0x7f7f7f7f;
  const hash = x ^ 0x23232323;
  const question = x ^ 0x3f3f3f3f;
  return ((x - 0x21212121) & ~x) | x | ((del - 0x01010101) & ~del) | ((hash - 0x01010101) & ~hash) |
    ((question - 0x01010101) & ~question);
}

/** Below this many bytes left in the chunk the byte loop is as fast, and a DataView not worth making. */
export const WORD_SCAN_MIN = 64;

/**
 * Skip whole 8-byte blocks of `view` from `p` (below `end`) that hold only
 * field-vchar and SP (RFC 9110 §5.5); returns where the byte loop must look.
 */
export function skipFieldContentWords(view: DataView, base: number, p: number, end: number): number {
  for (; p + 8 <= end; p += 8) {
    const bits = controlBits(view.getInt32(base + p, true)) | controlBits(view.getInt32(base + p + 4, true));
    if ((bits & 0x80808080) !== 0) break;
  }
  return p;
}

/** Skip whole 8-byte blocks of request-target bytes (see `nonUrlBits`); the byte loop finds the exact end. */
export function skipUrlWords(view: DataView, base: number, p: number, end: number): number {
  for (; p + 8 <= end; p += 8) {
    const bits = nonUrlBits(view.getInt32(base + p, true)) | nonUrlBits(view.getInt32(base + p + 4, true));
    if ((bits & 0x80808080) !== 0) break;
  }
  return p;
}
