// The import in flight: a bar with count and rate, and Cancel.
import { useTranslation } from 'react-i18next';
import { cancelImport, type DatasetImport } from './datasetImport';

export function ImportProgress({ progress }: { progress: NonNullable<DatasetImport['progress']> }) {
  const { t } = useTranslation('dataset');
  const frac = progress.total ? progress.done / progress.total : 0;
  return (
    <div className="dataset-progress-row">
      <div className="training-progress" role="progressbar" aria-valuenow={Math.round(frac * 100)} data-testid="dataset-progress">
        <div style={{ width: `${frac * 100}%` }} />
      </div>
      <span className="muted" data-testid="dataset-progress-text">
        {progress.phase === 'scan' ? t('progress.scanning') : t('progress.count', { done: progress.done, total: progress.total, rate: Math.round(progress.rate) })}
      </span>
      <button data-testid="dataset-cancel" onClick={() => void cancelImport()}>
        {t('progress.cancel')}
      </button>
    </div>
  );
}
