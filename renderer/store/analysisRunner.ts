// Keeps the store's analysis in step with the graph: ~100 ms after the last edit the host analyses it
// ('graph.analyze'); if the host cannot be reached the same analyzeGraph runs here and a notice says so.
import type { Graph } from '../../src/graph/schema';
import type { GraphAnalysis } from '../../src/analysis/analyzeGraph';
import { analyzeGraph } from '../../src/analysis/analyzeGraph';
import { useProjectStore } from './projectStore';

export const ANALYSIS_DEBOUNCE_MS = 100;

export interface AnalysisRunnerDeps {
  analyzeOnHost(graph: Graph): Promise<GraphAnalysis>;
  onHostFailure?(error: unknown): void;
}

/** Starts watching the store; returns a stop function. */
export function startAnalysisRunner(deps: AnalysisRunnerDeps, delayMs = ANALYSIS_DEBOUNCE_MS): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let seq = 0;
  let lastGraph: Graph | undefined;

  const run = async (graph: Graph) => {
    const mine = ++seq;
    let result: GraphAnalysis;
    let source: 'host' | 'local' = 'host';
    try {
      result = await deps.analyzeOnHost(graph);
    } catch (e) {
      deps.onHostFailure?.(e);
      result = analyzeGraph(graph);
      source = 'local';
    }
    // A newer edit started its own analysis meanwhile: this answer is stale.
    if (mine === seq && useProjectStore.getState().doc.graph === graph) useProjectStore.getState().setAnalysis(result, source);
  };

  const schedule = (graph: Graph) => {
    if (graph === lastGraph) return;
    lastGraph = graph;
    // The first analysis of a freshly loaded graph runs locally at once, so shapes never flash "?".
    if (!useProjectStore.getState().analysis) useProjectStore.getState().setAnalysis(analyzeGraph(graph), 'local');
    clearTimeout(timer);
    timer = setTimeout(() => void run(graph), delayMs);
  };

  schedule(useProjectStore.getState().doc.graph);
  const unsub = useProjectStore.subscribe((s) => schedule(s.doc.graph));
  return () => {
    unsub();
    clearTimeout(timer);
  };
}
