import { describe, expect, it } from 'vitest';
import { dense } from './dense';
import { output } from './output';
import { formatIssueMessage } from '../i18n/issues';

describe('Dense: N → M, params (N + 1)·M', () => {
  it.each([
    // LeNet-5's fully connected layers (LeCun et al. 1998, as in Keras re-implementations)
    [400, 120, true, 48120],
    [120, 84, true, 10164],
    [9216, 4096, true, 37752832], // AlexNet fc6
    [84, 10, false, 840],
  ])('%i → %i (bias %s) has %i params', (n, m, useBias, count) => {
    const p = dense.schema.parse({ units: m, useBias });
    expect(dense.outputShape(p, [[n]])).toEqual({ ok: true, shape: [m] });
    expect(dense.paramCount(p, [[n]], [m]).trainable).toBe(count);
    expect(dense.macs(p, [[n]], [m])).toBe(n * m);
  });

  it('on a feature map asks for a Flatten, with a one-click fix', () => {
    const r = dense.outputShape(dense.schema.parse({ units: 10 }), [[5, 5, 16]]);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problem.fix?.action).toEqual({ kind: 'insertBefore', nodeType: 'Flatten' });
    expect(formatIssueMessage(r.problem.code, { name: 'fc1', ...r.problem.args })).toBe(
      'fc1: Dense expects a vector but got 5×5×16 — insert a Flatten (or GlobalAveragePooling2D) before it.',
    );
  });

  it('tooltip shows the numbers', () => {
    const p = dense.schema.parse({ units: 120, activation: 'relu' });
    expect(dense.formula!(p, [[400]], [120])).toEqual(['y = relu(W·x + b)', 'N = 400 → M = 120', 'params = (N + 1)·M = (400 + 1)·120 = 48,120', 'MACs = N·M = 400·120 = 48,000']);
  });
});

describe('Output: Dense(classes) + softmax, params (N + 1)·classes', () => {
  it.each([
    [84, 10, 850], // LeNet-5 output layer
    [4096, 1000, 4097000], // AlexNet / VGG fc8
    [2048, 1000, 2049000], // ResNet-50 fc
  ])('%i → %i classes has %i params', (n, classes, count) => {
    const p = output.schema.parse({ classes });
    expect(output.outputShape(p, [[n]])).toEqual({ ok: true, shape: [classes] });
    expect(output.paramCount(p, [[n]], [classes]).trainable).toBe(count);
  });

  it('defaults to 10 classes and needs a vector', () => {
    const p = output.schema.parse({});
    expect(p.classes).toBe(10);
    const r = output.outputShape(p, [[7, 7, 64]]);
    expect(r).toMatchObject({ ok: false, problem: { code: 'output-not-vector', fix: { action: { kind: 'insertBefore', nodeType: 'Flatten' } } } });
  });
});
