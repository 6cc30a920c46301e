// Add and Concatenate: the joins of residual and Inception blocks.
import { describe, expect, it } from 'vitest';
import { add } from './add';
import { concatenate } from './concatenate';
import { formatIssueMessage } from '../i18n/issues';

describe('Add: inputs of one shape', () => {
  it.each([
    [[[56, 56, 256], [56, 56, 256]], [56, 56, 256]],
    [[[10], [10], [10]], [10]],
  ])('%j → %j', (inputs, out) => {
    expect(add.outputShape({}, inputs)).toEqual({ ok: true, shape: out });
    expect(add.macs({}, inputs, out)).toBe((inputs.length - 1) * out.reduce((a, b) => a * b, 1));
  });

  it('lists the shapes when they differ', () => {
    const r = add.outputShape({}, [[28, 28, 128], [56, 56, 64]]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(formatIssueMessage(r.problem.code, { name: 'add1', ...r.problem.args })).toBe(
      'add1: Add needs inputs of one shape but got 28×28×128 vs 56×56×64 — make them match (e.g. a 1×1 convolution on the shortcut).',
    );
  });
});

describe('Concatenate: H, W agree, channels add', () => {
  it.each([
    // GoogLeNet inception (3a): 64 + 128 + 32 + 32 = 256 channels (Szegedy et al. 2015, Table 1)
    [[[28, 28, 64], [28, 28, 128], [28, 28, 32], [28, 28, 32]], [28, 28, 256]],
    [[[4], [6]], [10]],
  ])('%j → %j', (inputs, out) => {
    expect(concatenate.outputShape({}, inputs)).toEqual({ ok: true, shape: out });
  });

  it.each([
    [[[28, 28, 64], [14, 14, 64]], '28×28×64, 14×14×64'],
    [[[28, 28, 64], [64]], '28×28×64, 64'],
  ])('%j is a mismatch', (inputs, shapes) => {
    expect(concatenate.outputShape({}, inputs)).toEqual({ ok: false, problem: { code: 'concat-shape-mismatch', args: { shapes } } });
  });
});
