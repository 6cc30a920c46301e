// SVG parallel coordinates: one axis per sweep axis + val accuracy, one line per finished trial.
import type { SweepTrial } from '../../../src/experiments/sweep';
import type { RunRecord } from '../../../src/experiments/runRecord';
import { layoutParcoords } from './parcoords';

const W = 520, H = 160;
const colourOf = (t: number | undefined) => (t === undefined ? 'var(--text-muted, #888)' : `hsl(${Math.round(t * 120)}, 70%, 50%)`);

export function ParallelCoordinates({ plan, labels, runs, title }: { plan: SweepTrial[]; labels: string[]; runs: Map<number, RunRecord>; title: string }) {
  const finished = plan.filter((p) => runs.has(p.index));
  const accs = finished.map((p) => runs.get(p.index)!.metrics.valAccuracy);
  const axes = [...labels.map((l) => ({ label: l, values: finished.map((p) => p.values[l]) })), { label: 'val acc', values: accs }];
  const present = accs.filter((a): a is number => a !== undefined);
  const lo = Math.min(...present), hi = Math.max(...present);
  const norm = accs.map((a) => (a === undefined ? undefined : hi > lo ? (a - lo) / (hi - lo) : 1));
  // The last axis keeps room on its right for its tick labels (they sit right of each axis).
  const layout = layoutParcoords(axes, norm, W - 36, H, 28);
  return (
    <figure className="sweep-parcoords">
      <figcaption>{title}</figcaption>
      <svg data-testid="sweep-parcoords" viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label={title}>
        {layout.lines.map((l, k) => <polyline key={k} className="sweep-line" points={l.points.map((p) => p.join(',')).join(' ')} fill="none" stroke={colourOf(l.t)} strokeWidth={2} />)}
        {layout.axes.map((a) => (
          <g key={a.label}>
            <line x1={a.x} x2={a.x} y1={28} y2={H - 28} stroke="var(--border, #888)" />
            <text x={a.x} y={14} textAnchor="middle" fill="var(--text, currentColor)" fontSize={11}>{a.label}</text>
            {a.ticks.map((tk) => <text key={tk.text} x={a.x + 4} y={tk.y + 4} fill="var(--text-muted, currentColor)" fontSize={10}>{tk.text}</text>)}
          </g>
        ))}
      </svg>
    </figure>
  );
}
