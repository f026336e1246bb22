// HTTPParser, our drop-in for Node's parser binding, side by side with the
// real one (process.binding('http_parser'), llhttp compiled into Node) on
// the same inputs and the same chunk splits: every callback, argument and
// return value must agree.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { HTTPParser, METHODS } from '../src/index.js';
import { LOOKAHEAD } from '../src/head-strings.js';

(process as { noDeprecation?: boolean }).noDeprecation = true; // process.binding's DEP0111 warning
const native = (process as unknown as { binding(name: string): { HTTPParser: typeof HTTPParser; methods: string[]; allMethods: string[] } }).binding('http_parser');
const Native = native.HTTPParser;

type AnyParser = InstanceType<typeof HTTPParser>;

interface Row {
  name: string;
  input: string;
  type?: 'request' | 'response';
  lenient?: number;
  skipBody?: boolean;
  finish?: boolean;
}

function record(parser: AnyParser, row: Row, log: string[]): void {
  parser[HTTPParser.kOnMessageBegin] = () => log.push('begin');
  parser[HTTPParser.kOnHeaders] = (headers: string[], url: string) => log.push(`headers ${JSON.stringify([headers, url])}`);
  parser[HTTPParser.kOnHeadersComplete] = (...args: unknown[]) => {
    log.push(`headersComplete ${JSON.stringify(args)}`);
    return row.skipBody ? 1 : 0;
  };
  parser[HTTPParser.kOnBody] = (b: Uint8Array) => log.push(`body ${Buffer.from(b).toString('latin1')}`);
  parser[HTTPParser.kOnMessageComplete] = () => log.push('complete');
}

function drive(Parser: typeof HTTPParser, row: Row, chunk: number): string[] {
  const log: string[] = [];
  const type = row.type === 'response' ? HTTPParser.RESPONSE : HTTPParser.REQUEST;
  const parser = new Parser(type);
  parser.initialize(type, {}, 0, row.lenient ?? 0);
  record(parser, row, log);
  let upgraded = false;
  const onHeadersComplete = parser[HTTPParser.kOnHeadersComplete]!;
  parser[HTTPParser.kOnHeadersComplete] = (...args: unknown[]) => {
    upgraded = args[7] === true;
    return onHeadersComplete(...args);
  };
  const buf = Buffer.from(row.input, 'latin1');
  for (let pos = 0; pos < buf.length; pos += chunk) {
    const ret = parser.execute(buf.subarray(pos, Math.min(buf.length, pos + chunk)));
    if (ret instanceof Error) {
      const e = ret as Error & { code: string; reason: string; bytesParsed: number };
      log.push(`error ${e.code} ${e.reason} @${pos + e.bytesParsed}`);
      return log;
    }
    log.push(`parsed ${ret}`);
    if (upgraded) return log; // the rest belongs to the other protocol
  }
  if (row.finish) {
    const ret = parser.finish();
    log.push(ret instanceof Error ? `finish ${(ret as Error & { code: string }).code}` : 'finish ok');
  }
  return log;
}

/** The logs differ in `parsed N` lines per split; compare everything else plus the total consumed. */
function comparable(log: string[]): string[] {
  let parsed = 0;
  const rest = log.filter((l) => (l.startsWith('parsed ') ? ((parsed += Number(l.slice(7))), false) : true));
  return [...rest, `total ${parsed}`];
}

const rows: Row[] = [
  { name: 'GET with headers (trailing whitespace dropped)', input: 'GET /a?b=c HTTP/1.1\r\nHost: example.com  \r\nX-Empty:\r\nAccept: */*\t\r\n\r\n' },
  { name: 'POST with Content-Length', input: 'POST /submit HTTP/1.1\r\nContent-Length: 11\r\nContent-Type: text/plain\r\n\r\nhello world' },
  { name: 'chunked with extensions and trailers', input: 'POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: yes\r\nX-Other: 2\r\n\r\n' },
  { name: 'three pipelined requests', input: 'GET /1 HTTP/1.1\r\nHost: a\r\n\r\nPOST /2 HTTP/1.1\r\nContent-Length: 2\r\n\r\nokDELETE /3 HTTP/1.1\r\n\r\n' },
  { name: 'HTTP/1.0 keep-alive and close', input: 'GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET / HTTP/1.0\r\n\r\n' },
  { name: 'WebSocket upgrade hands back the rest', input: 'GET /chat HTTP/1.1\r\nHost: a\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n\x81\x02hi' },
  { name: 'CONNECT', input: 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n\x16\x03' },
  { name: 'every method Node knows', input: METHODS.filter((m) => !['PRI', 'SOURCE'].includes(m) && !['DESCRIBE', 'ANNOUNCE', 'SETUP', 'PLAY', 'PAUSE', 'TEARDOWN', 'GET_PARAMETER', 'SET_PARAMETER', 'REDIRECT', 'RECORD', 'FLUSH'].includes(m) && m !== 'CONNECT').map((m) => `${m} / HTTP/1.1\r\nContent-Length: 0\r\n\r\n`).join('') },
  { name: 'response with body', type: 'response', input: 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\n\r\nhello' },
  { name: 'response to HEAD (skip body)', type: 'response', skipBody: true, input: 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nHTTP/1.1 204 No Content\r\n\r\n' },
  { name: 'response read until EOF, then finish()', type: 'response', finish: true, input: 'HTTP/1.1 200 OK\r\n\r\nuntil the end' },
  { name: 'truncated response: finish() fails', type: 'response', finish: true, input: 'HTTP/1.1 200 OK\r\nContent-Len' },
  { name: 'chunked response with empty reason', type: 'response', input: 'HTTP/1.1 500 \r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n' },
  { name: 'error: invalid header value', input: 'GET / HTTP/1.1\r\nX: a\x01b\r\n\r\n' },
  { name: 'error: unknown method', input: 'BREW /pot HTTP/1.1\r\n\r\n' },
  { name: 'error: Content-Length with Transfer-Encoding', input: 'POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n' },
  { name: 'error: duplicate Content-Length', input: 'POST / HTTP/1.1\r\nContent-Length: 3\r\nContent-Length: 3\r\n\r\nabc' },
  { name: 'error: bad chunk size', input: 'POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n' },
  { name: 'error: obs-fold', input: 'GET / HTTP/1.1\r\nX: a\r\n b\r\n\r\n' },
  { name: 'lenient (kLenientAll): obs-fold accepted', lenient: HTTPParser.kLenientAll, input: 'GET / HTTP/1.1\r\nX: a\r\n b\r\n\r\n' },
  { name: 'error: bare LF', input: 'GET / HTTP/1.1\nHost: a\n\n' },
  { name: 'pipelined heads past the decode-ahead window, a body between them', input: pipelinedPastTheWindow() },
];

/**
 * Bodyless requests are decoded ahead in one string (head-strings.ts): enough of
 * them to need several windows, heads that straddle a window's end, a head
 * longer than the window, and a request with a body in between.
 */
function pipelinedPastTheWindow(): string {
  let text = '';
  for (let i = 0; text.length < 3 * LOOKAHEAD; i++) {
    text += `GET /item/${i}?q=${'v'.repeat(i % 40)} HTTP/1.1\r\nHost: host-${i}.example.com\r\nX-Trace: ${String(i).repeat(i % 17)} \r\nAccept: */*\r\n\r\n`;
    if (i === 20) text += 'POST /upload HTTP/1.1\r\nContent-Length: 26\r\n\r\nGET /not-a-request HTTP/1.1';
    if (i === 30) text += `GET /long HTTP/1.1\r\nX-Long: ${'L'.repeat(LOOKAHEAD + 100)}\r\n\r\n`;
  }
  return text;
}

const compat = suite('HTTPParser side by side with Node\'s binding');

for (const row of rows) {
  compat(row.name, () => {
    const length = row.input.length;
    for (const chunk of [length, 1, 2, 3, 7, 16, 64]) {
      if (chunk > length) continue;
      const theirs = comparable(drive(Native, row, chunk));
      const ours = comparable(drive(HTTPParser, row, chunk));
      assert.equal(ours, theirs, `chunk size ${chunk}`);
    }
  });
}

compat('constants and method lists match Node', () => {
  for (const key of Object.keys(Native) as Array<keyof typeof Native>) {
    assert.is((HTTPParser as unknown as Record<string, unknown>)[key], Native[key], String(key));
  }
  assert.equal([...HTTPParser.methods], native.methods);
  assert.equal([...HTTPParser.allMethods], native.allMethods);
});

const own = suite('HTTPParser behaviour');

own('more than 32 headers all arrive with kOnHeadersComplete', () => {
  const parser = new HTTPParser(HTTPParser.REQUEST);
  let headers: string[] = [];
  parser[HTTPParser.kOnHeadersComplete] = (_a: number, _b: number, h: string[]) => {
    headers = h;
  };
  const input = 'GET / HTTP/1.1\r\n' + Array.from({ length: 100 }, (_, i) => `X-${i}: ${i}\r\n`).join('') + '\r\n';
  assert.is(parser.execute(Buffer.from(input)), input.length);
  assert.is(headers.length, 200);
  assert.is(headers[199], '99');
});

own('http-parser-js style execute(buf, start, length) and plain Uint8Array input', () => {
  const parser = new HTTPParser(HTTPParser.REQUEST);
  let url = '';
  let body = '';
  parser[HTTPParser.kOnHeadersComplete] = (_a: number, _b: number, _h: string[], _m: number, u: string) => {
    url = u;
  };
  parser[HTTPParser.kOnBody] = (b: Uint8Array, start: number, len: number) => {
    body += String.fromCharCode(...b.subarray(start, start + len));
  };
  const text = 'xxPOST /long/' + 'p'.repeat(100) + ' HTTP/1.1\r\nContent-Length: 3\r\n\r\nabcyy';
  const bytes = Uint8Array.from(text, (c) => c.charCodeAt(0));
  assert.is(parser.execute(bytes, 2, bytes.length - 4), bytes.length - 4);
  assert.is(url, '/long/' + 'p'.repeat(100));
  assert.is(body, 'abc');
});

own('pause() inside a callback takes effect after execute, as in Node', () => {
  const parser = new HTTPParser(HTTPParser.REQUEST);
  let completes = 0;
  parser[HTTPParser.kOnMessageComplete] = () => {
    completes++;
    parser.pause();
  };
  const two = Buffer.from('GET / HTTP/1.1\r\n\r\nGET / HTTP/1.1\r\n\r\n');
  assert.is(parser.execute(two), two.length);
  assert.is(completes, 2);
  const paused = parser.execute(Buffer.from('GET / HTTP/1.1\r\n\r\n'));
  assert.instance(paused, Error);
  assert.is((paused as Error & { code: string }).code, 'HPE_PAUSED');
  parser.resume();
  assert.is(parser.execute(Buffer.from('GET / HTTP/1.1\r\n\r\n')), 18);
  parser.pause();
  parser.resume();
  assert.is(parser.execute(Buffer.from('GET / HTTP/1.1\r\n\r\n')), 18);
});

own('getCurrentBuffer(), headersCompleted(), free(), consume()', () => {
  const parser = new HTTPParser(HTTPParser.REQUEST);
  const input = Buffer.from('GET / HTTP/1.1\r\n\r\n');
  let seen: Uint8Array | null = null;
  parser[HTTPParser.kOnHeadersComplete] = () => {
    seen = parser.getCurrentBuffer();
  };
  assert.is(parser.headersCompleted(), false);
  parser.execute(input);
  assert.is(seen, input);
  assert.is(parser.headersCompleted(), true);
  assert.is(parser.getCurrentBuffer(), null);
  parser.socket = {};
  parser.consume({});
  parser.unconsume();
  parser.free();
  parser.close();
  parser.remove();
  assert.is(parser.socket, null);
});

own('a throwing callback propagates and leaves the parser failed', () => {
  const parser = new HTTPParser(HTTPParser.REQUEST);
  parser[HTTPParser.kOnHeadersComplete] = () => {
    throw new Error('boom');
  };
  assert.throws(() => parser.execute(Buffer.from('GET / HTTP/1.1\r\n\r\n')), /boom/);
  const again = parser.execute(Buffer.from('GET / HTTP/1.1\r\n\r\n'));
  assert.is((again as Error & { code: string }).code, 'HPE_USER');
});

own('initialize() reuses a parser for a new connection with its own limit', () => {
  const parser = new HTTPParser();
  parser.initialize(HTTPParser.REQUEST, {}, 40, 0);
  const big = parser.execute(Buffer.from('GET / HTTP/1.1\r\nX: ' + 'a'.repeat(50) + '\r\n\r\n'));
  assert.is((big as Error & { code: string }).code, 'HPE_HEADER_OVERFLOW');
  parser.reinitialize(HTTPParser.RESPONSE, {}, 0, 0);
  assert.is(parser.execute(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n')), 38);
  // no callbacks installed: everything is ignored quietly
  const bare = new HTTPParser(HTTPParser.RESPONSE);
  assert.is(bare.execute(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok')), 40);
});

own('a buffer refilled between execute calls yields the new bytes\' strings', () => {
  const parser = new HTTPParser(HTTPParser.REQUEST);
  const seen: string[] = [];
  parser[HTTPParser.kOnHeadersComplete] = (_a: number, _b: number, h: string[], _m: number, url: string) => {
    seen.push(`${url} ${h.join(' ')}`);
  };
  const first = 'GET /first HTTP/1.1\r\nX-Value: first-value-long\r\n\r\nGET /again HTTP/1.1\r\n\r\n';
  const second = 'GET /other HTTP/1.1\r\nX-Value: other-value-long\r\n\r\nGET /later HTTP/1.1\r\n\r\n';
  const buf = Buffer.from(first, 'latin1');
  assert.is(parser.execute(buf), buf.length);
  buf.write(second, 'latin1');
  assert.is(parser.execute(buf), buf.length);
  assert.equal(seen, ['/first X-Value first-value-long', '/again ', '/other X-Value other-value-long', '/later ']);
});

compat.run();
own.run();
