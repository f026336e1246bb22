// Chunks of a few bytes (a byte-at-a-time feed, a slow client's segments):
// `execute` takes those that only continue a URL path, a field name, the
// whitespace before a value or a value without entering the state loop.
// Whatever the path, the outcome must be the loop's.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ERROR, Parser, ParserHandler } from '../src/index.js';
import { bytes, runEverySplit } from './fixtures/record.js';

const short = suite('short chunks');

const REQUEST = 'GET /a/b/c?q=1 HTTP/1.1\r\nHost: example.com\r\nX-Long-Name:   some value here\r\nContent-Length: 2\r\n\r\nok';

/** Feeds `text` one byte per call, each byte in a chunk of its own; records the span pieces. */
function feedBytewise(text: string, handler: ParserHandler & { parser?: Parser }): { parser: Parser; codes: number[] } {
  const parser = new Parser(handler);
  handler.parser = parser;
  const codes: number[] = [];
  for (const byte of bytes(text)) codes.push(parser.execute(Uint8Array.of(byte)));
  return { parser, codes };
}

short('every span piece lies in the chunk the caller passed, at most one byte each', () => {
  const chunks = new Set<Uint8Array>();
  const pieces: string[] = [];
  class Pieces extends ParserHandler {
    private piece(kind: string, buf: Uint8Array, start: number, end: number): void {
      assert.ok(chunks.has(buf), `${kind}: not a chunk the caller passed`);
      // an element that ends at a chunk's first byte closes with an empty piece, as in llhttp
      if (end === start) return;
      assert.is(end - start, 1);
      pieces.push(kind + String.fromCharCode(buf[start]));
    }
    override onUrl(b: Uint8Array, s: number, e: number) { this.piece('u', b, s, e); }
    override onHeaderField(b: Uint8Array, s: number, e: number) { this.piece('f', b, s, e); }
    override onHeaderValue(b: Uint8Array, s: number, e: number) { this.piece('v', b, s, e); }
  }
  const parser = new Parser(new Pieces());
  for (const byte of bytes(REQUEST)) {
    const chunk = Uint8Array.of(byte);
    chunks.add(chunk);
    assert.is(parser.execute(chunk), 0);
  }
  const text = (kind: string) => pieces.filter((p) => p[0] === kind).map((p) => p[1]).join('');
  assert.is(text('u'), '/a/b/c?q=1');
  assert.is(text('f'), 'HostX-Long-NameContent-Length');
  assert.is(text('v'), 'example.comsome value here2');
});

short('a byte that breaks the rules in a path, name, whitespace or value fails as in a whole buffer', () => {
  const cases: Array<[input: string, code: number, reason: string]> = [
    ['GET /a\x01b HTTP/1.1\r\n\r\n', ERROR.INVALID_URL, 'Invalid char in url path'],
    ['GET / HTTP/1.1\r\nX-A\x01b: c\r\n\r\n', ERROR.INVALID_HEADER_TOKEN, 'Invalid header token'],
    ['GET / HTTP/1.1\r\nX:  \x01\r\n\r\n', ERROR.INVALID_HEADER_TOKEN, 'Invalid header value char'],
    ['GET / HTTP/1.1\r\nX: ab\x7fc\r\n\r\n', ERROR.INVALID_HEADER_TOKEN, 'Invalid header value char'],
  ];
  for (const [input, code, reason] of cases) {
    const whole = runEverySplit(input);
    assert.is(whole.code, code, JSON.stringify(input));
    assert.is(whole.reason, reason, JSON.stringify(input));
  }
});

short('Content-Length fed a byte at a time is still recognised and frames the body', () => {
  const whole = runEverySplit(REQUEST);
  assert.is(whole.code, 0);
  assert.ok(whole.events.includes('body:ok'));
  assert.ok(whole.events.some((e) => e.startsWith('headers') && e.includes('cl=2')));
});

short('pause() from a span callback stops the next short chunk', () => {
  class PauseInValue extends ParserHandler {
    parser?: Parser;
    paused = false;
    override onHeaderValue() {
      if (!this.paused) {
        this.paused = true;
        this.parser!.pause();
      }
    }
  }
  const { parser, codes } = feedBytewise('GET / HTTP/1.1\r\nHost: abc', new PauseInValue());
  const first = codes.indexOf(ERROR.PAUSED);
  // the byte 'a' reports the value and pauses; the next call ('b') returns PAUSED
  assert.is(first, 'GET / HTTP/1.1\r\nHost: a'.length);
  assert.is(parser.error, ERROR.PAUSED);
});

short('the head limit counts short chunks', () => {
  const head = 'GET / HTTP/1.1\r\nX: ' + 'a'.repeat(60);
  const { parser, codes } = feedBytewise(head, Object.assign(new ParserHandler(), {}));
  assert.ok(codes.every((c) => c === 0));
  const limited = new Parser(new ParserHandler(), { maxHeaderSize: 64 });
  const results = [...bytes(head)].map((byte) => limited.execute(Uint8Array.of(byte)));
  assert.is(results.indexOf(ERROR.HEADER_OVERFLOW), 64);
  assert.is(limited.reason, 'Header overflow');
  assert.is(parser.error, 0);
});

short('an empty chunk reports nothing', () => {
  let spans = 0;
  class Count extends ParserHandler {
    override onHeaderValue() { spans++; }
  }
  const parser = new Parser(new Count());
  assert.is(parser.execute(bytes('GET / HTTP/1.1\r\nHost: a')), 0);
  assert.is(spans, 1);
  assert.is(parser.execute(new Uint8Array(0)), 0);
  assert.is(parser.execute(bytes('xyz'), 1, 1), 0);
  assert.is(spans, 1);
});

short.run();
