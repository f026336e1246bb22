/**
 * Word-at-a-time scanning of field values (SWAR: SIMD within a register),
 * the portable counterpart of llhttp's SSE4.2 fast path. Eight bytes are
 * tested per step with integer arithmetic; the first word holding anything
 * other than plain field content hands over to the byte loop, which finds
 * the exact byte. `view` covers the chunk's whole ArrayBuffer; `base` is the
 * chunk's byteOffset in it.
 */

/**
 * Non-zero when some byte of the 32-bit word is a CTL (< 0x20, which covers
 * CR, LF, NUL and HTAB) or DEL (0x7f). `((x - 0x20..) & ~x & 0x80..)` is
 * non-zero exactly when a byte is below 0x20; with `y = x ^ 0x7f..`, a DEL
 * byte becomes zero and `((y - 0x01..) & ~y & 0x80..)` finds it. Bytes
 * >= 0x80 (obs-text) trigger neither.
 */
function hasControl(x: number): number {
  const y = x ^ 0x7f7f7f7f;
  return ((x - 0x20202020) & ~x & 0x80808080) | ((y - 0x01010101) & ~y & 0x80808080);
}

/**
 * Non-zero when some byte of the word is not a request-target byte of
 * URL_CHAR (chars.ts): at most SP (< 0x21), DEL or above (>= 0x7f), "#" or
 * "?" — each test as in `hasControl`.
 */
function hasNonUrl(x: number): number {
  const del = x ^ 0x7f7f7f7f;
  const hash = x ^ 0x23232323;
  const question = x ^ 0x3f3f3f3f;
  return ((x - 0x21212121) & ~x & 0x80808080) | (x & 0x80808080) | ((del - 0x01010101) & ~del & 0x80808080) |
    ((hash - 0x01010101) & ~hash & 0x80808080) | ((question - 0x01010101) & ~question & 0x80808080);
}

/** Below this many bytes left in the chunk the byte loop is as fast, and a DataView not worth making. */
export const WORD_SCAN_MIN = 64;

/**
 * Skip whole 8-byte blocks of `view` from `p` (below `end`) that hold only
 * field-vchar and SP (RFC 9110 §5.5); returns where the byte loop must look.
 */
export function skipFieldContentWords(view: DataView, base: number, p: number, end: number): number {
  while (p + 8 <= end) {
    if ((hasControl(view.getInt32(base + p, true)) | hasControl(view.getInt32(base + p + 4, true))) !== 0) break;
    p += 8;
  }
  return p;
}

/** Skip whole 8-byte blocks of request-target bytes (see `hasNonUrl`); the byte loop finds the exact end. */
export function skipUrlWords(view: DataView, base: number, p: number, end: number): number {
  while (p + 8 <= end) {
    if ((hasNonUrl(view.getInt32(base + p, true)) | hasNonUrl(view.getInt32(base + p + 4, true))) !== 0) break;
    p += 8;
  }
  return p;
}

