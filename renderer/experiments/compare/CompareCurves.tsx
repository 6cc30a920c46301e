// Overlaid per-epoch curves of the compared runs (uPlot, as the live charts): solid = train, dashed = val.
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useTranslation } from 'react-i18next';
import type { CurveSet } from '../../../src/experiments/compareRuns';
import { runColor } from './colors';

export function CompareCurves({ curves, names, kind }: { curves: CurveSet; names: string[]; kind: 'loss' | 'acc' }) {
  const { t } = useTranslation('compare');
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const css = getComputedStyle(document.documentElement);
    const axis = { stroke: css.getPropertyValue('--muted').trim() || '#999', grid: { stroke: 'rgba(128,128,128,0.15)' }, font: '11px system-ui, sans-serif', labelFont: '11px system-ui, sans-serif', size: 40, labelSize: 14, gap: 3 };
    const series: uPlot.Series[] = [{}];
    const data: uPlot.AlignedData = [curves.x];
    curves.lines.forEach((l, i) => {
      const c = runColor(i);
      series.push({ label: `${names[i]} ${t('train')}`, stroke: c, width: 2, spanGaps: true, points: { show: true, size: 5, fill: c } });
      series.push({ label: `${names[i]} ${t('val')}`, stroke: c, width: 1.5, dash: [5, 4], spanGaps: true, points: { show: true, size: 5 } });
      (data as (number | null)[][]).push(kind === 'loss' ? l.loss : l.acc, kind === 'loss' ? l.valLoss : l.valAcc);
    });
    const el = box.current!;
    const p = new uPlot(
      { title: kind === 'loss' ? t('loss') : t('accuracy'), width: Math.max(240, el.clientWidth - 8), height: 160, scales: { x: { time: false }, ...(kind === 'acc' ? { y: { range: [0, 1] } } : {}) }, axes: [{ ...axis, label: t('epoch'), size: 24, incrs: [1, 2, 5, 10, 20, 50, 100, 200, 500, 1000] }, { ...axis }], legend: { live: false }, series },
      data,
      el,
    );
    const resize = new ResizeObserver(() => p.setSize({ width: Math.max(240, el.clientWidth - 8), height: 160 }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      p.destroy();
    };
  }, [curves, names, kind, t]);
  return <div className="compare-chart" ref={box} data-testid={`compare-chart-${kind}`} />;
}
