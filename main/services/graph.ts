// Graph services: full analysis (shapes, params, MACs, issues) computed in the host process.
import { analyzeGraph } from '../../src/analysis/analyzeGraph';
import { defineHandlers } from './context';

export const handlers = defineHandlers({
  'graph.analyze': async ({ graph }) => analyzeGraph(graph),
});
