// "Train | Evaluate" at the top of the Training tab's right side. Evaluate opens once there are weights
// (trained this session, restored with the project or a run, or imported with a model).
import { useTranslation } from 'react-i18next';
import { useTrainingSession } from '../training/trainingSession';
import { evaluateActions, useEvaluate } from './evaluateStore';
import './evaluate.css';

export function TrainEvaluateSwitch() {
  const { t } = useTranslation('evaluate');
  const view = useEvaluate((s) => s.view);
  const hasWeights = useTrainingSession((s) => !!s.weights);
  const shown = hasWeights ? view : 'train';
  return (
    <div className="eval-switch" role="tablist" aria-label={t('view.label')}>
      {(['train', 'evaluate'] as const).map((v) => (
        <button
          key={v}
          type="button"
          role="tab"
          aria-selected={shown === v}
          data-testid={`training-view-${v}`}
          disabled={v === 'evaluate' && !hasWeights}
          title={v === 'evaluate' && !hasWeights ? t('blocked.noWeights') : undefined}
          onClick={() => evaluateActions.setView(v)}
        >
          {t(`view.${v}`)}
        </button>
      ))}
    </div>
  );
}

/** The sub-view the Training tab shows: Evaluate only while there are weights. */
export function useTrainingView(): 'train' | 'evaluate' {
  const view = useEvaluate((s) => s.view);
  const hasWeights = useTrainingSession((s) => !!s.weights);
  return hasWeights ? view : 'train';
}
