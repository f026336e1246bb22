/**
 * The field names the parser acts on (RFC 9112 §6 framing, RFC 9110 §7.6.1
 * and §7.8 connection handling), recognised case-insensitively once the name
 * is complete: a length check first, so that the common fields (Host,
 * Accept, Cookie, ...) cost one array load.
 */
import { LOWER } from './chars.js';
import { H } from './state.js';

const SPECIAL: ReadonlyArray<readonly [string, H]> = [
  ['upgrade', H.UPGRADE],
  ['connection', H.CONNECTION],
  ['content-length', H.CONTENT_LENGTH],
  ['proxy-connection', H.CONNECTION],
  ['transfer-encoding', H.TRANSFER_ENCODING],
];

export const LONGEST_SPECIAL_NAME = Math.max(...SPECIAL.map(([name]) => name.length));
/** `nameLength` marker: this name is known not to be special (too long, or settled). */
export const NOT_SPECIAL = -1;

/**
 * `NAME_BY_LENGTH[n]`: the special name of n bytes (no two share a length),
 * or an empty array; `STATE_BY_LENGTH[n]` what it means.
 */
const NAME_BY_LENGTH: Uint8Array[] = [];
const STATE_BY_LENGTH: H[] = [];
for (let n = 0; n <= LONGEST_SPECIAL_NAME; n++) {
  const same = SPECIAL.filter(([name]) => name.length === n);
  if (same.length > 1) throw new Error(`field-names: two special names of ${n} bytes`);
  NAME_BY_LENGTH.push(Uint8Array.from(same[0]?.[0] ?? '', (c) => c.charCodeAt(0)));
  STATE_BY_LENGTH.push(same[0]?.[1] ?? H.GENERAL);
}

/** H.CONNECTION, H.CONTENT_LENGTH, ... for `buf[start, end)`, or H.GENERAL. */
export function specialFieldName(buf: Uint8Array, start: number, end: number): H {
  const length = end - start;
  if (length > LONGEST_SPECIAL_NAME) return H.GENERAL;
  const name = NAME_BY_LENGTH[length];
  if (name.length === 0) return H.GENERAL;
  for (let i = 0; i < length; i++) if (LOWER[buf[start + i]] !== name[i]) return H.GENERAL;
  return STATE_BY_LENGTH[length];
}
