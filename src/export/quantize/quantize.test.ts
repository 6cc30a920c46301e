// The quantisers' arithmetic against hand-computed values (IEEE half rounding, the tfjs converter's nudged
// uint8 range, onnxruntime's compute_scale_zp and per-channel weights), then the ONNX passes on every layer
// kind: int8 QDQ and float16 models of the templates and the hand-made nets, run in onnxruntime-node against
// the float32 export on the same images.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { fromFloat16Bits, toFloat16Bits } from './float16';
import { quantizeUint8Affine } from './tfjs';
import { activationParams, quantizeWeightsPerChannel } from './onnxQdq';
import { exportModel } from '../exportModel';
import { onnx } from '../onnx/onnxProto';
import { randomizedModel, templateDoc } from '../testing/trainedModel';
import { mixedNet, vectorNet } from '../testing/nets';
import { exportWeights } from '../../train/applyWeights';
import type { Graph } from '../../graph/schema';
import type { ProjectDoc } from '../../project/schema';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

describe('float16', () => {
  // [value, half bits]
  const cases: [number, number][] = [
    [1, 0x3c00],
    [-2, 0xc000],
    [0.1, 0x2e66],
    [65504, 0x7bff],
    [65520, 0x7c00], // rounds up past the largest half: Inf
    [2 ** -24, 0x0001], // smallest subnormal
    [2 ** -26, 0x0000], // below half of it: 0
    [1 + 2 ** -11, 0x3c00], // a tie rounds to even
    [1 + 3 * 2 ** -11, 0x3c02],
    [-0, 0x8000],
    [Infinity, 0x7c00],
  ];
  for (const [v, bits] of cases) it(`${v} → 0x${bits.toString(16)}`, () => expect(toFloat16Bits(v)).toBe(bits));
  it('NaN stays NaN; every half value comes back exactly', () => {
    expect(Number.isNaN(fromFloat16Bits(toFloat16Bits(NaN)))).toBe(true);
    for (let h = 0; h < 0x7c00; h += 7) expect(toFloat16Bits(fromFloat16Bits(h))).toBe(h);
  });
});

describe('tfjs uint8 (affine per tensor, nudged so 0 is exact)', () => {
  const cases: [string, number[]][] = [
    ['spanning 0', [-1, -0.3, 0, 0.7, 2]],
    ['all positive', [0.5, 1, 3]],
    ['constant', [0.25, 0.25]],
  ];
  for (const [what, values] of cases)
    it(what, () => {
      const data = Float32Array.from(values);
      const { q, min, scale } = quantizeUint8Affine(data);
      const back = Array.from(q, (v) => v * scale + min);
      back.forEach((b, i) => expect(Math.abs(b - data[i])).toBeLessThanOrEqual(scale / 2 + 1e-7));
      if (values.includes(0)) expect(back[values.indexOf(0)]).toBeCloseTo(0, 12);
    });
});

describe('onnxruntime quantisation parameters', () => {
  // [range, scale, zero point] — compute_scale_zp(rmin ∧ 0, rmax ∨ 0, 0, 255)
  const cases: [[number, number], number, number][] = [
    [[0, 6], 6 / 255, 0],
    [[-1, 1], 2 / 255, 128],
    [[2, 5], 5 / 255, 0],
    [[-4, -1], 4 / 255, 255],
    [[0, 0], 1, 0],
  ];
  for (const [range, scale, zp] of cases)
    it(`activations in [${range}] → scale ${scale.toPrecision(4)}, zero point ${zp}`, () => {
      const p = activationParams(range);
      expect(p.scale).toBeCloseTo(scale, 12);
      expect(p.zeroPoint).toBe(zp);
    });

  it('weights: int8 symmetric per output channel, ±127', () => {
    // Conv [O=2, I=1, 1, 2] along axis 0; Gemm B [N=2, M=3] along axis 1.
    const conv = quantizeWeightsPerChannel(Float32Array.from([0.5, -1, 0.005, 0.02]), [2, 1, 1, 2], 0);
    expect(Array.from(conv.scales)).toEqual([1 / 127, 0.02 / 127].map(Math.fround));
    expect(Array.from(conv.q)).toEqual([64, -127, 32, 127]); // round(0.5·127) = 64, round(0.005/0.02·127) = 32
    const gemm = quantizeWeightsPerChannel(Float32Array.from([1, 2, 0, -1, 4, 0]), [2, 3], 1);
    expect(Array.from(gemm.scales)).toEqual([1 / 127, 4 / 127, 1].map(Math.fround)); // an all-zero column keeps scale 1
    expect(Array.from(gemm.q)).toEqual([127, 64, 0, -127, 127, 0]);
  });
});

describe('ONNX int8 and float16 run in onnxruntime close to float32', () => {
  const session = async (bytes: Uint8Array, x: Float32Array, shape: number[]) => {
    const s = await ort.InferenceSession.create(bytes);
    const y = (await s.run({ input: new ort.Tensor('float32', x, [shape[0], shape[3], shape[1], shape[2]]) })).probabilities.data as Float32Array;
    await s.release();
    return y;
  };
  /** Seeded images in [0, 1), NHWC, and the same transposed to NCHW. */
  const images = (n: number, [h, w, c]: number[]) => {
    const nhwc = tf.randomUniform([n, h, w, c], 0, 1, 'float32', 9);
    const out = { nhwc: nhwc.dataSync() as Float32Array, nchw: tf.transpose(nhwc, [0, 3, 1, 2]).dataSync() as Float32Array };
    nhwc.dispose();
    return out;
  };
  // [label, graph, the largest max |Δp| allowed for int8, float16's largest size ratio (the small nets' files are mostly graph, not weights)]
  const cases: [string, () => Promise<Graph>, number, number][] = [
    ['lenet5', async () => (await templateDoc('lenet5')).graph, 0.1, 0.52],
    ['resnet20 (BN folded into the convolutions)', async () => (await templateDoc('resnet20')).graph, 0.15, 0.53],
    ['mixed: LRN, depthwise, concat, paddings, pools', async () => mixedNet(), 0.15, 0.8],
    ['vectors: BN, Add, Concatenate on flattened maps', async () => vectorNet(), 0.15, 0.8],
  ];
  for (const [label, graph, tolerance, halfRatio] of cases)
    it(label, { timeout: 60_000 }, async () => {
      const doc: ProjectDoc = { ...(await templateDoc('lenet5')), graph: await graph() };
      const model = randomizedModel(doc.graph);
      const saved = await exportWeights(tf, model);
      const weights = { weightSpecs: saved.weightSpecs, weightData: saved.weightData };
      const shape = (model.inputs[0].shape as number[]).slice(1);
      model.dispose();
      const n = 8;
      const x = images(n, shape);
      const calibration = { images: images(64, shape).nhwc, n: 64 };
      const file = async (quantize: 'none' | 'int8' | 'float16') => Object.values(await exportModel(tf, doc, 'onnx', { weights, quantize, calibration }))[0] as Uint8Array;
      const [f32, i8, f16] = [await file('none'), await file('int8'), await file('float16')];
      const p32 = await session(f32, x.nchw, [n, ...shape]);
      const diff = (p: Float32Array) => p.reduce((d, v, i) => Math.max(d, Math.abs(v - p32[i])), 0);
      const d8 = diff(await session(i8, x.nchw, [n, ...shape]));
      const d16 = diff(await session(f16, x.nchw, [n, ...shape]));
      expect(d8).toBeGreaterThan(0);
      expect(d8).toBeLessThanOrEqual(tolerance);
      expect(d16).toBeLessThanOrEqual(5e-3);
      const m8 = onnx.ModelProto.decode(i8) as any;
      const ops = new Set(m8.graph.node.map((nd: any) => nd.opType));
      expect(ops.has('QuantizeLinear') && ops.has('DequantizeLinear')).toBe(true);
      if (label.startsWith('resnet20')) expect(ops.has('BatchNormalization')).toBe(false);
      const m16 = onnx.ModelProto.decode(f16) as any;
      expect(m16.graph.initializer.filter((t: any) => t.dataType === 1)).toEqual([]); // no float32 weights left
      expect(f16.byteLength / f32.byteLength).toBeLessThan(halfRatio);
    });
});
