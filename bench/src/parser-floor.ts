/**
 * `pnpm bench:parser-floor`: issue #3's two hardest targets against the
 * least any JavaScript parser could cost on the same input, timed the way
 * `pnpm bench` times (processes of their own, interleaved rounds, medians).
 *
 * - 1 byte per execute ≤ 4× whole-buffer: the span API on the 703 B GET fed
 *   whole and byte by byte, and `floor-calls` fed byte by byte, an `execute`
 *   that only classifies its byte (floors/byte-calls.ts). What the span API
 *   spends above that floor is its parsing.
 * - compat ≥ 1.5× native on 703 B × 100: native, the span API, the compat
 *   class, and the strings Node's glue needs made from offsets known in
 *   advance (floors/head-strings.ts), with names sliced and ready-made. The
 *   span API plus that floor is the least a compat class built on the span
 *   API could cost; what is left under the target is what recording the
 *   spans may cost. `floor-compat` is that class built for real, with no
 *   semantics (floors/compat-on-span.ts): our parser recording the spans, one
 *   decode per chunk, the slices and the glue, in one process.
 *
 * Nothing is written; the figures go to stdout.
 */
import { fileURLToPath } from 'node:url';
import { benchInput, progressLine } from './bench-input.js';
import { mainOptions, TIMING_OPTIONS } from './cli.js';
import { REFERENCE } from './contenders/index.js';
import { buildInputs } from './inputs.js';
import type { Row } from './results.js';

const SCRIPT = fileURLToPath(import.meta.url);
const SPAN = 'purehttp-span';
const COMPAT = 'purehttp-compat';

const PLAN: { input: string; ids: string[] }[] = [
  { input: 'httparse-703 x1', ids: [REFERENCE, SPAN] },
  { input: 'httparse-703 bytewise', ids: [REFERENCE, SPAN, 'floor-calls'] },
  { input: 'httparse-703 x100', ids: [REFERENCE, SPAN, COMPAT, 'floor-compat', 'floor-strings', 'floor-strings-names-free'] },
];
const UNCHECKED = new Set(['floor-calls']);

const USAGE = `Usage: pnpm bench:parser-floor [-- options]   (or: npx tsx bench/src/parser-floor.ts [options])

  --quick            3 short rounds in one process
${TIMING_OPTIONS}
  --help`;

const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function nsOf(rows: readonly Row[], input: string, id: string): number {
  const cell = rows.find((r) => r.input === input)?.cells.find((c) => c.contender === id);
  if (cell?.status !== 'ok' || cell.nsPerMessage === undefined) throw new Error(`${id} was not timed on ${input}: ${cell?.problem ?? 'missing'}`);
  return cell.nsPerMessage;
}

function table(rows: readonly Row[], labels: ReadonlyMap<string, string>): string {
  const lines = ['input                   contender                   ns/msg    +-%   what'];
  for (const row of rows) {
    for (const c of row.cells) {
      const ns = c.status === 'ok' ? fmt(c.nsPerMessage!) : 'disagrees';
      const spread = c.status === 'ok' ? `${c.spreadPct!.toFixed(1)}%` : '';
      lines.push(`${row.input.padEnd(24)}${c.contender.padEnd(26)}${ns.padStart(9)}${spread.padStart(7)}   ${labels.get(c.contender) ?? ''}`);
    }
  }
  return lines.join('\n');
}

/** The two targets against their floors, in words. */
function findings(rows: readonly Row[]): string {
  const bytes = rows.find((r) => r.input === 'httparse-703 bytewise')!.bytesPerRun;
  const whole = nsOf(rows, 'httparse-703 x1', SPAN);
  const bytewise = nsOf(rows, 'httparse-703 bytewise', SPAN);
  const calls = nsOf(rows, 'httparse-703 bytewise', 'floor-calls');
  const bound = 4 * whole;
  const pipelined = 'httparse-703 x100';
  const native = nsOf(rows, pipelined, REFERENCE);
  const span = nsOf(rows, pipelined, SPAN);
  const compat = nsOf(rows, pipelined, COMPAT);
  const strings = nsOf(rows, pipelined, 'floor-strings');
  const valuesOnly = nsOf(rows, pipelined, 'floor-strings-names-free');
  const bare = nsOf(rows, pipelined, 'floor-compat');
  const most = native / 1.5;
  return [
    `1 byte per execute (target: at most 4x the whole-buffer time, ${fmt(bound)} ns):`,
    `  span API ${fmt(bytewise)} ns = ${(bytewise / whole).toFixed(2)}x its whole-buffer ${fmt(whole)} ns`,
    `  floor-calls ${fmt(calls)} ns = ${(calls / whole).toFixed(2)}x: the ${bytes} calls alone, ${(calls / bytes).toFixed(2)} ns each`,
    `  4x leaves ${((bound - calls) / bytes).toFixed(2)} ns per call for parsing above the floor; the span API spends ${((bytewise - calls) / bytes).toFixed(2)}`,
    '',
    `compat on ${pipelined} (target: at least 1.5x native, so at most ${fmt(most)} ns; native ${fmt(native)} ns):`,
    `  compat class ${fmt(compat)} ns = ${(native / compat).toFixed(2)}x native`,
    `  span API ${fmt(span)} ns + floor-strings ${fmt(strings)} ns = ${fmt(span + strings)} ns = ${(native / (span + strings)).toFixed(2)}x native`,
    `  span API + floor-strings-names-free ${fmt(valuesOnly)} ns = ${fmt(span + valuesOnly)} ns = ${(native / (span + valuesOnly)).toFixed(2)}x native`,
    `  left under the target for recording the spans and calling out, with every name free: ${fmt(most - span - valuesOnly)} ns` +
      ` (the compat class spends ${fmt(compat - span - strings)} ns above span API + floor-strings)`,
    `  floor-compat ${fmt(bare)} ns = ${(native / bare).toFixed(2)}x native: the two in one process, recording offsets, with no semantics;` +
      ` ${fmt(bare - span - strings)} ns above their sum, ${fmt(compat - bare)} ns under the compat class`,
  ].join('\n');
}

async function main(): Promise<void> {
  const opts = await mainOptions(process.argv.slice(2), USAGE);
  if (opts === null) return;
  if (opts.filter.length > 0) throw new Error(`--filter does not apply here\n\n${USAGE}`);
  const inputs = buildInputs();
  const started = Date.now();
  process.stderr.write(`parser floor: ${PLAN.length} inputs, ${opts.rounds} rounds in ${opts.processes} process(es) per contender and input\n`);
  const rows: Row[] = [];
  const labels = new Map<string, string>();
  for (const [n, { input: id, ids }] of PLAN.entries()) {
    const input = inputs.find((i) => i.id === id)!;
    const tag = `[${n + 1}/${PLAN.length}] ${id}`;
    const done = await benchInput(input, ids, { ...opts, script: SCRIPT, reference: REFERENCE, unchecked: UNCHECKED }, tag, started);
    rows.push(done.row);
    for (const [k, label] of done.labels) labels.set(k, label);
    progressLine(`${tag}: done (${((Date.now() - started) / 1000).toFixed(0)} s)`, true);
  }
  process.stdout.write(`\n${table(rows, labels)}\n\n${findings(rows)}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`\n${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exitCode = 1;
});
