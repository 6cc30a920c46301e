// Inline SVG charts for the report: line charts with axes, grid, ticks and a legend; the reliability
// diagram's bars; a horizontal bar chart; a heatmap for confusion matrices too wide for a table.
// Pure string building; no ids (several charts share one document), text through xmlText.
import { xmlAttr, xmlText } from '../export/escape';

/** Ten distinguishable colours (Tableau 10), cycled for more series. */
export const PALETTE = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf'];
export const seriesColor = (i: number) => PALETTE[i % PALETTE.length];

export interface ChartSeries {
  label: string;
  x: readonly number[];
  /** A non-finite or null value breaks the line there. */
  y: readonly (number | null | undefined)[];
  color: string;
  dashed?: boolean;
  /** Dots at the points (short series such as epochs). */
  markers?: boolean;
}

export interface AxesOptions {
  width?: number;
  height?: number;
  xLabel: string;
  yLabel: string;
  /** Domains; from the data when absent. */
  x?: [number, number];
  y?: [number, number];
  /** Ticks at whole numbers only (epochs). */
  integerX?: boolean;
  /** y ticks as percentages. */
  percentY?: boolean;
  /** Accessible name of the chart. */
  title: string;
}

export interface LineChartOptions extends AxesOptions {
  series: ChartSeries[];
  /** Draws y = x (dashed, grey) with this legend label. */
  diagonal?: string;
}

const M = { left: 52, right: 14, top: 12, bottom: 40 };
const LEGEND_ROW = 18;
const fmt = (v: number) => String(Number(v.toPrecision(6)));

/** About `count` round ticks (1, 2 or 5 × 10^k apart) covering [lo, hi]; at least three where the range allows. */
export function niceTicks(lo: number, hi: number, count = 5, integer = false): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(raw));
  const steps = [0.1, 0.2, 0.5, 1, 2, 5, 10].map((f) => f * mag).filter((s) => !integer || (s >= 1 && Number.isInteger(s)));
  const at = (step: number) => {
    const out: number[] = [];
    for (let v = Math.ceil(lo / step - 1e-9) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
    return out;
  };
  let i = steps.findIndex((s) => s >= raw);
  if (i < 0) i = steps.length - 1;
  // A wide step can leave a single tick (−4…4 by 5 is just 0): step down until there are three.
  while (i > 0 && at(steps[i]).length < 3) i--;
  return at(steps[Math.max(0, i)] ?? 1);
}

function extent(values: number[], fallback: [number, number]): [number, number] {
  const finite = values.filter(Number.isFinite);
  if (!finite.length) return fallback;
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  return lo === hi ? [lo - 0.5, hi + 0.5] : [lo, hi];
}

/** Legend items laid out in rows under the plot; returns the markup and its height. */
function legend(items: { label: string; color: string; dashed?: boolean; bar?: boolean }[], width: number, top: number): { svg: string; height: number } {
  let x = M.left;
  let row = 0;
  const parts: string[] = [];
  for (const it of items) {
    const w = 28 + Math.min(200, it.label.length * 6.6) + 16;
    if (x + w > width && x > M.left) {
      x = M.left;
      row++;
    }
    const y = top + row * LEGEND_ROW;
    parts.push(
      it.bar
        ? `<rect x="${x}" y="${y - 5}" width="18" height="10" fill="${it.color}" fill-opacity="0.75"/>`
        : `<line x1="${x}" y1="${y}" x2="${x + 18}" y2="${y}" stroke="${it.color}" stroke-width="2.5"${it.dashed ? ' stroke-dasharray="5 3"' : ''}/>`,
      `<text x="${x + 24}" y="${y + 4}" font-size="11" fill="#333">${xmlText(it.label)}</text>`,
    );
    x += w;
  }
  return { svg: parts.join(''), height: items.length ? (row + 1) * LEGEND_ROW + 4 : 0 };
}

/** The frame of a chart: grid, ticks, axis labels; and the scales from data to pixels. */
function axes(o: AxesOptions, xDomain: [number, number], yDomain: [number, number]) {
  const width = o.width ?? 350;
  const height = o.height ?? 240;
  const pw = width - M.left - M.right;
  const ph = height - M.top - M.bottom;
  const sx = (v: number) => M.left + ((v - xDomain[0]) / (xDomain[1] - xDomain[0] || 1)) * pw;
  const sy = (v: number) => M.top + ph - ((v - yDomain[0]) / (yDomain[1] - yDomain[0] || 1)) * ph;
  const parts: string[] = [`<rect x="${M.left}" y="${M.top}" width="${pw}" height="${ph}" fill="#fbfbfd" stroke="#c9ced8"/>`];
  for (const t of niceTicks(xDomain[0], xDomain[1], Math.min(6, Math.max(2, Math.floor(pw / 55))), o.integerX)) {
    const x = sx(t).toFixed(1);
    parts.push(`<line x1="${x}" y1="${M.top}" x2="${x}" y2="${M.top + ph}" stroke="#e6e8ee"/>`, `<text x="${x}" y="${M.top + ph + 15}" font-size="10" text-anchor="middle" fill="#555">${fmt(t)}</text>`);
  }
  for (const t of niceTicks(yDomain[0], yDomain[1], 5)) {
    const y = sy(t).toFixed(1);
    const label = o.percentY ? `${fmt(t * 100)}%` : fmt(t);
    parts.push(`<line x1="${M.left}" y1="${y}" x2="${M.left + pw}" y2="${y}" stroke="#e6e8ee"/>`, `<text x="${M.left - 6}" y="${Number(y) + 3.5}" font-size="10" text-anchor="end" fill="#555">${label}</text>`);
  }
  parts.push(
    `<text x="${M.left + pw / 2}" y="${M.top + ph + 32}" font-size="11" text-anchor="middle" fill="#333">${xmlText(o.xLabel)}</text>`,
    `<text transform="translate(13 ${M.top + ph / 2}) rotate(-90)" font-size="11" text-anchor="middle" fill="#333">${xmlText(o.yLabel)}</text>`,
  );
  return { width, height, sx, sy, frame: parts.join(''), plotBottom: M.top + ph };
}

const open = (title: string, width: number, height: number) =>
  `<svg class="chart" role="img" aria-label="${xmlAttr(title)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}"><title>${xmlText(title)}</title>`;

/** The series' points as path data, broken where a value is missing. */
function pathData(s: ChartSeries, sx: (v: number) => number, sy: (v: number) => number): string {
  let d = '';
  let pen = false;
  s.x.forEach((xv, i) => {
    const yv = s.y[i];
    if (yv === null || yv === undefined || !Number.isFinite(yv) || !Number.isFinite(xv)) {
      pen = false;
      return;
    }
    d += `${pen ? 'L' : 'M'}${sx(xv).toFixed(1)},${sy(yv).toFixed(1)}`;
    pen = true;
  });
  return d;
}

export function lineChart(o: LineChartOptions): string {
  const xs = o.series.flatMap((s) => [...s.x]);
  const ys = o.series.flatMap((s) => s.y.filter((v): v is number => typeof v === 'number'));
  const a = axes(o, o.x ?? extent(xs, [0, 1]), o.y ?? extent(ys, [0, 1]));
  const items = o.series.map((s) => ({ label: s.label, color: s.color, dashed: s.dashed }));
  if (o.diagonal) items.push({ label: o.diagonal, color: '#9aa0aa', dashed: true });
  const lg = legend(items, a.width, a.height + 2);
  const parts = [open(o.title, a.width, a.height + lg.height), a.frame];
  if (o.diagonal) {
    const [lo, hi] = o.x ?? [0, 1];
    parts.push(`<line x1="${a.sx(lo)}" y1="${a.sy(lo)}" x2="${a.sx(hi)}" y2="${a.sy(hi)}" stroke="#9aa0aa" stroke-width="1.2" stroke-dasharray="5 3"/>`);
  }
  for (const s of o.series) {
    const d = pathData(s, a.sx, a.sy);
    if (d) parts.push(`<path d="${d}" fill="none" stroke="${s.color}" stroke-width="2" stroke-linejoin="round"${s.dashed ? ' stroke-dasharray="5 3"' : ''}/>`);
    if (s.markers)
      s.x.forEach((xv, i) => {
        const yv = s.y[i];
        if (typeof yv === 'number' && Number.isFinite(yv)) parts.push(`<circle cx="${a.sx(xv).toFixed(1)}" cy="${a.sy(yv).toFixed(1)}" r="2.8" fill="${s.color}"/>`);
      });
  }
  parts.push(lg.svg, '</svg>');
  return parts.join('');
}

export interface ReliabilityBin {
  lo: number;
  hi: number;
  count: number;
  accuracy: number | null;
}

/** Accuracy per confidence bin as bars over [0, 1], with the y = x diagonal of perfect calibration. */
export function reliabilityChart(o: Omit<AxesOptions, 'x' | 'y'> & { bins: readonly ReliabilityBin[]; barLabel: string; diagonal: string }): string {
  const a = axes({ ...o, percentY: true }, [0, 1], [0, 1]);
  const lg = legend(
    [
      { label: o.barLabel, color: '#1f77b4', bar: true },
      { label: o.diagonal, color: '#9aa0aa', dashed: true },
    ],
    a.width,
    a.height + 2,
  );
  const parts = [open(o.title, a.width, a.height + lg.height), a.frame];
  for (const b of o.bins) {
    if (b.accuracy === null || b.count === 0) continue;
    const x = a.sx(b.lo) + 1;
    const w = Math.max(1, a.sx(b.hi) - a.sx(b.lo) - 2);
    const y = a.sy(b.accuracy);
    parts.push(`<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${w.toFixed(1)}" height="${(a.plotBottom - y).toFixed(1)}" fill="#1f77b4" fill-opacity="0.75"><title>${b.count}</title></rect>`);
  }
  parts.push(`<line x1="${a.sx(0)}" y1="${a.sy(0)}" x2="${a.sx(1)}" y2="${a.sy(1)}" stroke="#9aa0aa" stroke-width="1.2" stroke-dasharray="5 3"/>`, lg.svg, '</svg>');
  return parts.join('');
}

/** Horizontal stacked bars, one row per label (class counts: training + validation). */
export function barChart(o: { title: string; width?: number; rows: { label: string; values: number[] }[]; series: { label: string; color: string }[] }): string {
  const width = o.width ?? 720;
  const rowH = 18;
  const labelW = Math.min(180, 12 + Math.max(...o.rows.map((r) => r.label.length), 4) * 6.6);
  const barW = width - labelW - 70;
  const max = Math.max(1, ...o.rows.map((r) => r.values.reduce((s, v) => s + v, 0)));
  const lg = o.series.length > 1 ? legend(o.series.map((s) => ({ ...s, bar: true })), width, o.rows.length * rowH + 14) : { svg: '', height: 0 };
  const height = o.rows.length * rowH + 8 + lg.height;
  const parts = [open(o.title, width, height)];
  o.rows.forEach((r, i) => {
    const y = 4 + i * rowH;
    const name = r.label.length > 26 ? `${r.label.slice(0, 25)}…` : r.label;
    parts.push(`<text x="${labelW - 8}" y="${y + 12}" font-size="11" text-anchor="end" fill="#333">${xmlText(name)}</text>`);
    let x = labelW;
    r.values.forEach((v, k) => {
      const w = (v / max) * barW;
      if (w > 0) parts.push(`<rect x="${x.toFixed(1)}" y="${y + 2}" width="${w.toFixed(1)}" height="${rowH - 5}" fill="${o.series[k]?.color ?? seriesColor(k)}"/>`);
      x += w;
    });
    parts.push(`<text x="${(x + 6).toFixed(1)}" y="${y + 12}" font-size="10" fill="#555">${r.values.reduce((s, v) => s + v, 0).toLocaleString('en-US')}</text>`);
  });
  parts.push(lg.svg, '</svg>');
  return parts.join('');
}

/** A square heatmap of a matrix (rows = truth), shaded by each row's share; for matrices too big for a table. */
export function heatmap(o: { title: string; matrix: readonly (readonly number[])[]; size?: number }): string {
  const n = o.matrix.length;
  const size = o.size ?? 560;
  const cell = size / Math.max(1, n);
  const parts = [open(o.title, size, size)];
  o.matrix.forEach((row, r) => {
    const total = row.reduce((s, v) => s + v, 0) || 1;
    row.forEach((v, c) => {
      if (v > 0) parts.push(`<rect x="${(c * cell).toFixed(2)}" y="${(r * cell).toFixed(2)}" width="${cell.toFixed(2)}" height="${cell.toFixed(2)}" fill="${r === c ? '#1f6f3f' : '#b3261e'}" fill-opacity="${(0.08 + 0.92 * (v / total)).toFixed(3)}"/>`);
    });
  });
  parts.push(`<rect x="0" y="0" width="${size}" height="${size}" fill="none" stroke="#c9ced8"/></svg>`);
  return parts.join('');
}
