import { describe, expect, it } from 'vitest';
import { windowAxis, window2d, windowLabel } from './spatial';
import { formatIssueMessage } from '../i18n/issues';

describe('windowAxis: W2 = ⌊(W − D·(F − 1) − 1 + 2P)/S⌋ + 1', () => {
  it.each([
    // [W, F, S, P, D, expected W2]
    [5, 3, 2, 0, 1, 2],
    [5, 3, 2, 1, 1, 3],
    [5, 3, 1, 1, 1, 5],
    [32, 5, 1, 0, 1, 28],
    [224, 3, 1, 'same', 1, 224],
    [224, 7, 2, 'same', 1, 112],
    [7, 3, 2, 'same', 1, 4], // ⌈7/2⌉
    [9, 3, 1, 0, 2, 5], // effective kernel 5
    [9, 3, 1, 0, 4, 1], // effective kernel 9
    [1, 1, 1, 0, 1, 1],
  ] as const)('W=%i F=%i S=%i P=%s D=%i → %i', (W, F, S, P, D, out) => {
    expect(windowAxis('width', W, F, S, P, D).size).toBe(out);
  });

  it.each([
    // [W, F, S, P, D, shown formula, value, maxF]
    [5, 7, 1, 0, 1, '(5 − 7 + 2·0)/1 + 1', '−1', 5],
    [5, 9, 2, 1, 1, '(5 − 9 + 2·1)/2 + 1', '0', 7],
    [5, 3, 1, 0, 3, '(5 − 7 + 2·0)/1 + 1', '−1', 2], // dilation 3: 3·(F − 1) + 1 ≤ 5 ⇔ F ≤ 2
  ] as const)('W=%i F=%i S=%i P=%i D=%i does not fit: %s = %s, F ≤ %i', (W, F, S, P, D, formula, value, maxF) => {
    const r = windowAxis('width', W, F, S, P, D);
    expect(r.size).toBeUndefined();
    expect(r.problem).toEqual({ code: 'non-positive-size', args: { axis: 'width', formula, value, maxF } });
    // The suggested bound really is the largest kernel that fits.
    expect(windowAxis('width', W, maxF, S, P, D).size).toBeGreaterThan(0);
    expect(windowAxis('width', W, maxF + 1, S, P, D).problem).toBeDefined();
  });

  it.each([
    // [W, F, S, P, dropped pixels]
    [6, 3, 2, 0, 1],
    [230, 7, 2, 0, 1], // ResNet-50 conv1 after ZeroPadding2D(3): (230 − 7)/2 is not whole
    [10, 3, 4, 0, 3],
  ])('W=%i F=%i S=%i P=%i drops %i border pixel(s) with a warning', (W, F, S, P, dropped) => {
    const r = windowAxis('height', W, F, S, P);
    expect(r.size).toBe(Math.floor((W - F + 2 * P) / S) + 1);
    expect(r.warning).toMatchObject({ code: 'stride-drops-border', severity: 'warning', args: { dropped, S } });
  });

  it('no warning when the stride divides W − F + 2P', () => {
    expect(windowAxis('width', 5, 3, 2, 0).warning).toBeUndefined();
    expect(windowAxis('width', 227, 11, 4, 0).warning).toBeUndefined();
  });

  it('the stride warning reads as arithmetic, in Korean too', () => {
    const [w2] = (window2d([[6, 6, 1]], 3, 2, 'valid') as { warnings: { code: 'stride-drops-border'; args: Record<string, number | string> }[] }).warnings;
    expect(formatIssueMessage(w2.code, { name: 'conv1', ...w2.args }, 'ko')).toBe(
      'conv1: (6 − 3 + 2·0) = 3 이(가) 스트라이드 2 로 나누어떨어지지 않아 너비의 마지막 1 픽셀이 버려집니다 (프레임워크는 내림) — 입력 전체를 쓰려면 P 또는 S 를 바꾸세요.',
    );
    const w = windowAxis('width', 6, 3, 2, 0).warning!;
    expect(formatIssueMessage(w.code, { name: 'conv1', ...w.args })).toBe(
      'conv1: (6 − 3 + 2·0) = 3 is not divisible by stride 2, so the last 1 pixel(s) of the width are dropped (frameworks floor) — change P or S to use the whole input.',
    );
  });
});

describe('window2d', () => {
  it('keeps or replaces the channel count', () => {
    expect(window2d([[28, 28, 6]], 2, 2, 'valid')).toMatchObject({ ok: true, shape: [14, 14, 6] });
    expect(window2d([[28, 28, 6]], 5, 1, 'valid', 1, 16)).toMatchObject({ ok: true, shape: [24, 24, 16] });
  });

  it('reports a non-square input on the axis that fails', () => {
    const r = window2d([[10, 3, 1]], 5, 1, 'valid');
    expect(!r.ok && r.problem.args.axis).toBe('width');
    const r2 = window2d([[3, 10, 1]], 5, 1, 'valid');
    expect(!r2.ok && r2.problem.args.axis).toBe('height');
  });

  it('rejects a vector with a rank problem that explains what to feed', () => {
    const r = window2d([[400]], 2, 2, 'valid');
    expect(!r.ok && formatIssueMessage(r.problem.code, { name: 'pool', ...r.problem.args })).toBe(
      'pool: expects a 3-D (H×W×C) input but got 400 — feed it a feature map, not a flattened vector.',
    );
    expect(!r.ok && formatIssueMessage(r.problem.code, { name: 'pool', ...r.problem.args }, 'ko')).toBe(
      'pool: 3차원 (H×W×C) 입력이 필요하지만 400 이(가) 들어왔습니다 — 평탄화된 벡터가 아니라 특징 맵 (H×W×C) 을 넣으세요.',
    );
  });
});

it.each([
  [1, 'valid', ''],
  [2, 'valid', ' /2'],
  [1, 'same', ' same'],
  [2, 1, ' /2 P1'],
  [1, 0, ''],
] as const)('windowLabel(S=%i, %s) = %j', (S, P, label) => {
  expect(windowLabel(S, P)).toBe(label);
});
