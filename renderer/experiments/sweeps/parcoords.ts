// Pure layout of the parallel-coordinates chart: one vertical axis per sweep axis (+ val accuracy), one polyline
// per trial. Numeric axes scale min…max (log when the values span ≥ 100×, as learning rates do); categorical
// axes space their values evenly.
export interface ParcoordsAxis { label: string; values: (number | string | undefined)[] }
export interface ParcoordsLayout { axes: { label: string; x: number; ticks: { y: number; text: string }[] }[]; lines: { points: [number, number][]; t: number | undefined }[] }

export function layoutParcoords(axes: ParcoordsAxis[], colour: (number | undefined)[], width: number, height: number, pad = 24): ParcoordsLayout {
  const n = colour.length;
  const step = axes.length > 1 ? (width - 2 * pad) / (axes.length - 1) : 0;
  const span = height - 2 * pad;
  const scaled = axes.map((axis, i) => {
    const x = pad + i * step;
    const present = axis.values.filter((v): v is number | string => v !== undefined);
    const numeric = present.length > 0 && present.every((v) => typeof v === 'number');
    if (numeric) {
      const nums = present as number[];
      const lo = Math.min(...nums), hi = Math.max(...nums);
      const log = lo > 0 && hi / lo >= 100;
      const f = (v: number) => (log ? Math.log(v) : v);
      const y = (v: number) => (hi === lo ? pad + span / 2 : pad + span * (1 - (f(v) - f(lo)) / (f(hi) - f(lo))));
      const ticks = [...new Set(nums)].sort((a, b) => a - b).map((v) => ({ y: y(v), text: String(v) }));
      return { label: axis.label, x, ticks, at: (v: number | string | undefined) => (typeof v === 'number' ? y(v) : undefined) };
    }
    const cats = [...new Set(present.map(String))];
    const y = (c: string) => (cats.length === 1 ? pad + span / 2 : pad + (span * cats.indexOf(c)) / (cats.length - 1));
    return { label: axis.label, x, ticks: cats.map((c) => ({ y: y(c), text: c })), at: (v: number | string | undefined) => (v === undefined ? undefined : y(String(v))) };
  });
  const lines = Array.from({ length: n }, (_, k) => ({
    points: scaled.flatMap((a, i) => { const y = a.at(axes[i]!.values[k]); return y === undefined ? [] : [[a.x, y] as [number, number]]; }),
    t: colour[k],
  }));
  return { axes: scaled.map(({ label, x, ticks }) => ({ label, x, ticks })), lines };
}

/** Parses an axis's comma-separated values: numbers where they all are, else strings; a message names what is wrong. */
export function parseAxisValues(text: string, kind: 'number' | 'string' | 'int'): { ok: true; values: (number | string)[] } | { ok: false; message: string } {
  const parts = text.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (parts.length === 0) return { ok: false, message: 'Enter one or more values separated by commas, e.g. 0.001, 0.01.' };
  if (parts.length > 100) return { ok: false, message: `${parts.length} values: at most 100 per axis.` };
  if (kind === 'string') return { ok: true, values: parts };
  const values: number[] = [];
  for (const p of parts) {
    const v = Number(p);
    if (!Number.isFinite(v)) return { ok: false, message: `"${p}" is not a number.` };
    if (kind === 'int' && !Number.isInteger(v)) return { ok: false, message: `"${p}" must be a whole number.` };
    values.push(v);
  }
  return { ok: true, values };
}
