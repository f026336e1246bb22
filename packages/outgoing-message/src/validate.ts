// Header name and value validation with the parser's byte tables, so that
// what we send and what we accept are judged by the same rules. This is what
// makes header injection and response splitting impossible: no CR, LF or NUL
// can reach the head through a name, a value, a trailer or a reason phrase.
import { HEADER_VALUE, TOKEN } from '@purehttp/http-parser';
import { OutgoingMessageTypeError, invalidChar } from './errors.js';

// Read once: in the CommonJS build every use of an imported binding is a
// getter call on the other package's exports, ~10 ns per byte in these loops.
const TOKEN_BYTES: Uint8Array = TOKEN;
const VALUE_BYTES: Uint8Array = HEADER_VALUE;

/**
 * RFC 9110 §5.1: field-name = token; §5.6.2: token = 1*tchar. A UTF-16 unit
 * above 0xFF is never a tchar.
 */
export function isHttpToken(name: string): boolean {
  const n = name.length;
  if (n === 0) return false;
  for (let i = 0; i < n; i++) {
    const c = name.charCodeAt(i);
    if (c > 0xff || TOKEN_BYTES[c] !== 1) return false;
  }
  return true;
}

/**
 * True when `value` (as a string, the way Node coerces it) holds a byte a field
 * value may not carry. RFC 9110 §5.5: field-value bytes are HTAB, SP, VCHAR and
 * obs-text; CTLs (NUL, CR and LF among them) and DEL are out. A UTF-16 unit
 * above 0xFF cannot be sent as one latin1 byte and is refused as Node does.
 */
export function hasInvalidHeaderChar(value: unknown): boolean {
  const s = typeof value === 'string' ? value : String(value);
  for (let i = 0, n = s.length; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c > 0xff || VALUE_BYTES[c] !== 1) return true;
  }
  return false;
}

/**
 * Throws Node's ERR_INVALID_HTTP_TOKEN (a TypeError) unless `name` is a token.
 * `label` names the thing in the message: "Header name" or "Trailer name".
 */
export function validateHeaderName(name: unknown, label = 'Header name'): asserts name is string {
  if (typeof name !== 'string' || !isHttpToken(name)) {
    throw new OutgoingMessageTypeError('ERR_INVALID_HTTP_TOKEN', label, name);
  }
}

/**
 * Throws Node's ERR_HTTP_INVALID_HEADER_VALUE for `undefined` and
 * ERR_INVALID_CHAR for a value with a byte outside RFC 9110 §5.5 (both TypeErrors).
 */
export function validateHeaderValue(name: string, value: unknown): void {
  if (value === undefined) {
    throw new OutgoingMessageTypeError('ERR_HTTP_INVALID_HEADER_VALUE', value, name);
  }
  if (hasInvalidHeaderChar(value)) throw invalidChar('header content', name);
}

/** Throws Node's ERR_INVALID_ARG_TYPE unless `name` is a string (getHeader, hasHeader, removeHeader). */
export function validateString(value: unknown, name: string): asserts value is string {
  if (typeof value !== 'string') {
    throw new OutgoingMessageTypeError('ERR_INVALID_ARG_TYPE', name, `of type string. Received ${describe(value)}`);
  }
}

/** A short description of a received value for ERR_INVALID_ARG_* messages. */
export function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'function') return `function ${value.name}`;
  if (typeof value === 'object') {
    const ctor = (value as { constructor?: { name?: string } }).constructor?.name;
    return ctor ? `an instance of ${ctor}` : 'an object';
  }
  return `type ${typeof value} (${String(value).slice(0, 25)})`;
}
