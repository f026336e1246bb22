/**
 * What every contender offers, so that the harness can check and time them
 * alike: `prepare(input)` builds a parser for one input (one connection) and
 * returns a `run()` that feeds it every chunk of that input once.
 *
 * - `run()` is the timed path: exactly the work the contender's real user
 *   does (strings built or not), and it returns the messages it completed so
 *   that nothing can be optimised away.
 * - `tally()` reads the running counters the timed path keeps (messages,
 *   header lines, body bytes), so the check can hold the timed path itself to
 *   the reference's answer.
 * - `record()` runs the input once more and keeps every message in full
 *   (method, url, status, headers, body length and checksum): what the
 *   correctness check compares across contenders.
 *
 * A parser is reused across runs without re-initialising, as one keep-alive
 * connection reuses it; every input leaves the parser between messages.
 */
import type { Input } from './inputs.js';

export interface Message {
  /** Request method name, or null for a response. */
  method: string | null;
  /** Request target as sent, or null for a response. */
  url: string | null;
  /** Response status code, or null for a request. */
  status: number | null;
  /** Flat [name, value, name, value, ...] as received (names keep their case). */
  headers: string[];
  bodyBytes: number;
  /** FNV-1a over the body bytes, in order. */
  bodyHash: number;
}

export interface Tally {
  messages: number;
  headers: number;
  bodyBytes: number;
}

export interface Prepared {
  run(): number;
  tally(): Tally;
  record(): Message[];
}

export interface Contender {
  /** Short stable id: used by --filter, in JSON and in the chart legend. */
  id: string;
  /** What it is, in the table. */
  label: string;
  prepare(input: Input): Prepared;
}

export const emptyTally = (): Tally => ({ messages: 0, headers: 0, bodyBytes: 0 });

/** FNV-1a, continued from `hash` over `buf[start, end)`. */
export function fnv1a(hash: number, buf: Uint8Array, start: number, end: number): number {
  let h = hash;
  for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i], 0x01000193) >>> 0;
  return h;
}

export const FNV_OFFSET = 0x811c9dc5;

/**
 * Import a module as a fresh instance of its own (a distinct query string is
 * a distinct ES module), so that each contender gets private copies of shared
 * code and V8's type feedback for one (a handler class, a callback shape)
 * cannot slow down another: in a real server only one of them runs.
 */
export async function freshImport<T>(url: URL | string, tag: string): Promise<T> {
  const href = typeof url === 'string' ? url : url.href;
  return (await import(`${href}?copy=${encodeURIComponent(tag)}`)) as T;
}
