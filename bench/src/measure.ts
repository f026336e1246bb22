/**
 * Timing, fair to every contender on one input:
 *
 * 1. warm-up: each contender runs for `warmupMs` (V8 tiers its code up, wasm
 *    compiles, caches fill) in growing batches, and the time of one run is
 *    taken from the last batch (of 5 ms or more);
 * 2. each contender gets a fixed number of runs per sample, enough for a
 *    sample to last about `sampleMs`;
 * 3. `rounds` rounds, each timing one sample of every contender, in an order
 *    that rotates (round 1: A B C D E, round 2: B C D E A, ...) so that
 *    machine drift, GC debt and thermal changes fall on all of them alike;
 * 4. the median sample is the result (plus the quartiles, to show the noise).
 *
 * A full garbage collection runs before each input, so that one input's
 * garbage (1 MiB body copies) is not collected during the next one's
 * samples. Not before every sample: a full GC shrinks the young generation,
 * which then slows the contenders that allocate most (those building
 * strings) more than the others; within an input the rotation spreads the
 * GC debt instead.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { Prepared } from './contender.js';

// expose V8's gc() without asking the caller for --expose-gc
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

export interface MeasureOptions {
  rounds: number;
  sampleMs: number;
  warmupMs: number;
}

export interface Timing {
  /** Nanoseconds per run (one run = every chunk of the input once), per round. */
  samples: number[];
  median: number;
  q1: number;
  q3: number;
  runsPerSample: number;
}

/** Keeps every result alive, so no run can be optimised away. */
let sink = 0;
export const sinkValue = (): number => sink;

const now = (): number => Number(process.hrtime.bigint());

function timeRuns(p: Prepared, runs: number): number {
  const t0 = now();
  let s = 0;
  for (let i = 0; i < runs; i++) s += p.run();
  const elapsed = now() - t0;
  sink += s;
  return elapsed;
}

/** Run for `warmupMs` in batches that double until one lasts 5 ms; the last batch gives the time of one run. */
function warmUp(p: Prepared, warmupMs: number): number {
  const deadline = now() + warmupMs * 1e6;
  let runs = 1;
  let perRun: number;
  do {
    const t = timeRuns(p, runs);
    perRun = t / runs;
    if (t < 5e6) runs *= 2;
  } while (now() < deadline);
  return perRun;
}

export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export interface Entrant {
  id: string;
  prepared: Prepared;
}

/**
 * Time every entrant on one input. `progress(done, total)` is called after
 * each sample.
 */
export function measure(
  entrants: readonly Entrant[],
  opts: MeasureOptions,
  progress: (done: number, total: number) => void = () => {},
): Map<string, Timing> {
  const n = entrants.length;
  const total = n * (opts.rounds + 1);
  let done = 0;
  const runs = new Map<string, number>();
  collectGarbage();
  for (const e of entrants) {
    const perRun = warmUp(e.prepared, opts.warmupMs);
    runs.set(e.id, Math.max(1, Math.round((opts.sampleMs * 1e6) / perRun)));
    progress(++done, total);
  }
  const samples = new Map<string, number[]>(entrants.map((e) => [e.id, []]));
  for (let round = 0; round < opts.rounds; round++) {
    for (let k = 0; k < n; k++) {
      const e = entrants[(round + k) % n];
      const r = runs.get(e.id)!;
      samples.get(e.id)!.push(timeRuns(e.prepared, r) / r);
      progress(++done, total);
    }
  }
  const out = new Map<string, Timing>();
  for (const e of entrants) {
    const s = samples.get(e.id)!;
    const sorted = [...s].sort((a, b) => a - b);
    out.set(e.id, {
      samples: s,
      median: quantile(sorted, 0.5),
      q1: quantile(sorted, 0.25),
      q3: quantile(sorted, 0.75),
      runsPerSample: runs.get(e.id)!,
    });
  }
  return out;
}
