/** The server benchmark's results as a plain-text table for the terminal. */
import type { ServerResults } from './results.js';

const fixed = (n: number, digits: number) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/** req/s as integers with separators, MB/s and KiB with a decimal or two. */
export function formatValue(v: number, unit: string): string {
  if (unit === 'req/s') return fixed(v, 0);
  return v >= 100 ? fixed(v, 0) : v >= 10 ? fixed(v, 1) : fixed(v, 2);
}

export function renderServerTable(results: ServerResults): string {
  const servers = results.servers;
  const header = ['scenario', 'unit', ...servers.flatMap((s) => [s.id === 'node' ? 'node:http' : s.id, '+-%']), 'ratio'];
  const right = header.map((_, i) => i >= 2);
  const rows: string[][] = [];
  const notes: string[] = [];
  for (const row of results.rows) {
    const cells = servers.flatMap((s) => {
      const c = row.cells.find((x) => x.server === s.id);
      for (const w of c?.warnings ?? []) notes.push(`${row.scenario} / ${s.id}: ${w}`);
      if (!c || c.status !== 'ok') {
        if (c?.problem) notes.push(`${row.scenario} / ${s.id}: ${c.status === 'disagrees' ? 'not timed, answers unlike node:http: ' : 'failed: '}${c.problem}`);
        return [c?.status === 'disagrees' ? 'DISAGREES' : 'FAILED', '-'];
      }
      return [formatValue(c.median!, row.unit), fixed(c.spreadPct!, 1)];
    });
    rows.push([row.name, row.unit + (row.higherIsBetter ? '' : ' (less is better)'), ...cells, row.ratio === undefined ? '-' : `${fixed(row.ratio, 2)}x`]);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => (right[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  const out = [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)];
  const cpuRows = results.rows.filter((row) => row.cells.some((c) => c.cpuMicrosPerResponse !== undefined));
  if (cpuRows.length) {
    out.push('', 'server CPU time per response (user + system, µs; less is better; ratio node:http / ours):');
    for (const row of cpuRows) {
      const by = (id: string) => row.cells.find((c) => c.server === id)?.cpuMicrosPerResponse;
      const ours = by('purehttp');
      const node = by('node');
      const ratio = ours && node ? `${fixed(node / ours, 2)}x` : '-';
      out.push(`  ${row.name.padEnd(widths[0])}  ours ${ours === undefined ? '-' : fixed(ours, 1).padStart(7)}  node:http ${node === undefined ? '-' : fixed(node, 1).padStart(7)}  ${ratio}`);
    }
  }
  if (notes.length) out.push('', 'Notes:', ...notes.map((n) => `  ${n}`));
  return out.join('\n');
}
