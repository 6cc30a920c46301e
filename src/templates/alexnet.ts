// AlexNet (Krizhevsky et al. 2012), single-tower variant on 227×227×3 with LRN after conv1 and conv2.
import { chain, relu, type TemplateDoc, type Step } from './chain';

const conv = (filters: number, kernelSize: number, strides = 1, padding: 'same' | 'valid' = 'same'): Step => [
  'Conv2D',
  { filters, kernelSize, strides, padding, activation: 'relu' },
];
const lrn: Step = ['LocalResponseNormalization', { size: 5, k: 2, alpha: 1e-4, beta: 0.75 }];
const pool: Step = ['MaxPooling2D', { poolSize: 3, strides: 2 }];

export const alexnet = (): TemplateDoc => ({
  name: 'AlexNet',
  dataset: { kind: 'folder' },
  graph: chain([
    ['Input', { height: 227, width: 227, channels: 3 }, 'input'],
    conv(96, 11, 4, 'valid'),
    lrn,
    pool,
    conv(256, 5),
    lrn,
    pool,
    conv(384, 3),
    conv(384, 3),
    conv(256, 3),
    pool,
    ['Flatten'],
    ['Dense', { units: 4096 }],
    relu,
    ['Dropout', { rate: 0.5 }],
    ['Dense', { units: 4096 }],
    relu,
    ['Dropout', { rate: 0.5 }],
    ['Output', { classes: 1000 }, 'output'],
  ]),
});
