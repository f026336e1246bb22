/**
 * The results as a hand-written SVG bar chart (no dependencies), for the
 * README: one group per input, one bar per contender, each bar drawn from
 * the 1x line (Node's native llhttp) to the contender's ratio on a log
 * axis, so slower goes left and faster goes right by the same visual
 * distance for "half as fast" and "twice as fast".
 */
import type { Results, Row } from './results.js';
import { esc, FONT, svgDocument } from './svg.js';

const COLORS: Record<string, string> = {
  'purehttp-span': '#0072B2',
  'purehttp-compat': '#56B4E9',
  'llhttp-wasm': '#E69F00',
  'http-parser-js': '#CC79A7',
};
const FALLBACK = ['#009E73', '#D55E00', '#999999'];

/** The axis stops here: the body rows' ratios (hundreds) would squeeze the rest; longer bars are cut and labelled. */
const AXIS_MAX = 20;
const W = 1000;
const LABEL_W = 330;
const PLOT_X0 = LABEL_W + 10;
const PLOT_X1 = W - 70;
const BAR_H = 13;
const BAR_GAP = 3;
const GROUP_PAD = 16;


/** 1-2-5 ticks covering [lo, hi]. */
function ticks(lo: number, hi: number): number[] {
  const out: number[] = [];
  for (let e = Math.floor(Math.log10(lo)) - 1; e <= Math.ceil(Math.log10(hi)) + 1; e++) {
    for (const m of [1, 2, 5]) {
      const v = m * 10 ** e;
      if (v >= lo * 0.999 && v <= hi * 1.001) out.push(Number(v.toPrecision(3)));
    }
  }
  return out;
}

function niceDown(v: number): number {
  const e = Math.floor(Math.log10(v));
  for (const m of [5, 2, 1]) if (m * 10 ** e <= v) return m * 10 ** e;
  return 10 ** e;
}

function niceUp(v: number): number {
  const e = Math.floor(Math.log10(v));
  for (const m of [1, 2, 5, 10]) if (m * 10 ** e >= v) return m * 10 ** e;
  return 10 ** (e + 1);
}

function fmtRatio(r: number): string {
  return r >= 10 ? `${r.toFixed(0)}×` : r >= 1 ? `${r.toFixed(2)}×` : `${r.toPrecision(2)}×`;
}

function fmtNs(ns: number): string {
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(2)} ms`;
  if (ns >= 1e3) return `${(ns / 1e3).toFixed(2)} µs`;
  return `${ns.toFixed(0)} ns`;
}

export function renderSvg(results: Results): string {
  const shown = results.contenders.filter((c) => c.id !== results.reference);
  const color = new Map(shown.map((c, i) => [c.id, COLORS[c.id] ?? FALLBACK[i % FALLBACK.length]]));
  const ratios = results.rows.flatMap((r) => r.cells.filter((c) => c.ratio !== undefined).map((c) => c.ratio!));
  // room on both sides of 1x for the value labels
  const lo = niceDown(Math.min(1, ...ratios) / 1.8);
  const hi = Math.min(AXIS_MAX, niceUp(Math.max(1, ...ratios) * 1.25));
  const cut = ratios.some((r) => r > hi);
  const x = (r: number) => PLOT_X0 + ((Math.log(r) - Math.log(lo)) / (Math.log(hi) - Math.log(lo))) * (PLOT_X1 - PLOT_X0);

  const out: string[] = [];
  const m = results.machine;
  let y = 28;
  out.push(`<text x="16" y="${y}" font-size="18" font-weight="600">Parser speed relative to Node's native llhttp (right of 1× is faster)</text>`);
  y += 20;
  out.push(
    `<text x="16" y="${y}" font-size="12" fill="#555">${esc(
      `Node ${m.node} · ${m.cpu} (${m.cores} cores) · ${m.date.slice(0, 10)} · median of ${results.settings.rounds} interleaved rounds in ${results.settings.processes ?? 1} processes · log axis`,
    )}</text>`,
  );
  y += 22;
  // legend
  let lx = 16;
  for (const c of shown) {
    out.push(`<rect x="${lx}" y="${y - 10}" width="12" height="12" fill="${color.get(c.id)}"/>`);
    const text = esc(c.label);
    out.push(`<text x="${lx + 17}" y="${y}" font-size="12">${text}</text>`);
    lx += 17 + Math.ceil(c.label.length * 6.4) + 20;
    if (lx > W - 200) {
      lx = 16;
      y += 18;
    }
  }
  const ref = results.contenders.find((c) => c.id === results.reference);
  out.push(`<line x1="${lx}" y1="${y - 11}" x2="${lx}" y2="${y + 2}" stroke="#000" stroke-width="2"/>`);
  out.push(`<text x="${lx + 6}" y="${y}" font-size="12">${esc(`1× = ${ref?.label ?? results.reference}`)}</text>`);
  y += 30;

  const plotTop = y;
  const axisLabels = (yy: number) =>
    ticks(lo, hi)
      .map((t) => `<text x="${x(t).toFixed(1)}" y="${yy}" font-size="11" fill="#555" text-anchor="middle">${t}×</text>`)
      .join('');
  out.push(axisLabels(plotTop - 6));

  const groups: string[] = [];
  results.rows.forEach((row: Row, gi) => {
    const cells = row.cells.filter((c) => c.contender !== results.reference);
    const h = cells.length * (BAR_H + BAR_GAP) - BAR_GAP;
    const top = y + GROUP_PAD / 2;
    if (gi % 2 === 0) groups.push(`<rect x="8" y="${y}" width="${W - 16}" height="${h + GROUP_PAD}" fill="#f4f6f8"/>`);
    const native = row.cells.find((c) => c.contender === results.reference);
    groups.push(`<text x="16" y="${top + 11}" font-size="12.5" font-weight="600">${esc(row.name)}</text>`);
    const sub = `${row.feed}${native?.nsPerMessage ? ` · native ${fmtNs(native.nsPerMessage)}/msg` : ''}`;
    groups.push(`<text x="16" y="${top + 26}" font-size="11.5" fill="#555">${esc(sub)}</text>`);
    cells.forEach((c, i) => {
      const by = top + i * (BAR_H + BAR_GAP);
      const fill = color.get(c.contender)!;
      if (c.status !== 'ok' || c.ratio === undefined) {
        groups.push(
          `<text x="${x(1) + 6}" y="${by + BAR_H - 2}" font-size="11" fill="#b00020">${esc(`${c.contender}: output differs, not timed`)}</text>`,
        );
        return;
      }
      const x1 = x(1);
      const beyond = c.ratio > hi;
      const xr = x(Math.min(c.ratio, hi));
      const left = Math.min(x1, xr);
      const width = Math.max(1, Math.abs(xr - x1));
      groups.push(
        `<rect x="${left.toFixed(1)}" y="${by}" width="${width.toFixed(1)}" height="${BAR_H}" fill="${fill}"><title>${esc(
          `${c.contender} on ${row.input}: ${fmtRatio(c.ratio)} of native, ${fmtNs(c.nsPerMessage!)}/msg`,
        )}</title></rect>`,
      );
      if (beyond) {
        // a break mark: the bar goes on past the axis
        const bx = xr - 14;
        groups.push(
          `<path d="M${bx} ${by + BAR_H + 1} l5 ${-(BAR_H + 2)} M${bx + 5} ${by + BAR_H + 1} l5 ${-(BAR_H + 2)}" stroke="#fff" stroke-width="2.5"/>`,
        );
      }
      const faster = c.ratio >= 1;
      groups.push(
        `<text x="${(faster ? xr + 4 : xr - 4).toFixed(1)}" y="${by + BAR_H - 2}" font-size="11" text-anchor="${faster ? 'start' : 'end'}">${fmtRatio(c.ratio)}</text>`,
      );
    });
    y += h + GROUP_PAD;
  });
  const plotBottom = y;
  // grid under the bars, 1x line over them
  const grid = ticks(lo, hi)
    .map((t) => `<line x1="${x(t).toFixed(1)}" y1="${plotTop}" x2="${x(t).toFixed(1)}" y2="${plotBottom}" stroke="#d0d4d9" stroke-width="1"/>`)
    .join('');
  out.push(...groups.filter((g) => g.startsWith('<rect x="8"')), grid, ...groups.filter((g) => !g.startsWith('<rect x="8"')));
  out.push(`<line x1="${x(1).toFixed(1)}" y1="${plotTop}" x2="${x(1).toFixed(1)}" y2="${plotBottom}" stroke="#000" stroke-width="2"/>`);
  out.push(axisLabels(plotBottom + 16));
  const notes = [
    ...(cut ? [`Bars past ${hi}× are cut short (the break mark); their value is written after them.`] : []),
    `On the body rows most of llhttp native's time is Node's binding copying each body piece into a new Buffer`,
    `(node_http_parser.cc on_body: Buffer::Copy) and collecting them; the others hand over views of the input.`,
  ];
  return svgDocument(out, notes, plotBottom + 40, W, "Parser benchmark: speed relative to Node's native llhttp");
}
