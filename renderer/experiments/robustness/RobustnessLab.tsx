// Experiments → Robustness (#17): sweep transforms over the last run's validation images or a folder, with the
// current weights or a saved run's, and plot accuracy, true-class probability and per-layer shift similarity.
import { useTranslation } from 'react-i18next';
import { graphHash } from '../../../src/train/graphHash';
import { useProjectStore } from '../../store/projectStore';
import { useTrainingSession } from '../../training/trainingSession';
import { LabControls } from './LabControls';
import { LabResults } from './LabResults';
import { useLab } from './labStore';
import { runLab } from './runLab';
import './robustness.css';

const KNOWN_ERRORS = new Set(['noFolder', 'noTransform', 'cancelled']);

export default function RobustnessLab() {
  const { t } = useTranslation('robustness');
  const doc = useProjectStore((s) => s.doc);
  const modelReady = useTrainingSession((s) => s.modelReady);
  const origin = useTrainingSession((s) => s.weightsOrigin);
  const phase = useTrainingSession((s) => s.phase);
  const { model, results, error } = useLab();
  const runs = (doc.runs ?? []).filter((r) => !!r.weightsPath);
  const hasCurrent = modelReady && phase !== 'training' && phase !== 'paused' && (!origin || origin.graphHash === graphHash(doc.graph));
  const picked = model === 'current' ? undefined : runs.find((r) => r.id === model);
  const canRun = hasCurrent || !!picked;
  const runId = useTrainingSession((s) => s.runId);
  // The current weights are named after the run that made them, so overlaid results tell runs apart.
  const currentRun = (doc.runs ?? []).find((r) => r.id === runId);
  const who = picked ? { runName: picked.name, current: false } : { runName: currentRun?.name, current: true };
  return (
    <div className="rob-lab" data-testid="robustness-lab">
      <LabControls runs={runs} hasCurrent={hasCurrent} onRun={() => void runLab(who)} />
      {error && (
        <p className={error === 'cancelled' ? 'muted' : 'rob-error'} data-testid="rob-error" role={error === 'cancelled' ? undefined : 'alert'}>
          {KNOWN_ERRORS.has(error) ? t(error) : error}
        </p>
      )}
      {!canRun && !results.length && (
        <p className="muted rob-empty" data-testid="rob-empty">
          {t('empty')}
        </p>
      )}
      {results.length > 0 && <LabResults results={results} graph={doc.graph} />}
    </div>
  );
}
