/**
 * The server benchmark as a hand-written SVG bar chart (no dependencies),
 * for the README: one group per scenario, one bar per server, scaled within
 * the group (the scenarios' units differ), each bar labelled with its value,
 * and the group's ratio on the right (above 1: ours is better).
 */
import { formatValue } from './report-table.js';
import type { ServerResults } from './results.js';
import { esc, FONT, svgDocument } from '../svg.js';

const COLORS: Record<string, string> = { purehttp: '#0072B2', node: '#8c8c8c' };
const W = 900;
const LABEL_W = 290;
const PLOT_X0 = LABEL_W + 10;
const PLOT_X1 = 700;
const RATIO_X = W - 24;
const BAR_H = 15;
const BAR_GAP = 4;
const GROUP_PAD = 18;


export function renderServerSvg(results: ServerResults): string {
  const m = results.machine;
  const ours = results.servers.find((s) => s.id !== results.reference)!;
  const out: string[] = [];
  let y = 28;
  out.push(`<text x="16" y="${y}" font-size="18" font-weight="600">${esc(`${ours.label} vs node:http (ratio above 1×: ours is better)`)}</text>`);
  y += 20;
  const settings = results.settings;
  out.push(
    `<text x="16" y="${y}" font-size="12" fill="#555">${esc(
      `Node ${m.node} · ${m.cpu} (${m.cores} cores) · ${m.loadTool} ${m.loadToolVersion} · ${m.date.slice(0, 10)} · median of ${settings.rounds} rounds of ${settings.durationS} s, servers alternating`,
    )}</text>`,
  );
  y += 24;
  let lx = 16;
  for (const s of results.servers) {
    out.push(`<rect x="${lx}" y="${y - 10}" width="12" height="12" fill="${COLORS[s.id]}"/>`);
    out.push(`<text x="${lx + 17}" y="${y}" font-size="12">${esc(s.label)}</text>`);
    lx += 17 + Math.ceil(s.label.length * 6.6) + 24;
  }
  out.push(`<text x="${RATIO_X}" y="${y}" font-size="12" fill="#555" text-anchor="end">ratio</text>`);
  y += 14;

  results.rows.forEach((row, gi) => {
    const h = results.servers.length * (BAR_H + BAR_GAP) - BAR_GAP;
    const groupH = Math.max(h, 30) + GROUP_PAD;
    if (gi % 2 === 0) out.push(`<rect x="8" y="${y}" width="${W - 16}" height="${groupH}" fill="#f4f6f8"/>`);
    const top = y + GROUP_PAD / 2;
    out.push(`<text x="16" y="${top + 12}" font-size="13" font-weight="600">${esc(row.name)}</text>`);
    out.push(`<text x="16" y="${top + 28}" font-size="11.5" fill="#555">${esc(`${row.unit}, ${row.higherIsBetter ? 'more' : 'less'} is better`)}</text>`);
    const values = row.cells.filter((c) => c.status === 'ok').map((c) => c.median!);
    const max = Math.max(...values, 1e-9);
    results.servers.forEach((s, i) => {
      const by = top + i * (BAR_H + BAR_GAP);
      const c = row.cells.find((x) => x.server === s.id);
      if (!c || c.status !== 'ok') {
        const what = c?.status === 'disagrees' ? 'answers unlike node:http, not timed' : 'failed';
        out.push(`<text x="${PLOT_X0 + 4}" y="${by + BAR_H - 3}" font-size="11.5" fill="#b00020">${esc(`${s.id}: ${what}`)}</text>`);
        return;
      }
      const width = Math.max(1, ((c.median! / max) * (PLOT_X1 - PLOT_X0)));
      out.push(
        `<rect x="${PLOT_X0}" y="${by}" width="${width.toFixed(1)}" height="${BAR_H}" fill="${COLORS[s.id]}"><title>${esc(
          `${s.label}: ${formatValue(c.median!, row.unit)} ${row.unit} (±${c.spreadPct!.toFixed(1)} % IQR)`,
        )}</title></rect>`,
      );
      out.push(`<text x="${(PLOT_X0 + width + 5).toFixed(1)}" y="${by + BAR_H - 3}" font-size="11.5">${esc(`${formatValue(c.median!, row.unit)} ${row.unit}`)}</text>`);
    });
    if (row.ratio !== undefined) {
      const color = row.ratio >= 1 ? '#1a7f37' : '#b35900';
      out.push(`<text x="${RATIO_X}" y="${top + 22}" font-size="16" font-weight="600" fill="${color}" text-anchor="end">${row.ratio.toFixed(2)}×</text>`);
    }
    y += groupH;
  });

  const notes = [
    `ratio = ours / node:http for req/s and MB/s, node:http / ours for memory: above 1× ours is better. Bars are scaled within each scenario.`,
    `Each server runs in its own process on 127.0.0.1; the load (${m.loadTool}, one thread) gets the other core.`,
  ];
  return svgDocument(out, notes, y + 24, W, "Server benchmark: @purehttp/http-server against node:http");
}
