import { describe, expect, it } from 'vitest';
import { dispatch } from '../transport';
import type { HandlerContext } from './context';
import { smallProjectDoc } from '../../src/project/testDoc';

const ctx: HandlerContext = { emit: () => {}, allowedRoots: [], resourcesDir: '.', userDataDir: '.' };

describe('graph.analyze through the host dispatch', () => {
  it('returns shapes and totals that survive the response schema', async () => {
    const r = await dispatch('graph.analyze', { graph: smallProjectDoc().graph }, ctx);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const a = r.value as any;
    // (28 − 5)/1 + 1 = 24;  params (5·5·1)·6 + 6 = 156
    expect(a.nodes.c1.outputShape).toEqual([24, 24, 6]);
    expect(a.nodes.c1.paramCount.trainable).toBe(156);
    expect(a.edges.e2).toEqual([24, 24, 6]);
    expect(a.order[0]).toBe('in');
  });

  it('reports a problem as an issue naming the node, not as a failed call', async () => {
    const graph = smallProjectDoc().graph;
    graph.nodes[1].params = { filters: 6, kernelSize: 30 };
    const r = await dispatch('graph.analyze', { graph }, ctx);
    expect(r.ok).toBe(true);
    if (r.ok) expect((r.value as any).issues.some((i: any) => i.nodeId === 'c1' && i.severity === 'error')).toBe(true);
  });

  it('warns, through the response schema, about a graph that cannot train on this machine even one sample at a time', async () => {
    const graph = smallProjectDoc().graph;
    graph.nodes[0].params = { height: 8192, width: 8192, channels: 4096 }; // 2³⁸ values, 1 TB per sample
    const r = await dispatch('graph.analyze', { graph }, ctx);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const a = r.value as any;
    const tooLarge = a.issues.filter((i: any) => i.code === 'tensor-too-large');
    expect(tooLarge.map((i: any) => [i.nodeId, i.severity, i.args.batch])).toContainEqual(['in', 'warning', 1]);
    expect(a.issues.some((i: any) => i.code === 'training-exceeds-memory' && typeof i.args.availableBytes === 'number')).toBe(true);
  });
});
