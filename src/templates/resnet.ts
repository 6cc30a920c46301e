// ResNets (He et al. 2016) built from ResidualBlock composites with 1×1 projection shortcuts (option B).
import { chain, relu, type TemplateDoc, type Step } from './chain';

const stage = (filters: number, blocks: number, firstStride: number): Step[] =>
  Array.from({ length: blocks }, (_, i): Step => ['ResidualBlock', { filters, strides: i === 0 ? firstStride : 1, kind: 'basic' }]);

/** ResNet-18 for ImageNet (224×224×3, 1000 classes), as torchvision's resnet18. */
export const resnet18 = (): TemplateDoc => ({
  name: 'ResNet-18',
  dataset: { kind: 'folder' },
  graph: chain([
    ['Input', { height: 224, width: 224, channels: 3 }, 'input'],
    ['Conv2D', { filters: 64, kernelSize: 7, strides: 2, padding: 'same', useBias: false }, 'conv1'],
    ['BatchNormalization', { momentum: 0.9, epsilon: 1e-5 }, 'bn1'],
    relu,
    ['MaxPooling2D', { poolSize: 3, strides: 2, padding: 'same' }, 'pool1'],
    ...stage(64, 2, 1),
    ...stage(128, 2, 2),
    ...stage(256, 2, 2),
    ...stage(512, 2, 2),
    ['GlobalAveragePooling2D', {}, 'gap'],
    ['Output', { classes: 1000 }, 'output'],
  ]),
});

/** ResNet-20 for CIFAR-10 (He et al. 2016 §4.2): 3 stages × 3 basic blocks of 16/32/64 filters. */
export const resnet20 = (): TemplateDoc => ({
  name: 'ResNet-20 (CIFAR)',
  dataset: { kind: 'cifar10' },
  graph: chain([
    ['Input', { height: 32, width: 32, channels: 3 }, 'input'],
    ['Conv2D', { filters: 16, kernelSize: 3, padding: 'same', useBias: false }, 'conv1'],
    ['BatchNormalization', { momentum: 0.9, epsilon: 1e-5 }, 'bn1'],
    relu,
    ...stage(16, 3, 1),
    ...stage(32, 3, 2),
    ...stage(64, 3, 2),
    ['GlobalAveragePooling2D', {}, 'gap'],
    ['Output', { classes: 10 }, 'output'],
  ]),
});
