// The sans-I/O core: framing and connection decisions as tables, the body
// writers against a recording sink, and the wire batch's joining rules.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import {
  chooseFraming, chooseConnection, Framing, ChunkedWriter, ContentLengthWriter, CloseDelimitedWriter,
  NoBodyWriter, writerFor, WireBatch, composeHead, type FramingInput, type ConnectionInput, type FrameSink,
} from '../src/index.js';

const base: FramingInput = {
  statusCode: 200, hasBody: true, contentLengthField: false, transferEncodingField: false,
  transferEncodingChunked: false, trailerField: false, chunkedAllowed: true, knownLength: null,
  contentLengthRemoved: false, transferEncodingRemoved: false,
};

const framingRows: [string, Partial<FramingInput>, Framing, string, boolean][] = [
  ['HTTP/1.1 streaming', {}, Framing.CHUNKED, 'Transfer-Encoding: chunked\r\n', false],
  ['length known at end()', { knownLength: 5 }, Framing.CONTENT_LENGTH, 'Content-Length: 5\r\n', false],
  ['caller Content-Length', { contentLengthField: true }, Framing.CONTENT_LENGTH, '', false],
  ['caller TE: chunked', { transferEncodingField: true, transferEncodingChunked: true }, Framing.CHUNKED, '', false],
  ['caller TE: gzip', { transferEncodingField: true }, Framing.CLOSE_DELIMITED, '', true],
  ['HEAD / 204 / 304 / 1xx', { hasBody: false, knownLength: 10 }, Framing.NONE, '', false],
  ['HEAD with caller Content-Length', { hasBody: false, contentLengthField: true }, Framing.NONE, '', false],
  ['HTTP/1.0 peer', { chunkedAllowed: false, knownLength: 3 }, Framing.CLOSE_DELIMITED, '', true],
  ['trailers need chunked', { trailerField: true, knownLength: 3 }, Framing.CHUNKED, 'Transfer-Encoding: chunked\r\n', false],
  ['Content-Length removed', { contentLengthRemoved: true, knownLength: 3 }, Framing.CHUNKED, 'Transfer-Encoding: chunked\r\n', false],
  ['both removed', { contentLengthRemoved: true, transferEncodingRemoved: true }, Framing.CLOSE_DELIMITED, '', true],
  ['304 with TE: chunked', { statusCode: 304, hasBody: false, transferEncodingField: true, transferEncodingChunked: true }, Framing.NONE, '', true],
];

const framing = suite('chooseFraming');
for (const [name, input, expected, field, close] of framingRows) {
  framing(name, () => {
    const d = chooseFraming({ ...base, ...input });
    assert.is(d.framing, expected, name);
    assert.is(d.field, field, name);
    assert.is(d.close, close, name);
  });
}
framing('a Trailer field without chunked is invalid', () => {
  assert.ok(chooseFraming({ ...base, trailerField: true, chunkedAllowed: false }).trailerInvalid);
  assert.not.ok(chooseFraming({ ...base, trailerField: true }).trailerInvalid);
});
framing.run();

const conn: ConnectionInput = {
  keepAlive: true, connectionRemoved: false, connectionField: false, connectionClose: false,
  contentLengthField: false, chunkedAllowed: true, maxRequestsReached: false, keepAliveTimeout: 5000,
  maxRequestsPerSocket: 0, keepAliveField: false,
};
const connRows: [string, Partial<ConnectionInput>, string, boolean][] = [
  ['keep-alive with timeout', {}, 'Connection: keep-alive\r\nKeep-Alive: timeout=5\r\n', false],
  ['keep-alive, timeout rounds down', { keepAliveTimeout: 65_999 }, 'Connection: keep-alive\r\nKeep-Alive: timeout=65\r\n', false],
  ['keep-alive with max', { maxRequestsPerSocket: 100 }, 'Connection: keep-alive\r\nKeep-Alive: timeout=5, max=100\r\n', false],
  ['keep-alive without timeout', { keepAliveTimeout: 0 }, 'Connection: keep-alive\r\n', false],
  ['caller Keep-Alive field', { keepAliveField: true }, 'Connection: keep-alive\r\n', false],
  ['server closes', { keepAlive: false }, 'Connection: close\r\n', true],
  ['HTTP/1.0 without length', { chunkedAllowed: false }, 'Connection: close\r\n', true],
  ['HTTP/1.0 with Content-Length', { chunkedAllowed: false, contentLengthField: true }, 'Connection: keep-alive\r\nKeep-Alive: timeout=5\r\n', false],
  ['max requests reached', { maxRequestsReached: true }, 'Connection: close\r\n', true],
  ['caller Connection: close', { connectionField: true, connectionClose: true }, '', true],
  ['caller Connection: upgrade', { connectionField: true, keepAlive: false }, '', false],
  ['Connection removed, persistent', { connectionRemoved: true }, '', false],
  ['Connection removed, closing', { connectionRemoved: true, keepAlive: false }, '', true],
];
const connection = suite('chooseConnection');
for (const [name, input, field, last] of connRows) {
  connection(name, () => {
    const d = chooseConnection({ ...conn, ...input });
    assert.is(d.field, field, name);
    assert.is(d.last, last, name);
  });
}
connection.run();

class Recorder implements FrameSink {
  out: string[] = [];
  text(s: string): void { this.out.push(`T:${s}`); }
  data(c: string | Uint8Array): void { this.out.push(`D:${typeof c === 'string' ? c : Buffer.from(c).toString()}`); }
}

const writers = suite('body writers');
const writerRows: [string, () => string[], string[]][] = [
  ['chunked frames each write', () => { const r = new Recorder(); const w = new ChunkedWriter(); w.write('hello', undefined, 5, r); w.write(Buffer.from('x'.repeat(26)), undefined, 26, r); w.end('', r); return r.out; },
    ['T:5\r\n', 'D:hello', 'T:\r\n', 'T:1a\r\n', `D:${'x'.repeat(26)}`, 'T:\r\n', 'T:0\r\n\r\n']],
  ['chunked: zero-length write frames nothing', () => { const r = new Recorder(); new ChunkedWriter().write('', undefined, 0, r); return r.out; }, []],
  ['chunked: trailers after the last-chunk', () => { const r = new Recorder(); new ChunkedWriter().end('X: 1\r\n', r); return r.out; }, ['T:0\r\nX: 1\r\n\r\n']],
  ['content-length passes data through', () => { const r = new Recorder(); const w = new ContentLengthWriter(3); w.write('abc', undefined, -1, r); w.end(); return r.out; }, ['D:abc']],
  ['close-delimited passes data through', () => { const r = new Recorder(); new CloseDelimitedWriter().write('abc', undefined, -1, r); return r.out; }, ['D:abc']],
  ['no body drops data', () => { const r = new Recorder(); new NoBodyWriter().write(); return r.out; }, []],
];
for (const [name, run, expected] of writerRows) writers(name, () => assert.equal(run(), expected, name));
writers('writerFor picks by framing', () => {
  assert.instance(writerFor(Framing.CHUNKED, 0), ChunkedWriter);
  assert.is((writerFor(Framing.CONTENT_LENGTH, 9) as ContentLengthWriter).length, 9);
  assert.instance(writerFor(Framing.CLOSE_DELIMITED, 0), CloseDelimitedWriter);
  assert.instance(writerFor(Framing.NONE, 0), NoBodyWriter);
});
writers.run();

const batch = suite('wire batch');
const batchRows: [string, (b: WireBatch) => void, string][] = [
  ['ascii head + utf8 body', (b) => { b.text('H\r\n'); b.data('\u00e9', undefined); }, '48 0d 0a c3 a9'],
  ['latin1 head with high bytes + utf8 body', (b) => { b.text('\u00e9'); b.data('\u00e9', 'utf8'); }, 'e9 c3 a9'],
  ['utf8 body then latin1 trailer with high bytes', (b) => { b.data('\u00e9', 'utf8'); b.text('\u00e9'); }, 'c3 a9 e9'],
  ['hex body', (b) => { b.text('A'); b.data('ff00', 'hex'); b.text('B'); }, '41 ff 00 42'],
  ['buffer body', (b) => { b.text('A'); b.data(new Uint8Array([1, 2]), undefined); b.text('B'); }, '41 01 02 42'],
  ['latin1 body string', (b) => { b.text('A'); b.data('\u00ff', 'latin1'); }, '41 ff'],
];
for (const [name, fill, hex] of batchRows) {
  batch(name, () => {
    const b = new WireBatch();
    fill(b);
    assert.is(b.toBuffer().toString('hex').match(/../g)!.join(' '), hex, name);
  });
}
batch('one socket write, or corked writes above the join limit', () => {
  const calls: number[] = [];
  const sock = { write: (d: string | Uint8Array) => (calls.push(typeof d === 'string' ? d.length : d.byteLength), true), cork() {}, uncork() {} };
  const b = new WireBatch();
  b.text('HEAD'); b.data(Buffer.alloc(10), undefined);
  b.flushTo(sock as never, undefined);
  assert.equal(calls, [14]);
  calls.length = 0;
  b.text('HEAD'); b.data(Buffer.alloc(100_000), undefined);
  b.flushTo(sock as never, undefined);
  assert.equal(calls, [4, 100_000]);
  assert.ok(b.empty);
});
batch.run();

const head = suite('composeHead');
head('serializes fields, Date, connection and framing in Node order', () => {
  const r = composeHead({
    firstLine: 'HTTP/1.1 200 OK\r\n', fields: { 'X-A': '1', 'Set-Cookie': ['a', 'b'] }, trusted: false,
    date: 'D', statusCode: 200, hasBody: true, chunkedAllowed: true, knownLength: 2,
    contentLengthRemoved: false, transferEncodingRemoved: false, connectionRemoved: false, keepAlive: true,
    maxRequestsReached: false, keepAliveTimeout: 0, maxRequestsPerSocket: 0,
  });
  assert.is(r.head, 'HTTP/1.1 200 OK\r\nX-A: 1\r\nSet-Cookie: a\r\nSet-Cookie: b\r\nDate: D\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\n');
  assert.is(r.framing, Framing.CONTENT_LENGTH);
  assert.is(r.contentLength, 2);
  assert.is(r.last, false);
});
head.run();
