// The read-only view inside a composite lists the real expansion, and its parameters add up to the
// composite's own count from the whole-graph analysis.
import { describe, expect, it } from 'vitest';
import type { Graph } from '../../src/graph/schema';
import { analyzeGraph } from '../../src/analysis/analyzeGraph';
import { expansionRows } from './CompositeExpansion';

const inGraph = (type: string, params: Record<string, unknown>): Graph => ({
  nodes: [
    { id: 'in', type: 'Input', params: { height: 32, width: 32, channels: 16 } },
    { id: 'block', type, params },
  ],
  edges: [{ id: 'e', source: 'in', target: 'block' }],
});

describe('composite expansion rows', () => {
  it.each([
    ['ResidualBlock', { filters: 16 }, [32, 32, 16]],
    ['ResidualBlock', { filters: 32, strides: 2 }, [16, 16, 32]],
    ['InceptionBlock', {}, undefined],
  ] as const)('%s %j: rows end in the block output and sum to its parameter count', (type, params, out) => {
    const a = analyzeGraph(inGraph(type, params)).nodes.block;
    const rows = expansionRows({ type, params: { ...params } }, [[32, 32, 16]])!;
    expect(rows.length).toBeGreaterThan(3);
    expect(rows.some((r) => r.type === 'Conv2D')).toBe(true);
    expect(rows.reduce((s, r) => s + r.params, 0)).toBe(a.paramCount.trainable + a.paramCount.nonTrainable);
    expect(rows[rows.length - 1].shape).toEqual(out ?? a.outputShape);
  });

  it('is undefined for a plain layer', () => {
    expect(expansionRows({ type: 'Conv2D', params: {} }, [[32, 32, 16]])).toBeUndefined();
  });
});
