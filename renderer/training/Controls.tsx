// Start/Pause/Resume/Stop, the sample limit, progress with samples/s and ETA, and which weights the next
// run starts from. Always at the top of the panel's main area.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useProjectStore } from '../store/projectStore';
import { graphHash } from '../../src/train/graphHash';
import { pauseTraining, resumeTraining, setStartFresh, startTraining, stopTraining, useTrainingSession, type Phase } from './trainingSession';

const fmtEta = (s: number) => (!Number.isFinite(s) ? '—' : s >= 3600 ? `${Math.floor(s / 3600)}h ${Math.round((s % 3600) / 60)}m` : s >= 60 ? `${Math.floor(s / 60)}m ${Math.round(s % 60)}s` : `${Math.round(s)}s`);

export const isRunning = (phase: Phase) => phase === 'training' || phase === 'paused' || phase === 'stopping' || phase === 'loading';

export function Controls({ limit, setLimit, children }: { limit: number; setLimit: (n: number) => void; children?: React.ReactNode }) {
  const { t } = useTranslation('training');
  const phase = useTrainingSession((s) => s.phase);
  const progress = useTrainingSession((s) => s.progress);
  const plan = useTrainingSession((s) => s.plan);
  const graphOk = useProjectStore((s) => s.analysis?.ok ?? true);
  const running = isRunning(phase);
  const done = progress && plan ? progress.epoch * progress.batchesPerEpoch + progress.batch + 1 : 0;
  const total = plan ? plan.epochs * plan.batchesPerEpoch : 0;
  const frac = total ? Math.min(1, done / total) : 0;
  const elapsed = progress ? (performance.now() - progress.startedAt) / 1000 : 0;
  const eta = done > 0 ? (elapsed / done) * (total - done) : NaN;
  return (
    <>
      <div className="training-controls">
        {!running && (
          <button className="primary" data-testid="train-start" disabled={!graphOk} title={graphOk ? '' : t('controls.fixFirst')} onClick={() => void startTraining(limit || undefined)}>
            {t('controls.start')}
          </button>
        )}
        {phase === 'training' && (
          <button data-testid="train-pause" onClick={pauseTraining}>
            {t('controls.pause')}
          </button>
        )}
        {phase === 'paused' && (
          <button className="primary" data-testid="train-resume" onClick={resumeTraining}>
            {t('controls.resume')}
          </button>
        )}
        {(phase === 'training' || phase === 'paused') && (
          <button data-testid="train-stop" onClick={stopTraining}>
            {t('controls.stop')}
          </button>
        )}
        <label className="muted" title={t('help.limit')}>
          {t('controls.limit')}{' '}
          <input type="number" data-testid="train-limit" min={0} step={100} value={limit || ''} placeholder={t('controls.all')} disabled={running} style={{ width: 70 }} onChange={(e) => setLimit(Math.max(0, Number(e.target.value) || 0))} />
        </label>
        <div className="training-progress" role="progressbar" aria-valuenow={Math.round(frac * 100)} data-testid="train-progress">
          <div style={{ width: `${frac * 100}%` }} />
        </div>
        <span className="muted" data-testid="train-phase">{t(`phase.${phase}`)}</span>
      </div>
      <div className="training-stats">
        {plan && <span>{t('stats.plan', { train: plan.trainSamples, val: plan.validationSamples, params: plan.params.toLocaleString() })}</span>}
        {progress && plan && <span>{t('stats.epoch', { epoch: progress.epoch + 1, epochs: plan.epochs, batch: progress.batch + 1, batches: progress.batchesPerEpoch })}</span>}
        {progress && <span data-testid="train-speed">{t('stats.speed', { speed: progress.samplesPerSec.toFixed(0) })}</span>}
        {running && progress && <span>{t('stats.eta', { eta: fmtEta(eta) })}</span>}
        {children}
      </div>
    </>
  );
}

/** Which weights the next training starts from (the session's, while they fit this graph), with a way to start fresh. */
export function InitialWeights() {
  const { t } = useTranslation('training');
  const graph = useProjectStore((s) => s.doc.graph);
  const weights = useTrainingSession((s) => s.weights);
  const origin = useTrainingSession((s) => s.weightsOrigin);
  const fresh = useTrainingSession((s) => s.startFresh);
  const phase = useTrainingSession((s) => s.phase);
  const fits = useMemo(() => !!weights && !!origin && origin.graphHash === graphHash(graph), [weights, origin, graph]);
  if (!fits || isRunning(phase)) return null;
  return (
    <span className="muted training-init" data-testid="train-init" data-source={fresh ? 'fresh' : origin!.source}>
      <span>{fresh ? t('init.fresh') : t(`init.${origin!.source}`)}</span>
      <label>
        <input type="checkbox" data-testid="train-fresh" checked={fresh} onChange={(e) => setStartFresh(e.target.checked)} /> {t('init.startFresh')}
      </label>
    </span>
  );
}
