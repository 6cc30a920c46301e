// Reliability diagram (Guo et al. 2017): per confidence bin, the accuracy of its samples as a bar against the
// diagonal (perfect calibration), the bin's mean confidence as a line (the shortfall of an overconfident bin
// shaded), and how many samples each holds.
// SVG: ten bars, themed through CSS, and the same drawing prints in the report.
import { useTranslation } from 'react-i18next';
import type { ModelEvaluation } from '../../src/evaluate/evaluationSchema';
import { reliabilityBars } from './curveSeries';
import { pct } from './format';

const W = 320;
const H = 220;
const PAD = { left: 36, right: 8, top: 8, bottom: 46 };

export function ReliabilityDiagram({ calibration }: { calibration: ModelEvaluation['calibration'] }) {
  const { t } = useTranslation('evaluate');
  const { bars, maxCount } = reliabilityBars(calibration.bins);
  const iw = W - PAD.left - PAD.right;
  const ih = H - PAD.top - PAD.bottom;
  const px = (v: number) => PAD.left + v * iw;
  const py = (v: number) => PAD.top + (1 - v) * ih;
  const countY = H - 14;
  return (
    <figure className="eval-reliability" data-testid="eval-reliability">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={t('reliability.title')}>
        {[0, 0.25, 0.5, 0.75, 1].map((g) => (
          <g key={g}>
            <line className="eval-gridline" x1={PAD.left} x2={W - PAD.right} y1={py(g)} y2={py(g)} />
            <text className="eval-tick" x={PAD.left - 4} y={py(g) + 3} textAnchor="end">
              {g}
            </text>
            <text className="eval-tick" x={px(g)} y={PAD.top + ih + 12} textAnchor="middle">
              {g}
            </text>
          </g>
        ))}
        {bars.map((b) => (
          <g key={b.lo} data-testid="eval-reliability-bar">
            <rect className="eval-bar" x={px(b.lo) + 1} width={Math.max(1, px(b.hi) - px(b.lo) - 2)} y={py(b.accuracy)} height={py(0) - py(b.accuracy)}>
              <title>{t('reliability.bar', { lo: b.lo.toFixed(1), hi: b.hi.toFixed(1), acc: pct(b.accuracy), conf: pct(b.confidence), count: b.count })}</title>
            </rect>
            {/* Overconfident bins: the shortfall above the bar; every bin: its mean confidence as a line. */}
            {b.confidence > b.accuracy && <rect className="eval-gap" x={px(b.lo) + 1} width={Math.max(1, px(b.hi) - px(b.lo) - 2)} y={py(b.confidence)} height={py(b.accuracy) - py(b.confidence)} />}
            <line className="eval-conf-line" x1={px(b.lo) + 1} x2={px(b.hi) - 1} y1={py(b.confidence)} y2={py(b.confidence)} />
            <rect className="eval-count" x={px(b.lo) + 1} width={Math.max(1, px(b.hi) - px(b.lo) - 2)} y={countY - 8 * (b.count / (maxCount || 1))} height={8 * (b.count / (maxCount || 1))} />
            <text className="eval-tick" x={(px(b.lo) + px(b.hi)) / 2} y={H - 2} textAnchor="middle">
              {b.count}
            </text>
          </g>
        ))}
 <text className="eval-tick" x={PAD.left - 4} y={H - 2} textAnchor="end">
          n
        </text>
        <line className="eval-diagonal" x1={px(0)} y1={py(0)} x2={px(1)} y2={py(1)} />
      </svg>
      <figcaption className="muted">{t('reliability.caption', { ece: pct(calibration.ece) })}</figcaption>
    </figure>
  );
}
