// A small SVG line chart: y in 0..1 against a shared x, one line per series (solid or dashed), each its colour.
// SVG rather than uPlot: nine points per line, many small charts, and it follows the theme through CSS.
export interface ChartLine {
  key: string;
  color: string;
  values: number[];
  dashed?: boolean;
}

const W = 260;
const H = 140;
const PAD = { left: 30, right: 8, top: 8, bottom: 22 };

export function LineChart({ title, x, lines, xLabel, testId }: { title: string; x: number[]; lines: ChartLine[]; xLabel?: string; testId: string }) {
  const lo = Math.min(...x);
  const hi = Math.max(...x);
  const px = (v: number) => PAD.left + ((v - lo) / (hi - lo || 1)) * (W - PAD.left - PAD.right);
  const py = (v: number) => PAD.top + (1 - Math.max(0, Math.min(1, v))) * (H - PAD.top - PAD.bottom);
  return (
    <figure className="rob-chart" data-testid={testId}>
      <figcaption>{title}</figcaption>
      <svg viewBox={`0 0 ${W} ${H}`} width={W} height={H} role="img" aria-label={title}>
        {[0, 0.5, 1].map((g) => (
          <g key={g}>
            <line className="rob-grid" x1={PAD.left} x2={W - PAD.right} y1={py(g)} y2={py(g)} />
            <text className="rob-tick" x={PAD.left - 4} y={py(g) + 3} textAnchor="end">
              {g}
            </text>
          </g>
        ))}
        {x.map((v, i) => (
          <text key={i} className="rob-tick" x={px(v)} y={H - PAD.bottom + 12} textAnchor="middle">
            {Number.isInteger(v) ? v : v.toFixed(2).replace(/0+$/, '')}
          </text>
        ))}
        {xLabel && (
          <text className="rob-tick" x={W - PAD.right} y={H - 1} textAnchor="end">
            {xLabel}
          </text>
        )}
        {lines.map((l) => (
          <polyline key={l.key} fill="none" stroke={l.color} strokeWidth={1.6} strokeDasharray={l.dashed ? '4 3' : undefined} points={l.values.map((v, i) => `${px(x[i])},${py(v)}`).join(' ')} />
        ))}
      </svg>
    </figure>
  );
}
