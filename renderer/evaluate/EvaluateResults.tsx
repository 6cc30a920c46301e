// The evaluation's cards in a responsive grid: the headline tiles, per-class metrics, the confusion matrix,
// ROC and PR curves of the picked class, the reliability diagram and the misclassified images.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ConfusionMatrix } from '../training/ConfusionMatrix';
import { ClassTable } from './ClassTable';
import { CurveChart } from './CurveChart';
import { MetricTiles } from './MetricTiles';
import { MisclassifiedGrid } from './MisclassifiedGrid';
import { ReliabilityDiagram } from './ReliabilityDiagram';
import { prColumns, rocColumns } from './curveSeries';
import { evaluateActions, useEvaluate, type EvaluateResult } from './evaluateStore';
import { fixed } from './format';

function Card({ title, wide, children, extra, testId }: { title: string; wide?: boolean; children: React.ReactNode; extra?: React.ReactNode; testId?: string }) {
  return (
    <section className={`eval-card${wide ? ' wide' : ''}`} data-testid={testId}>
      <header>
        <h4>{title}</h4>
        {extra}
      </header>
      {children}
    </section>
  );
}

function ClassPicker({ names }: { names: string[] }) {
  const { t } = useTranslation('evaluate');
  const picked = useEvaluate((s) => s.curveClass);
  return (
    <select className="eval-class-pick" data-testid="eval-curve-class" aria-label={t('curves.class')} value={picked} onChange={(e) => evaluateActions.setCurveClass(Number(e.target.value))}>
      {names.map((n, i) => (
        <option key={i} value={i}>
          {n}
        </option>
      ))}
    </select>
  );
}

export function EvaluateResults({ result }: { result: EvaluateResult }) {
  const { t } = useTranslation('evaluate');
  const ev = result.report.evaluation;
  const picked = Math.min(useEvaluate((s) => s.curveClass), ev.perClass.length - 1);
  const c = ev.perClass[picked];
  const roc = useMemo(() => rocColumns(c), [c]);
  const pr = useMemo(() => prColumns(c, ev.samples), [c, ev.samples]);
  const rocLabels = useMemo(() => [t('curves.rocOf', { name: c.name, auc: fixed(c.rocAuc) }), t('curves.chance')] as [string, string], [t, c]);
  const prLabels = useMemo(() => [t('curves.prOf', { name: c.name, ap: fixed(c.prAuc) }), t('curves.baseline')] as [string, string], [t, c]);
  return (
    <div className="eval-grid" data-testid="eval-results">
      <Card title={t('cards.summary')} wide>
        <MetricTiles ev={ev} />
        {result.classNote && (
          <p className="training-message hint" data-testid="eval-class-note">
            {t(result.classNote.kind, { folder: result.classNote.folder.join(', '), model: result.classNote.model.join(', ') })}
          </p>
        )}
      </Card>
      <Card title={t('cards.perClass')} testId="eval-card-classes">
        <ClassTable ev={ev} />
      </Card>
      <Card title={t('cards.confusion')} testId="eval-card-confusion">
        <div className="eval-confusion">
          <ConfusionMatrix matrix={ev.confusion} classNames={ev.classNames} />
        </div>
        <p className="muted eval-confusion-hint">{t('confusionHint')}</p>
      </Card>
      <Card title={t('cards.roc')} extra={<ClassPicker names={ev.classNames} />} testId="eval-card-roc">
        <CurveChart data={roc} xLabel={t('curves.fpr')} yLabel={t('curves.tpr')} labels={rocLabels} testId="eval-roc" />
      </Card>
      <Card title={t('cards.pr')} extra={<ClassPicker names={ev.classNames} />} testId="eval-card-pr">
        <CurveChart data={pr} xLabel={t('curves.recall')} yLabel={t('curves.precision')} labels={prLabels} testId="eval-pr" />
      </Card>
      <Card title={t('cards.reliability')} testId="eval-card-reliability">
        <ReliabilityDiagram calibration={ev.calibration} />
      </Card>
      <Card title={t('cards.misclassified')} testId="eval-card-misclassified">
        <MisclassifiedGrid ev={ev} thumbnails={result.report.thumbnails} />
      </Card>
    </div>
  );
}
