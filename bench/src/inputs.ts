/**
 * The inputs, each named after where it comes from, and the ways of feeding
 * them: one message per `execute`, N messages pipelined in one buffer, or one
 * byte per `execute`. Every contender is fed the very same Buffers.
 */
import { Buffer } from 'node:buffer';

export interface Input {
  /** Stable id, e.g. `httparse-703 x100`: --filter matches it, JSON keys it. */
  id: string;
  /** The message, named after its source. */
  name: string;
  /** How it is fed: `1 msg/execute`, `100 pipelined`, `1 byte/execute`. */
  feed: string;
  type: 'request' | 'response';
  /** One run: `execute` is called once per chunk, in order. */
  chunks: Buffer[];
  /** Messages and bytes in one run. */
  messages: number;
  bytes: number;
  /** Header lines and body bytes of one message (for the cost-per-header / per-byte lines). */
  headersPerMessage: number;
  bodyPerMessage: number;
}

const CRLF = '\r\n';

/**
 * The browser request of picohttpparser's bench.c (`REQ`) and of llhttp's
 * bench/index.ts, which names it "seanmonstar/httparse": httparse's
 * benches/parse.rs began with it (it has since appended `|padding=under256`
 * to the cookie, making 720 bytes). 703 bytes, checked below.
 */
const HTTPARSE = [
  'GET /wp-content/uploads/2010/03/hello-kitty-darth-vader-pink.jpg HTTP/1.1',
  'Host: www.kittyhell.com',
  'User-Agent: Mozilla/5.0 (Macintosh; U; Intel Mac OS X 10.6; ja-JP-mac; rv:1.9.2.3) Gecko/20100401 Firefox/3.6.3 Pathtraq/0.9',
  'Accept: text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8',
  'Accept-Language: ja,en-us;q=0.7,en;q=0.3',
  'Accept-Encoding: gzip,deflate',
  'Accept-Charset: Shift_JIS,utf-8;q=0.7,*;q=0.7',
  'Keep-Alive: 115',
  'Connection: keep-alive',
  'Cookie: wp_ozh_wsa_visits=2; wp_ozh_wsa_visit_lasttime=xxxxxxxxxx; __utma=xxxxxxxxx.xxxxxxxxxx.xxxxxxxxxx.xxxxxxxxxx.xxxxxxxxxx.x; __utmz=xxxxxxxxx.xxxxxxxxxx.x.x.utmccn=(referral)|utmcsr=reader.livedoor.com|utmcct=/reader/|utmcmd=referral',
].join(CRLF) + CRLF + CRLF;

/**
 * llhttp's bench/index.ts "nodejs/http-parser": the request of http-parser's
 * bench.c made a chunked POST (one 11-byte chunk, "hello world"). 520 bytes,
 * exactly llhttp's bytes.
 */
const HTTP_PARSER = [
  'POST /joyent/http-parser HTTP/1.1',
  'Host: github.com',
  'DNT: 1',
  'Accept-Encoding: gzip, deflate, sdch',
  'Accept-Language: ru-RU,ru;q=0.8,en-US;q=0.6,en;q=0.4',
  'User-Agent: Mozilla/5.0 (Macintosh; Intel Mac OS X 10_10_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/39.0.2171.65 Safari/537.36',
  'Accept: text/html,application/xhtml+xml,application/xml;q=0.9,image/webp,*/*;q=0.8',
  'Referer: https://github.com/joyent/http-parser',
  'Connection: keep-alive',
  'Transfer-Encoding: chunked',
  'Cache-Control: max-age=0',
].join(CRLF) + CRLF + CRLF + 'b\r\nhello world\r\n0\r\n\r\n';

/** The smallest request a server sees: Host only (27 bytes). */
const TINY = 'GET / HTTP/1.1\r\nHost: a\r\n\r\n';

/** A request with `n` header lines (Host and n - 1 custom ones of 30-odd bytes, as API gateways add). */
function manyHeaders(n: number): string {
  const lines = ['GET /api/v1/items?page=2 HTTP/1.1', 'Host: api.example.com'];
  for (let i = 1; i < n; i++) {
    const k = String(i).padStart(3, '0');
    lines.push(`X-Custom-Header-${k}: value-${k}-abcdefghijklmnop`);
  }
  return lines.join(CRLF) + CRLF + CRLF;
}

/** A response with a `size`-byte body framed by Content-Length; the body bytes vary so the checksum means something. */
function bodyResponse(size: number): Buffer {
  const head = Buffer.from(
    `HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: ${size}\r\n\r\n`,
    'latin1',
  );
  const body = Buffer.allocUnsafe(size);
  for (let i = 0; i < size; i++) body[i] = (i * 31 + (i >>> 8)) & 0xff;
  return Buffer.concat([head, body]);
}

interface Message {
  name: string;
  slug: string;
  type: 'request' | 'response';
  bytes: Buffer;
  headers: number;
  body: number;
}

function message(
  name: string, slug: string, type: Message['type'], text: string | Buffer, headers: number, body: number,
): Message {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'latin1') : text;
  return { name, slug, type, bytes, headers, body };
}

function whole(m: Message, copies: number): Input {
  const buf = copies === 1 ? m.bytes : Buffer.concat(Array.from({ length: copies }, () => m.bytes));
  return {
    id: `${m.slug} x${copies}`,
    name: m.name,
    feed: copies === 1 ? '1 msg/execute' : `${copies} pipelined`,
    type: m.type,
    chunks: [buf],
    messages: copies,
    bytes: buf.length,
    headersPerMessage: m.headers,
    bodyPerMessage: m.body,
  };
}

function bytewise(m: Message): Input {
  const chunks: Buffer[] = [];
  for (let i = 0; i < m.bytes.length; i++) chunks.push(m.bytes.subarray(i, i + 1));
  return {
    id: `${m.slug} bytewise`,
    name: m.name,
    feed: '1 byte/execute',
    type: m.type,
    chunks,
    messages: 1,
    bytes: m.bytes.length,
    headersPerMessage: m.headers,
    bodyPerMessage: m.body,
  };
}

export const PIPELINED = 100;
/** 4 x 1 MiB in one 4 MiB buffer: enough to show pipelining, small enough for wasm memory and the run time. */
export const PIPELINED_BODIES = 4;

export function buildInputs(): Input[] {
  const httparse = message('seanmonstar/httparse (703 B GET)', 'httparse-703', 'request', HTTPARSE, 9, 0);
  const httpParser = message('nodejs/http-parser (520 B chunked POST)', 'http-parser-520', 'request', HTTP_PARSER, 10, 11);
  const tiny = message('tiny GET, Host only (27 B)', 'tiny-27', 'request', TINY, 1, 0);
  const h10 = message('10 headers', 'headers-10', 'request', manyHeaders(10), 10, 0);
  const h100 = message('100 headers', 'headers-100', 'request', manyHeaders(100), 100, 0);
  const b64k = message('64 KiB body response', 'body-64k', 'response', bodyResponse(64 * 1024), 2, 64 * 1024);
  const b1m = message('1 MiB body response', 'body-1m', 'response', bodyResponse(1024 * 1024), 2, 1024 * 1024);

  if (httparse.bytes.length !== 703) throw new Error(`httparse request is ${httparse.bytes.length} bytes, not 703`);
  if (httpParser.bytes.length !== 520) throw new Error(`http-parser request is ${httpParser.bytes.length} bytes, not 520`);

  return [
    whole(httparse, 1), whole(httparse, PIPELINED),
    whole(httpParser, 1), whole(httpParser, PIPELINED),
    whole(tiny, 1), whole(tiny, PIPELINED),
    whole(h10, 1), whole(h10, PIPELINED),
    whole(h100, 1), whole(h100, PIPELINED),
    whole(b64k, 1), whole(b64k, PIPELINED_BODIES),
    whole(b1m, 1), whole(b1m, PIPELINED_BODIES),
    bytewise(httparse),
  ];
}
