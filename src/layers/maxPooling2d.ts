// Max pooling: the largest value in each F×F window (the lecture's default pooling).
import { z } from 'zod';
import type * as tfjs from '@tensorflow/tfjs';
import { defineLayer } from './types';
import { ignoredPad, ignoredPadParams, paddedPoolParamHelp, PaddedPoolParams, poolingRules, poolParams, poolStride, readKerasPool, readOnnxPoolWindow, tfPoolPadding } from './poolingBase';
import { customLayerClass, type CustomLayerSpec, windowOutSize } from './customTfLayer';
import { windowPads } from '../export/layout';
import { onnxPoolAttrs } from '../export/onnx/windowOps';
import { torchPool } from '../export/torch/windowOps';
import { kerasGet, unsupported } from '../import/layerReaders';
import type { Shape } from '../graph/schema';

const LOWEST_FLOAT = -3.4028234663852886e38;

/**
 * tfjs max-pools over explicit zero padding, ONNX MaxPool ignores its pads — and onnxruntime's PadFusion folds
 * a zero Pad into MaxPool pads (seen with onnxruntime 1.30: 4.7e-3 off). So: MaxPool, then Max with a constant
 * mask that is 0 for windows touching a zero border and the lowest float elsewhere; right whether fused or not.
 */
function zeroBorderMask(size: [number, number], F: number, S: number, pads: number[], explicit: boolean, zero: number[], out: [number, number]): Float32Array {
  // Window [start, end] along one axis hits a zero if it reaches explicit padding or the input's zero border.
  const hits = (i: number, before: number, n: number, zBefore: number, zAfter: number) => {
    const start = i * S - before;
    const end = start + F - 1;
    return (explicit && (start < 0 || end > n - 1)) || (zBefore > 0 && start < zBefore && end >= 0) || (zAfter > 0 && end >= n - zAfter && start <= n - 1);
  };
  const [outH, outW] = out;
  const mask = new Float32Array(outH * outW);
  for (let y = 0; y < outH; y++)
    for (let x = 0; x < outW; x++) mask[y * outW + x] = hits(y, pads[0], size[0], zero[0], zero[2]) || hits(x, pads[1], size[1], zero[1], zero[3]) ? 0 : LOWEST_FLOAT;
  return mask;
}

/**
 * Max pooling over explicit padding P that no window picks (PyTorch's MaxPool2d padding, ONNX MaxPool pads): the
 * border is the lowest float. tfjs has no such layer; every window holds an in-image pixel while P < F.
 */
export const maxPoolIgnorePadSpec: CustomLayerSpec = {
  className: 'MaxPooling2DIgnorePad',
  // extraH / extraW: ceil mode's overhang after the bottom / right edge (absent in models saved before it).
  keys: ['poolSize', 'strides', 'pad', 'extraH', 'extraW', 'ceilMode'],
  outputShape: (c, s) => [s[0], windowOutSize(s[1] === null ? null : s[1] + (c.extraH ?? 0), c.poolSize, c.strides, c.pad), windowOutSize(s[2] === null ? null : s[2] + (c.extraW ?? 0), c.poolSize, c.strides, c.pad), s[3]],
  call: (tf, c, x) =>
    tf.maxPool(tf.pad(x, [[0, 0], [c.pad, c.pad + (c.extraH ?? 0)], [c.pad, c.pad + (c.extraW ?? 0)], [0, 0]], LOWEST_FLOAT) as tfjs.Tensor4D, c.poolSize, c.strides, 'valid'),
};

/**
 * PyTorch's / ONNX's ceil_mode: W2 = ⌈(W1 + 2P − F)/S⌉ + 1, less one where the last window would start past the
 * image and its left padding ((W2 − 1)·S ≥ W1 + P); the windows overhanging the bottom / right edge take no
 * value from the overhang. Optional, not defaulted: a defaulted param would change every saved graph's hash.
 */
export const MaxPoolParams = PaddedPoolParams.extend({ ceilMode: z.boolean().optional() });
export type MaxPoolParams = z.infer<typeof MaxPoolParams>;

/** Ceil mode's output size and overhang along one axis of size W (P the padding on each side). */
function ceilAxis(W: number, F: number, S: number, P: number): { size: number; extra: number } {
  let size = Math.ceil((W + 2 * P - F) / S) + 1;
  if ((size - 1) * S >= W + P) size--;
  return { size, extra: Math.max(0, (size - 1) * S + F - (W + 2 * P)) };
}

/** Ceil mode's [extraH, extraW] for an [H, W, C] input ([0, 0] without it). */
function ceilExtras(p: MaxPoolParams, [H, W]: readonly number[]): [number, number] {
  if (!p.ceilMode || p.padding === 'same') return [0, 0];
  const P = typeof p.padding === 'number' ? p.padding : 0;
  return [ceilAxis(H, p.poolSize, poolStride(p), P).extra, ceilAxis(W, p.poolSize, poolStride(p), P).extra];
}

/** ONNX pads [t, l, b, r] as ceil mode's P (0: none) with its overhang after, or undefined when they are not that. */
function ceilFromPads(pads: number[], [H, W]: readonly number[], F: number, S: number): number | undefined {
  const [t, l, b, r] = pads;
  if (pads.length !== 4 || t !== l || t >= F || (b === t && r === l)) return undefined;
  return ceilAxis(H, F, S, t).extra === b - t && ceilAxis(W, F, S, t).extra === r - l ? t : undefined;
}

const rules = poolingRules(MaxPoolParams);

export const maxPooling2d = defineLayer<MaxPoolParams>({
  type: 'MaxPooling2D',
  labels: { en: 'Max pooling', ko: '최대 풀링' },
  explain: {
    summary: {
      en: 'Keeps the largest value of each F×F window: halves width and height at 2×2/2, no parameters.',
      ko: '각 F×F 창에서 가장 큰 값만 남깁니다: 2×2/2 이면 가로·세로가 절반, 매개변수 없음.',
    },
    what: {
      en: 'Downsampling: each depth slice is cut into F×F windows (moved by S) and only the maximum of each window is kept. The depth stays D2 = D1 and nothing is learned. Keeping the strongest response makes the features a little robust to small shifts, and the smaller map cuts the cost of the following layers.',
      ko: '다운샘플링: 깊이 조각마다 F×F 창 (S 씩 이동) 으로 나누어 각 창의 최댓값만 남깁니다. 깊이는 D2 = D1 그대로이고 학습하는 것은 없습니다. 가장 강한 반응을 남기므로 작은 위치 변화에 덜 민감해지고, 맵이 작아져 뒤 층의 계산이 줄어듭니다.',
    },
    when: {
      en: 'The lecture\'s default pooling, after a convolution (+ ReLU): 2×2 with S = 2 in LeNet-5 and VGG; AlexNet overlaps 3×3 windows with S = 2.',
      ko: '강의의 기본 풀링으로, 합성곱 (+ ReLU) 뒤에 둡니다: LeNet-5 와 VGG 는 2×2, S = 2; AlexNet 은 3×3 창을 S = 2 로 겹칩니다.',
    },
    params: {
      ...paddedPoolParamHelp({ en: 'a 0 can be the maximum', ko: '0 이 최댓값이 될 수 있습니다' }),
      ceilMode: {
        en: 'PyTorch\'s ceil_mode: W2 = ⌈(W1 + 2P − F)/S⌉ + 1, so a last window that hangs over the bottom / right edge is kept (it takes the maximum of the pixels it covers) instead of the border being dropped. GoogLeNet pools this way.',
        ko: 'PyTorch 의 ceil_mode: W2 = ⌈(W1 + 2P − F)/S⌉ + 1 이므로, 아래 / 오른쪽 끝을 넘는 마지막 창도 버리지 않고 남깁니다 (덮는 픽셀의 최댓값). GoogLeNet 이 이렇게 풀링합니다.',
      },
    },
  },
  ...rules,
  paramLabels: { ...rules.paramLabels, ceilMode: { en: 'Ceil mode', ko: '올림 모드' } },
  outputShape: (p, inputs) => {
    const r = rules.outputShape(p, inputs);
    if (!r.ok || !p.ceilMode || p.padding === 'same') return r;
    // Ceil mode takes the border a floor would drop, so no "pixels dropped" warning; it needs the padding ignored.
    if (typeof p.padding === 'number' && p.padding > 0 && p.includePad)
      return { ok: false, problem: { code: 'invalid-params', args: { param: 'ceilMode', detail: 'ceil mode needs the padding not counted (as PyTorch\'s MaxPool2d): untick Count the padding' } } };
    const [H, W, C] = inputs[0];
    const P = typeof p.padding === 'number' ? p.padding : 0;
    return { ok: true, shape: [ceilAxis(H, p.poolSize, poolStride(p), P).size, ceilAxis(W, p.poolSize, poolStride(p), P).size, C] as Shape };
  },
  summary: (p, lang) => `${rules.summary!(p, lang)}${p.ceilMode ? ' ceil' : ''}`,
  tfCustomLayerFor: (p) => (ignoredPad(p) || p.ceilMode ? maxPoolIgnorePadSpec : undefined),
  buildTf: ({ tf, name }, p, [x]) => {
    if (ignoredPad(p) || p.ceilMode) {
      const Pool = customLayerClass(tf, maxPoolIgnorePadSpec);
      const [extraH, extraW] = ceilExtras(p, (x.shape as number[]).slice(1));
      return new Pool({ name, poolSize: p.poolSize, strides: poolStride(p), pad: ignoredPad(p), extraH, extraW, ceilMode: !!p.ceilMode }).apply(x) as tfjs.SymbolicTensor;
    }
    let h = x;
    if (typeof p.padding === 'number' && p.padding > 0)
      h = tf.layers.zeroPadding2d({ padding: p.padding, name: `${name}_pad` }).apply(h) as tfjs.SymbolicTensor;
    return tf.layers
      .maxPooling2d({ poolSize: p.poolSize, strides: poolStride(p), padding: tfPoolPadding(p), name })
      .apply(h) as tfjs.SymbolicTensor;
  },
  keras: {
    classNames: ['MaxPooling2D', maxPoolIgnorePadSpec.className],
    read: (c, className) =>
      className === 'MaxPooling2D'
        ? readKerasPool(c, className)
        : ignoredPadParams(kerasGet(c, 'pool_size', 'poolSize'), c.strides, c.pad, kerasGet(c, 'ceil_mode', 'ceilMode') ? { ceilMode: true } : {}),
  },
  onnx: (ctx, p, [x]) => {
    const F = p.poolSize;
    const S = poolStride(p);
    const [extraH, extraW] = ceilExtras(p, ctx.inputShapes[0]);
    // Ceil mode as explicit bottom / right pads (MaxPool never picks a pad), not ceil_mode: onnxruntime sizes
    // ceil_mode without PyTorch's "a last window starts inside" rule (7 + 2·1 rows, F = S = 2: 5 rows, not 4).
    const pads = windowPads(p.padding, ctx.inputShapes[0], F, S).map((v, i) => v + (i === 2 ? extraH : i === 3 ? extraW : 0));
    const [H, W] = ctx.inputShapes[0];
    const [outH, outW] = ctx.outputShape;
    // Explicit P counted as zeros; an ignored P is ONNX MaxPool's own pads.
    const explicit = typeof p.padding === 'number' && p.padding > 0 && p.includePad;
    const zp = x.zeroPadded;
    // After a ZeroPadding2D, pool the tensor before the Pad with both paddings (onnxruntime's PadFusion would
    // otherwise fold that Pad into these pads and lose its zeros); the mask restores the zeros either way.
    const merged = zp && (p.padding === 'valid' || p.padding === 0) ? zp.pads : undefined;
    const useMerged = merged && !p.ceilMode && merged.every((v) => v < F);
    const y = useMerged ? ctx.node('MaxPool', [zp!.from], onnxPoolAttrs(F, S, merged)) : ctx.node('MaxPool', [x.name], onnxPoolAttrs(F, S, pads));
    if (!explicit && !zp) return { name: y };
    const mask = useMerged
      ? zeroBorderMask([H - merged[0] - merged[2], W - merged[1] - merged[3]], F, S, merged, true, [0, 0, 0, 0], [outH, outW])
      : zeroBorderMask([H, W], F, S, pads, explicit, zp?.pads ?? [0, 0, 0, 0], [outH, outW]);
    return { name: ctx.node('Max', [y, ctx.constant('zero_border', { shape: [1, 1, outH, outW], data: mask })], {}, 'with_zeros') };
  },
  onnxImport: {
    ops: ['MaxPool'],
    read: (n) => {
      const w = readOnnxPoolWindow(n, { ceilMode: !n.zeroBorder });
      if ('unsupported' in w) return w;
      // ceil_mode that adds a partial window (GoogLeNet's pools): symmetric pads only, never picked.
      if (w.ceil) {
        const pads: number[] = n.attrs.pads ?? [0, 0, 0, 0];
        if (!pads.every((e) => e === pads[0]) || pads[0] >= w.F) return unsupported(`MaxPool(ceil_mode=1, pads ${JSON.stringify(n.attrs.pads)})`);
        return ignoredPadParams(w.F, w.S, pads[0], { ceilMode: true });
      }
      let padding = w.padding;
      if (n.zeroBorder) {
        // CNN Studio's zero-border mask follows: the pads were zeros, i.e. explicit padding P.
        const p: number[] = n.attrs.pads ?? [0, 0, 0, 0];
        padding = p.every((e) => e === p[0]) ? p[0] || 'valid' : undefined;
        return padding === undefined ? unsupported(`MaxPool(pads ${JSON.stringify(n.attrs.pads)})`) : poolParams(w.F, w.S, padding);
      }
      // CNN Studio's own ceil mode: P before, P + the overhang after.
      if (padding === undefined) {
        const ceil = ceilFromPads(n.attrs.pads ?? [], n.inputs[0]!.shape, w.F, w.S);
        if (ceil !== undefined) return ignoredPadParams(w.F, w.S, ceil, { ceilMode: true });
      }
      // ONNX MaxPool pads are never picked: TF's 'same' pads are 'same', symmetric ones an ignored padding P.
      if (padding === undefined || (typeof padding === 'number' && padding >= w.F)) return unsupported(`MaxPool(pads ${JSON.stringify(n.attrs.pads)})`);
      const r = poolParams(w.F, w.S, padding);
      return typeof padding === 'number' ? { params: { ...r.params, includePad: false } } : r;
    },
  },
  // 'same' max pooling and an ignored P never pick the border: pad with −∞.
  torch: (ctx, p, [x]) => {
    if (p.ceilMode && p.padding !== 'same') {
      // The overhang as −∞ padding, then a floor-mode pool: exactly this layer's windows.
      const [extraH, extraW] = ceilExtras(p, ctx.inputShapes[0]);
      const P = ignoredPad(p);
      const h = ctx.assign(`F.pad(${x.expr}, (${P}, ${P + extraW}, ${P}, ${P + extraH}), value=float('-inf'))`);
      return { expr: ctx.assign(`${ctx.module(`nn.MaxPool2d(${p.poolSize}, stride=${poolStride(p)})`)}(${h})`) };
    }
    return { expr: torchPool(ctx, `nn.MaxPool2d(${p.poolSize}, stride=${poolStride(p)})`, x.expr, p.poolSize, poolStride(p), p.padding, p.padding === 'same' || ignoredPad(p) ? "float('-inf')" : undefined) };
  },
});
