// The connection state machine on its own (sans I/O): each row is a sequence
// of events and the state, pending count and read permission it must end in.
import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { ConnectionState, State, PIPELINE_LIMIT } from '../src/connection-state.js';

const cs = suite('connection-state');

type Step = 'begin' | 'head' | 'head-close' | 'body' | 'done' | 'last' | 'closeAfter' | 'upgrade' | 'closed';

function run(steps: Step[]): ConnectionState {
  const s = new ConnectionState(1);
  for (const step of steps) {
    switch (step) {
      case 'begin': s.begin(10); break;
      case 'head': s.headDone(true); break;
      case 'head-close': s.headDone(false); break;
      case 'body': s.bodyDone(); break;
      case 'done': s.responseDone(false, false); break;
      case 'last': s.responseDone(true, false); break;
      case 'closeAfter': s.closeAfter(); break;
      case 'upgrade': s.upgrade(); break;
      case 'closed': s.closed(); break;
    }
  }
  return s;
}

const { HEAD, BODY, RESPONDING, IDLE, MUST_CLOSE, UPGRADED, CLOSED } = State;
// [name, steps, state, pending, canRead, shouldEnd]
const rows: [string, Step[], State, number, boolean, boolean][] = [
  ['new connection waits for a head', [], HEAD, 0, true, false],
  ['head read', ['begin', 'head'], BODY, 1, true, false],
  ['request read, response pending', ['begin', 'head', 'body'], RESPONDING, 1, true, false],
  ['response done: idle (keep-alive)', ['begin', 'head', 'body', 'done'], IDLE, 0, true, false],
  ['response before body done', ['begin', 'head', 'done'], BODY, 0, true, false],
  ['then body done: idle', ['begin', 'head', 'done', 'body'], IDLE, 0, true, false],
  ['pipelined second request', ['begin', 'head', 'body', 'begin', 'head', 'body'], RESPONDING, 2, true, false],
  ['request said close', ['begin', 'head-close', 'body'], MUST_CLOSE, 1, false, false],
  ['request said close, answered', ['begin', 'head-close', 'body', 'done'], MUST_CLOSE, 0, false, true],
  ['last response ends it', ['begin', 'head', 'body', 'last'], MUST_CLOSE, 0, false, true],
  ['closeAfter while idle', ['begin', 'head', 'body', 'done', 'closeAfter'], MUST_CLOSE, 0, false, true],
  ['closeAfter mid-body lets the body finish', ['begin', 'head', 'closeAfter'], BODY, 1, true, false],
  ['... and then must close', ['begin', 'head', 'closeAfter', 'body'], MUST_CLOSE, 1, false, false],
  ['upgrade', ['begin', 'upgrade'], UPGRADED, 0, false, false],
  ['closed from anywhere', ['begin', 'head', 'closed'], CLOSED, 1, false, false],
  ['events that cannot happen change nothing', ['body', 'done'], HEAD, 0, true, false],
];

for (const [name, steps, state, pending, canRead, shouldEnd] of rows) {
  cs(name, () => {
    const s = run(steps);
    assert.is(s.state, state, 'state');
    assert.is(s.pending, pending, 'pending');
    assert.is(s.canRead(), canRead, 'canRead');
    assert.is(s.shouldEnd(), shouldEnd, 'shouldEnd');
  });
}

cs('read holds: body, write and pipeline each stop reading', () => {
  for (const hold of ['bodyFull', 'writeFull'] as const) {
    const s = run(['begin', 'head']);
    s[hold] = true;
    assert.is(s.canRead(), false, hold);
  }
  const s = new ConnectionState(1);
  for (let i = 0; i < PIPELINE_LIMIT; i++) run2(s);
  assert.is(s.canRead(), false, 'pipeline full');
  s.responseDone(false, false);
  assert.is(s.canRead(), true, 'one answered');
  function run2(x: ConnectionState) {
    x.begin(1);
    x.headDone(true);
    x.bodyDone();
  }
});

cs('pipeline limit: ended responses no longer count, unended ones do', () => {
  const s = new ConnectionState(1);
  const read = () => {
    s.begin(1);
    s.headDone(true);
    s.bodyDone();
  };
  // A batch answered as it is parsed: each request's response ends before the next is read.
  for (let i = 0; i < PIPELINE_LIMIT * 3; i++) {
    read();
    assert.is(s.canRead(), true, `request ${i + 1}, ${i} ended`);
    s.responseEnded();
  }
  assert.is(s.pending, PIPELINE_LIMIT * 3);
  // Now PIPELINE_LIMIT unanswered ones on top stop reading, whatever has ended.
  for (let i = 0; i < PIPELINE_LIMIT; i++) read();
  assert.is(s.canRead(), false, 'limit reached by unended responses');
  // An ended one finishing changes nothing; an unended one ending frees a place.
  s.responseDone(false, true);
  assert.is(s.canRead(), false, 'an ended response finished');
  s.responseEnded();
  assert.is(s.canRead(), true, 'one more answered');
  // Every response finishes: nothing is left pending or ended.
  while (s.pending > 0) s.responseDone(false, s.ended > 0);
  assert.is(s.ended, 0);
  assert.is(s.state, State.IDLE);
});

// [name, steps, now, headersTimeout, requestTimeout, expired]
const timeouts: [string, Step[], number, number, number, boolean][] = [
  ['fresh connection past headersTimeout', [], 200, 100, 1000, true],
  ['fresh connection within', [], 50, 100, 1000, false],
  ['head past headersTimeout', ['begin'], 200, 100, 1000, true],
  ['body: headersTimeout no longer applies', ['begin', 'head'], 200, 100, 1000, false],
  ['body past requestTimeout', ['begin', 'head'], 2000, 100, 1000, true],
  ['request received: nothing applies', ['begin', 'head', 'body'], 5000, 100, 1000, false],
  ['0 disables', ['begin'], 5000, 0, 0, false],
];
for (const [name, steps, now, ht, rt, expired] of timeouts) {
  cs(`expired: ${name}`, () => assert.is(run(steps).expired(now, ht, rt), expired));
}

cs('isIdle: not while a request is being received', () => {
  assert.is(run([]).isIdle(), false);
  assert.is(run(['begin', 'head']).isIdle(), false);
  assert.is(run(['begin', 'head', 'body']).isIdle(), true);
  assert.is(run(['begin', 'head', 'body', 'done']).isIdle(), true);
});

cs.run();
