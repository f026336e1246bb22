/**
 * The load generator, whichever runs: wrk (one thread, `-t1`, so that the
 * server and the load each have a core of a 2-core machine) when it is on
 * PATH or can be installed with apt-get, else autocannon from npm, in this
 * process.
 */
import { findWrk, wrkTool } from './load-wrk.js';
import { autocannonTool } from './load-autocannon.js';

/** One kind of request, sent over and over on `connections` keep-alive connections. */
export interface LoadSpec {
  method: 'GET' | 'POST';
  path: string;
  headers: Record<string, string>;
  body?: string;
  connections: number;
  /** Requests sent at once on a connection (1: wait for each response). */
  pipeline: number;
}

/** What one run of the load produced. */
export interface LoadRun {
  /** Responses received. */
  requests: number;
  /** Bytes received (heads and bodies). */
  bytes: number;
  seconds: number;
  /** Socket errors and timeouts. */
  errors: number;
  /** Responses whose status was not 2xx or 3xx. */
  badStatus: number;
  latencyP50Ms?: number;
  latencyP99Ms?: number;
}

export interface LoadTool {
  name: 'wrk' | 'autocannon';
  version: string;
  run(port: number, spec: LoadSpec, seconds: number): Promise<LoadRun>;
}

export type LoadChoice = 'auto' | 'wrk' | 'autocannon';

export async function pickLoadTool(choice: LoadChoice, log: (s: string) => void): Promise<LoadTool> {
  if (choice !== 'autocannon') {
    const wrk = findWrk(choice === 'wrk' || choice === 'auto', log);
    if (wrk) return wrkTool(wrk);
    if (choice === 'wrk') throw new Error('--load wrk: wrk is not on PATH and could not be installed (apt-get install wrk)');
    log('wrk is not available: falling back to autocannon (in this process, so load and servers share the cores less evenly)');
  }
  return autocannonTool();
}
