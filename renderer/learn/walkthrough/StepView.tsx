// One step of the walkthrough: the node's name and type, its shape before → after, its output for the image
// beside what it computes and its formulas with its own numbers (output shape, parameters, receptive field);
// the last step, the class probabilities with the image they are about.
import { useTranslation } from 'react-i18next';
import type { Shape } from '../../../src/graph/schema';
import { Bars } from '../InputView';
import type { LearnImage } from '../learnStore';
import { StepImage, StepMaps } from './StepMaps';
import type { NodeStep, ProbabilitiesStep } from './walkthroughSteps';

const shapeText = (s: Shape) => s.join('×');
const grouped = (n: number) => n.toLocaleString('en-US');
const percent = (p: number) => `${(p * 100).toFixed(1)}%`;

/**
 * The formulas worth a step's room: how the shape comes about (its "a → b" line is the title's), what is
 * learned, how far a unit sees (r = r_in + (F − 1)·j_in, where a window widens it).
 */
function shownFormulas(step: NodeStep, isInput: boolean): { metric: string; lines: string[] }[] {
  const shown: { metric: string; lines: string[] }[] = [];
  for (const f of step.formulas) {
    if (f.metric === 'outputShape' && !isInput) {
      const lines = f.lines.filter((l) => !l.includes(' → '));
      shown.push({ metric: f.metric, lines: lines.length ? lines : f.lines });
    } else if (f.metric === 'params' && step.params > 0) shown.push(f);
    else if (f.metric === 'receptiveField' && f.lines[0].includes('(F − 1)')) shown.push({ metric: f.metric, lines: [f.lines[0]] });
  }
  return shown;
}

export function NodeStepView({ step, isInput, isOutput, classNames, image }: { step: NodeStep; isInput: boolean; isOutput: boolean; classNames: string[]; image?: LearnImage }) {
  const { t } = useTranslation('walkthrough');
  const { t: tx } = useTranslation('explain');
  const out = step.outputShape;
  const size = out.reduce((a, b) => a * b, 1);
  const result = isInput
    ? t('result.image', { h: out[0], w: out[1], c: out[2], n: grouped(size) })
    : out.length === 3
      ? t('result.maps', { c: out[2], h: out[0], w: out[1] })
      : t('result.vector', { n: grouped(size) });
  const shape = isInput ? shapeText(out) : `${step.inputShapes.map(shapeText).join(' + ')} → ${shapeText(out)}`;
  // The Input's one grey channel is the picture itself; an RGB input also shows its three channels.
  const showMaps = step.activation && !(isInput && image && out[2] === 1);
  return (
    <section className="walk-step" data-testid="walk-step" data-kind="node" data-node={step.nodeId}>
      <h4 className="walk-step-title">
        <span className="walk-step-name">{step.name}</span>
        <span className="muted">
          {step.typeLabel}
          {step.subtitle && ` · ${step.subtitle}`}
        </span>
        <span className="mono walk-shape" data-testid="walk-shape">
          {t('shape')}: {shape}
        </span>
      </h4>
      <div className="walk-step-body">
        <div className="walk-step-maps">
          {isInput && image && <StepImage image={image} size={112} />}
          {showMaps && <StepMaps act={step.activation!} isOutput={isOutput} classNames={classNames} />}
          {!step.activation && <p className="muted">{t('notComputed')}</p>}
        </div>
        <div className="walk-step-text">
          <p className="walk-what">
            <b>{t('what')}: </b>
            {step.what}
          </p>
          {step.composite && <p className="muted walk-line">{t('composite')}</p>}
          <p className="walk-line">
            <span data-testid="walk-result">{result}</span>{' '}
            <span className="muted" data-testid="walk-param-count" data-params={step.params}>
              {step.params > 0 ? t('params', { n: grouped(step.params) }) : t('noParams')}
            </span>
          </p>
          <dl className="walk-formulas">
            {shownFormulas(step, isInput).map((f) => (
              <div className="walk-formula" key={f.metric}>
                <dt title={tx(`metric.${f.metric}.meaning`)}>{tx(`metric.${f.metric}.label`)}</dt>
                <dd>
                  <pre className="formula" data-testid={`walk-${f.metric}`}>
                    {f.lines.join('\n')}
                  </pre>
                </dd>
              </div>
            ))}
          </dl>
        </div>
      </div>
    </section>
  );
}

export function ProbabilitiesView({ step, classCount, image }: { step: ProbabilitiesStep; classCount: number; image?: LearnImage }) {
  const { t } = useTranslation('walkthrough');
  const sum = step.top.reduce((s, c) => s + c.p, 0) + step.rest.p;
  return (
    <section className="walk-step walk-final" data-testid="walk-step" data-kind="probabilities" data-node={step.nodeId} data-predicted={step.predicted.index}>
      <h4 className="walk-step-title">
        <span className="walk-step-name">{t('final.title')}</span>
        <span className="muted">{step.name}</span>
      </h4>
      <div className="walk-step-body">
        {image && (
          <div className="walk-final-image">
            <StepImage image={image} size={112} />
            <span className="walk-arrow" aria-hidden>
              →
            </span>
          </div>
        )}
        <div className="walk-final-bars">
          <p className="walk-says" data-testid="walk-says">
            {t('final.says', { name: step.predicted.name, p: percent(step.predicted.p) })}
          </p>
          <div data-testid="walk-probs">
            <Bars values={Float32Array.from(step.top, (c) => c.p)} labels={step.top.map((c) => c.name)} best={0} percent />
          </div>
          {step.rest.count > 0 && (
            <p className="muted walk-line">
              {t('final.others', { n: step.rest.count })}: {percent(step.rest.p)}
            </p>
          )}
        </div>
        <div className="walk-step-text walk-final-text">
          <p className="mono walk-line" data-testid="walk-sum" data-sum={sum}>
            {t('final.sum', { n: classCount, p: percent(sum) })}
          </p>
          <p className="muted walk-line">{t('final.softmax')}</p>
        </div>
      </div>
    </section>
  );
}
