// VGG-16 (Simonyan & Zisserman 2015, configuration D): 13 3×3 convolutions in 5 blocks, 3 FC layers.
import { chain, type TemplateDoc, type Step } from './chain';

const block = (filters: number, convs: number): Step[] => [
  ...Array.from({ length: convs }, (): Step => ['Conv2D', { filters, kernelSize: 3, padding: 'same', activation: 'relu' }]),
  ['MaxPooling2D', { poolSize: 2 }],
];

export const vgg16 = (): TemplateDoc => ({
  name: 'VGG-16',
  dataset: { kind: 'folder' },
  graph: chain([
    ['Input', { height: 224, width: 224, channels: 3 }, 'input'],
    ...block(64, 2),
    ...block(128, 2),
    ...block(256, 3),
    ...block(512, 3),
    ...block(512, 3),
    ['Flatten'],
    ['Dense', { units: 4096, activation: 'relu' }],
    ['Dropout', { rate: 0.5 }],
    ['Dense', { units: 4096, activation: 'relu' }],
    ['Dropout', { rate: 0.5 }],
    ['Output', { classes: 1000 }, 'output'],
  ]),
});
