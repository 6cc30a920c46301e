// LeNet-5 (LeCun et al. 1998) for 28×28 MNIST: C1 is padded by 2 so it sees the 32×32 field of the paper.
// Max pooling and ReLU replace the paper's subsampling and scaled tanh (they train faster; counts are equal).
import { chain, relu, type TemplateDoc } from './chain';

export const lenet5 = (): TemplateDoc => ({
  name: 'LeNet-5',
  dataset: { kind: 'mnist' },
  graph: chain([
    ['Input', { height: 28, width: 28, channels: 1 }, 'input'],
    ['Conv2D', { filters: 6, kernelSize: 5, padding: 2 }, 'C1'],
    relu,
    ['MaxPooling2D', { poolSize: 2 }, 'S2'],
    ['Conv2D', { filters: 16, kernelSize: 5 }, 'C3'],
    relu,
    ['MaxPooling2D', { poolSize: 2 }, 'S4'],
    ['Flatten', {}, 'flatten'],
    ['Dense', { units: 120, activation: 'relu' }, 'F5'],
    ['Dense', { units: 84, activation: 'relu' }, 'F6'],
    ['Output', { classes: 10 }, 'output'],
  ]),
});
