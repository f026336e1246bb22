// How received field lines become `req.headers` (and `req.trailers`): Node's
// rules for repeated names, which code written for node:http relies on.
//
// RFC 9110 §5.3: a recipient MAY combine field lines of the same name into one
// comma-separated list — only for fields whose definition allows a list. So:
//   - Set-Cookie is never combined (RFC 6265 §3: its values contain commas):
//     an array of values;
//   - Cookie is combined with "; " (RFC 6265 §5.4: the cookie-string separator);
//   - fields defined as a single value (Content-Type, Host, Authorization…)
//     keep the first line: a second one is either an attack (request
//     smuggling through a second Host) or an error, and Node drops it;
//   - every other field is combined with ", ".
// `joinDuplicateHeaders` (Node 18.14+) combines the single-valued ones too.

/** Flag of a combining rule: the first char of a matched name, as Node encodes it. */
const JOIN_COMMA = 0;
const SET_COOKIE = 1;
const JOIN_SEMI = 2;

/**
 * The lower-cased name of a field, prefixed with a rule flag: "\0name" (join
 * with ", "), "\u0001" (Set-Cookie, an array), "\u0002cookie" (join with "; "),
 * or no prefix (single-valued: keep the first). Common names in their usual
 * spellings are matched without lower-casing, as Node does.
 */
export function matchKnownFields(field: string, lowercased = false): string {
  switch (field.length) {
    case 3:
      if (field === 'Age' || field === 'age') return 'age';
      break;
    case 4:
      if (field === 'Host' || field === 'host') return 'host';
      if (field === 'From' || field === 'from') return 'from';
      if (field === 'ETag' || field === 'etag') return 'etag';
      if (field === 'Date' || field === 'date') return '\u0000date';
      if (field === 'Vary' || field === 'vary') return '\u0000vary';
      break;
    case 6:
      if (field === 'Server' || field === 'server') return 'server';
      if (field === 'Cookie' || field === 'cookie') return '\u0002cookie';
      if (field === 'Origin' || field === 'origin') return '\u0000origin';
      if (field === 'Expect' || field === 'expect') return '\u0000expect';
      if (field === 'Accept' || field === 'accept') return '\u0000accept';
      break;
    case 7:
      if (field === 'Referer' || field === 'referer') return 'referer';
      if (field === 'Expires' || field === 'expires') return 'expires';
      if (field === 'Upgrade' || field === 'upgrade') return '\u0000upgrade';
      break;
    case 8:
      if (field === 'Location' || field === 'location') return 'location';
      if (field === 'If-Match' || field === 'if-match') return '\u0000if-match';
      break;
    case 10:
      if (field === 'User-Agent' || field === 'user-agent') return 'user-agent';
      if (field === 'Set-Cookie' || field === 'set-cookie') return '\u0001';
      if (field === 'Connection' || field === 'connection') return '\u0000connection';
      break;
    case 11:
      if (field === 'Retry-After' || field === 'retry-after') return 'retry-after';
      break;
    case 12:
      if (field === 'Content-Type' || field === 'content-type') return 'content-type';
      if (field === 'Max-Forwards' || field === 'max-forwards') return 'max-forwards';
      break;
    case 13:
      if (field === 'Authorization' || field === 'authorization') return 'authorization';
      if (field === 'Last-Modified' || field === 'last-modified') return 'last-modified';
      if (field === 'Cache-Control' || field === 'cache-control') return '\u0000cache-control';
      if (field === 'If-None-Match' || field === 'if-none-match') return '\u0000if-none-match';
      break;
    case 14:
      if (field === 'Content-Length' || field === 'content-length') return 'content-length';
      break;
    case 15:
      if (field === 'Accept-Encoding' || field === 'accept-encoding') return '\u0000accept-encoding';
      if (field === 'Accept-Language' || field === 'accept-language') return '\u0000accept-language';
      if (field === 'X-Forwarded-For' || field === 'x-forwarded-for') return '\u0000x-forwarded-for';
      break;
    case 16:
      if (field === 'Content-Encoding' || field === 'content-encoding') return '\u0000content-encoding';
      if (field === 'X-Forwarded-Host' || field === 'x-forwarded-host') return '\u0000x-forwarded-host';
      break;
    case 17:
      if (field === 'If-Modified-Since' || field === 'if-modified-since') return 'if-modified-since';
      if (field === 'Transfer-Encoding' || field === 'transfer-encoding') return '\u0000transfer-encoding';
      if (field === 'X-Forwarded-Proto' || field === 'x-forwarded-proto') return '\u0000x-forwarded-proto';
      break;
    case 19:
      if (field === 'Proxy-Authorization' || field === 'proxy-authorization') return 'proxy-authorization';
      if (field === 'If-Unmodified-Since' || field === 'if-unmodified-since') return 'if-unmodified-since';
      break;
  }
  if (lowercased) return '\u0000' + field;
  return matchKnownFields(field.toLowerCase(), true);
}

/** `req.headers`: lower-cased names; a string per field, an array for set-cookie (node:http's type). */
export type IncomingHttpHeaders = import('node:http').IncomingHttpHeaders;

/** Adds one field line to `dest` under Node's rules (see the top of this file). */
export function addHeaderLine(field: string, value: string, dest: IncomingHttpHeaders, joinDuplicates: boolean): void {
  field = matchKnownFields(field);
  const flag = field.charCodeAt(0);
  if (flag === JOIN_COMMA || flag === JOIN_SEMI) {
    field = field.slice(1);
    const prev = dest[field];
    if (typeof prev === 'string') (dest as Record<string, string>)[field] = prev + (flag === JOIN_COMMA ? ', ' : '; ') + value;
    else dest[field] = value;
  } else if (flag === SET_COOKIE) {
    const list = dest['set-cookie'];
    if (list !== undefined) list.push(value);
    else dest['set-cookie'] = [value];
  } else if (joinDuplicates) {
    // RFC 9110 §5.3 allows it for list fields; the caller opted in for all.
    const prev = dest[field];
    (dest as Record<string, string>)[field] = prev === undefined ? value : prev + ', ' + value;
  } else if (dest[field] === undefined) {
    // A single-valued field: the first line wins.
    dest[field] = value;
  }
}

/** Builds `headers` from the flat raw list `[name, value, …]` (first `n` entries). */
export function buildHeaders(raw: readonly string[], n: number, joinDuplicates: boolean): IncomingHttpHeaders {
  const dest = Object.create(null) as IncomingHttpHeaders;
  for (let i = 0; i < n; i += 2) addHeaderLine(raw[i], raw[i + 1], dest, joinDuplicates);
  return dest;
}

/** Builds `headersDistinct`: every value of every field, as an array, under its lower-cased name. */
export function buildDistinct(raw: readonly string[], n: number): Record<string, string[]> {
  const dest = Object.create(null) as Record<string, string[]>;
  for (let i = 0; i < n; i += 2) {
    const field = raw[i].toLowerCase();
    const list = dest[field];
    if (list === undefined) dest[field] = [raw[i + 1]];
    else list.push(raw[i + 1]);
  }
  return dest;
}
