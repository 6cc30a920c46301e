// One-vs-rest ROC or PR curve of the picked class with uPlot, its no-skill reference dashed; sized to its box
// by a ResizeObserver (as the training charts are). data-points tells tests how many points it draws.
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import type { CurveColumns } from './curveSeries';

const MIN_W = 200;
const HEIGHT = 220;

export function CurveChart({ data, xLabel, yLabel, labels, testId }: { data: CurveColumns; xLabel: string; yLabel: string; labels: [string, string]; testId: string }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const css = getComputedStyle(document.documentElement);
    const accent = css.getPropertyValue('--accent').trim() || '#5b9cff';
    const muted = css.getPropertyValue('--muted').trim() || '#999';
    // The UI's font stack (it names Korean fonts): a canvas falls back to none of its own for Hangul.
    const font = `11px ${css.getPropertyValue('--font-ui').trim() || 'system-ui, sans-serif'}`;
    const axis = { stroke: muted, grid: { stroke: 'rgba(128,128,128,0.15)' }, font, labelFont: font, labelSize: 16, gap: 3 };
    const el = box.current!;
    const opts: uPlot.Options = {
      width: Math.max(MIN_W, el.clientWidth),
      height: HEIGHT,
      scales: { x: { time: false, range: [0, 1] }, y: { range: [0, 1.02] } },
      axes: [
        { ...axis, label: xLabel, size: 34 },
        { ...axis, label: yLabel, size: 40 },
      ],
      cursor: { drag: { x: false, y: false } },
      legend: { show: true, live: false },
      series: [{}, { label: labels[0], stroke: accent, width: 2, points: { show: false } }, { label: labels[1], stroke: muted, width: 1, dash: [5, 4], points: { show: false } }],
    };
    const p = new uPlot(opts, data, el);
    el.dataset.points = String(data[0].length);
    const resize = new ResizeObserver(() => {
      const w = Math.max(MIN_W, Math.floor(el.clientWidth));
      if (w !== p.width) p.setSize({ width: w, height: HEIGHT });
    });
    resize.observe(el);
    return () => {
      resize.disconnect();
      p.destroy();
    };
  }, [data, xLabel, yLabel, labels]);
  return <div className="eval-chart" data-testid={testId} ref={box} />;
}
