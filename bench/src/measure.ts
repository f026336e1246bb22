/**
 * Timing, fair to every contender on one input:
 *
 * 1. every contender runs in a process of its own (contender-process.ts),
 *    so that nothing one does to the engine can slow another: V8's type
 *    feedback, its garbage, and process-wide state such as the protector
 *    that lets optimised code skip the "was this ArrayBuffer detached?"
 *    check on every typed-array access. A WebAssembly memory growing (the
 *    llhttp wasm contender copies each chunk into its memory) detaches its
 *    old buffer and turns that check on for the rest of the process, which
 *    would slow a JavaScript parser sharing the process by about 15%;
 * 2. warm-up: each contender runs for `warmupMs` (V8 tiers its code up, wasm
 *    compiles, caches fill) in growing batches, and the time of one run is
 *    taken from the last batch (of 5 ms or more);
 * 3. each contender gets a fixed number of runs per sample, enough for a
 *    sample to last about `sampleMs`;
 * 4. `rounds` rounds, each timing one sample of every contender, in an order
 *    that rotates (round 1: A B C D E, round 2: B C D E A, ...) so that
 *    machine drift and thermal changes fall on all of them alike; only one
 *    contender runs at a time, the others wait for their turn;
 * 5. steps 1-4 are repeated in `processes` fresh processes per contender,
 *    one after another, the rounds shared among them: which functions V8
 *    inlines into which depends on what it happened to optimise first, and
 *    one process in several can come out 20-50% slower or faster than the
 *    others for its whole life. Pooling the samples of several processes
 *    reports the usual case instead of one draw, and the spread shows it;
 * 6. the median sample of the pool is the result (plus the quartiles, to
 *    show the noise).
 */
import type { Prepared } from './contender.js';

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
  /** Runs timed in one sample (the fewest of the processes pooled). */
  runsPerSample: number;
}

const now = (): number => Number(process.hrtime.bigint());

/** What `runs` runs took, in nanoseconds, and the messages they completed (so that no run can be optimised away). */
export function timeRuns(p: Prepared, runs: number): { ns: number; messages: number } {
  const t0 = now();
  let messages = 0;
  for (let i = 0; i < runs; i++) messages += p.run();
  return { ns: now() - t0, messages };
}

/** Run for `warmupMs` in batches that double until one lasts 5 ms; the last batch gives the time of one run. */
export function warmUp(p: Prepared, warmupMs: number): number {
  const deadline = now() + warmupMs * 1e6;
  let runs = 1;
  let perRun: number;
  do {
    const { ns } = timeRuns(p, runs);
    perRun = ns / runs;
    if (ns < 5e6) runs *= 2;
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

/** A contender ready to be timed on one input, in its own process. */
export interface Entrant {
  id: string;
  /** Warm up for `ms`; resolves to the nanoseconds of one run. */
  warmUp(ms: number): Promise<number>;
  /** Time `runs` runs. */
  time(runs: number): Promise<{ ns: number; messages: number }>;
}

/** The timings of several processes of the same contenders, as one: their samples pooled. */
export function pool(timings: readonly Map<string, Timing>[]): Map<string, Timing> {
  const out = new Map<string, Timing>();
  for (const id of new Set(timings.flatMap((t) => [...t.keys()]))) {
    const parts = timings.flatMap((t) => (t.has(id) ? [t.get(id)!] : []));
    out.set(id, summarize(parts.flatMap((t) => t.samples), Math.min(...parts.map((t) => t.runsPerSample))));
  }
  return out;
}

function summarize(samples: number[], runsPerSample: number): Timing {
  const sorted = [...samples].sort((a, b) => a - b);
  return { samples, median: quantile(sorted, 0.5), q1: quantile(sorted, 0.25), q3: quantile(sorted, 0.75), runsPerSample };
}

/**
 * Time every entrant on one input. `progress(done, total)` is called after
 * each sample.
 */
export async function measure(
  entrants: readonly Entrant[],
  opts: MeasureOptions,
  progress: (done: number, total: number) => void = () => {},
): Promise<Map<string, Timing>> {
  const n = entrants.length;
  const total = n * (opts.rounds + 1);
  let done = 0;
  const runs = new Map<string, number>();
  for (const e of entrants) {
    const perRun = await e.warmUp(opts.warmupMs);
    runs.set(e.id, Math.max(1, Math.round((opts.sampleMs * 1e6) / perRun)));
    progress(++done, total);
  }
  const samples = new Map<string, number[]>(entrants.map((e) => [e.id, []]));
  for (let round = 0; round < opts.rounds; round++) {
    for (let k = 0; k < n; k++) {
      const e = entrants[(round + k) % n];
      const r = runs.get(e.id)!;
      const { ns, messages } = await e.time(r);
      if (messages === 0) throw new Error(`${e.id}: no message was parsed while timing`);
      samples.get(e.id)!.push(ns / r);
      progress(++done, total);
    }
  }
  return new Map(entrants.map((e) => [e.id, summarize(samples.get(e.id)!, runs.get(e.id)!)]));
}
