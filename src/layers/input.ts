// The network's input: one image of H×W×C (batch axis implied).
import { z } from 'zod';
import { defineLayer } from './types';
import { kerasGet } from '../import/layerReaders';
import { grouped, product } from './explainMath';

export const InputParams = z.object({
  height: z.number().int().min(1).max(8192).default(28),
  width: z.number().int().min(1).max(8192).default(28),
  channels: z.number().int().min(1).max(4096).default(1),
});

export const input = defineLayer({
  type: 'Input',
  category: 'io',
  labels: { en: 'Input', ko: '입력' },
  explain: {
    summary: { en: 'The image fed to the network: H×W×C numbers (C = 1 grey, 3 colour).', ko: '네트워크에 들어가는 이미지: H×W×C 개의 수 (C = 1 흑백, 3 컬러).' },
    what: {
      en: 'Where the data enters: one image of height H, width W and C channels (the batch axis is implied). Every later shape, parameter count and receptive field is computed from this size.',
      ko: '데이터가 들어오는 곳: 높이 H, 너비 W, 채널 C 인 이미지 한 장 (배치 축은 생략). 뒤의 모든 모양, 매개변수 수, 수용 영역이 이 크기에서 계산됩니다.',
    },
    when: {
      en: 'Exactly one per network. Match it to the dataset: 28×28×1 for MNIST digits, 32×32×3 for CIFAR-10 (LeNet-5 takes 32×32×1, AlexNet and VGG 224×224×3).',
      ko: '네트워크마다 정확히 하나. 데이터셋에 맞추세요: MNIST 숫자는 28×28×1, CIFAR-10 은 32×32×3 (LeNet-5 는 32×32×1, AlexNet 과 VGG 는 224×224×3).',
    },
    params: {
      height: { en: 'H, the image height in pixels.', ko: 'H, 이미지의 높이 (픽셀).' },
      width: { en: 'W, the image width in pixels (W1 of the first layer).', ko: 'W, 이미지의 너비 (픽셀, 첫 층의 W1).' },
      channels: { en: 'C, values per pixel: 1 for greyscale, 3 for RGB colour; it is D1 of the first convolution.', ko: 'C, 픽셀당 값의 수: 흑백 1, RGB 컬러 3; 첫 합성곱의 D1 입니다.' },
    },
  },
  paramLabels: {
    height: { en: 'Height', ko: '높이' },
    width: { en: 'Width', ko: '너비' },
    channels: { en: 'Channels', ko: '채널 수' },
  },
  schema: InputParams,
  arity: { min: 0, max: 0 },
  outputShape: (p) => ({ ok: true, shape: [p.height, p.width, p.channels] }),
  paramCount: () => ({ trainable: 0, nonTrainable: 0 }),
  macs: () => 0,
  summary: (p) => `${p.height}×${p.width}×${p.channels}`,
  math: (p) => ({ shape: [`H×W×C = ${p.height}×${p.width}×${p.channels} = ${grouped(product([p.height, p.width, p.channels]))}`] }),
  buildTf: ({ tf, name }, p) => tf.input({ shape: [p.height, p.width, p.channels], name }),
  keras: {
    classNames: ['InputLayer'],
    read: (c) => {
      const s = kerasGet(c, 'batch_input_shape', 'batchInputShape') ?? c.batch_shape;
      if (!Array.isArray(s) || s.length !== 4) return { unsupported: `InputLayer(shape ${JSON.stringify(s)})` };
      return { params: { height: s[1], width: s[2], channels: s[3] } };
    },
  },
});
