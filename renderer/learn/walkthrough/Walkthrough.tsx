// "How the network recognizes this image": the Learn tab's middle column stepping through the graph from the
// Input to the class probabilities (the lecture's LeNet-5-recognizing-a-3 slide, for any model and image).
// Each step selects its node on the canvas and scrolls it into view; clicking another node on the canvas
// jumps to its step. Keys while it has focus: ← → step, Space play/pause, Esc end.
import { useEffect, useMemo, useRef, type KeyboardEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useReactFlow } from '@xyflow/react';
import type { GraphAnalysis } from '../../../src/analysis/analyzeGraph';
import type { Graph } from '../../../src/graph/schema';
import { focusNode } from '../../canvas/focusNode';
import { useProjectStore } from '../../store/projectStore';
import type { Inspection } from '../../worker/messages';
import { useLearn } from '../learnStore';
import { NodeStepView, ProbabilitiesView } from './StepView';
import { WalkControls, WalkStrip } from './WalkControls';
import { walkthroughSteps } from './walkthroughSteps';
import { AUTOPLAY_MS, useWalkthrough, walkthroughActions } from './walkthroughStore';
import './walkthrough.css';

export interface WalkthroughProps {
  graph: Graph;
  analysis: GraphAnalysis;
  inspection: Inspection;
  classNames: string[];
}

export function Walkthrough({ graph, analysis, inspection, classNames }: WalkthroughProps) {
  const { t, i18n } = useTranslation('walkthrough');
  const lang = i18n.language === 'ko' ? 'ko' : 'en';
  const { step, playing, restoreMaximised } = useWalkthrough();
  const selected = useProjectStore((s) => s.selection.nodes[0]);
  const image = useLearn((s) => s.image);
  const flow = useReactFlow();
  const root = useRef<HTMLDivElement>(null);

  const names = useMemo(() => Object.fromEntries(graph.nodes.map((n) => [n.id, n.name || n.id])), [graph]);
  const steps = useMemo(
    () => walkthroughSteps({ analysis, names, lang, activations: inspection.activations, probs: inspection.probs, classNames, blocks: graph.blocks }),
    [analysis, names, lang, inspection, classNames, graph.blocks],
  );
  const count = steps.length;
  const k = Math.max(0, Math.min(step, count - 1));
  const current = steps[k];
  const currentNode = current?.nodeId;

  useEffect(() => root.current?.focus({ preventScroll: true }), []);
  // Leaving the tab (or the image) pauses: coming back should not find it steps further on.
  useEffect(() => () => walkthroughActions.pause(), []);

  // The step's node, highlighted on the canvas. A frame later: starting may have just un-maximised the panel,
  // and the canvas measures its new size first.
  useEffect(() => {
    if (!currentNode) return;
    const timer = setTimeout(() => focusNode(flow, currentNode), 30);
    return () => clearTimeout(timer);
  }, [currentNode, flow]);

  // A node clicked on the canvas (not the one this step selected) jumps to its step.
  const lastSelected = useRef(selected);
  useEffect(() => {
    if (selected === lastSelected.current) return;
    lastSelected.current = selected;
    const to = steps.findIndex((s) => s.nodeId === selected);
    if (to >= 0 && steps[k]?.nodeId !== selected) walkthroughActions.go(to, count);
  }, [selected, steps, k, count]);

  useEffect(() => {
    if (!playing) return;
    const timer = setTimeout(() => walkthroughActions.next(count), AUTOPLAY_MS);
    return () => clearTimeout(timer);
  }, [playing, k, count]);

  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const onControl = e.target instanceof HTMLButtonElement || e.target instanceof HTMLSelectElement;
    if (e.key === 'ArrowRight') walkthroughActions.step(+1, count);
    else if (e.key === 'ArrowLeft') walkthroughActions.step(-1, count);
    else if (e.key === ' ' && !onControl) walkthroughActions.togglePlay(count);
    else if (e.key === 'Escape') walkthroughActions.stop();
    else return;
    e.preventDefault();
    e.stopPropagation();
  };

  if (!current) return null;
  return (
    <div className="walk" ref={root} tabIndex={-1} onKeyDown={onKeyDown} data-testid="walkthrough" data-step={k} data-count={count} data-node={currentNode} data-playing={playing ? 'true' : 'false'}>
      <WalkControls step={k} count={count} playing={playing} />
      <WalkStrip steps={steps} step={k} />
      {restoreMaximised && <p className="walk-caption muted">{t('restored')}</p>}
      {inspection.untrained && (
        <p className="learn-note" data-testid="walk-untrained">
          {t('untrained')}
        </p>
      )}
      {current.kind === 'node' ? (
        <NodeStepView step={current} isInput={current.nodeId === analysis.inputNodeId} isOutput={current.nodeId === analysis.outputNodeId} classNames={classNames} image={image} />
      ) : (
        <ProbabilitiesView step={current} classCount={inspection.probs.length} image={image} />
      )}
    </div>
  );
}

/** The Learn tab's "Walk through" button: needs an image and the worker's look at it. */
export function WalkthroughButton({ enabled }: { enabled: boolean }) {
  const { t } = useTranslation('walkthrough');
  return (
    <button type="button" className="walk-start" data-testid="walk-start" disabled={!enabled} title={enabled ? t('buttonTitle') : t('buttonNeeds')} onClick={() => walkthroughActions.start()}>
      ▶ {t('button')}
    </button>
  );
}
