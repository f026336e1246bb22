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

interface Candidate {
  readonly name: Uint8Array;
  readonly state: H;
}

/** `BY_LENGTH[n]`: the special names of n bytes. */
const BY_LENGTH: Candidate[][] = Array.from({ length: LONGEST_SPECIAL_NAME + 1 }, (_, n) =>
  SPECIAL.filter(([name]) => name.length === n).map(([name, state]) => ({
    name: Uint8Array.from(name, (c) => c.charCodeAt(0)),
    state,
  })),
);

/** H.CONNECTION, H.CONTENT_LENGTH, ... for `buf[start, end)`, or H.GENERAL. */
export function specialFieldName(buf: Uint8Array, start: number, end: number): H {
  const length = end - start;
  if (length > LONGEST_SPECIAL_NAME) return H.GENERAL;
  const candidates = BY_LENGTH[length];
  next: for (let k = 0; k < candidates.length; k++) {
    const { name, state } = candidates[k];
    for (let i = 0; i < length; i++) {
      if (LOWER[buf[start + i]] !== name[i]) continue next;
    }
    return state;
  }
  return H.GENERAL;
}
