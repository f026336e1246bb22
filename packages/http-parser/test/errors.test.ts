// Every error the parser can return from bad input, with llhttp's reason,
// the same at every chunk split. (Callback, pause and limit errors have
// their own files.)
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ERROR, errorName, errorStatus, HTTPParserError, type ErrorName } from '../src/index.js';
import { runEverySplit } from './fixtures/record.js';

type Row = [input: string, code: ErrorName, reason: string, options?: { type?: 'request' | 'response' | 'both'; at?: number }];

const R = 'GET / HTTP/1.1\r\n';
const POST = 'POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n';

const rows: Row[] = [
  // request line
  ['FOO / HTTP/1.1\r\n\r\n', 'INVALID_METHOD', 'Invalid method encountered', { at: 1 }],
  ['GET/ HTTP/1.1\r\n\r\n', 'INVALID_METHOD', 'Expected space after method', { at: 3 }],
  ['GET <a HTTP/1.1\r\n\r\n', 'INVALID_URL', 'Unexpected start char in url', { at: 4 }],
  ['GET \r\n', 'INVALID_URL', 'Invalid characters in url', { at: 5 }],
  ['GET http HTTP/1.1\r\n\r\n', 'INVALID_URL', 'Invalid characters in url', { at: 9 }],
  ['GET http:/a HTTP/1.1\r\n\r\n', 'INVALID_URL', 'Unexpected char in url schema'],
  ['GET h1tp://a HTTP/1.1\r\n\r\n', 'INVALID_URL', 'Unexpected char in url schema'],
  ['GET http: HTTP/1.1\r\n\r\n', 'INVALID_URL', 'Invalid characters in url'],
  ['GET http://a@@b/ HTTP/1.1\r\n\r\n', 'INVALID_URL', 'Double @ in url'],
  ['GET http://a{b/ HTTP/1.1\r\n\r\n', 'INVALID_URL', 'Unexpected char in url server'],
  ['GET /a\x7f HTTP/1.1\r\n\r\n', 'INVALID_URL', 'Invalid char in url path', { at: 6 }],
  ['GET /a?b\x01 HTTP/1.1\r\n\r\n', 'INVALID_URL', 'Invalid char in url query'],
  ['GET /a#b\x01 HTTP/1.1\r\n\r\n', 'INVALID_URL', 'Invalid char in url fragment start'],
  ['GET /\rX', 'INVALID_URL', 'Expected CRLF'],
  ['GET /\n\r\n', 'CR_EXPECTED', 'Missing expected CR after request line'],
  ['GET / XTTP/1.1\r\n\r\n', 'INVALID_CONSTANT', 'Expected HTTP/, RTSP/ or ICE/'],
  ['GET / HTTP-1.1\r\n\r\n', 'INVALID_CONSTANT', 'Expected HTTP/, RTSP/ or ICE/'],
  ['DESCRIBE / HTTP/1.1\r\n\r\n', 'INVALID_CONSTANT', 'Invalid method for HTTP/x.x request'],
  ['PUT / RTSP/1.0\r\n\r\n', 'INVALID_CONSTANT', 'Invalid method for RTSP/x.x request'],
  ['GET / ICE/1.0\r\n\r\n', 'INVALID_CONSTANT', 'Expected SOURCE method for ICE/x.x request'],
  ['HX / HTTP/1.1\r\n\r\n', 'INVALID_CONSTANT', 'Invalid word encountered', { type: 'both' }],
  ['GET / HTTP/x.1\r\n\r\n', 'INVALID_VERSION', 'Invalid major version'],
  ['GET / HTTP/1x1\r\n\r\n', 'INVALID_VERSION', 'Expected dot'],
  ['GET / HTTP/1.x\r\n\r\n', 'INVALID_VERSION', 'Invalid minor version'],
  ['GET / HTTP/1.2\r\n\r\n', 'INVALID_VERSION', 'Invalid HTTP version', { at: 14 }],
  ['GET / HTTP/1.1X\r\n\r\n', 'INVALID_VERSION', 'Expected CRLF after version'],
  ['GET / HTTP/1.1\n\r\n', 'INVALID_VERSION', 'Expected CRLF after version'],
  ['GET / HTTP/1.1\rX\r\n', 'STRICT', 'Expected CRLF after version'],
  ['PRI * HTTP/2.0\r\n\r\nXM\r\n\r\n', 'INVALID_VERSION', 'Expected HTTP/2 Connection Preface'],
  // status line
  ['HTTP/1.1 2x0 OK\r\n\r\n', 'INVALID_STATUS', 'Invalid status code', { type: 'response' }],
  ['HTTP/1.1 200X\r\n\r\n', 'INVALID_STATUS', 'Invalid response status', { type: 'response' }],
  ['HTTP/1.1 200\n\r\n', 'INVALID_STATUS', 'Invalid response status', { type: 'response' }],
  ['HTTP/1.1X200 OK\r\n\r\n', 'INVALID_VERSION', 'Expected space after version', { type: 'response' }],
  ['HTTP/1.1 200 OK\n\r\n', 'CR_EXPECTED', 'Missing expected CR after response line', { type: 'response' }],
  ['HTTP/1.1 200 OK\rX\r\n', 'STRICT', 'Expected LF after CR', { type: 'response' }],
  ['HTTX/1.1 200 OK\r\n\r\n', 'INVALID_CONSTANT', 'Expected HTTP/, RTSP/ or ICE/', { type: 'response' }],
  ['HTTP-1.1 200 OK\r\n\r\n', 'INVALID_CONSTANT', 'Expected HTTP/, RTSP/ or ICE/', { type: 'response' }],
  // header section
  [R + ' Host: a\r\n\r\n', 'UNEXPECTED_SPACE', 'Unexpected space after start line', { at: 17 }],
  [R + 'Fo o: a\r\n\r\n', 'INVALID_HEADER_TOKEN', 'Invalid header token', { at: 18 }],
  [R + ': a\r\n\r\n', 'INVALID_HEADER_TOKEN', 'Invalid header token'],
  [R + '\n', 'INVALID_HEADER_TOKEN', 'Invalid header field char'],
  [R + 'Connection : close\r\n\r\n', 'INVALID_HEADER_TOKEN', 'Invalid header field char'],
  [R + 'Foo: a\x01b\r\n\r\n', 'INVALID_HEADER_TOKEN', 'Invalid header value char'],
  [R + 'Foo: a\x7f\r\n\r\n', 'INVALID_HEADER_TOKEN', 'Invalid header value char'],
  [R + 'Foo: a\0\r\n\r\n', 'INVALID_HEADER_TOKEN', 'Invalid header value char'],
  [R + 'Foo:\n\r\n', 'INVALID_HEADER_TOKEN', 'Invalid header value char'],
  [R + 'Foo:\r\n b\r\n\r\n', 'INVALID_HEADER_TOKEN', 'Invalid header value char'],
  [R + 'Foo: a\r\n b\r\n\r\n', 'INVALID_HEADER_TOKEN', 'Unexpected whitespace after header value'],
  [R + 'Foo:\rX\r\n', 'STRICT', 'Expected LF after CR'],
  [R + 'Foo: a\rX\r\n', 'LF_EXPECTED', 'Missing expected LF after header value'],
  [R + 'Foo: a\n\r\n', 'CR_EXPECTED', 'Missing expected CR after header value'],
  [R + 'Foo: a\r\n\rX', 'STRICT', 'Expected LF after headers'],
  // framing (RFC 9112 §6)
  ['POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 1\r\n\r\nab', 'UNEXPECTED_CONTENT_LENGTH', 'Duplicate Content-Length'],
  ['POST / HTTP/1.1\r\nContent-Length: 1x\r\n\r\n', 'INVALID_CONTENT_LENGTH', 'Invalid character in Content-Length'],
  ['POST / HTTP/1.1\r\nContent-Length: 1 2\r\n\r\n', 'INVALID_CONTENT_LENGTH', 'Invalid character in Content-Length'],
  ['POST / HTTP/1.1\r\nContent-Length:\r\n\r\n', 'INVALID_CONTENT_LENGTH', 'Empty Content-Length'],
  ['POST / HTTP/1.1\r\nContent-Length: 99999999999999999999\r\n\r\n', 'INVALID_CONTENT_LENGTH', 'Content-Length overflow'],
  ['POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nContent-Length: 1\r\n\r\n', 'INVALID_CONTENT_LENGTH', "Content-Length can't be present with Transfer-Encoding"],
  ['POST / HTTP/1.1\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n', 'INVALID_TRANSFER_ENCODING', "Transfer-Encoding can't be present with Content-Length"],
  ['POST / HTTP/1.1\r\nTransfer-Encoding: gzip\r\n\r\n', 'INVALID_TRANSFER_ENCODING', 'Request has invalid `Transfer-Encoding`'],
  ['POST / HTTP/1.1\r\nTransfer-Encoding: chunked, gzip\r\n\r\n', 'INVALID_TRANSFER_ENCODING', 'Invalid `Transfer-Encoding` header value'],
  ['POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n', 'INVALID_TRANSFER_ENCODING', 'Invalid `Transfer-Encoding` header value'],
  ['POST / HTTP/1.1\r\nTransfer-Encoding:\r\n\r\n', 'INVALID_TRANSFER_ENCODING', 'Empty Transfer-Encoding'],
  [R + 'Connection: close\r\n\r\nGET / HTTP/1.1\r\n\r\n', 'CLOSED_CONNECTION', 'Data after `Connection: close`'],
  // chunked body (RFC 9112 §7.1)
  [POST + 'x\r\n', 'INVALID_CHUNK_SIZE', 'Invalid character in chunk size'],
  [POST + '5x\r\n', 'INVALID_CHUNK_SIZE', 'Invalid character in chunk size'],
  [POST + '5 \r\n', 'INVALID_CHUNK_SIZE', 'Invalid character in chunk size'],
  [POST + '10000000000000000\r\n', 'INVALID_CHUNK_SIZE', 'Chunk size overflow'],
  [POST + '5\n', 'CR_EXPECTED', 'Missing expected CR after chunk size'],
  [POST + '5\rX', 'STRICT', 'Expected LF after chunk size'],
  [POST + '5; a\r\n', 'STRICT', 'Invalid character in chunk extensions'],
  [POST + '5;\r\n', 'STRICT', 'Invalid character in chunk extensions'],
  [POST + '5;a b\r\n', 'STRICT', 'Invalid character in chunk extensions name'],
  [POST + '5;a\n', 'CR_EXPECTED', 'Missing expected CR after chunk extension name'],
  [POST + '5;a=b c\r\n', 'STRICT', 'Invalid character in chunk extensions value'],
  [POST + '5;a=b\n', 'CR_EXPECTED', 'Missing expected CR after chunk extension value'],
  [POST + '5;a="b\x01"\r\n', 'STRICT', 'Invalid character in chunk extensions quoted value'],
  [POST + '5;a="b\\\x01"\r\n', 'STRICT', 'Invalid quoted-pair in chunk extensions quoted value'],
  [POST + '5;a="b"c\r\n', 'STRICT', 'Invalid character in chunk extensions quote value'],
  [POST + '5;a="b"\n', 'CR_EXPECTED', 'Missing expected CR after chunk extension value'],
  [POST + '5\r\nhelloXX', 'STRICT', 'Expected LF after chunk data'],
  [POST + '5\r\nhello\rX', 'STRICT', 'Expected LF after chunk data'],
  [POST + '5\r\nhello\n', 'CR_EXPECTED', 'Missing expected CR after chunk data'],
];

const errors = suite('errors from bad input');

for (const [input, name, reason, options = {}] of rows) {
  errors(`${name}: ${JSON.stringify(input)}`, () => {
    const outcome = runEverySplit(input, { type: options.type ?? (input.startsWith('HTTP/') ? 'response' : 'request') });
    assert.is(errorName(outcome.code), `HPE_${name}`);
    assert.is(outcome.reason, reason);
    if (options.at !== undefined) assert.is(outcome.offset, options.at);
    // sticky: the same error again, without looking at the input
    assert.is(outcome.parser.execute(new Uint8Array([0x47])), outcome.code);
  });
}

errors('every input error code has a row', () => {
  const covered = new Set(rows.map((r) => r[1]));
  const inputErrors: ErrorName[] = [
    'STRICT', 'LF_EXPECTED', 'UNEXPECTED_CONTENT_LENGTH', 'CLOSED_CONNECTION', 'INVALID_METHOD', 'INVALID_URL',
    'INVALID_CONSTANT', 'INVALID_VERSION', 'INVALID_HEADER_TOKEN', 'INVALID_CONTENT_LENGTH', 'INVALID_CHUNK_SIZE',
    'INVALID_STATUS', 'INVALID_TRANSFER_ENCODING', 'CR_EXPECTED', 'UNEXPECTED_SPACE',
  ];
  for (const name of inputErrors) assert.ok(covered.has(name), name);
});

errors('names, statuses and the Error form', () => {
  assert.is(errorName(ERROR.INVALID_METHOD), 'HPE_INVALID_METHOD');
  assert.is(errorName(ERROR.HEADER_OVERFLOW), 'HPE_HEADER_OVERFLOW');
  assert.is(errorName(12345), 'HPE_UNKNOWN');
  assert.is(errorStatus(ERROR.HEADER_OVERFLOW), 431);
  assert.is(errorStatus(ERROR.INVALID_METHOD, 'Invalid method encountered'), 501);
  assert.is(errorStatus(ERROR.INVALID_METHOD, 'Expected space after method'), 400);
  assert.is(errorStatus(ERROR.INVALID_VERSION, 'Invalid HTTP version'), 505);
  assert.is(errorStatus(ERROR.INVALID_VERSION, 'Expected dot'), 400);
  assert.is(errorStatus(ERROR.CHUNK_EXTENSIONS_OVERFLOW), 400);
  assert.is(errorStatus(ERROR.INVALID_HEADER_TOKEN), 400);
  const err = new HTTPParserError(ERROR.INVALID_HEADER_TOKEN, 'Invalid header value char', 7);
  assert.instance(err, Error);
  assert.is(err.message, 'Parse Error: Invalid header value char');
  assert.is(err.code, 'HPE_INVALID_HEADER_TOKEN');
  assert.is(err.bytesParsed, 7);
  assert.is(err.status, 400);
});

errors.run();
