// The parser's own API: messages, pipelining, both mode, pause and resume
// from every callback, callback errors, skip-body, upgrades, finish().
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ERROR, FINISH, FLAGS, LENIENT, METHOD, Parser, ParserHandler, TYPE, errorName } from '../src/index.js';
import { Recorder, bytes, run, runEverySplit } from './fixtures/record.js';

const messages = suite('messages');

const GET = 'GET /a?b=1#c HTTP/1.1\r\nHost: example.com\r\nAccept: */*\r\n\r\n';

messages('a request: every callback in order, same at every split', () => {
  const { code, events } = runEverySplit(GET);
  assert.is(code, 0);
  assert.equal(events, [
    'begin', 'method:GET', 'method done', 'url:/a?b=1#c', 'url done', 'protocol:HTTP', 'protocol done',
    'version:1.1', 'version done', 'field:Host', 'field done', 'value:example.com', 'value done',
    'field:Accept', 'field done', 'value:*/*', 'value done',
    'headers 1/0 1.1 flags=0 cl=0 upgrade=0 keepAlive=true', 'complete',
  ]);
});

const rows: Array<[name: string, input: string, type: 'request' | 'response' | 'both', expected: string[]]> = [
  ['content-length body', 'POST /p HTTP/1.1\r\nContent-Length: 5\r\n\r\nhello', 'request', [
    'begin', 'method:POST', 'method done', 'url:/p', 'url done', 'protocol:HTTP', 'protocol done', 'version:1.1',
    'version done', 'field:Content-Length', 'field done', 'value:5', 'value done',
    'headers 3/0 1.1 flags=20 cl=5 upgrade=0 keepAlive=true', 'body:hello', 'complete',
  ]],
  ['chunked body with extensions and trailers', 'POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5;a=b;c="d\\"e"\r\nhello\r\n0\r\nX-T: 1\r\n\r\n', 'request', [
    'begin', 'method:POST', 'method done', 'url:/', 'url done', 'protocol:HTTP', 'protocol done', 'version:1.1',
    'version done', 'field:Transfer-Encoding', 'field done', 'value:chunked', 'value done',
    'headers 3/0 1.1 flags=208 cl=0 upgrade=0 keepAlive=true', 'ext:a', 'ext done', 'extval:b', 'extval done',
    'ext:c', 'ext done', 'extval:"d\\"e"', 'extval done', 'chunk 5', 'body:hello', 'chunk done', 'chunk 0',
    'field:X-T', 'field done', 'value:1', 'value done', 'chunk done', 'complete',
  ]],
  ['response with reason phrase and body', 'HTTP/1.1 404 Not Found\r\nContent-Length: 2\r\n\r\nno', 'response', [
    'begin', 'protocol:HTTP', 'protocol done', 'version:1.1', 'version done', 'status:Not Found', 'status done',
    'field:Content-Length', 'field done', 'value:2', 'value done',
    'headers 0/404 1.1 flags=20 cl=2 upgrade=0 keepAlive=true', 'body:no', 'complete',
  ]],
  ['response read until EOF', 'HTTP/1.0 200 OK\r\n\r\nabc', 'response', [
    'begin', 'protocol:HTTP', 'protocol done', 'version:1.0', 'version done', 'status:OK', 'status done',
    'headers 0/200 1.0 flags=0 cl=0 upgrade=0 keepAlive=false', 'body:abc',
  ]],
  ['204 has no body', 'HTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 304 Not Modified\r\n\r\n', 'response', [
    'begin', 'protocol:HTTP', 'protocol done', 'version:1.1', 'version done', 'status:No Content', 'status done',
    'headers 0/204 1.1 flags=0 cl=0 upgrade=0 keepAlive=true', 'complete', 'reset', 'begin', 'protocol:HTTP',
    'protocol done', 'version:1.1', 'version done', 'status:Not Modified', 'status done',
    'headers 0/304 1.1 flags=0 cl=0 upgrade=0 keepAlive=true', 'complete',
  ]],
  ['both mode: a request', 'HEAD / HTTP/1.1\r\n\r\n', 'both', [
    'begin', 'method:HEAD', 'method done', 'url:/', 'url done', 'protocol:HTTP', 'protocol done', 'version:1.1',
    'version done', 'headers 2/0 1.1 flags=0 cl=0 upgrade=0 keepAlive=true', 'complete',
  ]],
  ['both mode: a response', 'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n', 'both', [
    'begin', 'method:HTTP/', 'version:1.1', 'version done', 'status:OK', 'status done', 'field:Content-Length',
    'field done', 'value:0', 'value done', 'headers 0/200 1.1 flags=20 cl=0 upgrade=0 keepAlive=true', 'complete',
  ]],
  ['both mode: a request not starting with H', 'PUT / HTTP/1.1\r\n\r\n', 'both', [
    'begin', 'method:PUT', 'method done', 'url:/', 'url done', 'protocol:HTTP', 'protocol done', 'version:1.1',
    'version done', 'headers 4/0 1.1 flags=0 cl=0 upgrade=0 keepAlive=true', 'complete',
  ]],
  ['HTTP/0.9 simple request', 'GET /\r\n\r\n', 'request', [
    'begin', 'method:GET', 'method done', 'url:/', 'url done', 'headers 1/0 0.9 flags=0 cl=0 upgrade=0 keepAlive=false',
    'complete',
  ]],
  ['absolute-form, authority-form and asterisk-form targets', 'GET http://u:p@h:1/x?y HTTP/1.1\r\n\r\nCONNECT h:443 HTTP/1.1\r\n\r\n', 'request', [
    'begin', 'method:GET', 'method done', 'url:http://u:p@h:1/x?y', 'url done', 'protocol:HTTP', 'protocol done',
    'version:1.1', 'version done', 'headers 1/0 1.1 flags=0 cl=0 upgrade=0 keepAlive=true', 'complete', 'reset',
    'begin', 'method:CONNECT', 'method done', 'url:h:443', 'url done', 'protocol:HTTP', 'protocol done', 'version:1.1',
    'version done', 'headers 5/0 1.1 flags=0 cl=0 upgrade=1 keepAlive=true', 'complete',
  ]],
  ['Connection tokens set flags', 'GET / HTTP/1.0\r\nConnection: foo, Keep-Alive , upgrade\r\nUpgrade: x\r\n\r\n', 'request', [
    'begin', 'method:GET', 'method done', 'url:/', 'url done', 'protocol:HTTP', 'protocol done', 'version:1.0',
    'version done', 'field:Connection', 'field done', 'value:foo, Keep-Alive , upgrade', 'value done', 'field:Upgrade',
    'field done', 'value:x', 'value done', 'headers 1/0 1.0 flags=15 cl=0 upgrade=1 keepAlive=true', 'complete',
  ]],
];

for (const [name, input, type, expected] of rows) {
  messages(name, () => {
    const outcome = runEverySplit(input, { type });
    assert.equal(outcome.events, expected);
    assert.ok(outcome.code === 0 || outcome.code === ERROR.PAUSED_UPGRADE, errorName(outcome.code));
  });
}

messages('pipelined requests: reset before each later message, any split', () => {
  const three = 'GET /1 HTTP/1.1\r\n\r\nPOST /2 HTTP/1.1\r\nContent-Length: 1\r\n\r\nxGET /3 HTTP/1.1\r\n\r\n';
  const { events } = runEverySplit(three);
  assert.equal(events.filter((e) => e === 'begin' || e === 'reset' || e === 'complete' || e.startsWith('url:')),
    ['begin', 'url:/1', 'complete', 'reset', 'begin', 'url:/2', 'complete', 'reset', 'begin', 'url:/3', 'complete']);
});

messages('leading empty lines are skipped; HTTP/1.0 without keep-alive closes', () => {
  const closed = run('\r\n\r\nGET / HTTP/1.0\r\n\r\n\r\n');
  assert.is(closed.code, 0);
  assert.is(closed.parser.finishState, FINISH.SAFE);
  const after = closed.parser.execute(bytes('G'));
  assert.is(after, ERROR.CLOSED_CONNECTION);
});

messages('obs-text and HTAB inside long scanned values are part of them, at every split', () => {
  // long enough for the 8-byte scans to run over the whole value in a whole-buffer parse
  const value = 'caf\xe9 \xff\x80 ' + 'x'.repeat(40) + '\tafter-tab ' + 'y'.repeat(30) + ' na\xefve\xa0';
  const input = `GET /${'p'.repeat(70)} HTTP/1.1\r\nX-Text: ${value}\r\nX-After: ${'z'.repeat(70)}\r\n\r\n`;
  const { code, events } = runEverySplit(input);
  assert.is(code, 0);
  assert.ok(events.includes(`value:${value}`), 'the value, obs-text and HTAB included');
  assert.ok(events.includes(`value:${'z'.repeat(70)}`));
  // DEL deep in a scanned value is refused (RFC 9110 §5.5), before obs-text or after it (a carry from
  // obs-text must not hide it)
  for (const before of ['', '\xe9']) {
    const text = `${'a'.repeat(20)}${before}${'b'.repeat(20)}`;
    const bad = run(`GET / HTTP/1.1\r\nX-Text: ${text}\x7f${'c'.repeat(40)}\r\n\r\n`);
    assert.is(errorName(bad.code), 'HPE_INVALID_HEADER_TOKEN');
    assert.is(bad.offset, 'GET / HTTP/1.1\r\nX-Text: '.length + text.length);
  }
});

messages('Connection: keep-alive taken whole means what the token trie means, in any case and at every split', () => {
  const cases: Array<[value: string, keepAlive: boolean]> = [
    ['keep-alive', true], ['Keep-Alive', true], ['KEEP-ALIVE', true], ['keep-alive, upgrade', true],
    ['keep-alive ,close', true], ['close, keep-alive', true], ['keep-alivex', false], ['keep-alive x', false],
    ['keep_alive', false], ['keep-aliv', false], ['xkeep-alive', false],
  ];
  for (const [value, keepAlive] of cases) {
    // HTTP/1.0: only a recognised keep-alive token keeps the connection open (RFC 9112 §9.3; with
    // close beside it too, as llhttp_should_keep_alive reads the flags)
    const { code, events } = runEverySplit(`GET / HTTP/1.0\r\nConnection: ${value}\r\n\r\n`);
    assert.is(code, 0, value);
    assert.ok(events.some((e) => e.startsWith('headers') && e.endsWith(`keepAlive=${keepAlive}`)), value);
  }
  // a CR inside the token is an error, not a "-"
  assert.is(errorName(run('GET / HTTP/1.1\r\nConnection: keep\ralive\r\n\r\n').code), 'HPE_LF_EXPECTED');
});

messages('a request body is never read to EOF', () => {
  const { parser } = run('POST / HTTP/1.1\r\n\r\n');
  assert.is(parser.messageNeedsEof(), false);
});

messages('responses that never have a body, and 101', () => {
  for (const status of [100, 102, 103, 204, 304]) {
    const r = run(`HTTP/1.1 ${status} X\r\nContent-Length: 5\r\n\r\n`, { type: 'response' });
    assert.ok(r.events.includes('complete'), String(status));
  }
  const switching = run('HTTP/1.1 101 Switching\r\nUpgrade: ws\r\nConnection: upgrade\r\n\r\nraw', { type: 'response' });
  assert.is(switching.code, ERROR.PAUSED_UPGRADE);
  assert.is(switching.offset, 60);
});

const pausing = suite('pause and resume');

const pausable = [
  'onMessageBegin', 'onMethodComplete', 'onUrlComplete', 'onProtocolComplete', 'onVersionComplete',
  'onHeaderFieldComplete', 'onHeaderValueComplete', 'onHeadersComplete', 'onChunkHeader',
  'onChunkExtensionNameComplete', 'onChunkExtensionValueComplete', 'onChunkComplete', 'onMessageComplete', 'onReset',
] as const;
const CHUNKED = 'POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3;a=b\r\nabc\r\n0\r\n\r\nGET / HTTP/1.1\r\n\r\n';

for (const callback of pausable) {
  pausing(`${callback} returns PAUSED: parsing stops there and resumes after it`, () => {
    const plain = run(CHUNKED).events;
    const makeRecorder = () => {
      const r = new Recorder();
      const original = (r[callback] as (at: number) => number).bind(r);
      (r as unknown as Record<string, (at: number) => number>)[callback] = (at) => (original(at), ERROR.PAUSED);
      return r;
    };
    const paused = runEverySplit(CHUNKED, {}, makeRecorder);
    assert.is(paused.code, 0);
    assert.ok(paused.events.includes('paused'), 'paused at least once');
    assert.equal(paused.events.filter((e) => e !== 'paused'), plain);
  });
}

pausing('status complete pauses a response', () => {
  const r = new Recorder();
  r.onStatusComplete = () => ERROR.PAUSED;
  const out = run('HTTP/1.1 200 OK\r\n\r\n', { type: 'response' }, 0, r);
  assert.is(out.code, 0);
  assert.ok(out.events.includes('paused'));
});

pausing('pause() between calls, and from inside a callback', () => {
  const r = new Recorder();
  const parser = new Parser(r);
  r.parser = parser;
  parser.pause();
  assert.is(parser.execute(bytes(GET)), ERROR.PAUSED);
  assert.is(parser.reason, 'Paused');
  parser.resume();
  r.onUrlComplete = () => {
    parser.pause();
    return 0;
  };
  assert.is(parser.execute(bytes(GET)), ERROR.PAUSED);
  assert.is(parser.errorOffset, 'GET /a?b=1#c '.length);
  parser.resume();
  r.onUrlComplete = () => 0;
  assert.is(parser.execute(bytes(GET), parser.errorOffset), 0);
  assert.ok(r.events.includes('complete'));
  parser.resumeAfterUpgrade(); // no upgrade pending: no effect
  assert.is(parser.error, 0);
});

pausing('pause() inside onHeadersComplete, with and without skip-body', () => {
  for (const answer of [0, 1]) {
    const r = new Recorder();
    const parser = new Parser(r);
    r.parser = parser;
    r.onHeadersComplete = () => {
      parser.pause();
      return answer;
    };
    const input = bytes('POST / HTTP/1.1\r\nContent-Length: 2\r\n\r\nab');
    assert.is(parser.execute(input), ERROR.PAUSED);
    assert.is(parser.flags & FLAGS.SKIPBODY ? 1 : 0, answer);
    parser.resume();
    assert.is(parser.execute(input, parser.errorOffset), answer === 1 ? ERROR.INVALID_METHOD : 0);
  }
});

const callbacks = suite('callback errors');

const codes: Array<[callback: string, name: string, input?: string]> = [
  ['onMessageBegin', 'CB_MESSAGE_BEGIN'], ['onMethodComplete', 'CB_METHOD_COMPLETE'],
  ['onUrlComplete', 'CB_URL_COMPLETE'], ['onProtocolComplete', 'CB_PROTOCOL_COMPLETE'],
  ['onVersionComplete', 'CB_VERSION_COMPLETE'], ['onHeaderFieldComplete', 'CB_HEADER_FIELD_COMPLETE'],
  ['onHeaderValueComplete', 'CB_HEADER_VALUE_COMPLETE'], ['onHeadersComplete', 'CB_HEADERS_COMPLETE'],
  ['onChunkHeader', 'CB_CHUNK_HEADER'], ['onChunkExtensionNameComplete', 'CB_CHUNK_EXTENSION_NAME_COMPLETE'],
  ['onChunkExtensionValueComplete', 'CB_CHUNK_EXTENSION_VALUE_COMPLETE'], ['onChunkComplete', 'CB_CHUNK_COMPLETE'],
  ['onMessageComplete', 'CB_MESSAGE_COMPLETE'], ['onReset', 'CB_RESET'],
  ['onStatusComplete', 'CB_STATUS_COMPLETE', 'HTTP/1.1 200 OK\r\n\r\n'],
  ['onMessageComplete', 'CB_MESSAGE_COMPLETE', 'GET / HTTP/1.1\r\nUpgrade: a\r\nConnection: upgrade\r\n\r\n'],
];

for (const [callback, name, input = CHUNKED] of codes) {
  callbacks(`${callback} returning another non-zero value fails with ${name}`, () => {
    const r = new Recorder();
    (r as unknown as Record<string, () => number>)[callback] = () => 7;
    const out = run(input, { type: input.startsWith('HTTP') ? 'response' : 'request' }, 0, r);
    assert.is(errorName(out.code), `HPE_${name}`);
    assert.ok(/callback error$/.test(out.reason), out.reason);
  });
}

const upgrades = suite('skip body and upgrades');

upgrades('onHeadersComplete returning 1 skips the body (a response to HEAD)', () => {
  const r = new Recorder();
  r.onHeadersCompleteReturn = 1;
  const out = run('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nHTTP/1.1 200 OK\r\n\r\n', { type: 'response' }, 0, r);
  assert.is(out.code, 0);
  assert.is(out.events.filter((e) => e === 'complete').length, 2);
});

upgrades('onHeadersComplete returning 2 hands the rest over as another protocol', () => {
  const r = new Recorder();
  r.onHeadersCompleteReturn = 2;
  const input = 'GET / HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc';
  const out = run(input, {}, 0, r);
  assert.is(out.code, ERROR.PAUSED_UPGRADE);
  assert.is(out.offset, input.length - 3);
});

upgrades('Upgrade request: pause at the first byte of the new protocol, at any split', () => {
  const input = 'GET /chat HTTP/1.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n\x81\x05hello';
  const out = runEverySplit(input);
  assert.is(out.code, ERROR.PAUSED_UPGRADE);
  assert.is(out.reason, 'Pause on CONNECT/Upgrade');
  assert.is(out.offset, input.indexOf('\x81'));
  assert.is(out.parser.upgrade, 1);
  // after resumeAfterUpgrade the parser expects HTTP again
  out.parser.resumeAfterUpgrade();
  assert.is(out.parser.execute(bytes('GET / HTTP/1.1\r\n\r\n')), 0);
});

upgrades('an Upgrade with a body upgrades after the body', () => {
  const input = 'POST / HTTP/1.1\r\nUpgrade: x\r\nConnection: upgrade\r\nContent-Length: 2\r\n\r\nabRAW';
  const out = runEverySplit(input);
  assert.is(out.code, ERROR.PAUSED_UPGRADE);
  assert.ok(out.events.includes('body:ab'));
  assert.is(out.offset, input.indexOf('RAW'));
});

upgrades('CONNECT hands over the tunnel bytes', () => {
  const input = 'CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n\x16\x03\x01';
  const out = runEverySplit(input);
  assert.is(out.code, ERROR.PAUSED_UPGRADE);
  assert.is(out.offset, input.indexOf('\x16'));
});

upgrades('PRI * HTTP/2.0 with the preface stops with PAUSED_H2_UPGRADE', () => {
  const input = 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n';
  const out = runEverySplit(input);
  assert.is(out.code, ERROR.PAUSED_H2_UPGRADE);
  assert.is(out.offset, input.length);
});

upgrades('a response Upgrade without 101 is informational', () => {
  const out = run('HTTP/1.1 200 OK\r\nUpgrade: h2c\r\nConnection: upgrade\r\nContent-Length: 0\r\n\r\n', { type: 'response' });
  assert.is(out.code, 0);
  assert.is(out.parser.upgrade, 0);
});

const lifecycle = suite('finish, reset and options');

lifecycle('finish(): EOF completes an EOF-delimited body', () => {
  const r = new Recorder();
  const out = run('HTTP/1.1 200 OK\r\n\r\nsome body', { type: 'response' }, 0, r);
  assert.is(out.parser.finishState, FINISH.SAFE_WITH_CB);
  assert.is(out.parser.finish(), 0);
  assert.is(r.events.at(-1), 'complete');
  assert.is(out.parser.finish(), 0, 'a second finish() is harmless');
});

lifecycle('finish(): EOF inside a message is INVALID_EOF_STATE', () => {
  const out = run('GET / HTTP/1.1\r\nHost: a');
  assert.is(out.parser.finish(), ERROR.INVALID_EOF_STATE);
  assert.is(out.parser.reason, 'Invalid EOF state');
  assert.is(out.parser.finish(), 0, 'already failed');
});

lifecycle('finish(): between messages is fine', () => {
  const out = run('GET / HTTP/1.1\r\n\r\n');
  assert.is(out.parser.finish(), 0);
});

lifecycle('finish(): the message-complete callback may fail or pause', () => {
  const r = new Recorder();
  r.onMessageComplete = () => 3;
  const out = run('HTTP/1.1 200 OK\r\n\r\nbody', { type: 'response' }, 0, r);
  assert.is(out.parser.finish(), ERROR.CB_MESSAGE_COMPLETE);
});

lifecycle('reset() starts a new connection with the same settings', () => {
  const out = run('GET / HTTP/1.1\r\nHost: a', { lenient: ['headers'], maxHeaderSize: 100 });
  out.parser.reset();
  assert.is(out.parser.lenientFlags, LENIENT.HEADERS);
  assert.is(out.parser.maxHeaderSize, 100);
  assert.is(out.parser.execute(bytes('POST / HTTP/1.1\r\n\r\n')), 0);
  assert.is(out.parser.method, METHOD.POST);
  out.parser.reset(TYPE.RESPONSE);
  assert.is(out.parser.execute(bytes('HTTP/1.1 200 OK\r\n\r\n')), 0);
});

lifecycle('options: types by name or number, lenient by names or mask, bad values throw', () => {
  assert.is(new Parser(new ParserHandler(), { type: TYPE.RESPONSE }).type, TYPE.RESPONSE);
  assert.is(new Parser(new ParserHandler(), { type: 'both' }).type, TYPE.BOTH);
  assert.is(new Parser(new ParserHandler()).type, TYPE.REQUEST);
  assert.is(new Parser(new ParserHandler(), { lenient: ['version', 'headers'] }).lenientFlags, LENIENT.VERSION | LENIENT.HEADERS);
  assert.is(new Parser(new ParserHandler(), { lenient: 3 }).lenientFlags, 3);
  assert.throws(() => new Parser(new ParserHandler(), { type: 'other' as 'request' }), /Unknown parser type/);
  assert.throws(() => new Parser(new ParserHandler(), { lenient: ['nope' as 'headers'] }), /Unknown lenient flag/);
});

lifecycle('a do-nothing handler parses everything', () => {
  const parser = new Parser(new ParserHandler(), { type: 'both' });
  const input = bytes(CHUNKED);
  assert.is(parser.execute(input), 0);
  const response = new Parser(new ParserHandler(), { type: 'response' });
  assert.is(response.execute(bytes('HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc')), 0);
});

lifecycle('random bytes never throw and always end in a known state', () => {
  let seed = 42;
  const random = () => ((seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff);
  const alphabet = 'GET POST HTTP/1.1\r\n: ;=",chunked Content-Length Transfer-Encoding 0123456789abcdef\t\x00\x7f\xff';
  for (let i = 0; i < 2000; i++) {
    let s = i % 2 ? 'POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n' : 'GET / HTTP/1.1\r\n';
    const n = Math.floor(random() * 40);
    for (let j = 0; j < n; j++) s += alphabet[Math.floor(random() * alphabet.length)];
    const out = run(s, { type: i % 3 === 0 ? 'both' : 'request' }, 1 + (i % 7));
    assert.ok(out.code === 0 || errorName(out.code) !== 'HPE_UNKNOWN', s);
  }
});

messages.run();
pausing.run();
callbacks.run();
upgrades.run();
lifecycle.run();
