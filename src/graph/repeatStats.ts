// The numbers of a user block instance per repeat, as the inspector's table lists them: each repeat's input
// and output shape, parameter count and own changes. They come from the instance's expansion analysed on its
// input shape — what analyzeGraph does for the whole instance — so the rows add up to the canvas node's count.
import type { Graph, Shape } from './schema';
import { analyzeSubgraph } from '../analysis/analyzeGraph';
import { getLayer } from '../layers/registry';
import { expandContextOf } from '../layers/types';
import { USER_BLOCK_TYPE, UserBlockParams, repeatNodeId, type RepeatOverride } from '../layers/userBlock';

/** One repeat (0-based `repeat`) of an instance. Shapes are undefined past a repeat that does not fit. */
export interface RepeatRow {
  repeat: number;
  inputShape?: Shape;
  outputShape?: Shape;
  /** Trainable + non-trainable; undefined when the repeat's shapes are unknown. */
  params?: number;
  /** This repeat's overrides (inner node → params merged over the definition's). */
  changes: RepeatOverride[];
  /** The repeat's inside does not fit its input (the analysis names the arithmetic). */
  error: boolean;
}

export interface RepeatStats {
  repeat: number;
  rows: RepeatRow[];
  /** The whole instance: the sum of the rows, and the last repeat's output. */
  params?: number;
  outputShape?: Shape;
}

/** Per-repeat shapes and counts of `instanceId` fed `inputShape` (the graph analysis's input for it). */
export function repeatStats(graph: Graph, instanceId: string, inputShape: Shape | undefined): RepeatStats | undefined {
  const node = graph.nodes.find((n) => n.id === instanceId && n.type === USER_BLOCK_TYPE);
  const def = getLayer(USER_BLOCK_TYPE);
  const parsed = node && UserBlockParams.safeParse(node.params);
  if (!def?.expand || !parsed?.success) return undefined;
  const p = parsed.data;
  const changesOf = (i: number) => p.overrides.filter((o) => o.repeat === i);
  const blank = (i: number): RepeatRow => ({ repeat: i, changes: changesOf(i), error: false });
  if (!inputShape) return { repeat: p.repeat, rows: Array.from({ length: p.repeat }, (_, i) => blank(i)) };
  const exp = def.expand(p, [inputShape], expandContextOf(graph));
  if (!exp.exit) return { repeat: p.repeat, rows: Array.from({ length: p.repeat }, (_, i) => blank(i)) };
  const sub = analyzeSubgraph(exp, [inputShape]);
  const count = (c: { trainable: number; nonTrainable: number }) => c.trainable + c.nonTrainable;
  const failed = sub.analysis.issues.some((i) => i.severity === 'error');
  if (p.repeat === 1) {
    const out = failed ? undefined : sub.output;
    const params = failed ? undefined : count(sub.paramCount);
    return { repeat: 1, rows: [{ ...blank(0), inputShape, outputShape: out, params, error: failed }], params, outputShape: out };
  }
  // Repeat i is the expansion's node repeat_{i+1}; an error on it (or an unknown shape) ends the known shapes.
  const rows: RepeatRow[] = [];
  let known = true;
  for (let i = 0; i < p.repeat; i++) {
    const id = repeatNodeId(i);
    const a = sub.analysis.nodes[id];
    const error = sub.analysis.issues.some((x) => x.severity === 'error' && x.nodeId === id);
    const fits: boolean = known && !error && !!a?.outputShape;
    rows.push({ ...blank(i), inputShape: known ? ((a?.inputShapes[0] ?? undefined) as Shape | undefined) : undefined, outputShape: fits ? a!.outputShape : undefined, params: fits ? count(a!.paramCount) : undefined, error });
    known = fits;
  }
  const whole = rows.every((r) => r.params !== undefined);
  return { repeat: p.repeat, rows, params: whole ? rows.reduce((s, r) => s + r.params!, 0) : undefined, outputShape: whole ? rows[rows.length - 1].outputShape : undefined };
}
