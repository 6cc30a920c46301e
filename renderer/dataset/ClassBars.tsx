// Images per class as horizontal bars (train | validation), with the imbalance warning when there is one.
import { useTranslation } from 'react-i18next';
import type { ImportReport } from '../../src/contract/dataset';

export function ClassBars({ report }: { report: ImportReport }) {
  const { t } = useTranslation('dataset');
  const max = Math.max(1, ...report.classes.map((c) => c.count));
  return (
    <section data-testid="dataset-classes">
      <h3>
        {t('classes.title', { count: report.classes.length })}
        {report.imbalanceRatio >= 3 && (
          <span className="dataset-warning" data-testid="dataset-imbalance">
            {' '}
            ⚠ {t('classes.imbalance', { ratio: report.imbalanceRatio.toFixed(1) })}
          </span>
        )}
      </h3>
      <table className="dataset-bars">
        <tbody>
          {report.classes.map((c) => (
            <tr key={c.name} data-testid="dataset-class-row">
              <td className="dataset-class-name">{c.name}</td>
              <td style={{ width: '100%' }}>
                <div className="dataset-bar" title={t('classes.split', { train: c.train, validation: c.validation })}>
                  <div style={{ width: `${(c.train / max) * 100}%`, background: 'var(--accent, #4a7dff)' }} />
                  <div style={{ width: `${(c.validation / max) * 100}%`, background: 'var(--accent-2, #9bb5ff)' }} />
                </div>
              </td>
              <td className="dataset-count">{c.count}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
