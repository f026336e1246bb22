/**
 * `pnpm bench`: issue #3's parser benchmark. For every input: check that all
 * contenders see the same messages as Node's native llhttp, then time the
 * ones that agree in interleaved rounds; print the table and the cost per
 * header and per body KiB, and (on a full run) write
 * bench/results/parser.json and bench/results/parser.svg.
 *
 * Each contender runs each input in a process of its own (this script again,
 * with `--serve ID --input ID`; see contender-process.ts and measure.ts):
 * V8's optimised code, garbage and process-wide state from one contender or
 * input cannot colour another's figures, and a `--filter`ed run gives the
 * same numbers as a full one.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { check, type Verdict } from './check.js';
import { parseArgs, USAGE, type Options } from './cli.js';
import { serveContender, startContender } from './contender-process.js';
import { CONTENDER_IDS, REFERENCE } from './contenders/index.js';
import { computeCosts } from './costs.js';
import { buildInputs, type Input } from './inputs.js';
import { measure, pool, type Timing } from './measure.js';
import { renderCosts, renderContenders, renderTable, renderTargets } from './report-table.js';
import { computeTargets } from './targets.js';
import { renderSvg } from './report-svg.js';
import { buildRow, machineInfo, type Results, type Row } from './results.js';

const RESULTS_DIR = new URL('../results/', import.meta.url);
const SCRIPT = fileURLToPath(import.meta.url);

function select(inputs: Input[], contenders: readonly string[], filters: string[]): [Input[], string[]] {
  if (filters.length === 0) return [inputs, [...contenders]];
  const f = filters.map((s) => s.toLowerCase());
  const hits = (...names: string[]) => f.some((s) => names.some((n) => n.toLowerCase().includes(s)));
  const unknown = f.filter((s) => !inputs.some((i) => hits(i.id, i.name)) && !contenders.some((c) => hits(c)));
  if (unknown.length) {
    throw new Error(
      `--filter ${unknown.join(', ')} matches nothing. Inputs: ${inputs.map((i) => i.id).join(', ')}. Contenders: ${contenders.join(', ')}`,
    );
  }
  const someInputs = inputs.filter((i) => hits(i.id, i.name));
  const someContenders = contenders.filter((c) => hits(c));
  return [
    someInputs.length ? someInputs : inputs,
    someContenders.length ? contenders.filter((c) => c === REFERENCE || someContenders.includes(c)) : [...contenders],
  ];
}

/** One status line on stderr, rewritten in place on a terminal. */
function progressLine(text: string, final = false): void {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${text}${final ? '\n' : ''}`);
  else if (final) process.stderr.write(`${text}\n`);
}

/** Rounds of process `k` of `processes`: `rounds` shared out, the later processes taking any remainder. */
function roundsOf(k: number, processes: number, rounds: number): number {
  return Math.floor((rounds + k) / processes);
}

/**
 * Check and time one input, each contender in `opts.processes` processes of
 * its own, one set after another (see measure.ts); also returns the
 * contenders' labels.
 */
async function benchInput(
  input: Input, ids: readonly string[], opts: Options, tag: string, started: number,
): Promise<{ row: Row; labels: Map<string, string> }> {
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;
  const timings: Map<string, Timing>[] = [];
  const labels = new Map<string, string>();
  const verdicts = new Map<string, Verdict>();
  for (let k = 0; k < opts.processes; k++) {
    const which = opts.processes > 1 ? ` (processes ${k + 1}/${opts.processes})` : '';
    progressLine(`${tag}${which}: starting and checking`);
    const starts = await Promise.allSettled(ids.map((id) => startContender(SCRIPT, id, input.id)));
    const processes = starts.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    try {
      // a process that could not start is an error of the harness, not a verdict on its contender
      const failed = starts.find((s): s is PromiseRejectedResult => s.status === 'rejected');
      if (failed) throw failed.reason;
      for (const [id, v] of check(input, new Map(processes.map((p) => [p.id, p.seen])), REFERENCE)) {
        // a contender's first disagreement stands: it is not timed in the later processes either
        if (verdicts.get(id)?.ok === false) continue;
        if (!v.ok) process.stderr.write(`\n${tag}: ${id} disagrees with ${REFERENCE}: ${v.problem}\n`);
        verdicts.set(id, v);
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
  return { row: buildRow(input, ids, verdicts, pool(timings), REFERENCE), labels };
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  if (opts.serve !== null) {
    await serveContender(opts.serve, opts.input ?? '');
    return;
  }
  const [inputs, ids] = select(buildInputs(), CONTENDER_IDS, opts.filter);

  const started = Date.now();
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;
  process.stderr.write(
    `parser bench: ${inputs.length} inputs x ${ids.length} contenders, ${opts.rounds} rounds of ~${opts.sampleMs} ms` +
      `${opts.quick ? ' (quick)' : ''}, in ${opts.processes} process${opts.processes > 1 ? 'es' : ''} per contender and input\n`,
  );
  const rows: Row[] = [];
  const labels = new Map<string, string>();
  for (const [n, input] of inputs.entries()) {
    const tag = `[${n + 1}/${inputs.length}] ${input.id}`;
    const done = await benchInput(input, ids, opts, tag, started);
    rows.push(done.row);
    for (const [id, label] of done.labels) labels.set(id, label);
    progressLine(`${tag}: done (${elapsed()})`, true);
  }

  const results: Results = {
    benchmark: 'parser',
    machine: machineInfo(),
    settings: { rounds: opts.rounds, processes: opts.processes, sampleMs: opts.sampleMs, warmupMs: opts.warmupMs, quick: opts.quick, filter: opts.filter },
    reference: REFERENCE,
    contenders: ids.map((id) => ({ id, label: labels.get(id) ?? id })),
    rows,
    costs: computeCosts(rows, ids),
    targets: computeTargets(rows),
  };

  const m = results.machine;
  process.stdout.write(
    `\nNode ${m.node} (V8 ${m.v8}, llhttp ${m.llhttp}) on ${m.cpu}, ${m.cores} cores, ${m.os}; ${m.date}\n` +
      `median of ${opts.rounds} interleaved rounds in ${opts.processes} process${opts.processes > 1 ? 'es' : ''} per contender; x native = native ns / contender ns (above 1 is faster); +-% = IQR / median\n\n` +
      `${renderTable(results)}\n\n${renderCosts(results.costs)}\n\n${renderTargets(results.targets)}\n\nContenders:\n${renderContenders(results)}\n`,
  );

  if (opts.write) {
    mkdirSync(RESULTS_DIR, { recursive: true });
    writeFileSync(new URL('parser.json', RESULTS_DIR), `${JSON.stringify(results, null, 2)}\n`);
    writeFileSync(new URL('parser.svg', RESULTS_DIR), renderSvg(results));
    process.stdout.write(`\nwrote bench/results/parser.json and bench/results/parser.svg (${elapsed()} in all)\n`);
  } else {
    process.stdout.write(`\n(not written: quick or filtered run; pass --write to keep it) ${elapsed()} in all\n`);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`\n${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
