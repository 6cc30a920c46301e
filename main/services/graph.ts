// Graph services: full analysis (shapes, params, MACs, issues) computed in the host process, with warnings
// for what cannot train on this machine whatever the batch (one sample: a tensor over tfjs's limit, a path
// too deep to build, activations over the memory); the Train button checks again with the project's batch.
import os from 'node:os';
import { analyzeGraph } from '../../src/analysis/analyzeGraph';
import { withTrainability } from '../../src/train/trainability';
import { defineHandlers } from './context';
import { graphChannels } from '../../src/contract/graph';

export const handlers = defineHandlers(graphChannels, {
  'graph.analyze': async ({ graph }) => withTrainability(graph, analyzeGraph(graph), { batch: 1, memoryBytes: os.totalmem() }),
});
