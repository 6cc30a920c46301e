// What a training run asks the worker to show live: Learn's image when it fits the input (else none: the worker
// takes the first validation image), the conv nodes whose kernels each frame carries, and Grad-CAM's choice.
import type { Graph } from '../../../src/graph/schema';
import type { GraphAnalysis } from '../../../src/analysis/analyzeGraph';
import { CONV_TYPES } from '../../../src/learn/filters';
import { graphHash } from '../../../src/train/graphHash';
import { useLearn, type LearnState } from '../learnStore';
import type { ToWorker } from '../../worker/messages';
import { liveActions, type LiveProbe } from './liveStore';

export type LiveStartRequest = NonNullable<Extract<ToWorker, { type: 'start' }>['live']>;

/** Kernel floats per frame beyond which further conv nodes' filters are left out (a frame is kept per epoch). */
export const LIVE_FILTER_FLOATS = 100_000;

/** The conv nodes whose filters travel with each frame: the selected one, then the others in order while they fit. */
export function liveFilterNodes(graph: Graph, analysis: GraphAnalysis, selected?: string): string[] {
  const type = new Map(graph.nodes.map((n) => [n.id, n.type] as const));
  const convs = analysis.order.filter((id) => CONV_TYPES.has(type.get(id) ?? ''));
  const ordered = selected && convs.includes(selected) ? [selected, ...convs.filter((id) => id !== selected)] : convs;
  const out: string[] = [];
  let floats = 0;
  for (const id of ordered) {
    const n = analysis.nodes[id]?.paramCount.trainable ?? 0;
    if (out.length && floats + n > LIVE_FILTER_FLOATS) continue;
    out.push(id);
    floats += n;
  }
  return out;
}

export function liveRequest(graph: Graph, analysis: GraphAnalysis, learn: Pick<LearnState, 'image' | 'camNode' | 'camClass'>, selected?: string): { live: LiveStartRequest; probe?: LiveProbe } {
  const shape = analysis.inputNodeId ? analysis.nodes[analysis.inputNodeId]?.outputShape : undefined;
  const img = learn.image;
  const fits = !!img && !!shape && img.height === shape[0] && img.width === shape[1] && img.channels === shape[2];
  return {
    // A copy travels: Learn keeps drawing its own.
    live: { pixels: fits ? img.pixels.slice() : undefined, filters: liveFilterNodes(graph, analysis, selected), cam: { nodeId: learn.camNode, classIndex: learn.camClass } },
    probe: fits ? img : undefined,
  };
}

/** A run starts: the live store starts over with its probe, and this is the start message's `live`. */
export function beginLive(graph: Graph, analysis: GraphAnalysis, selected?: string): LiveStartRequest {
  const { live, probe } = liveRequest(graph, analysis, useLearn.getState(), selected);
  liveActions.start(probe, graphHash(graph));
  return live;
}
