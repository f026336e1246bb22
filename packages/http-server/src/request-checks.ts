// The checks a well-framed request head must pass before it reaches
// 'request': the rules RFC 9112 and RFC 9110 give as a server's MUST that
// the parser (which only frames messages) does not enforce. Called once per
// request from the connection's onHeadersComplete, on the parser's output
// (raw header lines, method number, URL), before any request object is made.
//
// A failed check is handled as a parse error is: the request is never
// emitted; the connection gets an error (`ERR_HTTP_SERVER_INVALID_REQUEST`,
// with `reason`, `status` 400, `bytesParsed` and `rawPacket`) through
// 'clientError', whose default is a canned `400 Bad Request` with
// `Connection: close`, then the socket is destroyed. Nothing after the head
// (its body, further pipelined requests) is parsed.
//
// The hot path is a loop over header names comparing lengths first and a
// 256-entry byte table for the Host value: no regex, no allocation.
import { METHOD } from '@purehttp/http-parser';

/** Which checks are on (the server's properties of the same names). */
export interface RequestCheckSettings {
  requireHostHeader: boolean;
  strictHost: boolean;
  strictRequestTarget: boolean;
}

/** Why a head was refused: one reason per check, as llhttp has one reason per error site. */
export const REQUEST_CHECK_REASONS = {
  /** RFC 9112 §3.2: an HTTP/1.1 request MUST carry Host. */
  MISSING_HOST: 'Missing Host header',
  /** RFC 9110 §7.2 / RFC 9112 §3.2: more than one Host field line. */
  DUPLICATE_HOST: 'Duplicate Host header',
  /** RFC 9110 §7.2: Host = uri-host [ ":" port ]. */
  INVALID_HOST: 'Invalid Host header value',
  /** RFC 9112 §3.2.4: the asterisk form is only for OPTIONS. */
  ASTERISK_FORM: 'Asterisk-form request target with a method other than OPTIONS',
} as const;

export type RequestCheckReason = (typeof REQUEST_CHECK_REASONS)[keyof typeof REQUEST_CHECK_REASONS];

// RFC 3986 §3.2.2 (as referenced by RFC 9110 §4.2.1 and §7.2):
//   uri-host    = IP-literal / IPv4address / reg-name
//   reg-name    = *( unreserved / pct-encoded / sub-delims )
//   unreserved  = ALPHA / DIGIT / "-" / "." / "_" / "~"
//   pct-encoded = "%" HEXDIG HEXDIG
//   sub-delims  = "!" / "$" / "&" / "'" / "(" / ")" / "*" / "+" / "," / ";" / "="
//   IP-literal  = "[" ( IPv6address / IPvFuture ) "]"
//   IPvFuture   = "v" 1*HEXDIG "." 1*( unreserved / sub-delims / ":" )
//   port        = *DIGIT
// IPv4address is a reg-name as far as bytes go. One deliberate narrowing:
// "," is refused. It is a sub-delim, but no DNS name holds one, and
// "a, b" / "a,b" is what two Host values joined into one look like.
const HOST_CHAR = 1; // may appear in a reg-name (outside brackets)
const LITERAL_CHAR = 2; // may appear inside [ ... ] (hex, ":", ".", "v", unreserved, sub-delims)
const DIGIT_CHAR = 4; // port
const HEX_CHAR = 8; // pct-encoded digits

const HOST_TABLE = /* @__PURE__ */ (() => {
  const t = new Uint8Array(256);
  const set = (chars: string, bits: number) => {
    for (let i = 0; i < chars.length; i++) t[chars.charCodeAt(i)] |= bits;
  };
  const alpha = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
  const digit = '0123456789';
  set(alpha + digit + '-._~' + "!$&'()*+;=", HOST_CHAR | LITERAL_CHAR);
  set(':', LITERAL_CHAR);
  set(digit, DIGIT_CHAR | HEX_CHAR);
  set('abcdefABCDEF', HEX_CHAR);
  return t;
})();

/** The table entry of value[i] (0 past the end and for anything above 0xff: no class). */
function cls(value: string, i: number): number {
  const c = value.charCodeAt(i);
  return c <= 0xff ? HOST_TABLE[c] : 0; // NaN (past the end) fails the test: 0
}

const COLON = 0x3a;
const PERCENT = 0x25;
const OPEN = 0x5b;
const CLOSE = 0x5d;

/**
 * RFC 9110 §7.2: `Host = uri-host [ ":" port ]`, with a non-empty host
 * (§4.2.1: an "http" URI with an empty host is invalid; a server has no
 * other kind of target). `value` is the field value as the parser gave it
 * (latin1, leading and trailing whitespace already trimmed).
 */
export function isValidHost(value: string): boolean {
  const n = value.length;
  if (n === 0) return false;
  let i = 0;
  if (value.charCodeAt(0) === OPEN) {
    // IP-literal: "[" 1*( hex / ":" / "." / "v" / unreserved / sub-delims ) "]"
    i = 1;
    while (i < n && (cls(value, i) & LITERAL_CHAR) !== 0) i++;
    if (i === 1 || i >= n || value.charCodeAt(i) !== CLOSE) return false;
    i++;
  } else {
    while (i < n) {
      if ((cls(value, i) & HOST_CHAR) !== 0) i++;
      else if (value.charCodeAt(i) === PERCENT && i + 2 < n && (cls(value, i + 1) & cls(value, i + 2) & HEX_CHAR) !== 0) i += 3;
      else break;
    }
    if (i === 0) return false; // empty host (":80", or a first byte that is no host byte)
  }
  if (i === n) return true;
  if (value.charCodeAt(i) !== COLON) return false;
  // port = *DIGIT
  for (i++; i < n; i++) if ((cls(value, i) & DIGIT_CHAR) === 0) return false;
  return true;
}

/** `name` is "host" in any case (field names are case-insensitive, RFC 9110 §5.1). */
function isHostName(name: string): boolean {
  return name.length === 4
    && (name.charCodeAt(0) | 0x20) === 0x68 // h
    && (name.charCodeAt(1) | 0x20) === 0x6f // o
    && (name.charCodeAt(2) | 0x20) === 0x73 // s
    && (name.charCodeAt(3) | 0x20) === 0x74; // t
}

const OPTIONS = METHOD.OPTIONS;

/**
 * Checks one request head. `headers` is the parser's flat list
 * `[name, value, name, value, …]` (all lines, before maxHeadersCount).
 * Returns null when the request may be served, else the reason it may not.
 */
export function checkRequestHead(
  settings: RequestCheckSettings, major: number, minor: number, headers: readonly string[], method: number, url: string,
): RequestCheckReason | null {
  let hosts = 0;
  let host = '';
  for (let i = 0; i < headers.length; i += 2) {
    if (isHostName(headers[i])) {
      if (hosts++ === 0) host = headers[i + 1];
    }
  }
  if (hosts === 0) {
    // RFC 9112 §3.2: "A server MUST respond with a 400 … to any HTTP/1.1 request message that lacks a Host header field".
    if (settings.requireHostHeader && major === 1 && minor === 1) return REQUEST_CHECK_REASONS.MISSING_HOST;
  } else if (settings.strictHost) {
    // RFC 9110 §7.2: "… more than one Host header field line or a Host header field with an invalid field value".
    if (hosts > 1) return REQUEST_CHECK_REASONS.DUPLICATE_HOST;
    if (!isValidHost(host)) return REQUEST_CHECK_REASONS.INVALID_HOST;
  }
  // RFC 9112 §3.2.4: asterisk-form = "*", "only used for a server-wide OPTIONS request".
  if (settings.strictRequestTarget && url.length === 1 && url.charCodeAt(0) === 0x2a && method !== OPTIONS) {
    return REQUEST_CHECK_REASONS.ASTERISK_FORM;
  }
  return null;
}
