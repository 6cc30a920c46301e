// Loss and accuracy while training, with uPlot: per batch (faint raw + smoothed) and per epoch (train vs
// validation, as points). Redrawn at most twice a second, whatever the batch rate.
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useTranslation } from 'react-i18next';
import { useTrainingSession } from './trainingSession';
import type { Series } from './series';

const REDRAW_MS = 500;

function columns(s: Series, kind: 'loss' | 'acc'): uPlot.AlignedData {
  return kind === 'loss' ? [s.x, s.loss, s.lossSmooth, s.epochLoss, s.epochValLoss] : [s.x, s.acc, s.accSmooth, s.epochAcc, s.epochValAcc];
}

function Chart({ kind, title }: { kind: 'loss' | 'acc'; title: string }) {
  const { t } = useTranslation('training');
  const box = useRef<HTMLDivElement>(null);
  const plot = useRef<uPlot | null>(null);
  useEffect(() => {
    const css = getComputedStyle(document.documentElement);
    const accent = css.getPropertyValue('--accent').trim() || '#5b9cff';
    const ok = css.getPropertyValue('--ok').trim() || '#4cc38a';
    const warn = css.getPropertyValue('--warning').trim() || '#f5b841';
    const axis = { stroke: css.getPropertyValue('--muted').trim() || '#999', grid: { stroke: 'rgba(128,128,128,0.15)' } };
    const opts: uPlot.Options = {
      title,
      width: 340,
      height: 180,
      scales: { x: { time: false }, ...(kind === 'acc' ? { y: { range: [0, 1] } } : {}) },
      axes: [{ ...axis, label: t('chart.epoch') }, axis],
      cursor: { drag: { x: true, y: false } },
      legend: { live: false },
      series: [
        {},
        { label: t('chart.batch'), stroke: 'rgba(128,128,128,0.35)', width: 1, points: { show: false } },
        { label: t('chart.smoothed'), stroke: accent, width: 2, points: { show: false } },
        { label: t('chart.train'), stroke: ok, width: 0, spanGaps: true, points: { show: true, size: 7, fill: ok } },
        { label: t('chart.validation'), stroke: warn, width: 1.5, spanGaps: true, points: { show: true, size: 7, fill: warn } },
      ],
    };
    plot.current = new uPlot(opts, columns(useTrainingSession.getState().series, kind), box.current!);
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const redraw = () => {
      timer = undefined;
      last = performance.now();
      plot.current?.setData(columns(useTrainingSession.getState().series, kind));
    };
    const unsub = useTrainingSession.subscribe((s, prev) => {
      if (s.seriesVersion === prev.seriesVersion && s.series === prev.series) return;
      if (timer) return;
      timer = setTimeout(redraw, Math.max(0, REDRAW_MS - (performance.now() - last)));
    });
    return () => {
      unsub();
      if (timer) clearTimeout(timer);
      plot.current?.destroy();
      plot.current = null;
    };
  }, [kind, title, t]);
  return <div className="training-chart" data-testid={`chart-${kind}`} ref={box} />;
}

export function LiveCharts() {
  const { t } = useTranslation('training');
  return (
    <div className="training-charts">
      <Chart kind="loss" title={t('chart.loss')} />
      <Chart kind="acc" title={t('chart.accuracy')} />
    </div>
  );
}
