// The training tab: settings on the left (scrolling on their own); on the right the controls, progress,
// backend line, messages and the result's summary always at the top, and below them the live charts
// (sized by the panel) and the results grid, which scroll inside their own area. Training runs in a worker
// (renderer/worker/train.worker.ts); failures show as messages.
import { useEffect } from 'react';
import { useProjectStore } from '../store/projectStore';
import { SettingsForm } from './SettingsForm';
import { LiveCharts } from './LiveCharts';
import { TrainingData } from './TrainingData';
import { Controls, InitialWeights, isRunning } from './Controls';
import { BackendLine } from './BackendLine';
import { Messages, WeightsNotes } from './Messages';
import { ResultSummary, Results } from './Results';
import { restoreWeights, useTrainingSession } from './trainingSession';
import { TrainEvaluateSwitch, useTrainingView } from '../evaluate/TrainEvaluateSwitch';
import { EvaluateView } from '../evaluate/EvaluateView';
import './training.css';

export default function TrainingPanel() {
  const limit = useTrainingSession((s) => s.sampleLimit);
  const setLimit = (sampleLimit: number) => useTrainingSession.setState({ sampleLimit });
  const loadSeq = useProjectStore((s) => s.loadSeq);
  const phase = useTrainingSession((s) => s.phase);
  const view = useTrainingView();
  useEffect(() => {
    const { doc, filePath } = useProjectStore.getState();
    void restoreWeights(doc, filePath);
  }, [loadSeq]);
  return (
    <div className="training" data-testid="training-panel">
      <div className="training-side">
        <SettingsForm disabled={isRunning(phase)} />
      </div>
      <div className="training-main" data-view={view}>
        <TrainEvaluateSwitch />
        {view === 'evaluate' && <EvaluateView />}
        <header className="training-head" data-testid="training-head">
          <Controls limit={limit} setLimit={setLimit}>
            <BackendLine />
          </Controls>
          {/* Below the controls: scrolls on its own if messages pile up, so Start/Stop never leave the view. */}
          <div className="training-head-more">
            <Messages />
            <ResultSummary />
            <div className="training-line">
              <TrainingData />
              <InitialWeights />
              <WeightsNotes />
            </div>
          </div>
        </header>
        <div className="training-body" data-testid="training-body">
          <div className="training-body-inner">
            <LiveCharts />
            <Results />
          </div>
        </div>
      </div>
    </div>
  );
}
