// The runner follows edits with a debounced host analysis and falls back to a local one when the host fails.
import { afterEach, describe, expect, it } from 'vitest';
import { analyzeGraph } from '../../src/analysis/analyzeGraph';
import type { Graph } from '../../src/graph/schema';
import { emptyDoc, useProjectStore } from './projectStore';
import { startAnalysisRunner } from './analysisRunner';

const S = () => useProjectStore.getState();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let stop: (() => void) | undefined;
afterEach(() => stop?.());

describe('analysis runner', () => {
  it('debounces a burst of edits into one host call and stores its answer', async () => {
    S().loadDoc(emptyDoc());
    const calls: Graph[] = [];
    stop = startAnalysisRunner({ analyzeOnHost: async (g) => (calls.push(g), analyzeGraph(g)) }, 30);
    const input = S().addNode('Input', { x: 0, y: 0 });
    S().updateParams(input, { height: 32 });
    S().updateParams(input, { width: 30 });
    await sleep(80);
    expect(calls.length).toBe(1);
    expect(S().analysisSource).toBe('host');
    expect(S().analysis?.nodes[input].outputShape).toEqual([32, 30, 1]);
  });

  it('falls back to a local analysis and reports the host failure', async () => {
    S().loadDoc(emptyDoc());
    const failures: unknown[] = [];
    stop = startAnalysisRunner(
      { analyzeOnHost: () => Promise.reject(new Error('host-unreachable')), onHostFailure: (e) => failures.push(e) },
      10,
    );
    const input = S().addNode('Input', { x: 0, y: 0 });
    await sleep(50);
    expect(failures.length).toBe(1);
    expect(S().analysisSource).toBe('local');
    expect(S().analysis?.nodes[input].outputShape).toEqual([28, 28, 1]);
  });
});
