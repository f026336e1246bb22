/** The results as plain-text tables for the terminal. */
import type { Costs } from './costs.js';
import { BODY_ROWS, HEADER_ROWS } from './costs.js';
import type { Results } from './results.js';
import type { Target } from './targets.js';

const int = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

function fixed(n: number, digits: number): string {
  return n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** 1234 -> "1,234"; small numbers keep a decimal or two. */
function ns(n: number): string {
  return n >= 100 ? int.format(n) : n >= 10 ? fixed(n, 1) : fixed(n, 2);
}

/** 12_345_678 -> "12.3 M". */
function rate(n: number): string {
  if (n >= 1e6) return `${fixed(n / 1e6, 2)} M`;
  if (n >= 1e3) return `${fixed(n / 1e3, 1)} k`;
  return fixed(n, 0);
}

function table(header: string[], rows: string[][], rightAligned: boolean[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.filter((r) => r.length > 0).map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells.map((c, i) => (rightAligned[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  const out = [line(header), widths.map((w) => '-'.repeat(w)).join('  ')];
  for (const r of rows) out.push(r.length === 0 ? '' : line(r));
  return out.join('\n');
}

export function renderTable(results: Results): string {
  const labels = new Map(results.contenders.map((c) => [c.id, c.id]));
  const header = ['input', 'feed', 'contender', 'ns/msg', 'MB/s', 'msg/s', 'x native', '+-%'];
  const right = [false, false, false, true, true, true, true, true];
  const rows: string[][] = [];
  const problems: string[] = [];
  for (const row of results.rows) {
    if (rows.length > 0) rows.push([]);
    row.cells.forEach((c, i) => {
      const first = i === 0;
      const name = first ? row.name : '';
      const feed = first ? row.feed : '';
      const who = labels.get(c.contender) ?? c.contender;
      if (c.status !== 'ok') {
        rows.push([name, feed, who, 'DISAGREES', '-', '-', '-', '-']);
        problems.push(`${row.input} / ${c.contender}: ${c.problem}`);
        return;
      }
      rows.push([
        name,
        feed,
        who,
        ns(c.nsPerMessage!),
        fixed(c.mbPerSec!, 1),
        rate(c.messagesPerSec!),
        c.ratio === undefined ? '-' : fixed(c.ratio, 2),
        fixed(c.spreadPct!, 1),
      ]);
    });
  }
  let out = table(header, rows, right);
  if (problems.length) out += `\n\nNot timed (output differs from ${results.reference}):\n  ${problems.join('\n  ')}`;
  return out;
}

export function renderCosts(costs: readonly Costs[]): string {
  const fmt = (v: [number, number, number] | null) => (v ? v.map((x) => ns(x)) : ['-', '-', '-']);
  const header = [
    'contender',
    `ns/header @${HEADER_ROWS.smallUnits}`, `@${HEADER_ROWS.largeUnits}`, 'marginal',
    `ns/KiB @${BODY_ROWS.smallUnits} KiB`, '@1 MiB', 'marginal',
  ];
  const rows = costs.map((c) => [c.contender, ...fmt(c.nsPerHeader), ...fmt(c.nsPerKiB)]);
  return (
    `Cost per header line (${HEADER_ROWS.small} vs ${HEADER_ROWS.large}) and per KiB of body (${BODY_ROWS.small} vs ${BODY_ROWS.large}):\n` +
    `per unit = whole message / units; marginal = (large - small) / (difference in units), the slope if cost is linear\n` +
    table(header, rows, [false, true, true, true, true, true, true])
  );
}

export function renderContenders(results: Results): string {
  return results.contenders.map((c) => `  ${c.id.padEnd(16)} ${c.label}`).join('\n');
}

export function renderTargets(targets: readonly Target[]): string {
  const rows = targets.map((t) => [
    t.what,
    t.value === null ? '-' : `${fixed(t.value, 2)}x`,
    `${t.sense} ${t.bound}x`,
    t.met === null ? 'not timed' : t.met ? 'met' : 'missed',
    t.worst ?? '',
  ]);
  return `Issue #3's targets in this run:\n${table(['ratio', 'value', 'target', '', 'worst input'], rows, [false, true, true, false, false])}`;
}
