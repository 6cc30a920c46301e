// The training tab: settings, Start/Pause/Resume/Stop with progress, samples/s and ETA, live charts,
// and after training the confusion matrix, per-class precision/recall, a validation grid and
// "try an image". Training runs in a worker (renderer/worker/train.worker.ts); failures show as messages.
import { useDeferredValue, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useProjectStore } from '../store/projectStore';
import { SettingsForm } from './SettingsForm';
import { LiveCharts } from './LiveCharts';
import { ConfusionMatrix, PerClassTable } from './ConfusionMatrix';
import { ValidationGrid } from './ValidationGrid';
import { TryImage } from './TryImage';
import { TrainingData } from './TrainingData';
import { graphHash } from '../../src/train/graphHash';
import { isStale, pauseTraining, restoreWeights, resumeTraining, saveWeights, setStartFresh, startTraining, stopTraining, useTrainingSession } from './trainingSession';
import './training.css';

const fmtEta = (s: number) => (!Number.isFinite(s) ? '—' : s >= 3600 ? `${Math.floor(s / 3600)}h ${Math.round((s % 3600) / 60)}m` : s >= 60 ? `${Math.floor(s / 60)}m ${Math.round(s % 60)}s` : `${Math.round(s)}s`);

function Controls({ limit, setLimit }: { limit: number; setLimit: (n: number) => void }) {
  const { t } = useTranslation('training');
  const phase = useTrainingSession((s) => s.phase);
  const progress = useTrainingSession((s) => s.progress);
  const plan = useTrainingSession((s) => s.plan);
  const backend = useTrainingSession((s) => s.backend);
  const graphOk = useProjectStore((s) => s.analysis?.ok ?? true);
  const running = phase === 'training' || phase === 'paused' || phase === 'stopping' || phase === 'loading';
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
        <label className="muted">
          {t('controls.limit')}{' '}
          <input type="number" data-testid="train-limit" min={0} step={100} value={limit || ''} placeholder={t('controls.all')} disabled={running} style={{ width: 70 }} onChange={(e) => setLimit(Math.max(0, Number(e.target.value) || 0))} />
        </label>
        <div className="training-progress" role="progressbar" aria-valuenow={Math.round(frac * 100)} data-testid="train-progress">
          <div style={{ width: `${frac * 100}%` }} />
        </div>
        <span className="muted" data-testid="train-phase">{t(`phase.${phase}`)}</span>
      </div>
      <div className="training-stats">
        {backend && <span data-testid="train-backend">{t('stats.backend', { backend: backend.name + (backend.adapter ? ` (${backend.adapter})` : '') })}</span>}
        {plan && <span>{t('stats.plan', { train: plan.trainSamples, val: plan.validationSamples, params: plan.params.toLocaleString() })}</span>}
        {progress && plan && <span>{t('stats.epoch', { epoch: progress.epoch + 1, epochs: plan.epochs, batch: progress.batch + 1, batches: progress.batchesPerEpoch })}</span>}
        {progress && <span data-testid="train-speed">{t('stats.speed', { speed: progress.samplesPerSec.toFixed(0) })}</span>}
        {running && progress && <span>{t('stats.eta', { eta: fmtEta(eta) })}</span>}
      </div>
    </>
  );
}

/** Which weights the next training starts from (the session's, while they fit this graph), with a way to start fresh. */
function InitialWeights() {
  const { t } = useTranslation('training');
  const graph = useProjectStore((s) => s.doc.graph);
  const weights = useTrainingSession((s) => s.weights);
  const origin = useTrainingSession((s) => s.weightsOrigin);
  const fresh = useTrainingSession((s) => s.startFresh);
  const phase = useTrainingSession((s) => s.phase);
  const fits = useMemo(() => !!weights && !!origin && origin.graphHash === graphHash(graph), [weights, origin, graph]);
  const running = phase === 'training' || phase === 'paused' || phase === 'stopping' || phase === 'loading';
  if (!fits || running) return null;
  return (
    <div className="training-controls muted" data-testid="train-init" data-source={fresh ? 'fresh' : origin!.source}>
      <span>{fresh ? t('init.fresh') : t(`init.${origin!.source}`)}</span>
      <label>
        <input type="checkbox" data-testid="train-fresh" checked={fresh} onChange={(e) => setStartFresh(e.target.checked)} /> {t('init.startFresh')}
      </label>
    </div>
  );
}

function Messages() {
  const { t } = useTranslation('training');
  const error = useTrainingSession((s) => s.error);
  const notices = useTrainingSession((s) => s.notices);
  const backend = useTrainingSession((s) => s.backend);
  const skipped = backend?.skipped ?? [];
  const stale = useProjectStore((s) => isStale(s.doc));
  const hasFile = useProjectStore((s) => !!s.filePath);
  const weights = useTrainingSession((s) => s.weights);
  const saved = useTrainingSession((s) => s.weightsSaved);
  // What the document references (kept through undo), not only what this session saved.
  const weightsRef = useProjectStore((s) => s.doc.weights?.path);
  return (
    <>
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
      {skipped.filter((s) => s.reason !== 'not available in this build').length > 0 && (
        <div className="training-message notice">{t('notice.fallback', { list: skipped.map((s) => `${s.backend}: ${s.reason}`).join('; ') })}</div>
      )}
      {stale && <div className="stale" data-testid="weights-stale">{t('notice.stale')}</div>}
      {weights && !hasFile && <div className="muted">{t('notice.saveProject')}</div>}
      {weights && hasFile && !saved && (
        <button className="training-controls" onClick={() => void saveWeights()}>
          {t('controls.saveWeights')}
        </button>
      )}
      {weightsRef && (
        <div className="muted" data-testid="weights-ref">
          {t('notice.saved', { path: weightsRef })}
        </div>
      )}
    </>
  );
}

/**
 * Shows a new result's sections one per ~60 ms (matrix, table, grid, try-an-image), so their layout and paint
 * land in separate main-thread tasks rather than one long one.
 */
function useStagedReveal(key: unknown, sections: number): number {
  const [shown, setShown] = useState(sections);
  useEffect(() => {
    if (!key) return;
    setShown(0);
    let n = 0;
    const timer = setInterval(() => {
      setShown(++n);
      if (n >= sections) clearInterval(timer);
    }, 60);
    return () => clearInterval(timer);
  }, [key, sections]);
  return shown;
}

function Results() {
  const { t } = useTranslation('training');
  // Deferred: the matrix, table and grid render in interruptible slices, not one long main-thread task.
  const result = useDeferredValue(useTrainingSession((s) => s.result));
  const modelReady = useTrainingSession((s) => s.modelReady);
  const inputShape = useProjectStore((s) => {
    const id = s.analysis?.inputNodeId;
    return id ? (s.analysis?.nodes[id]?.outputShape as [number, number, number] | undefined) : undefined;
  });
  const classes = useProjectStore((s) => (s.analysis?.outputNodeId ? s.analysis.nodes[s.analysis.outputNodeId]?.outputShape?.[0] : undefined));
  const classNames = result?.classNames ?? Array.from({ length: classes ?? 10 }, (_, i) => String(i));
  const ev = result?.evaluation;
  const stage = useStagedReveal(result, 4);
  return (
    <div className="training-results">
      {ev && stage >= 1 && (
        <div>
          <strong data-testid="val-accuracy">{t('results.accuracy', { acc: (ev.accuracy * 100).toFixed(2), loss: ev.loss.toFixed(4) })}</strong>
          {result?.bestEpoch !== undefined && <div className="muted">{t('results.bestEpoch', { epoch: result.bestEpoch + 1, status: t(`status.${result.status}`) })}</div>}
          <ConfusionMatrix matrix={ev.confusion} classNames={classNames} />
        </div>
      )}
      {ev && stage >= 2 && <PerClassTable perClass={ev.perClass} classNames={classNames} />}
      {result?.gallery && stage >= 3 && <ValidationGrid gallery={result.gallery} classNames={classNames} />}
      {modelReady && inputShape?.length === 3 && stage >= 4 && (
        <div>
          <h4>{t('try.title')}</h4>
          <TryImage inputShape={inputShape} classNames={classNames} />
        </div>
      )}
    </div>
  );
}

export default function TrainingPanel() {
  const [limit, setLimit] = useState(0);
  const loadSeq = useProjectStore((s) => s.loadSeq);
  const phase = useTrainingSession((s) => s.phase);
  useEffect(() => {
    const { doc, filePath } = useProjectStore.getState();
    void restoreWeights(doc, filePath);
  }, [loadSeq]);
  const locked = phase === 'training' || phase === 'paused' || phase === 'stopping' || phase === 'loading';
  return (
    <div className="training" data-testid="training-panel">
      <SettingsForm disabled={locked} />
      <div>
        <Controls limit={limit} setLimit={setLimit} />
        <TrainingData />
        <InitialWeights />
        <Messages />
        <LiveCharts />
        <Results />
      </div>
    </div>
  );
}
