// Confusion matrix on the validation set: rows are true classes, columns predicted; colour by the
// share of the row, so a weak class stands out whatever its size. Each non-empty cell is a button that
// lists its images (ConfusionDrill); the listed cell is outlined.
import { useTranslation } from 'react-i18next';
import { drillActions, useDrill } from './drillStore';

export function ConfusionMatrix({ matrix, classNames }: { matrix: number[][]; classNames: string[] }) {
  const { t } = useTranslation('training');
  const chosen = useDrill((s) => s.cell);
  return (
    <>
      <table className="confusion" data-testid="confusion-matrix" aria-label={t('results.confusion')} title={t('help.metrics.confusion')}>
        <caption className="muted">{t('results.confusionCaption')}</caption>
        <thead>
          <tr>
            <th />
            {classNames.map((c) => (
              <th key={c}>{c}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {matrix.map((row, i) => {
            const total = row.reduce((a, b) => a + b, 0) || 1;
            return (
              <tr key={i}>
                <th>{classNames[i]}</th>
                {row.map((v, j) => {
                  const share = v / total;
                  const colour = i === j ? `rgba(76,195,138,${0.15 + 0.85 * share})` : v ? `rgba(255,92,92,${0.15 + 0.85 * Math.min(1, share * 4)})` : 'transparent';
                  const isChosen = chosen?.trueClass === i && chosen.predictedClass === j;
                  return (
                    <td key={j} className={isChosen ? 'chosen' : undefined} style={{ background: colour }} title={t('results.cell', { truth: classNames[i], predicted: classNames[j], count: v })}>
                      {v > 0 && (
                        <button
                          type="button"
                          className="confusion-cell"
                          data-testid={`confusion-cell-${i}-${j}`}
                          aria-pressed={isChosen}
                          aria-label={t('drill.cell', { truth: classNames[i], predicted: classNames[j], count: v })}
                          onClick={() => drillActions.toggle({ trueClass: i, predictedClass: j, count: v })}
                        >
                          {v}
                        </button>
                      )}
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
      <p className="muted confusion-hint">{t('drill.matrixHint')}</p>
    </>
  );
}

export function PerClassTable({ perClass, classNames }: { perClass: { precision: number; recall: number; f1: number; support: number }[]; classNames: string[] }) {
  const { t } = useTranslation('training');
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  return (
    <table className="per-class" data-testid="per-class">
      <thead>
        <tr>
          <th>{t('results.class')}</th>
          <th title={t('help.metrics.precision')}>{t('results.precision')}</th>
          <th title={t('help.metrics.recall')}>{t('results.recall')}</th>
          <th title={t('help.metrics.f1')}>F1</th>
          <th>{t('results.support')}</th>
        </tr>
      </thead>
      <tbody>
        {perClass.map((m, i) => (
          <tr key={i}>
            <td>{classNames[i]}</td>
            <td>{pct(m.precision)}</td>
            <td>{pct(m.recall)}</td>
            <td>{pct(m.f1)}</td>
            <td>{m.support}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
