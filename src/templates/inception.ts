// A small GoogLeNet-style network for 32×32×3 images: a stem, two Inception blocks (3a/3b widths of
// Szegedy et al. 2015, Table 1), global average pooling and dropout before the classifier.
import { chain, type TemplateDoc } from './chain';

export const inceptionNet = (): TemplateDoc => ({
  name: 'Inception (GoogLeNet-style)',
  dataset: { kind: 'cifar10' },
  graph: chain([
    ['Input', { height: 32, width: 32, channels: 3 }, 'input'],
    ['Conv2D', { filters: 64, kernelSize: 3, padding: 'same', activation: 'relu' }, 'stem'],
    ['MaxPooling2D', { poolSize: 2 }, 'pool1'],
    ['InceptionBlock', { c1x1: 64, c3x3reduce: 96, c3x3: 128, c5x5reduce: 16, c5x5: 32, poolProj: 32 }, 'inception3a'],
    ['InceptionBlock', { c1x1: 128, c3x3reduce: 128, c3x3: 192, c5x5reduce: 32, c5x5: 96, poolProj: 64 }, 'inception3b'],
    ['MaxPooling2D', { poolSize: 2 }, 'pool2'],
    ['GlobalAveragePooling2D', {}, 'gap'],
    ['Dropout', { rate: 0.4 }, 'dropout'],
    ['Output', { classes: 10 }, 'output'],
  ]),
});
