// Each lenient flag, off (strict: the error) and on (the input parses), one
// flag at a time, at every split.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { LENIENT, errorName, type LenientName } from '../src/index.js';
import { runEverySplit } from './fixtures/record.js';

type Row = [flag: LenientName, input: string, strictError: string, lenientCheck: (events: string[]) => boolean, type?: 'request' | 'response'];

const has = (event: string) => (events: string[]) => events.includes(event);
const CHUNKED = 'POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n';

const rows: Row[] = [
  ['headers', 'GET / HTTP/1.1\r\nFoo: a\r\n b\r\n\r\n', 'HPE_INVALID_HEADER_TOKEN', has('complete')],
  ['headers', 'GET / HTTP/1.1\r\nFoo: a\x01b\r\n\r\n', 'HPE_INVALID_HEADER_TOKEN', has('value:a\x01b')],
  ['headers', 'GET / HTTP/1.1\r\nUpgrade : x\r\n\r\n', 'HPE_INVALID_HEADER_TOKEN', has('complete')],
  ['headers', 'GET / HTTP/1.1\r\n Foo: a\r\n\r\n', 'HPE_UNEXPECTED_SPACE', has('complete')],
  ['headers', 'GET / HTTP/1.1\r\nFoo:\rX: y\r\n\r\n', 'HPE_STRICT', has('complete')],
  ['headers', 'GET / HTTP/1.1\r\nFoo:\r\n bar\r\n\r\n', 'HPE_INVALID_HEADER_TOKEN', has('complete')],
  ['chunked_length', 'POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n', 'HPE_INVALID_TRANSFER_ENCODING', has('complete')],
  ['keep_alive', 'GET / HTTP/1.1\r\nConnection: close\r\n\r\nGET /2 HTTP/1.1\r\n\r\n', 'HPE_CLOSED_CONNECTION', has('url:/2')],
  ['transfer_encoding', 'POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\nbody', 'HPE_INVALID_TRANSFER_ENCODING', has('body:body')],
  ['transfer_encoding', 'POST / HTTP/1.1\r\nTransfer-Encoding: chunked, gzip\r\n\r\nbody', 'HPE_INVALID_TRANSFER_ENCODING', has('body:body')],
  ['version', 'GET / HTTP/5.6\r\n\r\n', 'HPE_INVALID_VERSION', has('complete')],
  ['data_after_close', 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\ngarbage', 'HPE_CLOSED_CONNECTION', has('complete'), 'response'],
  ['optional_lf_after_cr', 'GET / HTTP/1.1\rHost: a\r\n\r\n', 'HPE_STRICT', has('complete')],
  ['optional_lf_after_cr', 'HTTP/1.1 200 OK\rContent-Length: 0\r\n\r\n', 'HPE_STRICT', has('complete'), 'response'],
  ['optional_lf_after_cr', CHUNKED + '1\rx\r\n0\r\n\r\n', 'HPE_STRICT', has('complete')],
  ['optional_lf_after_cr', 'GET / HTTP/1.1\r\nHost: a\r\n\rGET', 'HPE_STRICT', has('complete')],
  ['optional_crlf_after_chunk', CHUNKED + '1\r\nx1\r\ny\r\n0\r\n\r\n', 'HPE_STRICT', has('body:y')],
  ['optional_crlf_after_chunk', CHUNKED + '1\r\nx\r1\r\ny\r\n0\r\n\r\n', 'HPE_STRICT', has('body:y')],
  ['optional_cr_before_lf', 'GET / HTTP/1.1\r\nHost: a\n\r\n', 'HPE_CR_EXPECTED', has('complete')],
  ['optional_cr_before_lf', 'HTTP/1.1 200 OK\nContent-Length: 0\r\n\r\n', 'HPE_CR_EXPECTED', has('complete'), 'response'],
  ['optional_cr_before_lf', 'HTTP/1.1 200\nContent-Length: 0\r\n\r\n', 'HPE_INVALID_STATUS', has('complete'), 'response'],
  ['optional_cr_before_lf', 'GET / HTTP/1.1\r\nHost: a\r\n\n', 'HPE_INVALID_HEADER_TOKEN', has('complete')],
  ['optional_cr_before_lf', 'GET / HTTP/1.1\r\nHost:\n\r\n', 'HPE_INVALID_HEADER_TOKEN', has('complete')],
  ['optional_cr_before_lf', 'GET /\n\r\n', 'HPE_CR_EXPECTED', has('complete')],
  ['optional_cr_before_lf', CHUNKED + '1\r\nx\n0\r\n\r\n', 'HPE_CR_EXPECTED', has('complete')],
  ['optional_cr_before_lf', CHUNKED + '1;a\nx\r\n0\r\n\r\n', 'HPE_CR_EXPECTED', has('complete')],
  ['optional_cr_before_lf', CHUNKED + '1;a=b\nx\r\n0\r\n\r\n', 'HPE_CR_EXPECTED', has('complete')],
  ['optional_cr_before_lf', CHUNKED + '1;a="b"\nx\r\n0\r\n\r\n', 'HPE_CR_EXPECTED', has('complete')],
  ['optional_cr_before_lf', CHUNKED + '1\n\nx\r\n0\r\n\r\n', 'HPE_CR_EXPECTED', has('complete')],
  ['spaces_after_chunk_size', CHUNKED + '1 \t \r\nx\r\n0\r\n\r\n', 'HPE_INVALID_CHUNK_SIZE', has('complete')],
  ['header_value_relaxed', 'GET / HTTP/1.1\r\nFoo: a\x01b\x7f\r\n\r\n', 'HPE_INVALID_HEADER_TOKEN', has('value:a\x01b\x7f')],
];

const lenient = suite('lenient flags');

for (const [flag, input, strictError, check, type = 'request'] of rows) {
  lenient(`${flag}: ${JSON.stringify(input)}`, () => {
    const strict = runEverySplit(input, { type });
    assert.is(errorName(strict.code), strictError, 'strict by default');
    const relaxed = runEverySplit(input, { type, lenient: [flag] });
    assert.ok(relaxed.code === 0, `lenient ${flag}: ${errorName(relaxed.code)} ${relaxed.reason}`);
    assert.ok(check(relaxed.events), JSON.stringify(relaxed.events));
  });
}

lenient('header_value_relaxed still refuses NUL', () => {
  const out = runEverySplit('GET / HTTP/1.1\r\nFoo: a\0\r\n\r\n', { lenient: ['header_value_relaxed'] });
  assert.is(errorName(out.code), 'HPE_INVALID_HEADER_TOKEN');
});

lenient('every lenient flag has a row', () => {
  const covered = new Set(rows.map((r) => r[0]));
  for (const name of Object.keys(LENIENT)) assert.ok(covered.has(name.toLowerCase() as LenientName), name);
});

lenient.run();
