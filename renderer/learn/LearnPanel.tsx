// The Learn tab: what every layer sees for one image. Left: the image (a validation sample, drawn or dropped)
// with the hovered map pixel's receptive field, and the prediction. Middle: the selected node's output
// (feature maps or bars), its filters and the convolution arithmetic at a clicked pixel. Right: Grad-CAM.
// The numbers come from the training worker ('inspect'): its trained model of this graph, or random weights,
// which the panel says. Each column scrolls on its own.
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatShape } from '../../src/graph/schema';
import { useProjectStore } from '../store/projectStore';
import { inspect, useTrainingSession } from '../training/trainingSession';
import { ArithmeticView, arithmeticFor } from './ArithmeticView';
import { CamView } from './CamView';
import { FiltersView } from './FiltersView';
import { TopPatchesView } from './patches/TopPatchesView';
import { ImageChooser } from './ImageChooser';
import { InputView, Prediction } from './InputView';
import { LayerView, argmax } from './LayerView';
import { useLearn } from './learnStore';
import { BlockInsides, NodeSelect, camNodesWithInsides, useBlockInsides } from './BlockInsides';
import { useShownInspection } from './live/useShownInspection';
import { EpochScrubber } from './live/EpochScrubber';
import { Walkthrough, WalkthroughButton } from './walkthrough/Walkthrough';
import { useWalkthrough } from './walkthrough/walkthroughStore';
import './learn.css';

const CONV = new Set(['Conv2D', 'DepthwiseConv2D']);
let seq = 0;

export default function LearnPanel() {
  const { t } = useTranslation('learn');
  const graph = useProjectStore((s) => s.doc.graph);
  const dataset = useProjectStore((s) => s.doc.dataset);
  const analysis = useProjectStore((s) => s.analysis);
  const selected = useProjectStore((s) => s.selection.nodes[0]);
  const weights = useTrainingSession((s) => s.weights);
  const modelReady = useTrainingSession((s) => s.modelReady);
  const phase = useTrainingSession((s) => s.phase);
  const sessionClasses = useTrainingSession((s) => s.result?.classNames);
  const { image, busy, error, camNode, camClass, pick } = useLearn();
  const inspection = useShownInspection(); // the live or scrubbed frame while training / scrubbing, else Learn's own look
  const walking = useWalkthrough((s) => s.active);

  const inputShape = analysis?.inputNodeId ? analysis.nodes[analysis.inputNodeId]?.outputShape : undefined;
  const validInput = inputShape?.length === 3 ? (inputShape as [number, number, number]) : undefined;
  // `shown`: the selected node, or the layer picked inside the selected composite block ("<block>/<inner>").
  const blocks = useBlockInsides(graph, analysis, selected);
  const shown = blocks.shown;
  const nodeType = blocks.shownNode?.node.type;
  const filtersFor = shown && nodeType && CONV.has(nodeType) ? shown : undefined;
  const imageFits = !!image && !!validInput && image.height === validInput[0] && image.width === validInput[1] && image.channels === validInput[2];
  // The model the worker holds changes when training ends or weights load: look again.
  const modelKey = `${modelReady}:${phase === 'done' || phase === 'idle' ? phase : 'run'}:${weights ? weights.weightData.byteLength : 0}`;

  useEffect(() => {
    if (!image || !imageFits || !analysis?.ok) return;
    const id = ++seq;
    useLearn.setState({ busy: true });
    const timer = setTimeout(() => {
      inspect({ graph, pixels: image.pixels, cam: { nodeId: camNode, classIndex: camClass }, filters: filtersFor ? [filtersFor] : [] }).then(
        (r) => id === seq && useLearn.setState({ inspection: r, busy: false, error: undefined }),
        (e: unknown) => id === seq && useLearn.setState({ busy: false, error: e instanceof Error ? e.message : String(e) }),
      );
    }, 120);
    return () => clearTimeout(timer);
  }, [image, imageFits, graph, analysis?.ok, camNode, camClass, filtersFor, modelKey]);

  // A hovered pixel of the node shown before is not one of this node's.
  useEffect(() => useLearn.setState({ hover: undefined }), [shown]);

  const outputClasses = analysis?.outputNodeId ? (analysis.nodes[analysis.outputNodeId]?.outputShape?.[0] ?? 0) : 0;
  const classNames = useMemo(() => {
    const named = sessionClasses ?? dataset.classNames ?? (dataset.kind === 'mnist' ? Array.from({ length: 10 }, (_, k) => String(k)) : undefined);
    return Array.from({ length: outputClasses }, (_, k) => named?.[k] ?? String(k));
  }, [sessionClasses, dataset, outputClasses]);

  const nameOf = blocks.nameOf;
  const nodes = analysis ? analysis.order.filter((id) => analysis.nodes[id]?.outputShape) : [];
  const spatialNodes = analysis ? nodes.filter((id) => id !== analysis.inputNodeId && analysis.nodes[id].outputShape?.length === 3).map((id) => ({ id, name: nameOf(id), shape: formatShape(analysis.nodes[id].outputShape) })) : [];
  const camNodes = camNodesWithInsides(blocks, spatialNodes);
  const act = inspection?.activations.find((a) => a.nodeId === shown);
  const filters = filtersFor ? inspection?.filters[filtersFor] : undefined;
  const firstConv = analysis ? analysis.order.find((id) => CONV.has(graph.nodes.find((n) => n.id === id)?.type ?? '')) : undefined;
  const arithmetic = useMemo(() => {
    if (!pick || !inspection || !analysis || pick.nodeId !== shown || !filters) return undefined;
    try {
      // An inner conv's input is a node of the expanded graph (blocks.fieldGraph).
      return arithmeticFor(blocks.fieldGraph?.graph ?? graph, blocks.fieldGraph?.analysis ?? analysis, pick.nodeId, inspection.activations, filters, pick);
    } catch {
      return undefined;
    }
  }, [pick, inspection, analysis, graph, shown, filters, blocks.fieldGraph]);
  const params = shown ? (blocks.shownNode?.analysis.params as { padding?: unknown; strides?: number; dilation?: number; activation?: string } | undefined) : undefined;

  if (!analysis || !validInput || !analysis.ok)
    return (
      <div className="learn" data-testid="learn-panel">
        <p className="muted learn-pad-all">{t('noInput')}</p>
      </div>
    );
  const predicted = inspection ? argmax(inspection.probs) : 0;
  return (
    <div className="learn" data-testid="learn-panel" data-busy={busy ? 'true' : 'false'} data-untrained={inspection ? String(inspection.untrained) : undefined}>
      <div className="learn-col learn-side" data-testid="learn-side">
        <h3>{t('image.title')}</h3>
        <ImageChooser inputShape={validInput}>
          {image && imageFits && <InputView image={image} graph={blocks.fieldGraph?.graph ?? graph} analysis={blocks.fieldGraph?.analysis ?? analysis} nodeId={shown} />}
          {inspection && <Prediction probs={inspection.probs} classNames={classNames} />}
        </ImageChooser>
      </div>
      {walking && inspection && imageFits ? (
        <div className="learn-col learn-main" data-testid="learn-main">
          <Walkthrough graph={graph} analysis={analysis} inspection={inspection} classNames={classNames} />
        </div>
      ) : (
      <div className="learn-col learn-main" data-testid="learn-main">
        <div className="learn-head">
          <label className="learn-node-select">
            {t('layer.choose')}{' '}
            <NodeSelect order={nodes} analysis={analysis} view={blocks} />
          </label>
          <WalkthroughButton enabled={!!inspection && imageFits && !busy} />
          {busy && <span className="muted">{t('working')}</span>}
          <EpochScrubber nodeId={shown} nodeName={shown ? nameOf(shown) : ''} isConv={!!filtersFor} />
        </div>
        {inspection?.untrained && (
          <p className="learn-note" data-testid="learn-untrained">
            {inspection.reason === 'stale' ? t('weights.stale') : t('weights.untrained')}
          </p>
        )}
        {inspection?.training && <p className="learn-note">{t('weights.training')}</p>}
        {error && <p className="learn-error">{t('error', { message: error })}</p>}
        {!selected && <p className="muted">{t('layer.hint')}</p>}
        {selected && blocks.insides.has(selected) && <BlockInsides block={selected} view={blocks} />}
        {selected && inspection && !act && <p className="muted">{t(shown !== selected ? 'blocks.notInFrame' : 'layer.notComputed')}</p>}
        {act && <LayerView act={act} name={nameOf(act.nodeId)} isOutput={act.nodeId === analysis.outputNodeId} isConv={!!filtersFor} classNames={classNames} />}
        {filtersFor && act && (
          <>
            <h3>{t('arith.title')}</h3>
            {arithmetic ? (
              <ArithmeticView
                a={arithmetic}
                name={nameOf(filtersFor)}
                source={nameOf(blocks.shownNode?.sources[0] ?? '')}
                padding={params?.padding === 'valid' || params?.padding === undefined ? '0 (valid)' : String(params.padding)}
                stride={params?.strides ?? 1}
                dilation={params?.dilation ?? 1}
                activation={params?.activation}
              />
            ) : (
              <p className="muted">{t('arith.hint')}</p>
            )}
            <h3>{t('filters.title')}</h3>
            {filters && <FiltersView name={nameOf(filtersFor)} filters={filters} colour={filtersFor === firstConv} untrained={!!inspection?.untrained} />}
            <TopPatchesView nodeId={filtersFor} filters={filters} />
          </>
        )}
      </div>
      )}
      <div className="learn-col learn-right" data-testid="learn-right">
        <h3>{t('cam.title')}</h3>
        {image && imageFits && inspection && (
          <CamView image={image} cam={inspection.cam} camError={inspection.camError} nodes={camNodes} classNames={classNames} camNode={camNode} camClass={camClass} predicted={predicted} />
        )}
      </div>
    </div>
  );
}
