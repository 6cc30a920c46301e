// The run's error and notices, and where the weights are kept: under the controls, always in view.
import { useTranslation } from 'react-i18next';
import { useProjectStore } from '../store/projectStore';
import { isStale, saveWeights, useTrainingSession } from './trainingSession';
import { useWorkbench } from '../app/workbench/workbenchStore';

/** The run's error and the worker's notices. */
export function Messages() {
  const error = useTrainingSession((s) => s.error);
  const notices = useTrainingSession((s) => s.notices);
  return (
    <div className="training-messages">
      {error && (
        <div className="training-message error" role="alert" data-testid="train-error">
          {error}
        </div>
      )}
      {notices.map((n, i) => (
        <div key={i} className="training-message notice">
          {n}
        </div>
      ))}
    </div>
  );
}

/** Where the weights are kept: stale, unsaved (with a Save button) or saved beside the project; inline, in one line. */
export function WeightsNotes() {
  const { t } = useTranslation('training');
  const stale = useProjectStore((s) => isStale(s.doc));
  const hasFile = useProjectStore((s) => !!s.filePath);
  const weights = useTrainingSession((s) => s.weights);
  const saved = useTrainingSession((s) => s.weightsSaved);
  // What the document references (kept through undo), not only what this session saved.
  const weightsRef = useProjectStore((s) => s.doc.weights?.path);
  // The run just trained, as the project's runs list keeps it (Experiments tab).
  const phase = useTrainingSession((s) => s.phase);
  const runId = useTrainingSession((s) => s.runId);
  const runName = useProjectStore((s) => s.doc.runs?.find((r) => r.id === runId)?.name);
  return (
    <>
      {runName && (phase === 'done' || phase === 'failed') && (
        <button type="button" className="link-button" data-testid="run-recorded" onClick={() => useWorkbench.getState().showTab('experiments')}>
          {t('notice.recorded', { name: runName })}
        </button>
      )}
      {stale && <span className="stale" data-testid="weights-stale">{t('notice.stale')}</span>}
      {weights && !hasFile && <span className="muted">{t('notice.saveProject')}</span>}
      {weights && hasFile && !saved && (
        <span className="training-controls">
          <button onClick={() => void saveWeights()}>{t('controls.saveWeights')}</button>
        </span>
      )}
      {weightsRef && (
        <span className="muted" data-testid="weights-ref">
          {t('notice.saved', { path: weightsRef })}
        </span>
      )}
    </>
  );
}
