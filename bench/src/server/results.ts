/**
 * The shape of the server benchmark's outcome, shared by the table, the
 * chart and bench/results/server.json, and the statistics of its samples.
 */
import { machineInfo, type Machine } from '../results.js';
import type { Impl } from './routes.js';
import type { Scenario } from './scenarios.js';

export interface ServerCell {
  server: Impl;
  /** `disagrees`: answered the check unlike node:http, not timed; `failed`: an error while timing. */
  status: 'ok' | 'disagrees' | 'failed';
  problem?: string;
  /** Median over the rounds, in the row's unit. */
  median?: number;
  /** Interquartile range over the median, in percent. */
  spreadPct?: number;
  /** One value per round, in the row's unit. */
  samples: number[];
  /** Median latency (load scenarios), ms. */
  latencyP50Ms?: number;
  latencyP99Ms?: number;
  /** Socket errors or non-2xx answers seen while timing, and the like. */
  warnings: string[];
  /** Load scenarios: the server's CPU time (user + system) per response, µs, one value per round. */
  cpuSamples?: number[];
  /** Median of cpuSamples. */
  cpuMicrosPerResponse?: number;
  /** Idle memory: rss before/with the connections, per round, bytes. */
  rss?: { before: number; with: number; heapBefore: number; heapWith: number }[];
}

export interface ServerRow {
  scenario: string;
  name: string;
  detail: string;
  unit: Scenario['unit'];
  higherIsBetter: boolean;
  cells: ServerCell[];
  /** Ours over node:http for rates, node:http over ours for memory: above 1, ours is better. */
  ratio?: number;
}

export interface ServerSettings {
  rounds: number;
  durationS: number;
  warmupS: number;
  uploadRepeats: number;
  idleConnections: number;
  quick: boolean;
  filter: string[];
}

export interface ServerResults {
  benchmark: 'server';
  machine: Machine & { loadTool: string; loadToolVersion: string; wrk: string | null };
  settings: ServerSettings;
  reference: Impl;
  servers: { id: Impl; label: string }[];
  rows: ServerRow[];
}

export function serverMachine(tool: { name: string; version: string }): ServerResults['machine'] {
  return { ...machineInfo(), loadTool: tool.name, loadToolVersion: tool.version, wrk: tool.name === 'wrk' ? tool.version : null };
}

function quantile(sorted: readonly number[], q: number): number {
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export function median(values: readonly number[]): number {
  return quantile([...values].sort((a, b) => a - b), 0.5);
}

/** Interquartile range over the median, in percent. */
export function spreadPct(values: readonly number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = quantile(s, 0.5);
  return m === 0 ? 0 : (Math.abs(quantile(s, 0.75) - quantile(s, 0.25)) / Math.abs(m)) * 100;
}

/** The row's ratio: above 1 when ours is better (more req/s or MB/s, fewer KiB). */
export function ratioOf(row: Pick<ServerRow, 'cells' | 'higherIsBetter'>, ours: Impl, reference: Impl): number | undefined {
  const a = row.cells.find((c) => c.server === ours);
  const b = row.cells.find((c) => c.server === reference);
  if (a?.status !== 'ok' || b?.status !== 'ok' || !a.median || !b.median) return undefined;
  return row.higherIsBetter ? a.median / b.median : b.median / a.median;
}
