import { describe, expect, it } from 'vitest';
import { conv2d } from './conv2d';
import { formatIssueMessage } from '../i18n/issues';

const run = (input: number[], params: Record<string, unknown>) => {
  const p = conv2d.schema.parse(params);
  const r = conv2d.outputShape(p, [input]);
  return { p, r, count: r.ok ? conv2d.paramCount(p, [input], r.shape) : undefined };
};

describe('Conv2D shape rule W2 = (W1 − F + 2P)/S + 1 (the lecture worked examples)', () => {
  it.each([
    // [input H×W×D1, K, F, S, P, expected output, expected params]
    [[5, 5, 1], 1, 3, 2, 0, [2, 2, 1], 10],
    [[5, 5, 1], 1, 3, 2, 1, [3, 3, 1], 10],
    [[5, 5, 1], 1, 3, 1, 1, [5, 5, 1], 10],
    [[32, 32, 3], 6, 5, 1, 0, [28, 28, 6], 456],
    [[7, 7, 3], 2, 3, 2, 1, [4, 4, 2], 56], // 7×7×3, two 3×3 filters, S=2, P=1
    [[227, 227, 3], 96, 11, 4, 0, [55, 55, 96], 34944], // AlexNet conv1
  ])('%j, K=%i F=%i S=%i P=%i → %j with %i params', (input, K, F, S, P, out, params) => {
    const { r, count } = run(input, { filters: K, kernelSize: F, strides: S, padding: P });
    expect(r.ok && r.shape).toEqual(out);
    expect(count!.trainable).toBe(params);
  });

  it("'same' padding gives ⌈W/S⌉", () => {
    expect(run([28, 28, 1], { filters: 4, kernelSize: 5, strides: 1, padding: 'same' }).r).toMatchObject({ shape: [28, 28, 4] });
    expect(run([7, 7, 1], { filters: 4, kernelSize: 3, strides: 2, padding: 'same' }).r).toMatchObject({ shape: [4, 4, 4] });
  });

  it('dilation enlarges the effective kernel to D·(F − 1) + 1', () => {
    expect(run([9, 9, 1], { filters: 1, kernelSize: 3, dilation: 2 }).r).toMatchObject({ shape: [5, 5, 1] });
    expect(conv2d.receptiveField!(conv2d.schema.parse({ kernelSize: 3, dilation: 2 }))).toEqual({ kernel: 5, stride: 1 });
  });

  it('dilation with a stride is refused (tfjs convolves dilated kernels only at stride 1)', () => {
    const { r } = run([9, 9, 1], { filters: 1, kernelSize: 3, dilation: 2, strides: 2 });
    expect(!r.ok && formatIssueMessage(r.problem.code, { name: 'conv1', ...r.problem.args })).toBe(
      'conv1: parameter dilation is invalid (tfjs supports dilation 2 only with stride 1, not 2; set one of them to 1) — fix it in the inspector.',
    );
  });

  it('a filter larger than the input is an error that shows the arithmetic', () => {
    const { r } = run([5, 5, 1], { filters: 1, kernelSize: 7 });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problem.code).toBe('non-positive-size');
    expect(formatIssueMessage(r.problem.code, { name: 'conv3', ...r.problem.args })).toBe(
      'conv3: output width (5 − 7 + 2·0)/1 + 1 = −1 is not positive — use F ≤ 5 or add padding.',
    );
  });

  it('warns when (W − F + 2P) is not divisible by S', () => {
    const { r } = run([6, 6, 1], { filters: 1, kernelSize: 3, strides: 2 });
    expect(r.ok && r.shape).toEqual([2, 2, 1]);
    expect(r.ok && r.warnings?.map((w) => [w.code, w.args.axis, w.args.dropped])).toEqual([
      ['stride-drops-border', 'width', 1],
      ['stride-drops-border', 'height', 1],
    ]);
    // A non-square input warns only about the ragged axis.
    const tall = run([7, 6, 1], { filters: 1, kernelSize: 3, strides: 2 }).r;
    expect(tall.ok && tall.warnings?.map((w) => w.args.axis)).toEqual(['width']);
  });

  it('needs a 3-D input', () => {
    const { r } = run([100], { filters: 1 });
    expect(!r.ok && r.problem.code).toBe('rank-mismatch');
  });

  it('the tooltip formula is filled with the node numbers', () => {
    const p = conv2d.schema.parse({ filters: 6, kernelSize: 5 });
    expect(conv2d.formula!(p, [[32, 32, 3]], [28, 28, 6]).join('\n')).toContain('(5·5·3)·6 + 6 = 456');
  });

  it('bias off removes K parameters', () => {
    expect(run([32, 32, 3], { filters: 6, kernelSize: 5, useBias: false }).count!.trainable).toBe(450);
  });
});
