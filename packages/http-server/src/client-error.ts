// What the server answers a client that sent something it cannot serve — a
// malformed request, an oversized head, a request that took too long — when
// no 'clientError' listener takes the socket. As Node: one canned response
// with `Connection: close`, then the socket is destroyed. Only when nothing
// of a response has gone out yet: bytes in the middle of a response would
// corrupt what the client is reading.
import { STATUS_CODES } from '@purehttp/outgoing-message';
import { TOKEN } from '@purehttp/http-parser';

function canned(status: number): Buffer {
  return Buffer.from(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\n\r\n`, 'latin1');
}

const RESPONSES = new Map<number, Buffer>([400, 408, 414, 431, 501, 505].map((s) => [s, canned(s)]));

/** A client error: a parser error (`HPE_*`, with `status`), a timeout (`ERR_HTTP_REQUEST_TIMEOUT`), or a socket error. */
export interface ClientErrorLike extends Error {
  code?: string;
  status?: number;
  rawPacket?: Uint8Array;
  bytesParsed?: number;
}

/**
 * RFC 9112 §3: request-line = method SP …; method = token. True when the
 * line the error is on (`at`: the error's offset in `raw`; the line starts
 * after the last LF before it — earlier pipelined requests may precede it
 * in the same chunk) starts with a token and a space.
 */
function startsWithMethod(raw: Uint8Array | undefined, at = 0): boolean {
  if (!raw) return false;
  let i = Math.min(at, raw.length);
  while (i > 0 && raw[i - 1] !== 0x0a) i--;
  const start = i;
  while (i < raw.length && TOKEN[raw[i]] === 1) i++;
  return i > start && raw[i] === 0x20;
}

/**
 * The status to answer `err` with:
 * - 408 for ERR_HTTP_REQUEST_TIMEOUT (RFC 9110 §15.5.9);
 * - 400 for HPE_CHUNK_EXTENSIONS_OVERFLOW, the parser's status (Node answers
 *   413, but the content is not too large: one chunk-size line is malformed);
 * - 414 for a head overflow inside the request line (RFC 9110 §15.5.15,
 *   `inRequestLine`), 431 for any other head overflow (RFC 6585 §5);
 * - the error's own status otherwise (400 — a parse error, or a head that
 *   request-checks.ts refused; 501 for an unknown method —
 *   a token, then a space — RFC 9110 §15.6.2; 505 for an unsupported version, §15.6.6).
 */
export function clientErrorStatus(err: ClientErrorLike, inRequestLine = false): number {
  switch (err.code) {
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return 408;
    case 'HPE_HEADER_OVERFLOW':
      return inRequestLine ? 414 : 431;
  }
  const status = err.status;
  // 501 is for a method we do not know, not for bytes that are no method at all.
  if (status === 501 && !startsWithMethod(err.rawPacket, err.bytesParsed)) return 400;
  return typeof status === 'number' && RESPONSES.has(status) ? status : 400;
}

/** The canned `Connection: close` response for `status` (one of clientErrorStatus's). */
export function clientErrorResponse(status: number): Buffer {
  return RESPONSES.get(status) ?? RESPONSES.get(400)!;
}
