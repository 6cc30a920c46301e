// The dataset tab: import an image folder (options, progress, cancel), then see its classes, samples and
// the import report. The imported dataset stays in the host, fetched by id ('dataset.getBatch'). Progress and
// errors come first, under the form; what is shown belongs to the open document (another one loaded clears it).
import { useTranslation } from 'react-i18next';
import { ImportForm } from './ImportForm';
import { ImportProgress } from './ImportProgress';
import { ClassBars } from './ClassBars';
import { SampleGrid } from './SampleGrid';
import { ReportView } from './ReportView';
import { importFolder, useShownImport } from './datasetImport';
import { TrainingDataLine } from './TrainingDataLine';
import './dataset.css';

export default function DatasetPanel() {
  const { t } = useTranslation('dataset');
  const { jobId, progress, result, error } = useShownImport();
  const s = result?.summary;
  return (
    <div className="dataset-panel" data-testid="dataset-panel">
      <ImportForm busy={!!jobId} onImport={(path, options) => void importFolder(path, options)} />
      {progress && <ImportProgress progress={progress} />}
      {error && (
        <p className="dataset-error" role="alert" data-testid="dataset-error">
          {error}
        </p>
      )}
      <TrainingDataLine />
      {result && s && (
        <>
          <p className="muted" data-testid="dataset-summary" data-dataset-id={result.datasetId}>
            {t('summary', { n: s.n, h: s.height, w: s.width, c: s.channels, train: s.trainCount, validation: s.validationCount, seconds: s.seconds.toFixed(1) })}{' '}
            {s.decoded === 0 && s.fromCache > 0 ? t('fromCache') : ''}
          </p>
          <div className="dataset-columns">
            <ClassBars report={result.report} />
            <SampleGrid thumbnails={result.thumbnails} />
          </div>
          <ReportView report={result.report} datasetId={result.datasetId} />
        </>
      )}
    </div>
  );
}
