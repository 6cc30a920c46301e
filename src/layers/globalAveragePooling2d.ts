// Global average pooling: H×W×C → C, the mean of each channel (Lin et al., Network in Network 2013).
import { z } from 'zod';
import type * as tfjs from '@tensorflow/tfjs';
import { defineLayer } from './types';
import { expectImage } from './spatial';
import { kerasWithoutConfig, unsupported, type OnnxNodeIn, type ReadResult } from '../import/layerReaders';
import { timesLine } from './explainMath';

export const GlobalPoolParams = z.object({});

/**
 * ReduceMean over H and W of an N×C×H×W map (PyTorch's x.mean((2, 3))) is global average pooling: axes are an
 * attribute before opset 18 and input 1 from it on. keepdims 1 leaves N×C×1×1, which the Flatten or Reshape after it
 * makes the vector, as after GlobalAveragePool.
 */
function readReduceMean(n: OnnxNodeIn): ReadResult {
  if (n.inputs[1]) return unsupported('ReduceMean(axes computed in the graph, not constant)');
  const axes = (n.attrs.axes ?? n.constant(1)?.data) as ArrayLike<number> | undefined;
  const set = new Set(Array.from(axes ?? [], (a) => (Number(a) < 0 ? Number(a) + 4 : Number(a))));
  if (n.inputs[0]?.shape.length !== 3 || set.size !== 2 || !set.has(2) || !set.has(3))
    return unsupported(`ReduceMean(axes ${axes ? `[${Array.from(axes).join(', ')}]` : 'all'}; only the mean over H and W, axes [2, 3] of a map, has a layer)`);
  return { params: {} };
}

export const globalAveragePooling2d = defineLayer({
  type: 'GlobalAveragePooling2D',
  category: 'pooling',
  labels: { en: 'Global average pooling', ko: '전역 평균 풀링' },
  explain: {
    summary: { en: 'Averages each channel over the whole map: H×W×C → C, no parameters.', ko: '각 채널을 맵 전체에 걸쳐 평균 냅니다: H×W×C → C, 매개변수 없음.' },
    what: { en: 'Averages all H×W values of each channel, turning an H×W×C map into a vector of C numbers. Nothing is learned.', ko: '각 채널의 H×W 값 전체의 평균을 내어 H×W×C 를 길이 C 의 벡터로 만듭니다. 학습하는 것은 없습니다.' },
    when: { en: 'Instead of Flatten before the classifier (Network in Network, GoogLeNet, ResNet): it has no weights, works for any input size and removes the large first FC layer.', ko: '분류기 앞에서 Flatten 대신 씁니다 (Network in Network, GoogLeNet, ResNet): 가중치가 없고, 어떤 입력 크기에도 동작하며, 큰 첫 FC 층을 없앱니다.' },
    params: {},
  },
  math: (_p, [x]) => ({ shape: [`${x.join('×')} → ${x[2]}`], params: '0', macs: `H·W·C = ${timesLine(x)}` }),
  schema: GlobalPoolParams,
  arity: { min: 1, max: 1 },
  outputShape: (_p, inputs) => {
    const img = expectImage(inputs);
    return img.shape ? { ok: true, shape: [img.shape[2]] } : { ok: false, problem: img.problem! };
  },
  paramCount: () => ({ trainable: 0, nonTrainable: 0 }),
  macs: (_p, [x]) => x[0] * x[1] * x[2],
  buildTf: ({ tf, name }, _p, [x]) => tf.layers.globalAveragePooling2d({ name }).apply(x) as tfjs.SymbolicTensor,
  // GlobalAveragePool keeps N×C×1×1; Flatten makes it the N×C vector tfjs gives (channel order, no permutation).
  onnx: (ctx, _p, [x]) => ({ name: ctx.node('Flatten', [ctx.node('GlobalAveragePool', [x.name], {}, 'gap')], { axis: { i: 1 } }) }),
  keras: kerasWithoutConfig('GlobalAveragePooling2D'),
  // ONNX's N×C×1×1 result becomes the vector here; the Flatten after it then reads as nothing.
  onnxImport: { ops: ['GlobalAveragePool', 'ReduceMean'], read: (n) => (n.op === 'ReduceMean' ? readReduceMean(n) : { params: {} }) },
  torch: (ctx, _p, [x]) => ({ expr: ctx.assign(`${x.expr}.mean(dim=(2, 3))`) }),
});
