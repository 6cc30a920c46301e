// Graph services: full analysis (shapes, params, MACs, issues) computed in the host process.
import { analyzeGraph } from '../../src/analysis/analyzeGraph';
import { defineHandlers } from './context';
import { graphChannels } from '../../src/contract/graph';

export const handlers = defineHandlers(graphChannels, {
  'graph.analyze': async ({ graph }) => analyzeGraph(graph),
});
