/**
 * Before anything is timed, both servers get each scenario's probe (raw
 * bytes on one fresh connection: one request, or 16 pipelined) and must
 * answer alike: the same number of responses, and for each the same status,
 * the same framing (Content-Length or chunked) and the same body. Dates and
 * other headers may differ. A server that answers otherwise is reported and
 * not timed on that scenario.
 *
 * The responses are read with a small reader of our own (status line,
 * Content-Length or chunked bodies), not with either server's code.
 */
import { connect } from 'node:net';
import type { Scenario } from './scenarios.js';

export interface Answer {
  status: number;
  framing: 'length' | 'chunked';
  body: Buffer;
}

const CRLF2 = Buffer.from('\r\n\r\n');

/** Reads one response from `buf` at `at`: the response and where the next starts, or null if incomplete. */
function readResponse(buf: Buffer, at: number): { answer: Answer; next: number } | null {
  const headEnd = buf.indexOf(CRLF2, at);
  if (headEnd < 0) return null;
  const [statusLine, ...fields] = buf.toString('latin1', at, headEnd).split('\r\n');
  const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(statusLine)?.[1]);
  if (!status) throw new Error(`not a status line: ${JSON.stringify(statusLine.slice(0, 80))}`);
  const header = (name: string) =>
    fields.find((f) => f.toLowerCase().startsWith(`${name}:`))?.slice(name.length + 1).trim().toLowerCase();
  let pos = headEnd + 4;
  if (header('transfer-encoding') === 'chunked') {
    const parts: Buffer[] = [];
    for (;;) {
      const lineEnd = buf.indexOf('\r\n', pos);
      if (lineEnd < 0) return null;
      const size = parseInt(buf.toString('latin1', pos, lineEnd), 16);
      if (Number.isNaN(size)) throw new Error('bad chunk size line');
      if (size === 0) {
        // no trailers are expected: the last chunk is followed by an empty line
        if (buf.length < lineEnd + 4) return null;
        return { answer: { status, framing: 'chunked', body: Buffer.concat(parts) }, next: lineEnd + 4 };
      }
      if (buf.length < lineEnd + 2 + size + 2) return null;
      parts.push(buf.subarray(lineEnd + 2, lineEnd + 2 + size));
      pos = lineEnd + 2 + size + 2;
    }
  }
  const length = Number(header('content-length') ?? 'NaN');
  if (!Number.isInteger(length)) throw new Error(`status ${status} with neither Content-Length nor chunked framing`);
  if (buf.length < pos + length) return null;
  return { answer: { status, framing: 'length', body: Buffer.from(buf.subarray(pos, pos + length)) }, next: pos + length };
}

/** Sends `raw` on a new connection and reads `count` responses (10 s at most). */
export function exchange(port: number, raw: string, count: number): Promise<Answer[]> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let buf = Buffer.alloc(0);
    const answers: Answer[] = [];
    let at = 0;
    const finish = (err: Error | null) => {
      clearTimeout(timer);
      socket.destroy();
      if (err) reject(err);
      else resolve(answers);
    };
    const timer = setTimeout(() => finish(new Error(`${answers.length} of ${count} responses within 10 s`)), 10_000);
    socket.on('data', (b: Buffer) => {
      buf = Buffer.concat([buf, b]);
      try {
        for (let r = readResponse(buf, at); r; r = readResponse(buf, at)) {
          answers.push(r.answer);
          at = r.next;
          if (answers.length === count) return finish(null);
        }
      } catch (err) {
        finish(err as Error);
      }
    });
    socket.on('error', (err) => finish(err));
    socket.on('end', () => finish(new Error(`connection closed after ${answers.length} of ${count} responses`)));
    socket.write(raw, 'latin1');
  });
}

const show = (b: Buffer) => JSON.stringify(b.length > 60 ? `${b.toString('latin1', 0, 60)}…` : b.toString('latin1'));

/** The first difference between two servers' answers, or null. */
export function compareAnswers(ours: Answer[], reference: Answer[]): string | null {
  if (ours.length !== reference.length) return `${ours.length} responses, expected ${reference.length}`;
  for (let i = 0; i < ours.length; i++) {
    const [a, b] = [ours[i], reference[i]];
    const which = ours.length > 1 ? `response ${i + 1}: ` : '';
    if (a.status !== b.status) return `${which}status ${a.status}, expected ${b.status}`;
    if (a.framing !== b.framing) return `${which}framed by ${a.framing}, expected ${b.framing}`;
    if (!a.body.equals(b.body)) return `${which}body of ${a.body.length} bytes ${show(a.body)}, expected ${b.body.length} bytes ${show(b.body)}`;
  }
  return null;
}

/** Both servers' answers to a scenario's probe: null if they agree, else what differs (or failed) for ours. */
export async function checkScenario(scenario: Scenario, oursPort: number, referencePort: number): Promise<string | null> {
  const reference = await exchange(referencePort, scenario.probe, scenario.probeResponses);
  if (reference.some((a) => a.status !== 200)) throw new Error(`${scenario.id}: node:http answered ${reference.map((a) => a.status).join(',')}`);
  let ours: Answer[];
  try {
    ours = await exchange(oursPort, scenario.probe, scenario.probeResponses);
  } catch (err) {
    return (err as Error).message;
  }
  return compareAnswers(ours, reference);
}
