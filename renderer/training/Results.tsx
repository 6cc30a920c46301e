// After a run: the validation accuracy with a hint when it is near chance (ResultSummary, at the top), and
// the confusion matrix, per-class table, validation grid and "try an image" in a grid that uses the width.
import { useDeferredValue, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useProjectStore } from '../store/projectStore';
import { ConfusionMatrix, PerClassTable } from './ConfusionMatrix';
import { ConfusionDrill } from './ConfusionDrill';
import { ValidationGrid } from './ValidationGrid';
import { TryImage } from './TryImage';
import { useTrainingSession } from './trainingSession';
import { chanceHint } from './chanceHint';

const pct = (x: number) => (x * 100).toFixed(1);

function useClassNames(): string[] {
  const result = useTrainingSession((s) => s.result);
  const classes = useProjectStore((s) => (s.analysis?.outputNodeId ? s.analysis.nodes[s.analysis.outputNodeId]?.outputShape?.[0] : undefined));
  return result?.classNames?.length ? result.classNames : Array.from({ length: classes ?? 10 }, (_, i) => String(i));
}

/** The accuracy in one line, what the metrics mean on demand, and advice when the run is no better than guessing. */
export function ResultSummary() {
  const { t } = useTranslation('training');
  const result = useTrainingSession((s) => s.result);
  const classNames = useClassNames();
  const ev = result?.evaluation;
  if (!ev) return null;
  const hint = chanceHint(ev.confusion, ev.accuracy);
  const args = hint && { acc: pct(hint.accuracy), classes: hint.classes, chance: pct(hint.chance), share: pct(hint.dominantShare ?? 0), name: classNames[hint.dominantClass ?? 0] ?? String(hint.dominantClass) };
  return (
    <div className="training-summary">
      <div>
        <strong data-testid="val-accuracy" title={`${t('help.metrics.accuracy')}\n${t('help.metrics.loss')}`}>
          {t('results.accuracy', { acc: (ev.accuracy * 100).toFixed(2), loss: ev.loss.toFixed(4) })}
        </strong>
        {result.bestEpoch !== undefined && <span className="muted"> · {t('results.bestEpoch', { epoch: result.bestEpoch + 1, status: t(`status.${result.status}`) })}</span>}
      </div>
      {hint && (
        <div className="training-message hint" role="status" data-testid="train-chance-hint" data-kind={hint.kind}>
          {t(`hint.${hint.kind}`, args)}
        </div>
      )}
    </div>
  );
}

/**
 * Shows a new result's sections one per ~60 ms (matrix, table, grid, try-an-image), so their layout and paint
 * land in separate main-thread tasks rather than one long one. A new key starts at 0 in the same render (not
 * after an effect): a section never shows, vanishes and comes back.
 */
function useStagedReveal(key: unknown, sections: number): number {
  const [state, setState] = useState({ key, shown: sections });
  let shown = state.shown;
  if (state.key !== key) {
    shown = key ? 0 : sections;
    setState({ key, shown });
  }
  useEffect(() => {
    if (shown >= sections) return;
    const timer = setTimeout(() => setState((s) => (s.key === key ? { key, shown: s.shown + 1 } : s)), 60);
    return () => clearTimeout(timer);
  }, [key, shown, sections]);
  return shown;
}

function MetricsHelp() {
  const { t } = useTranslation('training');
  return (
    <details className="training-metrics-help" data-testid="metrics-help">
      <summary>{t('help.metrics.title')}</summary>
      <ul>
        {(['accuracy', 'loss', 'precision', 'recall', 'f1', 'confusion'] as const).map((k) => (
          <li key={k}>{t(`help.metrics.${k}`)}</li>
        ))}
      </ul>
    </details>
  );
}

export function Results() {
  const { t } = useTranslation('training');
  const live = useTrainingSession((s) => s.result);
  // Deferred: the matrix, table and grid render in a background pass. Only while it shows the live result:
  // a cleared result (a new run) clears the sections in the same render.
  const deferred = useDeferredValue(live);
  const result = deferred === live ? live : undefined;
  const modelReady = useTrainingSession((s) => s.modelReady);
  const inputShape = useProjectStore((s) => {
    const id = s.analysis?.inputNodeId;
    return id ? (s.analysis?.nodes[id]?.outputShape as [number, number, number] | undefined) : undefined;
  });
  const classNames = useClassNames();
  const ev = result?.evaluation;
  const stage = useStagedReveal(result, 4);
  const tryable = modelReady && inputShape?.length === 3;
  if (!ev && !result?.gallery && !tryable) return null;
  return (
    <div className="training-results">
      {ev && stage >= 1 && (
        <section className="training-card">
          <h4>{t('results.confusion')}</h4>
          <ConfusionMatrix matrix={ev.confusion} classNames={classNames} />
          <MetricsHelp />
        </section>
      )}
      {ev && stage >= 1 && <ConfusionDrill classNames={classNames} inputShape={inputShape?.length === 3 ? inputShape : undefined} />}
      {ev && stage >= 2 && (
        <section className="training-card">
          <h4>{t('results.perClass')}</h4>
          <PerClassTable perClass={ev.perClass} classNames={classNames} />
        </section>
      )}
      {result?.gallery && stage >= 3 && (
        <section className="training-card wide">
          <h4>{t('results.gallery')}</h4>
          <ValidationGrid gallery={result.gallery} classNames={classNames} />
        </section>
      )}
      {tryable && (!live || (result && stage >= 4)) && (
        <section className="training-card">
          <h4>{t('try.title')}</h4>
          <TryImage inputShape={inputShape} classNames={classNames} />
        </section>
      )}
    </div>
  );
}
