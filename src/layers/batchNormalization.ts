// Batch normalisation over the channel axis (Ioffe & Szegedy 2015): γ, β trainable; moving mean/variance not.
import { z } from 'zod';
import type * as tfjs from '@tensorflow/tfjs';
import { defineLayer } from './types';
import { permuteVector, chwToHwcIndex } from '../export/layout';
import { unsupported } from '../import/layerReaders';
import { py } from '../export/torch/emitContext';
import { batchNormTrain } from '../kernels/bn/batchNormTrain';
import { grouped, timesLine } from './explainMath';

export const BatchNormalizationParams = z.object({
  momentum: z.number().min(0).max(1).default(0.99),
  epsilon: z.number().positive().max(1).default(1e-3),
});
export type BatchNormalizationParams = z.infer<typeof BatchNormalizationParams>;

export const batchNormalization = defineLayer<BatchNormalizationParams>({
  type: 'BatchNormalization',
  category: 'normalization',
  labels: { en: 'Batch normalization', ko: '배치 정규화' },
  paramLabels: { momentum: { en: 'Momentum', ko: '모멘텀' }, epsilon: { en: 'Epsilon', ko: '엡실론' } },
  explain: {
    summary: { en: 'Normalizes each channel to mean 0, variance 1 over the batch, then scales by γ and shifts by β.', ko: '각 채널을 배치에 대해 평균 0, 분산 1 로 정규화한 뒤 γ 배 하고 β 만큼 옮깁니다.' },
    what: {
      en: 'For each channel, subtracts the batch mean μ and divides by the batch standard deviation √(σ² + ε), then applies a learned scale γ and shift β. It keeps the inputs of the next layer in a steady range, so deeper networks train faster and with higher learning rates. At inference it uses moving averages of μ and σ² (the non-trainable parameters).',
      ko: '채널마다 배치 평균 μ 를 빼고 배치 표준편차 √(σ² + ε) 로 나눈 뒤, 학습되는 배율 γ 와 이동 β 를 적용합니다. 다음 층의 입력을 안정된 범위로 유지해, 깊은 네트워크가 더 빨리, 더 큰 학습률로 학습됩니다. 추론 때는 μ 와 σ² 의 이동 평균 (학습되지 않는 매개변수) 을 씁니다.',
    },
    when: {
      en: 'Between a convolution (without bias) and its ReLU, as in ResNet; it replaced AlexNet\'s LRN.',
      ko: 'ResNet 처럼 합성곱 (편향 없이) 과 ReLU 사이에 둡니다; AlexNet 의 LRN 을 대신하게 되었습니다.',
    },
    params: {
      momentum: { en: 'How slowly the moving mean and variance used at inference follow the batches: new = momentum·old + (1 − momentum)·batch. 0.99 averages over about 100 batches.', ko: '추론에 쓰는 이동 평균과 분산이 배치를 얼마나 천천히 따라가는지: 새 값 = momentum·이전 + (1 − momentum)·배치. 0.99 는 약 100 배치를 평균합니다.' },
      epsilon: { en: 'ε, a small number added to the variance so the division never divides by zero: √(σ² + ε).', ko: 'ε, 0 으로 나누지 않도록 분산에 더하는 작은 수: √(σ² + ε).' },
    },
  },
  schema: BatchNormalizationParams,
  arity: { min: 1, max: 1 },
  outputShape: (_p, [x]) => ({ ok: true, shape: x }),
  paramCount: (_p, [x]) => ({ trainable: 2 * x[x.length - 1], nonTrainable: 2 * x[x.length - 1] }),
  macs: (_p, [x]) => 2 * x.reduce((a, b) => a * b, 1),
  math: (_p, [x]) => {
    const c = x[x.length - 1];
    return { shape: [`${x.join('×')} → ${x.join('×')}`], params: `2·C + 2·C = 2·${c} + 2·${c} = ${grouped(2 * c)} + ${grouped(2 * c)}`, macs: `2·${timesLine(x)}` };
  },
  buildTf: ({ tf, name }, p, [x]) =>
    new (trainingBatchNormClass(tf))({ axis: -1, momentum: p.momentum, epsilon: p.epsilon, name }).apply(x) as tfjs.SymbolicTensor,
  keras: {
    classNames: ['BatchNormalization'],
    read: (c) => {
      const channelsLast = c.axis === undefined || c.axis === -1 || c.axis === 3 || (Array.isArray(c.axis) && c.axis.length === 1 && (c.axis[0] === -1 || c.axis[0] === 3));
      return channelsLast ? { params: { momentum: c.momentum, epsilon: c.epsilon } } : unsupported(`BatchNormalization(axis=${c.axis})`);
    },
  },
  // y = γ·(x − μ)/√(σ² + ε) + β per channel (axis 1 in NCHW); on a C·H·W-ordered vector the parameters are permuted.
  onnx: (ctx, p, [x]) => {
    const perm = x.chwOf && chwToHwcIndex(x.chwOf);
    const ps = ctx.weights(4).map((w, i) => ctx.constant(['scale', 'B', 'mean', 'var'][i], { shape: w.shape, data: perm ? permuteVector(w.data, perm) : w.data }));
    return { ...x, name: ctx.node('BatchNormalization', [x.name, ...ps], { epsilon: { f: p.epsilon }, momentum: { f: p.momentum } }) };
  },
  onnxImport: {
    ops: ['BatchNormalization'],
    read: (n) => {
      const ps = [1, 2, 3, 4].map((i) => n.constant(i));
      if (ps.some((p) => !p)) return unsupported('BatchNormalization(non-constant parameters)');
      const chwOf = n.inputs[0]!.chwOf;
      const perm = chwOf && chwToHwcIndex(chwOf);
      // On a C·H·W-ordered vector the per-feature parameters come back to H·W·C order.
      const back = (d: Float32Array) => {
        if (!perm) return d;
        const o = new Float32Array(d.length);
        perm.forEach((src, j) => (o[src] = d[j]));
        return o;
      };
      const names = ['gamma', 'beta', 'moving_mean', 'moving_variance'];
      // ONNX momentum weights the running statistics, as Keras' does; absent, the layer's default stays.
      const momentum = n.attrs.momentum !== undefined ? { momentum: n.attrs.momentum } : {};
      return { params: { epsilon: n.attrs.epsilon ?? 1e-5, ...momentum }, chwOf, weights: ps.map((p, i) => ({ name: names[i], shape: p!.dims, data: back(p!.data as Float32Array) })) };
    },
  },
  torch: (ctx, p, [x]) => {
    const perm = x.chwOf && chwToHwcIndex(x.chwOf);
    const [g, b, m, v] = ctx.weights(4).map((w) => ({ shape: w.shape, data: perm ? permuteVector(w.data, perm) : w.data }));
    const kind = ctx.inputShapes[0].length === 3 ? 'BatchNorm2d' : 'BatchNorm1d';
    // Keras' momentum weights the old statistics, PyTorch's the new batch: m_torch = 1 − m_keras.
    const bn = ctx.module(`nn.${kind}(${g.shape[0]}, eps=${py(p.epsilon)}, momentum=${py(Math.round((1 - p.momentum) * 1e6) / 1e6)})`, {
      weight: g,
      bias: b,
      running_mean: m,
      running_var: v,
      num_batches_tracked: { shape: [], data: new BigInt64Array(1) },
    });
    return { ...x, expr: ctx.assign(`${bn}(${x.expr})`) };
  },
});

/** The parts of tfjs-layers' BatchNormalization (private in its typings) the training step reads and writes. */
interface BatchNormInternals {
  axis: number;
  momentum: number;
  epsilon: number;
  gamma?: { read(): tfjs.Tensor };
  beta?: { read(): tfjs.Tensor };
  movingMean: { read(): tfjs.Tensor; write(t: tfjs.Tensor): void };
  movingVariance: { read(): tfjs.Tensor; write(t: tfjs.Tensor): void };
}
type BatchNormClass = new (args: Parameters<typeof tfjs.layers.batchNormalization>[0]) => tfjs.layers.Layer;
const trainingClasses = new WeakMap<object, BatchNormClass>();

/**
 * tfjs-layers' BatchNormalization with a fast training step: in training mode the normalisation is one op
 * (src/kernels/bn/batchNormTrain.ts: one fused kernel each way on cpu/wasm) instead of tf.moments + batchNorm
 * under autodiff (~40 kernel calls per layer and step). Inference, weights and serialisation are the base
 * class's: the static className is inherited ('BatchNormalization'), so saved models and every exporter see the
 * stock layer, and tf.loadLayersModel gives the stock class back.
 */
function trainingBatchNormClass(tf: typeof tfjs): BatchNormClass {
  const found = trainingClasses.get(tf);
  if (found) return found;
  // The stock class as tfjs-layers registered it for deserialisation (making an instance would use up a layer name).
  const Base = tf.serialization.SerializationMap.getMap().classNameMap.BatchNormalization?.[0] as unknown as BatchNormClass | undefined;
  if (!Base || !(Base.prototype instanceof tf.layers.Layer))
    throw new Error('BatchNormalization: tfjs-layers did not register its BatchNormalization class (is @tensorflow/tfjs-layers loaded?)');
  class TrainingBatchNormalization extends Base {
    override call(inputs: tfjs.Tensor | tfjs.Tensor[], kwargs: Record<string, unknown>): tfjs.Tensor | tfjs.Tensor[] {
      // Frozen (trainable = false, src/train/fineTune.ts): inference mode, moving statistics left alone, as Keras ≥ 2.1.3 does.
      if (!this.trainable && kwargs?.training) return super.call(inputs, { ...kwargs, training: false });
      const self = this as unknown as BatchNormInternals;
      const x = Array.isArray(inputs) ? inputs[0] : inputs;
      const lastAxis = self.axis === -1 || self.axis === x.rank - 1;
      if (!kwargs?.training || !lastAxis || x.rank < 2 || !self.gamma || !self.beta) return super.call(inputs, kwargs);
      return tf.tidy(() => {
        const { y, mean, variance } = batchNormTrain(tf, x, self.gamma!.read(), self.beta!.read(), self.epsilon);
        try {
          // The base class's moving averages, op for op: v ← v − (v − batch)·(1 − momentum).
          for (const [variable, value] of [[self.movingMean, mean], [self.movingVariance, variance]] as const) {
            tf.tidy(() => {
              const orig = variable.read();
              variable.write(tf.sub(orig, tf.mul(tf.sub(orig, value), 1 - self.momentum)));
            });
          }
        } finally {
          tf.dispose([mean, variance]);
        }
        return y;
      });
    }
  }
  trainingClasses.set(tf, TrainingBatchNormalization);
  return TrainingBatchNormalization;
}
