// Composites and the registry import each other (via analysis): enter through the registry.
import './registry';
import { describe, expect, it } from 'vitest';
import { residualBlock, expandResidual } from './residualBlock';
import { inceptionBlock, expandInception } from './inceptionBlock';

const res = (params: Record<string, unknown>, input: number[]) => {
  const p = residualBlock.schema.parse(params);
  const r = residualBlock.outputShape(p, [input]);
  return { p, r, count: r.ok ? residualBlock.paramCount(p, [input], r.shape) : undefined, exp: expandResidual(p, [input]) };
};

describe('ResidualBlock (He et al. 2016)', () => {
  it('identity shortcut when shape is kept: two 3×3 convs + 2 BN', () => {
    const { r, count, exp } = res({ filters: 64 }, [56, 56, 64]);
    expect(r.ok && r.shape).toEqual([56, 56, 64]);
    expect(exp.graph.nodes.some((n) => n.id === 'shortcut')).toBe(false);
    expect(count).toEqual({ trainable: 2 * (9 * 64 * 64) + 2 * 128, nonTrainable: 2 * 128 });
  });

  it('stride 2 with more channels gets a 1×1/2 projection (+BN)', () => {
    const { r, count, exp } = res({ filters: 128, strides: 2 }, [56, 56, 64]);
    expect(r.ok && r.shape).toEqual([28, 28, 128]);
    expect(exp.graph.nodes.find((n) => n.id === 'shortcut')?.params).toMatchObject({ kernelSize: 1, strides: 2 });
    expect(count!.trainable).toBe(9 * 64 * 128 + 9 * 128 * 128 + 64 * 128 + 3 * 256);
  });

  it('bottleneck: 1×1 → 3×3 → 1×1 with 4× expansion', () => {
    const { r, count } = res({ filters: 64, kind: 'bottleneck' }, [56, 56, 256]);
    expect(r.ok && r.shape).toEqual([56, 56, 256]);
    expect(count!.trainable).toBe(256 * 64 + 9 * 64 * 64 + 64 * 256 + 2 * (64 + 64 + 256));
  });

  it("projection 'never' with a shape change is an Add mismatch, named on the block", () => {
    const { r } = res({ filters: 32, projection: 'never' }, [8, 8, 16]);
    expect(!r.ok && r.problem.code).toBe('add-shape-mismatch');
  });
});

describe('InceptionBlock (Szegedy et al. 2015)', () => {
  it('inception (3a) on 28×28×192: 64 + 128 + 32 + 32 = 256 channels, 163,696 parameters', () => {
    const p = inceptionBlock.schema.parse({ c1x1: 64, c3x3reduce: 96, c3x3: 128, c5x5reduce: 16, c5x5: 32, poolProj: 32 });
    const r = inceptionBlock.outputShape(p, [[28, 28, 192]]);
    expect(r.ok && r.shape).toEqual([28, 28, 256]);
    expect(inceptionBlock.paramCount(p, [[28, 28, 192]], [28, 28, 256]).trainable).toBe(163_696);
    expect(expandInception(p, [[28, 28, 192]]).entry).toHaveLength(4);
  });
});
