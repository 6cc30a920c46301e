// The evaluation's headline numbers as tiles: accuracy, loss, macro precision / recall / F1 and the expected
// calibration error, with the samples evaluated and where they came from.
import { useTranslation } from 'react-i18next';
import type { ModelEvaluation } from '../../src/evaluate/evaluationSchema';
import { fixed, pct } from './format';

export function MetricTiles({ ev }: { ev: ModelEvaluation }) {
  const { t } = useTranslation('evaluate');
  const tiles: { key: string; value: string; testId: string }[] = [
    { key: 'accuracy', value: `${pct(ev.accuracy, 2)}%`, testId: 'eval-accuracy' },
    { key: 'loss', value: ev.loss.toFixed(4), testId: 'eval-loss' },
    { key: 'precision', value: fixed(ev.macro.precision), testId: 'eval-precision' },
    { key: 'recall', value: fixed(ev.macro.recall), testId: 'eval-recall' },
    { key: 'f1', value: fixed(ev.macro.f1), testId: 'eval-f1' },
    { key: 'ece', value: `${pct(ev.calibration.ece, 1)}%`, testId: 'eval-ece' },
  ];
  return (
    <div className="eval-tiles-wrap">
      <div className="eval-tiles">
        {tiles.map((x) => (
          <div key={x.key} className="eval-tile" title={t(`help.${x.key}`)}>
            <div className="eval-tile-value" data-testid={x.testId}>
              {x.value}
            </div>
            <div className="eval-tile-label">{t(`metric.${x.key}`)}</div>
          </div>
        ))}
      </div>
      <div className="muted eval-source" data-testid="eval-source">
        {t('summary', { samples: ev.samples.toLocaleString(), wrong: ev.misclassifiedTotal.toLocaleString(), source: ev.source })}
      </div>
    </div>
  );
}
