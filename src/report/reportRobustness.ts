// The report's robustness section (#17's lab results): accuracy and the true class's mean probability against
// each transform's magnitude, one small chart per transform.
import { transformById } from '../experiments/transforms';
import { lineChart, PALETTE } from './charts';
import { esc, figure, pct, section, type ReportContext } from './html';
import type { ReportInput } from './reportInput';

type Robustness = NonNullable<ReportInput['robustness']>;

export function robustnessSection(c: ReportContext, r: Robustness): string {
  const charts = r.curves.map((curve) => {
    const t = transformById(curve.transform);
    const label = t?.label[c.lang] ?? curve.transform;
    const xs = curve.values;
    const chart = lineChart({
      title: label,
      width: 236,
      height: 190,
      xLabel: t ? c.plain('magnitudeAxis', { unit: t.unit[c.lang] }) : '',
      yLabel: c.plain('accuracyAxis'),
      x: xs.length > 1 ? [Math.min(...xs), Math.max(...xs)] : [xs[0] - 0.5, xs[0] + 0.5],
      y: [0, 1],
      percentY: true,
      series: [
        { label: c.plain('accuracy'), x: xs, y: curve.accuracy, color: PALETTE[0], markers: true },
        { label: c.plain('trueProbSeries'), x: xs, y: curve.meanTrueProb, color: PALETTE[1], dashed: true },
      ],
    });
    return figure(esc(label), chart, 'small');
  });
  return section('robustness', c.t('robustnessSection'), [`<p class="note">${c.t('robustnessNote', { accuracy: pct(r.accuracy) })}</p>`, `<div class="figure-grid">${charts.join('')}</div>`]);
}
