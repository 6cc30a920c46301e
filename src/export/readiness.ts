// Export readiness: before anything is written, what keeps a project from being exported to one target (format
// + quantisation), each named with the node, the reason and what to do. Derived from the emitters' own rules so
// the list cannot drift from what they reject: flattenGraph's ExportError (the graph), the tfjs builder's (a
// layer with no tfjs form, buildTfModel's trainability limits — every weight format is built in tfjs first),
// exportOnnx's per-layer rule (onnxLayerProblem), the PyTorch writer's (a layer with no `torch` form), exportModel's
// quantisation and weights checks. readiness.test.ts checks that exportModel succeeds exactly when no error is listed.
import { z } from 'zod';
import type { ProjectDoc } from '../project/schema';
import { analyzeGraph } from '../analysis/analyzeGraph';
import { getPrimitiveLayer } from '../layers/registry';
import { trainabilityProblems } from '../train/trainability';
import { ExportError, flattenGraph, type FlatGraph, type FlatNode } from './flatGraph';
import { allowedQuantizationsText, EXPORT_FORMAT_NAMES, formatNeedsWeights, quantizationProblem, type ExportFormat, type ExportQuantization } from './formats';
import { onnxLayerProblem } from './onnx/exportOnnx';
import { INT8_FLOAT_LAYERS } from './quantize/onnxQdq';

export const READINESS_CODES = [
  'quantization-unsupported',
  'graph-error',
  'no-weights',
  'no-tfjs-form',
  'cannot-build',
  'no-onnx-form',
  'no-torch-form',
  'no-calibration-data',
  'custom-tfjs-layer',
  'int8-float-layer',
] as const;

export const ReadinessProblemSchema = z.object({
  code: z.enum(READINESS_CODES),
  /** error: the export is refused; warning: it is written, with this caveat. */
  severity: z.enum(['error', 'warning']),
  nodeId: z.string().optional(),
  nodeName: z.string().optional(),
  /** English; `args` fill the UI's translated text. */
  reason: z.string(),
  fix: z.string(),
  args: z.record(z.string(), z.union([z.string(), z.number()])),
});
export type ReadinessProblem = z.infer<typeof ReadinessProblemSchema>;

export interface ReadinessContext {
  /** Trained weights are at hand (the project's, this session's, --weights); undefined = not checked. */
  hasWeights?: boolean;
  /** Freshly initialised weights on purpose. */
  untrained?: boolean;
  /** Training images available to calibrate int8 on; undefined = not known yet (not checked). */
  calibrationImages?: number;
}

/** The problems of exporting `doc` as `format` stored as `quantize`; empty = ready. Errors first. */
export function exportReadiness(doc: ProjectDoc, format: ExportFormat, quantize: ExportQuantization = 'none', context: ReadinessContext = {}): ReadinessProblem[] {
  const problems: ReadinessProblem[] = [];
  const add = (p: Omit<ReadinessProblem, 'args'> & { args?: ReadinessProblem['args'] }) => problems.push({ args: {}, ...p });
  const fmt = EXPORT_FORMAT_NAMES[format];
  const cannotStore = quantizationProblem(format, quantize);
  if (cannotStore) {
    const allowed = allowedQuantizationsText(format);
    add({ code: 'quantization-unsupported', severity: 'error', reason: cannotStore, fix: `Choose one of: ${allowed}.`, args: { format: fmt, quantize, allowed } });
  }
  // The drawings are of any graph, valid or not, and need no weights (exportModel draws before anything else).
  if (!formatNeedsWeights(format)) return problems;
  const analysis = analyzeGraph(doc.graph);
  const nameOf = (id?: string) => (id ? (analysis.nodes[id]?.name ?? doc.graph.nodes.find((n) => n.id === id)?.name ?? id) : undefined);
  const errors = analysis.issues.filter((i) => i.severity === 'error');
  for (const e of errors)
    add({ code: 'graph-error', severity: 'error', nodeId: e.nodeId, nodeName: nameOf(e.nodeId), reason: e.message, fix: e.fix ? `${e.fix.label} (in the editor).` : 'Fix it on the node in the editor, where it is marked (`cnn-studio validate` lists every problem).', args: { message: e.message } });
  let flat: FlatGraph | undefined;
  if (!errors.length) {
    try {
      flat = flattenGraph(doc.graph, analysis);
    } catch (e) {
      if (!(e instanceof ExportError)) throw e;
      add({ code: 'graph-error', severity: 'error', nodeId: e.nodeId, nodeName: nameOf(e.nodeId), reason: e.message, fix: 'Connect one Input to one Output node through the layers.', args: { message: e.message } });
    }
  }
  if (context.hasWeights === false && !context.untrained)
    add({ code: 'no-weights', severity: 'error', reason: 'This project has no trained weights yet.', fix: 'Train it first (the Training tab, or `cnn-studio train … --out W` and --weights W), or export untrained weights on purpose.' });
  if (flat) {
    const seen = new Set<string>();
    const perNode = (n: FlatNode, p: Omit<ReadinessProblem, 'nodeId' | 'nodeName' | 'args'> & { args?: ReadinessProblem['args'] }) => {
      const key = `${p.code}:${n.sourceNodeId}:${n.type}`;
      if (seen.has(key)) return;
      seen.add(key);
      const top = nameOf(n.sourceNodeId) ?? n.sourceNodeId;
      const nodeName = n.block ? `${top} › ${n.localName}` : top;
      add({ ...p, nodeId: n.sourceNodeId, nodeName, args: { layer: n.type, name: nodeName, ...p.args } });
    };
    for (const n of flat.nodes) {
      const def = getPrimitiveLayer(n.type);
      // buildTfModel: every weight format is built as a tfjs model first (the weights are applied to it).
      if (!def?.buildTf) perNode(n, { code: 'no-tfjs-form', severity: 'error', reason: `${n.type} has no TensorFlow.js form, so no weights can be built for it.`, fix: 'Replace it with a layer the app can train.' });
      if (format === 'onnx') {
        const why = onnxLayerProblem(n);
        if (why) perNode(n, { code: 'no-onnx-form', severity: 'error', reason: why, fix: 'Export to TensorFlow.js or PyTorch, or replace the layer.' });
        if (quantize === 'int8' && INT8_FLOAT_LAYERS[n.type])
          perNode(n, { code: 'int8-float-layer', severity: 'warning', reason: `onnxruntime has no int8 ${INT8_FLOAT_LAYERS[n.type]}: this layer computes in float32 between dequantize and quantize.`, fix: 'Nothing needed (accuracy is kept); for an all-int8 model remove the layer and train again.', args: { op: INT8_FLOAT_LAYERS[n.type] } });
      }
      // The PyTorch writer (src/export/torch/torchScope.ts) refuses a layer without its `torch` member.
      if (format === 'pytorch' && n.type !== 'Input' && !def?.torch) perNode(n, { code: 'no-torch-form', severity: 'error', reason: `${n.type} has no PyTorch form yet.`, fix: 'Export to TensorFlow.js or ONNX, or replace the layer.' });
      // Flat nodes carry the analysis' parsed params (defaults filled in).
      const custom = format === 'tfjs' ? (def?.tfCustomLayer ?? def?.tfCustomLayerFor?.(n.params)) : undefined;
      if (custom)
        perNode(n, {
          code: 'custom-tfjs-layer',
          severity: 'warning',
          reason: `${n.type} is a custom tfjs layer class (${custom.className}): tf.loadLayersModel outside CNN Studio needs that class registered first.`,
          fix: 'Register the class before loading (CNN Studio does), or export to ONNX.',
          args: { className: custom.className },
        });
    }
    // buildTfModel refuses what tfjs cannot build at all (batch 1): a tensor over 2³¹ − 1 values, a path too deep.
    for (const t of trainabilityProblems(doc.graph, analysis, { batch: 1 }))
      add({ code: 'cannot-build', severity: 'error', nodeId: t.nodeId, nodeName: nameOf(t.nodeId), reason: t.message, fix: 'Make the layer smaller (fewer units or channels, a smaller input) or the network shallower.', args: { message: t.message } });
  }
  if (quantize === 'int8' && context.calibrationImages === 0)
    add({ code: 'no-calibration-data', severity: 'error', reason: 'int8 needs training images to calibrate the activation ranges, and none could be read.', fix: 'Import the dataset (the Dataset tab) or pass --data FOLDER|mnist.' });
  return problems.sort((a, b) => (a.severity === b.severity ? 0 : a.severity === 'error' ? -1 : 1));
}

export const readinessErrors = (problems: readonly ReadinessProblem[]) => problems.filter((p) => p.severity === 'error');

