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
import { benchInput, progressLine } from './bench-input.js';
import { mainOptions } from './cli.js';
import { CONTENDER_IDS, REFERENCE } from './contenders/index.js';
import { computeCosts } from './costs.js';
import { buildInputs, type Input } from './inputs.js';
import { renderCosts, renderContenders, renderTable, renderTargets } from './report-table.js';
import { computeTargets } from './targets.js';
import { renderSvg } from './report-svg.js';
import { machineInfo, type Results, type Row } from './results.js';

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

async function main(): Promise<void> {
  const opts = await mainOptions(process.argv.slice(2));
  if (opts === null) return;
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
    const done = await benchInput(input, ids, { ...opts, script: SCRIPT, reference: REFERENCE }, tag, started);
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
