/**
 * Issue #3's speed targets, read off one run: each is a ratio between two
 * cells of the table, so that whoever reads a run can see at once which
 * targets it met (cost linear in headers and body is the costs block's job).
 */
import type { Row } from './results.js';

export interface Target {
  what: string;
  /** The measured ratio (null: a cell it needs was not timed in this run). */
  value: number | null;
  /** The bound, and whether the ratio must be at least (`>=`) or at most (`<=`) it. */
  bound: number;
  sense: '>=' | '<=';
  /** For "every input" targets: the input where the ratio was worst. */
  worst?: string;
  met: boolean | null;
}

const SPAN = 'purehttp-span';
const COMPAT = 'purehttp-compat';
const NATIVE = 'llhttp-native';
const HTTP_PARSER_JS = 'http-parser-js';

function nsOf(rows: readonly Row[], input: string, contender: string): number | undefined {
  const cell = rows.find((r) => r.input === input)?.cells.find((c) => c.contender === contender);
  return cell?.status === 'ok' ? cell.nsPerMessage : undefined;
}

/** a / b of two cells' ns per message (how many times faster b is than a, or a's cost in b's). */
function ratio(rows: readonly Row[], a: [string, string], b: [string, string]): number | null {
  const x = nsOf(rows, ...a);
  const y = nsOf(rows, ...b);
  return x === undefined || y === undefined ? null : x / y;
}

function target(what: string, value: number | null, sense: Target['sense'], bound: number, worst?: string): Target {
  const met = value === null ? null : sense === '>=' ? value >= bound : value <= bound;
  return { what, value, bound, sense, met, ...(worst === undefined ? {} : { worst }) };
}

/** The slowest input for the span API against http-parser-js (lowest ratio), or null when none was timed. */
function worstAgainstHttpParserJs(rows: readonly Row[]): { value: number; input: string } | null {
  let worst: { value: number; input: string } | null = null;
  for (const row of rows) {
    const r = ratio(rows, [row.input, HTTP_PARSER_JS], [row.input, SPAN]);
    if (r !== null && (worst === null || r < worst.value)) worst = { value: r, input: row.input };
  }
  return worst;
}

export function computeTargets(rows: readonly Row[]): Target[] {
  const pipelined = 'httparse-703 x100';
  const worst = worstAgainstHttpParserJs(rows);
  return [
    target('span API vs llhttp native, 703 B x100', ratio(rows, [pipelined, NATIVE], [pipelined, SPAN]), '>=', 2),
    target('HTTPParser compat vs llhttp native, 703 B x100', ratio(rows, [pipelined, NATIVE], [pipelined, COMPAT]), '>=', 1.5),
    target('span API vs http-parser-js, lowest over the inputs run', worst?.value ?? null, '>=', 4, worst?.input),
    target(
      'span API, 703 B fed 1 byte per execute / whole (x1)',
      ratio(rows, ['httparse-703 bytewise', SPAN], ['httparse-703 x1', SPAN]),
      '<=',
      4,
    ),
  ];
}
