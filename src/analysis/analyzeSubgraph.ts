// Composite layers (ResidualBlock, InceptionBlock) get their shape, parameters and MACs
// by analysing the subgraph they expand to.
import type { Shape } from '../graph/schema';
import type { LayerProblem } from '../graph/issue';
import type { Expansion, ParamCount } from '../layers/types';
import { analyzeGraph, type GraphAnalysis } from './analyzeGraph';

export interface SubgraphResult {
  analysis: GraphAnalysis;
  output?: Shape;
  paramCount: ParamCount;
  macs: number;
  /** The first error inside, re-stated for the composite node. */
  problem?: LayerProblem;
}

export function analyzeSubgraph(exp: Expansion, inputs: Shape[]): SubgraphResult {
  const entryInputs = new Map(exp.entry.map((id) => [id, inputs] as const));
  const analysis = analyzeGraph(exp.graph, { entryInputs, subgraph: true });
  const err = analysis.issues.find((i) => i.severity === 'error');
  return {
    analysis,
    output: analysis.nodes[exp.exit]?.outputShape,
    paramCount: { trainable: analysis.totals.trainable, nonTrainable: analysis.totals.nonTrainable },
    macs: analysis.totals.macs,
    problem: err ? { code: err.code, severity: 'error', args: { ...err.args, name: `${err.args.name ?? ''}`.toString() } } : undefined,
  };
}
