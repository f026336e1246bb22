/**
 * Cost per header line and per body byte, from pairs of rows that differ
 * only in that dimension (one message per execute): the 10- and 100-header
 * requests, the 64 KiB and 1 MiB responses. For each size it gives the cost
 * per unit (all of a message's cost divided by its headers, or KiB), and the
 * marginal cost between the two sizes (the difference in cost over the
 * difference in units), which is the slope if cost is linear; equal
 * per-unit costs at both sizes would mean no fixed overhead at all.
 */
import type { Row } from './results.js';

export interface Costs {
  contender: string;
  /** ns per header line: [10 headers, 100 headers, marginal], or null where not measured. */
  nsPerHeader: [number, number, number] | null;
  /** ns per KiB of body: [64 KiB, 1 MiB, marginal]. */
  nsPerKiB: [number, number, number] | null;
}

export const HEADER_ROWS = { small: 'headers-10 x1', large: 'headers-100 x1', smallUnits: 10, largeUnits: 100 } as const;
export const BODY_ROWS = { small: 'body-64k x1', large: 'body-1m x1', smallUnits: 64, largeUnits: 1024 } as const;

type Pair = typeof HEADER_ROWS | typeof BODY_ROWS;

function perUnit(rows: readonly Row[], pair: Pair, contender: string): [number, number, number] | null {
  const ns = (input: string) =>
    rows.find((r) => r.input === input)?.cells.find((c) => c.contender === contender && c.status === 'ok')?.nsPerMessage;
  const small = ns(pair.small);
  const large = ns(pair.large);
  if (small === undefined || large === undefined) return null;
  return [small / pair.smallUnits, large / pair.largeUnits, (large - small) / (pair.largeUnits - pair.smallUnits)];
}

export function computeCosts(rows: readonly Row[], contenders: readonly string[]): Costs[] {
  return contenders.map((contender) => ({
    contender,
    nsPerHeader: perUnit(rows, HEADER_ROWS, contender),
    nsPerKiB: perUnit(rows, BODY_ROWS, contender),
  }));
}
