// Loss and accuracy while training, with uPlot: per batch (faint raw + smoothed) and per epoch (train vs
// validation, as points). Redrawn at most twice a second, whatever the batch rate; sized to its box (which
// the panel's layout sizes, never the chart) by a ResizeObserver, so the charts grow with the panel.
import { useEffect, useRef } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { useTranslation } from 'react-i18next';
import { useTrainingSession } from './trainingSession';
import type { Series } from './series';

const REDRAW_MS = 500;
/** The box's padding (training.css .training-chart) and the smallest plot uPlot is given. */
const PAD = 4;
const MIN_W = 160;
const MIN_H = 80;

/** The plot area that fits the box: its inner size less uPlot's own title and legend. */
function plotSize(box: HTMLElement, plot: uPlot): { width: number; height: number } {
  const extra = [plot.root.querySelector<HTMLElement>('.u-title'), plot.root.querySelector<HTMLElement>('.u-legend')].reduce((a, el) => a + (el?.offsetHeight ?? 0), 0);
  return { width: Math.max(MIN_W, Math.floor(box.clientWidth - 2 * PAD)), height: Math.max(MIN_H, Math.floor(box.clientHeight - 2 * PAD - extra)) };
}

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
    // Small axis text and gutters, so a short chart is still mostly plot.
    const axis = { stroke: css.getPropertyValue('--muted').trim() || '#999', grid: { stroke: 'rgba(128,128,128,0.15)' }, font: '11px system-ui, sans-serif', labelFont: '11px system-ui, sans-serif', size: 34, labelSize: 14, gap: 3 };
    const opts: uPlot.Options = {
      title,
      width: 340,
      height: 180,
      scales: { x: { time: false }, ...(kind === 'acc' ? { y: { range: [0, 1] } } : {}) },
      axes: [{ ...axis, label: t('chart.epoch'), size: 22 }, { ...axis, size: 50 }],
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
    const el = box.current!;
    const p = new uPlot(opts, columns(useTrainingSession.getState().series, kind), el);
    plot.current = p;
    p.setSize(plotSize(el, p));
    const resize = new ResizeObserver(() => {
      const size = plotSize(el, p);
      if (size.width !== p.width || size.height !== p.height) p.setSize(size);
    });
    resize.observe(el);
    let last = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    // data-points: how many batches the chart shows (for tests and for reading the DOM).
    el.dataset.points = String(p.data[0].length);
    const redraw = () => {
      if (timer) clearTimeout(timer);
      timer = undefined;
      last = performance.now();
      const data = columns(useTrainingSession.getState().series, kind);
      p.setData(data);
      el.dataset.points = String(data[0].length);
    };
    const unsub = useTrainingSession.subscribe((s, prev) => {
      if (s.seriesVersion === prev.seriesVersion && s.series === prev.series) return;
      // A new run's empty series clears the chart at once; growth is throttled.
      if (s.series !== prev.series) return redraw();
      if (timer) return;
      timer = setTimeout(redraw, Math.max(0, REDRAW_MS - (performance.now() - last)));
    });
    return () => {
      unsub();
      resize.disconnect();
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
