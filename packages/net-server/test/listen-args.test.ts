// listen()'s argument forms and validation, table-driven. Every row that Node
// also rejects is run through node:net side by side: same code, same built-in
// type, same message.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { createServer } from 'node:net';
import { NetServer, NetServerError, DEFAULT_BACKLOG, validatePort } from '../src/index.js';
import { normalizeListenArgs, type ListenPlan } from '../src/listen-args.js';
import { watchdog } from './helpers.js';

watchdog();
const cb = () => {};
const signal = new AbortController().signal;

const Forms = suite('listen() argument forms');

const any = { host: undefined, backlog: DEFAULT_BACKLOG, exclusive: false, ipv6Only: false, signal: undefined };
const forms: Array<[label: string, args: unknown[], plan: ListenPlan, callback: boolean]> = [
  ['listen()', [], { kind: 'tcp', port: 0, ...any }, false],
  ['listen(cb)', [cb], { kind: 'tcp', port: 0, ...any }, true],
  ['listen(null)', [null], { kind: 'tcp', port: 0, ...any }, false],
  ['listen(undefined, cb)', [undefined, cb], { kind: 'tcp', port: 0, ...any }, true],
  ['listen(8080)', [8080], { kind: 'tcp', port: 8080, ...any }, false],
  ["listen('8080') numeric string", ['8080'], { kind: 'tcp', port: 8080, ...any }, false],
  ["listen(' 80 ') padded string", [' 80 '], { kind: 'tcp', port: 80, ...any }, false],
  ["listen('0x50') hex string, as Node", ['0x50'], { kind: 'tcp', port: 80, ...any }, false],
  ['listen(8080, host)', [8080, '127.0.0.1'], { kind: 'tcp', port: 8080, ...any, host: '127.0.0.1' }, false],
  ['listen(8080, host, cb)', [8080, 'localhost', cb], { kind: 'tcp', port: 8080, ...any, host: 'localhost' }, true],
  ['listen(8080, host, backlog, cb)', [8080, '::1', 10, cb], { kind: 'tcp', port: 8080, ...any, host: '::1', backlog: 10 }, true],
  ['listen(8080, backlog)', [8080, 7], { kind: 'tcp', port: 8080, ...any, backlog: 7 }, false],
  ['listen(8080, backlog 0) keeps the default', [8080, 0], { kind: 'tcp', port: 8080, ...any }, false],
  ["listen(8080, '') empty host is no host", [8080, ''], { kind: 'tcp', port: 8080, ...any }, false],
  ['listen(path)', ['/tmp/x.sock'], { kind: 'pipe', path: '/tmp/x.sock', backlog: DEFAULT_BACKLOG, exclusive: false, signal: undefined }, false],
  ['listen(path, backlog, cb)', ['/tmp/x.sock', 5, cb], { kind: 'pipe', path: '/tmp/x.sock', backlog: 5, exclusive: false, signal: undefined }, true],
  ["listen('-1') is a pipe path, as Node", ['-1'], { kind: 'pipe', path: '-1', backlog: DEFAULT_BACKLOG, exclusive: false, signal: undefined }, false],
  ['listen({ port })', [{ port: 3000 }], { kind: 'tcp', port: 3000, ...any }, false],
  ['listen({ port: undefined })', [{ port: undefined }], { kind: 'tcp', port: 0, ...any }, false],
  ['listen({ port: null }, cb)', [{ port: null }, cb], { kind: 'tcp', port: 0, ...any }, true],
  [
    'listen({ everything })',
    [{ port: '81', host: 'example.test', backlog: 9, exclusive: true, ipv6Only: true, signal }],
    { kind: 'tcp', port: 81, host: 'example.test', backlog: 9, exclusive: true, ipv6Only: true, signal },
    false,
  ],
  ['listen({ path, exclusive }, cb)', [{ path: '/tmp/y', exclusive: true }, cb], { kind: 'pipe', path: '/tmp/y', backlog: DEFAULT_BACKLOG, exclusive: true, signal: undefined }, true],
  ['listen({ port, path }): port wins, as Node', [{ port: 1, path: '/tmp/z' }], { kind: 'tcp', port: 1, ...any }, false],
];

for (const [label, args, plan, hasCallback] of forms) {
  Forms(label, () => {
    const out = normalizeListenArgs(args);
    assert.equal(out.plan, plan, label);
    assert.is(out.callback !== undefined, hasCallback, `${label}: callback`);
  });
}

Forms('the caller’s options object is not modified', () => {
  const options = { port: undefined };
  normalizeListenArgs([options]);
  assert.equal(options, { port: undefined });
});

const Rejects = suite('listen() rejects bad arguments');

// label, args, code, built-in type, whether node:net throws the very same error
const bad: Array<[label: string, args: unknown[], code: string, type: ErrorConstructor, sameAsNode: boolean]> = [
  ['negative port', [-1], 'ERR_SOCKET_BAD_PORT', RangeError, true],
  ['port 65536', [65536], 'ERR_SOCKET_BAD_PORT', RangeError, true],
  ['port 1.5', [1.5], 'ERR_SOCKET_BAD_PORT', RangeError, true],
  ['port NaN', [NaN], 'ERR_SOCKET_BAD_PORT', RangeError, true],
  ['port Infinity', [Infinity], 'ERR_SOCKET_BAD_PORT', RangeError, true],
  ["port '65536'", ['65536'], 'ERR_SOCKET_BAD_PORT', RangeError, true],
  ["port '1.5'", ['1.5'], 'ERR_SOCKET_BAD_PORT', RangeError, true],
  ['{ port: -1 }', [{ port: -1 }], 'ERR_SOCKET_BAD_PORT', RangeError, true],
  ['{ port: 70000 }', [{ port: 70000 }], 'ERR_SOCKET_BAD_PORT', RangeError, true],
  ["{ port: 'abc' } non-numeric", [{ port: 'abc' }], 'ERR_SOCKET_BAD_PORT', RangeError, true],
  ["{ port: 'http' } non-numeric", [{ port: 'http' }], 'ERR_SOCKET_BAD_PORT', RangeError, true],
  ["{ port: 'a-very-long-port-name-that-gets-cut' }", [{ port: 'a-very-long-port-name-that-gets-cut' }], 'ERR_SOCKET_BAD_PORT', RangeError, true],
  ["{ port: '' } blank", [{ port: '' }], 'ERR_SOCKET_BAD_PORT', RangeError, true],
  ["{ port: '  ' } blank", [{ port: '  ' }], 'ERR_SOCKET_BAD_PORT', RangeError, true],
  ["'' positional blank", [''], 'ERR_SOCKET_BAD_PORT', RangeError, true],
  ['{} names neither port nor path', [{}], 'ERR_INVALID_ARG_VALUE', TypeError, true],
  ['{ port: true }', [{ port: true }], 'ERR_INVALID_ARG_VALUE', TypeError, true],
  ['true as port', [true], 'ERR_INVALID_ARG_VALUE', TypeError, true],
  ['{ path: 123 }', [{ path: 123 }], 'ERR_INVALID_ARG_VALUE', TypeError, true],
  ["{ port: 0, signal: 'x' }", [{ port: 0, signal: 'x' }], 'ERR_INVALID_ARG_TYPE', TypeError, true],
  ['{ port: 0, host: 1 }', [{ port: 0, host: 1 }], 'ERR_INVALID_ARG_TYPE', TypeError, false],
  ["{ port: 0, backlog: '9' }", [{ port: 0, backlog: '9' }], 'ERR_INVALID_ARG_TYPE', TypeError, false],
  ['{ port: 0, backlog: -1 }', [{ port: 0, backlog: -1 }], 'ERR_OUT_OF_RANGE', RangeError, false],
];

function thrown(fn: () => unknown): Error | undefined {
  try {
    fn();
  } catch (err) {
    return err as Error;
  }
  return undefined;
}

for (const [label, args, code, type, sameAsNode] of bad) {
  Rejects(label, () => {
    const server = new NetServer();
    const ours = thrown(() => (server.listen as (...a: unknown[]) => unknown)(...args));
    assert.ok(ours, `${label}: should throw`);
    assert.instance(ours, NetServerError, label);
    assert.instance(ours, type, label);
    assert.is((ours as NetServerError).code, code, label);
    assert.is(server.listening, false, label);
    if (!sameAsNode) return;
    const node = createServer();
    const theirs = thrown(() => (node.listen as (...a: unknown[]) => unknown)(...args));
    node.close();
    assert.ok(theirs, `${label}: node:net should throw too`);
    assert.is((theirs as NodeJS.ErrnoException).code, code, `${label}: node's code`);
    assert.instance(theirs, type, `${label}: node's type`);
    assert.is(ours!.message, theirs!.message, `${label}: message`);
  });
}

Rejects('ERR_SOCKET_BAD_PORT message names the value, Node style', () => {
  const err = thrown(() => new NetServer().listen(65536));
  assert.is(err?.message, 'options.port should be >= 0 and < 65536. Received type number (65536).');
  assert.is(err?.name, 'RangeError');
});

const Port = suite('validatePort');
const ports: Array<[input: unknown, expected: number | 'throws']> = [
  [0, 0], [80, 80], [65535, 65535], ['443', 443], [' 8 ', 8], ['0x10', 16], ['1e3', 1000],
  [-1, 'throws'], [65536, 'throws'], [0.5, 'throws'], ['', 'throws'], ['x', 'throws'], [null, 'throws'], [{}, 'throws'], [2 ** 32, 'throws'],
];
for (const [input, expected] of ports) {
  Port(`${JSON.stringify(input) ?? String(input)} → ${expected}`, () => {
    if (expected === 'throws') {
      const err = thrown(() => validatePort(input));
      assert.is((err as NetServerError | undefined)?.code, 'ERR_SOCKET_BAD_PORT');
    } else assert.is(validatePort(input), expected);
  });
}

Forms.run();
Rejects.run();
Port.run();
