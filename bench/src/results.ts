/**
 * The shape of a benchmark's outcome, shared by the table, the chart and
 * bench/results/parser.json, and how one input's timings become a row.
 */
import { cpus, arch, platform, release, totalmem } from 'node:os';
import type { Costs } from './costs.js';
import type { Target } from './targets.js';
import type { Verdict } from './check.js';
import type { Input } from './inputs.js';
import type { Timing } from './measure.js';

export interface Cell {
  contender: string;
  /** `ok`, or `disagrees` with the reference (then not timed). */
  status: 'ok' | 'disagrees';
  problem?: string;
  nsPerMessage?: number;
  /** Input megabytes (10^6 bytes) parsed per second. */
  mbPerSec?: number;
  messagesPerSec?: number;
  /** native ns / this ns: above 1 is faster than Node's llhttp. */
  ratio?: number;
  /** Interquartile range of the samples over their median, in percent. */
  spreadPct?: number;
  /** Nanoseconds per run (all the input's chunks once), one per round. */
  samplesNsPerRun?: number[];
  runsPerSample?: number;
}

export interface Row {
  input: string;
  name: string;
  feed: string;
  type: 'request' | 'response';
  bytesPerRun: number;
  messagesPerRun: number;
  executesPerRun: number;
  cells: Cell[];
}

export interface Machine {
  node: string;
  v8: string;
  llhttp: string;
  cpu: string;
  cores: number;
  os: string;
  arch: string;
  memoryGiB: number;
  date: string;
}

export interface Settings {
  rounds: number;
  /** Processes per contender and input, the rounds shared among them. */
  processes: number;
  sampleMs: number;
  warmupMs: number;
  quick: boolean;
  filter: string[];
}

export interface Results {
  benchmark: 'parser';
  machine: Machine;
  settings: Settings;
  reference: string;
  contenders: { id: string; label: string }[];
  rows: Row[];
  costs: Costs[];
  targets: Target[];
}

export function machineInfo(): Machine {
  const cpu = cpus();
  return {
    node: process.version,
    v8: process.versions.v8,
    llhttp: process.versions.llhttp ?? 'unknown',
    cpu: cpu[0]?.model.trim() ?? 'unknown',
    cores: cpu.length,
    os: `${platform()} ${release()}`,
    arch: arch(),
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    date: new Date().toISOString(),
  };
}

export function buildRow(
  input: Input,
  contenders: readonly string[],
  verdicts: Map<string, Verdict>,
  timings: Map<string, Timing>,
  referenceId: string,
): Row {
  const ref = timings.get(referenceId);
  const cells = contenders.map((id): Cell => {
    const verdict = verdicts.get(id)!;
    const t = timings.get(id);
    if (!verdict.ok || !t) return { contender: id, status: 'disagrees', problem: verdict.problem };
    const nsPerMessage = t.median / input.messages;
    return {
      contender: id,
      status: 'ok',
      nsPerMessage,
      mbPerSec: (input.bytes / t.median) * 1e3,
      messagesPerSec: 1e9 / nsPerMessage,
      ratio: ref ? ref.median / t.median : undefined,
      spreadPct: ((t.q3 - t.q1) / t.median) * 100,
      samplesNsPerRun: t.samples.map((s) => Math.round(s)),
      runsPerSample: t.runsPerSample,
    };
  });
  return {
    input: input.id,
    name: input.name,
    feed: input.feed,
    type: input.type,
    bytesPerRun: input.bytes,
    messagesPerRun: input.messages,
    executesPerRun: input.chunks.length,
    cells,
  };
}
