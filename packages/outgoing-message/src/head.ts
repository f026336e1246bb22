// Theory of operation: composing the head (status line + field section) of
// a message, the sans-I/O part of Node's OutgoingMessage#_storeHeader. The
// caller's fields are serialized in order and scanned for the few that decide
// framing and persistence (Connection, Content-Length, Transfer-Encoding,
// Trailer, Date, Expect, Keep-Alive); then Date, the Connection decision and
// the framing field are appended, in Node's order, and the blank line closes
// the head (RFC 9112 §2.1: start-line *( field-line CRLF ) CRLF).
import { chooseConnection, chooseFraming, type Framing } from './framing.js';
import { OutgoingMessageError, OutgoingMessageTypeError, invalidChar } from './errors.js';
import { hasInvalidHeaderChar, validateHeaderName, validateHeaderValue, describe } from './validate.js';

/** A field value as setHeader takes it: arrays become one line per element (or one `; `-joined Cookie line). */
export type HeaderValue = number | string | string[];

/**
 * Fields set through setHeader/appendHeader: lower-cased name → [name as
 * given, value], in insertion order (Node's kOutHeaders). A Map rather than
 * Node's null-prototype object: those are dictionaries to V8, and walking one
 * with for-in when the head is composed cost ~1 µs per response.
 */
export type HeaderStore = Map<string, [name: string, value: HeaderValue]>;

/** Fields as writeHead takes them: an object, a flat [name, value, …] array or [[name, value], …]. */
export type OutgoingFields =
  | Readonly<Record<string, HeaderValue | undefined>>
  | readonly (string | number | string[])[]
  | readonly (readonly [string, HeaderValue])[];

/** What {@link composeHead} composes from. */
export interface HeadInput {
  /** `HTTP/1.1 200 OK\r\n` (or a request line). */
  firstLine: string;
  /** The caller's fields. */
  fields: HeaderStore | OutgoingFields | null | undefined;
  /** The fields were validated when they were set (the header store): skip validation. */
  trusted: boolean;
  /** The Date value to add when the caller gave no Date field, or null to add none. */
  date: string | null;
  statusCode: number;
  hasBody: boolean;
  chunkedAllowed: boolean;
  knownLength: number | null;
  contentLengthRemoved: boolean;
  transferEncodingRemoved: boolean;
  connectionRemoved: boolean;
  keepAlive: boolean;
  maxRequestsReached: boolean;
  keepAliveTimeout: number;
  maxRequestsPerSocket: number;
}

/** The composed head and the decisions taken with it. */
export interface HeadResult {
  /** The head, blank line included. */
  head: string;
  framing: Framing;
  /** The server must close the connection after this message (Node's `_last`). */
  last: boolean;
  /** The keep-alive policy after the caller's Connection field. */
  keepAlive: boolean;
  /** The caller's Content-Length as a number (NaN if unparseable), else the known length, else null. */
  contentLength: number | null;
  /** The caller's fields include Content-Length / Transfer-Encoding / Connection / Keep-Alive. */
  contentLengthField: boolean;
  transferEncodingField: boolean;
  connectionField: boolean;
  keepAliveField: boolean;
  /** The caller's fields include Expect: the head must leave at once (a client waiting for 100-continue). */
  expect: boolean;
}

const RE_CONN_CLOSE = /(?:^|\W)close(?:$|\W)/i;
const RE_TE_CHUNKED = /(?:^|\W)chunked(?:$|\W)/i;

/** The field lines and the facts scanned from them. One per composed head. */
class FieldScan {
  text: string;
  connection = false;
  connectionClose = false;
  contentLength = false;
  contentLengthValue: number | null = null;
  te = false;
  teChunked = false;
  date = false;
  expect = false;
  trailer = false;
  keepAlive = false;
  constructor(firstLine: string) {
    this.text = firstLine;
  }
}

function isCookie(name: string): boolean {
  return name.length === 6 && name.toLowerCase() === 'cookie';
}

function storeLine(scan: FieldScan, name: string, value: unknown, validate: boolean): void {
  if (validate) validateHeaderValue(name, value);
  scan.text += name + ': ' + value + '\r\n';
  // Only names of 4..17 characters can matter ("date" .. "transfer-encoding").
  const n = name.length;
  if (n < 4 || n > 17) return;
  switch (name.toLowerCase()) {
    case 'connection':
      scan.connection = true;
      if (RE_CONN_CLOSE.test(value as string)) scan.connectionClose = true;
      break;
    case 'transfer-encoding':
      scan.te = true;
      if (RE_TE_CHUNKED.test(value as string)) scan.teChunked = true;
      break;
    case 'content-length':
      scan.contentLength = true;
      scan.contentLengthValue = +(value as string);
      break;
    case 'date': scan.date = true; break;
    case 'expect': scan.expect = true; break;
    case 'trailer': scan.trailer = true; break;
    case 'keep-alive': scan.keepAlive = true; break;
  }
}

function storeField(scan: FieldScan, name: unknown, value: unknown, validate: boolean): void {
  if (validate) validateHeaderName(name);
  const key = name as string;
  if (Array.isArray(value)) {
    // RFC 9110 §5.3: a repeated field is a list, except Set-Cookie (RFC 6265
    // §3), so every element gets its own line; RFC 6265 §5.4: Cookie is one
    // line joined with "; ".
    if (value.length < 2 || !isCookie(key)) {
      for (let i = 0; i < value.length; i++) storeLine(scan, key, value[i], validate);
      return;
    }
    value = value.join('; ');
  }
  storeLine(scan, key, value, validate);
}

function scanFields(scan: FieldScan, fields: HeadInput['fields'], trusted: boolean): void {
  if (!fields) return;
  if (trusted) {
    for (const entry of (fields as HeaderStore).values()) storeField(scan, entry[0], entry[1], false);
  } else if (Array.isArray(fields)) {
    if (fields.length && Array.isArray(fields[0])) {
      for (let i = 0; i < fields.length; i++) {
        const entry = fields[i] as readonly [string, HeaderValue];
        storeField(scan, entry[0], entry[1], true);
      }
    } else {
      if (fields.length % 2 !== 0) {
        throw new OutgoingMessageTypeError('ERR_INVALID_ARG_VALUE', 'headers', `is invalid. Received ${describe(fields)}`);
      }
      for (let i = 0; i < fields.length; i += 2) storeField(scan, fields[i], fields[i + 1], true);
    }
  } else {
    const obj = fields as Record<string, unknown>;
    for (const key in obj) {
      if (Object.hasOwn(obj, key)) storeField(scan, key, obj[key], true);
    }
  }
}

/**
 * Composes the head of a message and decides its framing and persistence, as
 * Node's `_storeHeader` does. Throws on an invalid field (untrusted input only)
 * and ERR_HTTP_TRAILER_INVALID when a Trailer field meets a framing without
 * trailers. Pure apart from those throws.
 */
export function composeHead(input: HeadInput): HeadResult {
  const scan = new FieldScan(input.firstLine);
  scanFields(scan, input.fields, input.trusted);
  let head = scan.text;
  // RFC 9110 §6.6.1: an origin server with a clock sends Date.
  if (input.date !== null && !scan.date) head += 'Date: ' + input.date + '\r\n';

  const framing = chooseFraming({
    statusCode: input.statusCode,
    hasBody: input.hasBody,
    contentLengthField: scan.contentLength,
    transferEncodingField: scan.te,
    transferEncodingChunked: scan.teChunked,
    trailerField: scan.trailer,
    chunkedAllowed: input.chunkedAllowed,
    knownLength: input.knownLength,
    contentLengthRemoved: input.contentLengthRemoved,
    transferEncodingRemoved: input.transferEncodingRemoved,
  });
  const connection = chooseConnection({
    keepAlive: input.keepAlive && !framing.refuseKeepAlive,
    connectionRemoved: input.connectionRemoved,
    connectionField: scan.connection,
    connectionClose: scan.connectionClose,
    contentLengthField: scan.contentLength,
    chunkedAllowed: input.chunkedAllowed,
    maxRequestsReached: input.maxRequestsReached,
    keepAliveTimeout: input.keepAliveTimeout,
    maxRequestsPerSocket: input.maxRequestsPerSocket,
    keepAliveField: scan.keepAlive,
  });
  // RFC 9112 §7.1.2: trailers travel only in a chunked body.
  if (framing.trailerInvalid) throw new OutgoingMessageError('ERR_HTTP_TRAILER_INVALID');

  return {
    head: head + connection.field + framing.field + '\r\n',
    framing: framing.framing,
    last: connection.last || framing.close,
    keepAlive: connection.keepAlive,
    contentLength: scan.contentLength ? scan.contentLengthValue : input.knownLength,
    contentLengthField: scan.contentLength,
    transferEncodingField: scan.te,
    connectionField: scan.connection,
    keepAliveField: scan.keepAlive,
    expect: scan.expect,
  };
}

/**
 * Serializes a trailer section (RFC 9110 §6.5, RFC 9112 §7.1.2) from an object
 * or an array of [name, value] pairs, as Node's addTrailers does: every name
 * must be a token, no value may carry a CR, LF, NUL or other CTL.
 */
export function serializeTrailers(trailers: Readonly<Record<string, HeaderValue>> | readonly (readonly [string, HeaderValue])[]): string {
  let out = '';
  const isArray = Array.isArray(trailers);
  const keys = Object.keys(trailers);
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    let field: unknown;
    let value: unknown;
    if (isArray) {
      const entry = (trailers as readonly (readonly [string, HeaderValue])[])[+key];
      field = entry[0];
      value = entry[1];
    } else {
      field = key;
      value = (trailers as Record<string, HeaderValue>)[key];
    }
    validateHeaderName(field, 'Trailer name');
    if (Array.isArray(value) && value.length > 1) {
      for (let j = 0; j < value.length; j++) {
        if (hasInvalidHeaderChar(value[j])) throw invalidChar('trailer content', field);
        out += field + ': ' + value[j] + '\r\n';
      }
    } else {
      if (Array.isArray(value)) value = value.join('; ');
      if (hasInvalidHeaderChar(value)) throw invalidChar('trailer content', field);
      out += field + ': ' + value + '\r\n';
    }
  }
  return out;
}
