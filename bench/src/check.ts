/**
 * The correctness check that runs before any timing: every contender parses
 * every input, and what it saw (each message's method, url, status, headers,
 * body length and checksum, and the counts its timed path keeps) must equal
 * what the reference (Node's native llhttp) saw. A contender that disagrees,
 * or fails to parse, is reported with the first difference and not timed on
 * that input.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Message, Prepared, Tally } from './contender.js';
import type { Input } from './inputs.js';

export interface Verdict {
  ok: boolean;
  /** The first difference, when not ok. */
  problem?: string;
}

/** What one contender saw on one input: its messages in full, and its timed path's counts over two runs. */
export interface Observation {
  messages: Message[];
  tally: Tally;
}

export function observe(prepared: Prepared): Observation {
  const before = prepared.tally();
  prepared.run();
  prepared.run();
  const after = prepared.tally();
  const messages = prepared.record();
  return {
    messages,
    tally: {
      messages: after.messages - before.messages,
      headers: after.headers - before.headers,
      bodyBytes: after.bodyBytes - before.bodyBytes,
    },
  };
}

const show = (v: unknown): string => (JSON.stringify(v) ?? String(v)).slice(0, 120);

function firstDifference(got: Observation, want: Observation): string | undefined {
  if (!isDeepStrictEqual(got.tally, want.tally)) {
    return `timed path counted ${JSON.stringify(got.tally)} over 2 runs, reference ${JSON.stringify(want.tally)}`;
  }
  if (got.messages.length !== want.messages.length) {
    return `${got.messages.length} messages recorded, reference ${want.messages.length}`;
  }
  for (let i = 0; i < want.messages.length; i++) {
    const g = got.messages[i];
    const w = want.messages[i];
    for (const key of Object.keys(w) as (keyof Message)[]) {
      const gv = g[key];
      const wv = w[key];
      if (isDeepStrictEqual(gv, wv)) continue;
      if (Array.isArray(gv) && Array.isArray(wv)) {
        const at = Array.from({ length: Math.max(gv.length, wv.length) }, (_, j) => j).find((j) => gv[j] !== wv[j])!;
        return `message ${i}: ${key}[${at}] ${show(gv[at])}, reference ${show(wv[at])} (${gv.length} vs ${wv.length} entries)`;
      }
      return `message ${i}: ${key} ${show(gv)}, reference ${show(wv)}`;
    }
  }
  return undefined;
}

/**
 * Check what every contender saw on `input` (an Observation, or the error it
 * threw) against the reference; the reference itself must match what the
 * input declares.
 */
export function check(input: Input, seen: ReadonlyMap<string, Observation | Error>, referenceId: string): Map<string, Verdict> {
  const want = seen.get(referenceId);
  if (want === undefined) throw new Error(`reference contender ${referenceId} is missing`);
  if (want instanceof Error) throw new Error(`${input.id}: the reference failed: ${want.message}`);
  const expected = {
    messages: 2 * input.messages,
    headers: 2 * input.messages * input.headersPerMessage,
    bodyBytes: 2 * input.messages * input.bodyPerMessage,
  };
  if (!isDeepStrictEqual(want.tally, expected)) {
    throw new Error(`${input.id}: the reference counted ${JSON.stringify(want.tally)}, the input declares ${JSON.stringify(expected)}`);
  }
  const verdicts = new Map<string, Verdict>();
  for (const [id, got] of seen) {
    if (got instanceof Error) {
      verdicts.set(id, { ok: false, problem: `threw: ${got.message}` });
      continue;
    }
    const problem = id === referenceId ? undefined : firstDifference(got, want);
    verdicts.set(id, problem === undefined ? { ok: true } : { ok: false, problem });
  }
  return verdicts;
}
