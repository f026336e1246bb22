// Limits: head size, trailer size, chunk extensions, Content-Length and
// chunk-size overflow; each just inside and just outside, at every split.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { DEFAULT_MAX_CHUNK_EXTENSIONS_SIZE, DEFAULT_MAX_HEADER_SIZE, ERROR, errorName } from '../src/index.js';
import { run, runEverySplit } from './fixtures/record.js';

const limits = suite('limits');

/** A request whose head (request line to empty line) is exactly `size` bytes. */
function headOf(size: number): string {
  const start = 'GET / HTTP/1.1\r\nX: ';
  return start + 'a'.repeat(size - start.length - 4) + '\r\n\r\n';
}

limits('default head limit is 16 KiB, as Node', () => {
  assert.is(DEFAULT_MAX_HEADER_SIZE, 16384);
  assert.is(run(headOf(16384)).code, 0);
  const over = run(headOf(16385));
  assert.is(over.code, ERROR.HEADER_OVERFLOW);
  assert.is(over.reason, 'Header overflow');
  assert.is(errorName(over.code), 'HPE_HEADER_OVERFLOW');
});

limits('a configured head limit holds at every split', () => {
  assert.is(runEverySplit(headOf(64), { maxHeaderSize: 64 }).code, 0);
  const over = run(headOf(65), { maxHeaderSize: 64 });
  assert.is(over.code, ERROR.HEADER_OVERFLOW);
  for (let chunk = 1; chunk <= 65; chunk++) {
    assert.is(run(headOf(65), { maxHeaderSize: 64 }, chunk).code, ERROR.HEADER_OVERFLOW, `chunk ${chunk}`);
  }
});

limits('a head that never ends is stopped at the limit, not buffered', () => {
  const parser = run('GET / HTTP/1.1\r\nX: ', { maxHeaderSize: 1000 }).parser;
  const filler = new Uint8Array(600).fill(0x61);
  assert.is(parser.execute(filler), 0);
  assert.is(parser.execute(filler), ERROR.HEADER_OVERFLOW);
  assert.is(parser.errorOffset, 600);
});

limits('many small header lines count too', () => {
  const many = 'GET / HTTP/1.1\r\n' + 'a: b\r\n'.repeat(3000) + '\r\n';
  assert.is(run(many).code, ERROR.HEADER_OVERFLOW);
  assert.is(run(many, { maxHeaderSize: 20000 }).code, 0);
});

limits('each message of a pipeline has its own budget', () => {
  const one = headOf(100);
  assert.is(runEverySplit(one + one + one, { maxHeaderSize: 100 }).code, 0);
});

limits('the trailer section has the same limit', () => {
  const body = 'POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n';
  assert.is(run(body + 'T: ' + 'a'.repeat(40) + '\r\n\r\n', { maxHeaderSize: 100 }).code, 0);
  assert.is(run(body + 'T: ' + 'a'.repeat(200) + '\r\n\r\n', { maxHeaderSize: 100 }).code, ERROR.HEADER_OVERFLOW);
});

limits('chunk extensions: at most 16 KiB per chunk line by default', () => {
  assert.is(DEFAULT_MAX_CHUNK_EXTENSIONS_SIZE, 16384);
  const body = 'POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n';
  const ext = (n: number) => `1;${'e'.repeat(n - 1)}\r\nx\r\n0\r\n\r\n`;
  assert.is(run(body + ext(16384)).code, 0);
  const over = run(body + ext(16385));
  assert.is(over.code, ERROR.CHUNK_EXTENSIONS_OVERFLOW);
  assert.is(over.reason, 'Chunk extensions overflow');
  assert.is(errorName(over.code), 'HPE_CHUNK_EXTENSIONS_OVERFLOW');
  assert.is(run(body + ext(50), { maxChunkExtensionsSize: 50 }, 7).code, 0);
  assert.is(run(body + ext(51), { maxChunkExtensionsSize: 50 }, 7).code, ERROR.CHUNK_EXTENSIONS_OVERFLOW);
  // the budget is per chunk line, not per message
  assert.is(run(body + `1;${'e'.repeat(40)}\r\nx\r\n`.repeat(10) + '0\r\n\r\n', { maxChunkExtensionsSize: 50 }).code, 0);
});

limits('extensions that never end are stopped at the limit', () => {
  const parser = run('POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1;a', { maxChunkExtensionsSize: 100 }).parser;
  const filler = new Uint8Array(60).fill(0x61);
  assert.is(parser.execute(filler), 0);
  assert.is(parser.execute(filler), ERROR.CHUNK_EXTENSIONS_OVERFLOW);
});

limits('Content-Length: 2^64 - 1 is accepted, 2^64 overflows (as llhttp, uint64)', () => {
  const cl = (v: string) => `POST / HTTP/1.1\r\nContent-Length: ${v}\r\n\r\n`;
  const max = runEverySplit(cl('18446744073709551615'));
  assert.is(max.code, 0);
  assert.ok(max.events.some((e) => e.startsWith('headers') && e.includes('cl=18446744073709552000')));
  const over = runEverySplit(cl('18446744073709551616'));
  assert.is(over.code, ERROR.INVALID_CONTENT_LENGTH);
  assert.is(over.reason, 'Content-Length overflow');
  assert.is(runEverySplit(cl('9007199254740993')).code, 0);
});

limits('chunk size: 16 hex digits fit, 17 overflow (as llhttp, uint64)', () => {
  const chunk = (v: string) => `POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n${v}\r\n`;
  assert.is(runEverySplit(chunk('ffffffffffffffff')).code, 0);
  assert.is(runEverySplit(chunk('0000000000000000000001')).code, 0);
  const over = runEverySplit(chunk('10000000000000000'));
  assert.is(over.code, ERROR.INVALID_CHUNK_SIZE);
  assert.is(over.reason, 'Chunk size overflow');
});

limits.run();
