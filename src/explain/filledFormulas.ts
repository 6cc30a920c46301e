// A node's formulas filled in with its own numbers from the analysis: output shape, parameters, MACs,
// receptive field and activation memory, each as language-neutral math lines (the UI adds the words).
//   Receptive field (Araujo et al. 2019): r = r_in + (F − 1)·j_in,  j = j_in·S;  memory = H2·W2·D2·4 bytes.
import type { Shape } from '../graph/schema';
import type { NodeAnalysis } from '../contract/graph';
import type { ExpandContext, LayerDef, LayerMath } from '../layers/types';
import { getLayer } from '../layers/registry';
import { analyzeSubgraph } from '../analysis/analyzeGraph';
import { grouped, product } from '../layers/explainMath';

/** The metrics the inspector and status bar show, in the order the inspector lists them. */
export const METRICS = ['outputShape', 'params', 'macs', 'receptiveField', 'memory'] as const;
export type Metric = (typeof METRICS)[number];

export interface FilledFormula {
  metric: Metric;
  /** The formula with this node's numbers, one step per line. */
  lines: string[];
}

const BYTES_PER_VALUE = 4; // float32 activations

type Field = { size: number; jump: number };

/**
 * The receptive-field recurrence for this node, undone from its result: r_in = r − (F − 1)·j_in, j_in = j/S.
 * A composite without its own step (a user block) composes its inside's field R, J over its input the same way.
 */
export function receptiveFieldLines(def: LayerDef, params: unknown, rf: Field, inside?: Field): string[] {
  const step = def.receptiveField?.(params);
  if (!step && inside && (inside.size > 1 || inside.jump > 1)) {
    const jIn = rf.jump / inside.jump;
    const rIn = rf.size - (inside.size - 1) * jIn;
    return [`r = r_in + (R − 1)·j_in = ${rIn} + (${inside.size} − 1)·${jIn} = ${rf.size}`, `j = j_in·J = ${jIn}·${inside.jump} = ${rf.jump}`];
  }
  if (!step) return [`r = r_in = ${rf.size},  j = j_in = ${rf.jump}`];
  const jIn = rf.jump / step.stride;
  const rIn = rf.size - (step.kernel - 1) * jIn;
  return [`r = r_in + (F − 1)·j_in = ${rIn} + (${step.kernel} − 1)·${jIn} = ${rf.size}`, `j = j_in·S = ${jIn}·${step.stride} = ${rf.jump}`];
}

/** A composite's parameters and MACs are the sums over the layers inside it; `field` is its inside's receptive field. */
function compositeMath(def: LayerDef, params: unknown, inputs: Shape[], ctx?: ExpandContext): LayerMath & { field?: Field } {
  if (!def.expand) return {};
  const sub = analyzeSubgraph(def.expand(params, inputs, ctx), inputs);
  const inner = sub.analysis.order.map((id) => sub.analysis.nodes[id]).filter((n) => n.outputShape);
  const sum = (parts: number[]) => {
    const shown = parts.filter((v) => v > 0);
    const total = shown.reduce((a, b) => a + b, 0);
    return shown.length > 1 ? `Σ = ${shown.map(grouped).join(' + ')} = ${grouped(total)}` : `Σ = ${grouped(total)}`;
  };
  return {
    params: sum(inner.map((n) => n.paramCount.trainable + n.paramCount.nonTrainable)),
    macs: sum(inner.map((n) => n.macs)),
    field: sub.exitField,
  };
}

/** Every metric of this analysed node with its formula filled in; empty when the node has no valid output. `ctx`: the graph's block definitions. */
export function filledFormulas(node: Pick<NodeAnalysis, 'type' | 'params' | 'inputShapes' | 'outputShape' | 'receptiveField' | 'paramCount' | 'macs'>, ctx?: ExpandContext): FilledFormula[] {
  const def = getLayer(node.type);
  const out = node.outputShape;
  if (!def || !node.params || !out) return [];
  const inputs = node.inputShapes.filter((s): s is Shape => !!s);
  const { field, ...inside } = def.expand ? compositeMath(def, node.params, inputs, ctx) : {};
  const math: LayerMath = { ...(def.math?.(node.params, inputs, out) ?? {}), ...inside };
  const total = node.paramCount.trainable + node.paramCount.nonTrainable;
  const filled: FilledFormula[] = [
    { metric: 'outputShape', lines: math.shape ?? [`${inputs.map((s) => s.join('×')).join(', ')} → ${out.join('×')}`] },
    { metric: 'params', lines: [`params = ${math.params ?? grouped(total)}`] },
    { metric: 'macs', lines: [`MACs = ${math.macs ?? grouped(node.macs)}`] },
  ];
  if (node.receptiveField) filled.push({ metric: 'receptiveField', lines: receptiveFieldLines(def, node.params, node.receptiveField, field) });
  const values = product(out);
  filled.push({ metric: 'memory', lines: [`${out.join('·')}·${BYTES_PER_VALUE} B = ${grouped(values * BYTES_PER_VALUE)} B`] });
  return filled;
}
