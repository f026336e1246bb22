/**
 * Byte classes as 256-entry tables: `TABLE[byte] === 1` when the byte belongs
 * to the class. The parser's hot loops index these instead of comparing
 * ranges, and the outgoing side validates header names and values with the
 * very same tables.
 */

function table(accept: (c: number) => boolean): Uint8Array {
  const t = new Uint8Array(256);
  for (let c = 0; c < 256; c++) t[c] = accept(c) ? 1 : 0;
  return t;
}

const isAlpha = (c: number) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
const among = (chars: string) => (c: number) => chars.includes(String.fromCharCode(c));

/**
 * RFC 9110 §5.6.2:
 *   token = 1*tchar
 *   tchar = "!" / "#" / "$" / "%" / "&" / "'" / "*" / "+" / "-" / "." /
 *           "^" / "_" / "`" / "|" / "~" / DIGIT / ALPHA
 */
export const TOKEN = table((c) => isAlpha(c) || isDigit(c) || among("!#$%&'*+-.^_`|~")(c));

/**
 * `TOKEN_PAIR[(a << 8) | b]` is 1 when both bytes are tchar: field names are
 * scanned two bytes per table load (64 KiB, made once).
 */
export const TOKEN_PAIR = (() => {
  const t = new Uint8Array(65536);
  for (let a = 0; a < 256; a++) {
    if (TOKEN[a] === 0) continue;
    for (let b = 0; b < 256; b++) t[(a << 8) | b] = TOKEN[b];
  }
  return t;
})();

/**
 * RFC 9110 §5.5:
 *   field-value = *field-content
 *   field-vchar = VCHAR / obs-text      ; %x21-7E / %x80-FF
 * plus SP and HTAB inside the value. Excludes CTLs (NUL, CR, LF among them)
 * and DEL.
 */
export const HEADER_VALUE = table((c) => c === 0x09 || (c >= 0x20 && c <= 0xff && c !== 0x7f));

/** OWS = *( SP / HTAB ) (RFC 9110 §5.6.3): the whitespace around a field value. */
export const OWS = table((c) => c === 0x20 || c === 0x09);

/** Header value bytes inside a Connection / Transfer-Encoding list: a field value byte but not ",". */
export const LIST_TOKEN = table((c) => HEADER_VALUE[c] === 1 && c !== 0x2c);

/**
 * Control bytes that `lenient header_value_relaxed` lets through in a field
 * value (every CTL but NUL, CR and LF, plus DEL): common in the wild,
 * discouraged by RFC 9110 §5.5, and never a line break.
 */
export const RELAXED_HEADER_VALUE = table(
  (c) => (c < 0x20 && c !== 0x00 && c !== 0x0a && c !== 0x0d) || c === 0x7f,
);

/**
 * Bytes of a request-target (RFC 9112 §3.2, RFC 3986 §2): unreserved,
 * sub-delims, ":" "@" "/" "%" and the few extra visible ASCII characters that
 * llhttp's strict mode accepts. "?" and "#" are handled by the URL states.
 * No CTL, no SP, no byte >= 0x80.
 */
export const URL_CHAR = table(
  (c) => isAlpha(c) || isDigit(c) || among('!"$%&\'()*+,-./:;<=>@[\\]^_`{|}~')(c),
);

/** userinfo / host / port bytes of an authority (RFC 3986 §3.2), and "[" "]" of IP literals. */
export const USERINFO_CHAR = table(
  (c) => isAlpha(c) || isDigit(c) || among("-_.!~*'()%;:&=+$,[]")(c),
);

export const ALPHA = table(isAlpha);

/** HEXDIG value + 1, or 0 for a non-hex byte (RFC 9112 §7.1: chunk-size = 1*HEXDIG). */
export const HEX_VALUE = (() => {
  const t = new Int8Array(256).fill(-1);
  for (let c = 0; c < 256; c++) {
    if (isDigit(c)) t[c] = c - 0x30;
    else if (c >= 0x41 && c <= 0x46) t[c] = c - 0x41 + 10;
    else if (c >= 0x61 && c <= 0x66) t[c] = c - 0x61 + 10;
  }
  return t;
})();

/**
 * RFC 9112 §7.1.1: quoted-string in chunk extensions
 *   qdtext = HTAB / SP / %x21 / %x23-5B / %x5D-7E / obs-text
 */
export const QDTEXT = table(
  (c) => c === 0x09 || c === 0x20 || c === 0x21 || (c >= 0x23 && c <= 0x5b) || (c >= 0x5d && c <= 0x7e) || c >= 0x80,
);

/** RFC 9110 §5.6.4: quoted-pair = "\" ( HTAB / SP / VCHAR / obs-text ) */
export const QUOTED_PAIR = table((c) => c === 0x09 || c === 0x20 || (c >= 0x21 && c <= 0x7e) || c >= 0x80);

/** ASCII lower-casing for case-insensitive matches (header names, Connection tokens). */
export const LOWER = table(() => false).map((_, c) => (c >= 0x41 && c <= 0x5a ? c | 0x20 : c));
