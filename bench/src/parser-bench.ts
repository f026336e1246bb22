/**
 * `pnpm bench`: issue #3's parser benchmark. For every input: check that all
 * contenders see the same messages as Node's native llhttp, then time the
 * ones that agree in interleaved rounds; print the table and the cost per
 * header and per body KiB, and (on a full run) write
 * bench/results/parser.json and bench/results/parser.svg.
 *
 * Each input runs in a process of its own (this script again, with
 * `--child ID`, printing its row as JSON): V8's optimised code and garbage
 * from one input cannot then colour the next one's figures, and a
 * `--filter`ed run gives the same numbers as a full one.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { check } from './check.js';
import { parseArgs, USAGE, type Options } from './cli.js';
import type { Contender } from './contender.js';
import { createContenders, REFERENCE } from './contenders/index.js';
import { computeCosts } from './costs.js';
import { buildInputs, type Input } from './inputs.js';
import { measure, sinkValue } from './measure.js';
import { renderCosts, renderContenders, renderTable, renderTargets } from './report-table.js';
import { computeTargets } from './targets.js';
import { renderSvg } from './report-svg.js';
import { buildRow, machineInfo, type Results, type Row } from './results.js';

const RESULTS_DIR = new URL('../results/', import.meta.url);

function select(inputs: Input[], contenders: Contender[], filters: string[]): [Input[], Contender[]] {
  if (filters.length === 0) return [inputs, contenders];
  const f = filters.map((s) => s.toLowerCase());
  const hits = (...names: string[]) => f.some((s) => names.some((n) => n.toLowerCase().includes(s)));
  const unknown = f.filter((s) => !inputs.some((i) => hits(i.id, i.name)) && !contenders.some((c) => hits(c.id)));
  if (unknown.length) {
    throw new Error(
      `--filter ${unknown.join(', ')} matches nothing. Inputs: ${inputs.map((i) => i.id).join(', ')}. Contenders: ${contenders.map((c) => c.id).join(', ')}`,
    );
  }
  const someInputs = inputs.filter((i) => hits(i.id, i.name));
  const someContenders = contenders.filter((c) => hits(c.id));
  return [
    someInputs.length ? someInputs : inputs,
    someContenders.length ? contenders.filter((c) => c.id === REFERENCE || someContenders.includes(c)) : contenders,
  ];
}

/** One status line on stderr, rewritten in place on a terminal. */
function progressLine(text: string, final = false): void {
  if (process.stderr.isTTY) process.stderr.write(`\r\x1b[K${text}${final ? '\n' : ''}`);
  else if (final) process.stderr.write(`${text}\n`);
}

/** Check and time one input (in this process). */
function benchInput(input: Input, contenders: readonly Contender[], opts: Options, tag: string, started: number): Row {
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;
  progressLine(`${tag}: checking`);
  const verdicts = check(input, contenders, REFERENCE);
  for (const [id, v] of verdicts) if (!v.ok) process.stderr.write(`\n${tag}: ${id} disagrees with ${REFERENCE}: ${v.problem}\n`);
  const entrants = contenders.filter((c) => verdicts.get(c.id)!.ok).map((c) => ({ id: c.id, prepared: c.prepare(input) }));
  const timings = measure(entrants, opts, (done, total) => progressLine(`${tag}: timing ${done}/${total} (${elapsed()})`));
  if (sinkValue() === 0) throw new Error(`${tag}: no message was parsed while timing`);
  return buildRow(input, contenders, verdicts, timings, REFERENCE);
}

/** Run this script again for one input and read its row. */
function benchInChild(input: Input, tag: string, started: number): Row {
  const script = fileURLToPath(import.meta.url);
  const args = [...process.execArgv, script, ...process.argv.slice(2), '--child', input.id];
  const env = { ...process.env, PUREHTTP_BENCH_TAG: tag, PUREHTTP_BENCH_STARTED: String(started) };
  const r = spawnSync(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'], env, maxBuffer: 64 * 1024 * 1024 });
  if (r.status !== 0) throw new Error(`${tag}: the child process failed (${r.error?.message ?? `exit ${r.status ?? r.signal}`})`);
  return JSON.parse(r.stdout.toString('utf8')) as Row;
}

async function main(): Promise<void> {
  const opts = parseArgs(process.argv.slice(2));
  if (opts.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const [inputs, contenders] = select(buildInputs(), await createContenders(), opts.filter);

  if (opts.child !== null) {
    const input = inputs.find((i) => i.id === opts.child);
    if (!input) throw new Error(`--child ${opts.child}: no such input`);
    const started = Number(process.env.PUREHTTP_BENCH_STARTED ?? Date.now());
    const row = benchInput(input, contenders, opts, process.env.PUREHTTP_BENCH_TAG ?? input.id, started);
    process.stdout.write(JSON.stringify(row));
    return;
  }

  const started = Date.now();
  const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;
  process.stderr.write(
    `parser bench: ${inputs.length} inputs x ${contenders.length} contenders, ${opts.rounds} rounds of ~${opts.sampleMs} ms` +
      `${opts.quick ? ' (quick)' : ''}, one process per input\n`,
  );
  const rows: Row[] = [];
  inputs.forEach((input, n) => {
    const tag = `[${n + 1}/${inputs.length}] ${input.id}`;
    rows.push(benchInChild(input, tag, started));
    progressLine(`${tag}: done (${elapsed()})`, true);
  });

  const results: Results = {
    benchmark: 'parser',
    machine: machineInfo(),
    settings: { rounds: opts.rounds, sampleMs: opts.sampleMs, warmupMs: opts.warmupMs, quick: opts.quick, filter: opts.filter },
    reference: REFERENCE,
    contenders: contenders.map((c) => ({ id: c.id, label: c.label })),
    rows,
    costs: computeCosts(rows, contenders.map((c) => c.id)),
    targets: computeTargets(rows),
  };

  const m = results.machine;
  process.stdout.write(
    `\nNode ${m.node} (V8 ${m.v8}, llhttp ${m.llhttp}) on ${m.cpu}, ${m.cores} cores, ${m.os}; ${m.date}\n` +
      `median of ${opts.rounds} interleaved rounds; x native = native ns / contender ns (above 1 is faster); +-% = IQR / median\n\n` +
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
