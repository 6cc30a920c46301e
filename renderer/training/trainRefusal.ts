// Why the Train button will not start: what tfjs cannot build or this machine cannot hold, checked in the
// renderer before any data is loaded (the same rule `cnn-studio train` refuses by, src/train/trainability.ts).
import type { Graph } from '../../src/graph/schema';
import type { ValidationIssue } from '../../src/graph/issue';
import { analyzeGraph, type GraphAnalysis } from '../../src/analysis/analyzeGraph';
import { trainabilityProblems } from '../../src/train/trainability';

/**
 * The first reason this graph cannot train with this batch size, or undefined. Graph errors are left to the
 * worker's usual message. The renderer cannot see the machine's memory: the host's analysis names it in its
 * 'training-exceeds-memory' warning (checked for one sample), and that figure is used for the real batch.
 */
export function trainRefusal(graph: Graph, batch: number, hostAnalysis?: GraphAnalysis): ValidationIssue | undefined {
  const analysis = analyzeGraph(graph);
  if (!analysis.ok) return undefined;
  const memory = hostAnalysis?.issues.find((i) => i.code === 'training-exceeds-memory')?.args.availableBytes;
  return trainabilityProblems(graph, analysis, { batch, memoryBytes: typeof memory === 'number' ? memory : undefined })[0];
}
