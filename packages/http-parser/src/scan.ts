/**
 * Word-at-a-time scanning of field values (SWAR: SIMD within a register),
 * the portable counterpart of llhttp's SSE4.2 fast path. Eight bytes are
 * tested per step with integer arithmetic; in the first block holding
 * anything other than plain content the scan stops at that byte, where the
 * byte loop takes over. `view` covers the chunk's whole ArrayBuffer; `base`
 * is the chunk's byteOffset in it.
 */

/**
 * Once masked with 0x80808080, flags each byte of the 32-bit word that is
 * a CTL (< 0x20, which covers CR, LF, NUL and HTAB) or DEL (0x7f). With `t`
 * the word's bytes cut to 7 bits, `t + 0x60` reaches 0x80 from SP up and
 * `t + 0x01` only at DEL; no carry crosses a byte, so every flag is exact.
 * `& ~x` clears the flags of obs-text (>= 0x80), which a value may hold
 * (RFC 9110 §5.5): raw UTF-8 in a value is scanned at full speed too.
 */
function controlBits(x: number): number {
  const t = x & 0x7f7f7f7f;
  return (~(t + 0x60606060) | (t + 0x01010101)) & ~x;
}

/**
 * Like `controlBits`, for the bytes that end a run of request-target bytes
 * of URL_CHAR (chars.ts): SP and below (`t + 0x5f` stays under 0x80), DEL,
 * obs-text, and "#" or "?" (`u = t ^ "#"` is zero exactly where
 * `(u + 0x7f) | u` keeps its top bit clear). Every flag is exact.
 */
function nonUrlBits(x: number): number {
  const t = x & 0x7f7f7f7f;
  const hash = t ^ 0x23232323;
  const question = t ^ 0x3f3f3f3f;
  const kept = (t + 0x5f5f5f5f) & ((hash + 0x7f7f7f7f) | hash) & ((question + 0x7f7f7f7f) | question);
  return ~kept | (t + 0x01010101) | x;
}

/**
 * The index (0-3) of the lowest byte of `bits` whose top bit is set (the
 * other bits are ignored): a count of trailing zeros, from clz32 of the
 * lowest set bit. Shifted right first so that `x & -x` stays an int32.
 */
function firstFlagged(bits: number): number {
  const x = (bits & 0x80808080) >>> 7;
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
  // `at` walks the ArrayBuffer itself, so that a step adds nothing to find its words
  const last = base + end - 8;
  let at = base + p;
  for (; at <= last; at += 8) {
    const low = controlBits(view.getInt32(at, true));
    const high = controlBits(view.getInt32(at + 4, true));
    // one mask for both words per step; which word holds the first flag is asked only on the way out
    if (((low | high) & 0x80808080) !== 0) {
      return at - base + ((low & 0x80808080) !== 0 ? firstFlagged(low) : 4 + firstFlagged(high));
    }
  }
  return at - base;
}

/**
 * `skipFieldContentWords` for request-target bytes (see `nonUrlBits`). The
 * same loop on purpose: one loop taking the bit test as an argument made a
 * 703-byte request take 1,190 ns instead of 640 (the call to the test stops
 * being inlined once two tests share it).
 */
export function skipUrlWords(view: DataView, base: number, p: number, end: number): number {
  // `at` walks the ArrayBuffer itself, so that a step adds nothing to find its words
  const last = base + end - 8;
  let at = base + p;
  for (; at <= last; at += 8) {
    const low = nonUrlBits(view.getInt32(at, true));
    const high = nonUrlBits(view.getInt32(at + 4, true));
    if (((low | high) & 0x80808080) !== 0) {
      return at - base + ((low & 0x80808080) !== 0 ? firstFlagged(low) : 4 + firstFlagged(high));
    }
  }
  return at - base;
}
