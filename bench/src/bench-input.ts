/**
 * One input, checked and timed: each contender in `processes` processes of
 * its own, one set after another (see measure.ts), every process checked
 * against the reference before its contenders are timed. Shared by
 * `pnpm bench` and `pnpm bench:parser-floor`.
 */
import { check, type Verdict } from './check.js';
import { startContender } from './contender-process.js';
import type { Input } from './inputs.js';
import { measure, pool, type MeasureOptions, type Timing } from './measure.js';
import { buildRow, type Row } from './results.js';

export interface BenchInputOptions extends MeasureOptions {
  processes: number;
  /** The script that serves a contender (`script --serve ID --input ID`). */
  script: string;
  /** The contender every other is checked and rated against; it must be among the ids. */
  reference: string;
  /**
   * Contenders timed without the check: the floors, which do not parse and
   * so cannot agree with anything (parser-floor.ts).
   */
  unchecked?: ReadonlySet<string>;
}

/** One status line on stderr, rewritten in place on a terminal. */
export function progressLine(text: string, final = false): void {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${text}${final ? '\n' : ''}`);
  else if (final) process.stderr.write(`${text}\n`);
}

/** Rounds of process `k` of `processes`: `rounds` shared out, the later processes taking any remainder. */
function roundsOf(k: number, processes: number, rounds: number): number {
  return Math.floor((rounds + k) / processes);
}

/** Check and time `input` (see the top of the file); also returns the contenders' labels. */
export async function benchInput(
  input: Input, ids: readonly string[], opts: BenchInputOptions, tag: string, started: number,
): Promise<{ row: Row; labels: Map<string, string> }> {
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;
  const timings: Map<string, Timing>[] = [];
  const labels = new Map<string, string>();
  const verdicts = new Map<string, Verdict>();
  for (let k = 0; k < opts.processes; k++) {
    const which = opts.processes > 1 ? ` (processes ${k + 1}/${opts.processes})` : '';
    progressLine(`${tag}${which}: starting and checking`);
    const starts = await Promise.allSettled(ids.map((id) => startContender(opts.script, id, input.id)));
    const processes = starts.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    try {
      // a process that could not start is an error of the harness, not a verdict on its contender
      const failed = starts.find((s): s is PromiseRejectedResult => s.status === 'rejected');
      if (failed) throw failed.reason;
      const checked = processes.filter((p) => !opts.unchecked?.has(p.id));
      for (const [id, v] of check(input, new Map(checked.map((p) => [p.id, p.seen])), opts.reference)) {
        // a contender's first disagreement stands: it is not timed in the later processes either
        if (verdicts.get(id)?.ok === false) continue;
        if (!v.ok) process.stderr.write(`\n${tag}: ${id} disagrees with ${opts.reference}: ${v.problem}\n`);
        verdicts.set(id, v);
      }
      for (const p of processes) {
        if (!opts.unchecked?.has(p.id) || verdicts.get(p.id)?.ok === false) continue;
        verdicts.set(p.id, p.seen instanceof Error ? { ok: false, problem: `threw: ${p.seen.message}` } : { ok: true });
      }
      const entrants = processes.filter((p) => verdicts.get(p.id)!.ok);
      const rounds = roundsOf(k, opts.processes, opts.rounds);
      timings.push(await measure(entrants, { ...opts, rounds }, (done, total) => {
        progressLine(`${tag}${which}: timing ${done}/${total} (${elapsed()})`);
      }));
      for (const p of processes) labels.set(p.id, p.label);
    } finally {
      for (const p of processes) p.close();
    }
  }
  return { row: buildRow(input, ids, verdicts, pool(timings), opts.reference), labels };
}
