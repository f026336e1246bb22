/**
 * Bytes to a JS string, one code unit per byte (ISO-8859-1), the way Node's
 * parser binding turns header bytes into strings. (`TextDecoder('latin1')`
 * is windows-1252 per the WHATWG Encoding standard, so it cannot be used.)
 */

interface MaybeBuffer extends Uint8Array {
  latin1Slice?(start: number, end: number): string;
}

/** Below this length a plain loop beats a call into the runtime. */
const SHORT = 24;
/** `String.fromCharCode.apply` passes bytes as arguments: keep batches well under the engine's limit. */
const BATCH = 8192;

export function latin1(buf: Uint8Array, start: number, end: number): string {
  const length = end - start;
  if (length < SHORT) {
    let s = '';
    for (let i = start; i < end; i++) s += String.fromCharCode(buf[i]);
    return s;
  }
  // A Node Buffer decodes natively; a plain Uint8Array (browsers, Deno, Bun) takes the portable path.
  const native = (buf as MaybeBuffer).latin1Slice;
  if (typeof native === 'function') return native.call(buf, start, end);
  let s = '';
  for (let i = start; i < end; i += BATCH) {
    s += String.fromCharCode.apply(null, buf.subarray(i, Math.min(end, i + BATCH)) as unknown as number[]);
  }
  return s;
}

/** Drop trailing SP and HTAB (RFC 9110 §5.5: OWS around a field value is not part of it). */
export function trimTrailingWhitespace(value: string): string {
  let end = value.length;
  while (end > 0) {
    const c = value.charCodeAt(end - 1);
    if (c !== 0x20 && c !== 0x09) break;
    end--;
  }
  return end === value.length ? value : value.slice(0, end);
}
