// Training → Evaluate: the controls on top (never scrolling away), the result's cards below, scrolling inside
// the panel. Without weights that fit the graph it says why and what to do.
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { graphHash } from '../../src/train/graphHash';
import { useProjectStore } from '../store/projectStore';
import { useTrainingSession } from '../training/trainingSession';
import { drillActions } from '../training/drillStore';
import { EvaluateControls } from './EvaluateControls';
import { EvaluateResults } from './EvaluateResults';
import { evaluateBlocker, useEvaluate } from './evaluateStore';
import './evaluate.css';

export function useEvaluateBlocker(): string | undefined {
  const phase = useTrainingSession((s) => s.phase);
  const weights = useTrainingSession((s) => s.weights);
  const weightsOrigin = useTrainingSession((s) => s.weightsOrigin);
  const graph = useProjectStore((s) => s.doc.graph);
  return evaluateBlocker({ phase, weights, weightsOrigin }, graphHash(graph));
}

export function EvaluateView() {
  const { t } = useTranslation('evaluate');
  const blocker = useEvaluateBlocker();
  const { result, error } = useEvaluate();
  // The matrix's picked cell filters this view's grid; the training view's drill-down is another set's.
  useEffect(() => {
    drillActions.close();
    return () => drillActions.close();
  }, [result]);
  return (
    <div className="eval" data-testid="evaluate-view">
      <EvaluateControls blocker={blocker} />
      {blocker && !result && (
        <p className="muted eval-empty" data-testid="eval-blocked">
          {t(blocker)}
        </p>
      )}
      {error && (
        <div className="training-message error" role="alert" data-testid="eval-error">
          {error}
        </div>
      )}
      <div className="eval-body">
        {result ? (
          <EvaluateResults result={result} />
        ) : (
          !blocker && (
            <p className="muted eval-empty" data-testid="eval-empty">
              {t('empty')}
            </p>
          )
        )}
      </div>
    </div>
  );
}
