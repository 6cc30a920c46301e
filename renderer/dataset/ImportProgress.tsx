// The import in flight: a bar with count and rate, and Cancel. IDX and CIFAR-10 files are read whole (no count
// of files to show): the bar is indeterminate and says what it reads.
import { useTranslation } from 'react-i18next';
import { cancelImport, type DatasetImport } from './datasetImport';
import { progressView } from './progressView';

export function ImportProgress({ progress }: { progress: NonNullable<DatasetImport['progress']> }) {
  const { t } = useTranslation('dataset');
  const view = progressView(progress);
  const counted = view.fraction !== undefined;
  const frac = view.fraction ?? 0;
  const text = t(view.text.key, view.text.values);
  return (
    <div className="dataset-progress-row">
      <div
        className={`dataset-progress-bar${counted ? '' : ' indeterminate'}`}
        role="progressbar"
        aria-valuenow={counted ? Math.round(frac * 100) : undefined}
        aria-valuetext={text}
        data-testid="dataset-progress"
        data-indeterminate={!counted}
      >
        <div style={counted ? { width: `${frac * 100}%` } : undefined} />
      </div>
      <span className="muted" data-testid="dataset-progress-text">
        {text}
      </span>
      <button data-testid="dataset-cancel" onClick={() => void cancelImport()}>
        {t('progress.cancel')}
      </button>
    </div>
  );
}
