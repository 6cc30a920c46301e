// Every template, written out. Each test in templates.test.ts checks its parameter count against the published figure.
import type { TemplateDoc } from './chain';
import { lenet5 } from './lenet5';
import { alexnet } from './alexnet';
import { vgg16 } from './vgg16';
import { resnet18, resnet20 } from './resnet';
import { inceptionNet } from './inception';
import { patternNet } from './patternNet';

export interface Template {
  id: string;
  name: string;
  description: string;
  build(): TemplateDoc;
}

export const templates: Template[] = [
  { id: 'lenet5', name: 'LeNet-5', description: 'LeCun 1998 on 28×28 MNIST; 61,706 parameters.', build: lenet5 },
  { id: 'pattern', name: 'Pattern net', description: '[(Conv→ReLU)·2 → Pool]·2 → (FC→ReLU)·1 → Softmax on MNIST.', build: () => patternNet() },
  { id: 'resnet20', name: 'ResNet-20 (CIFAR)', description: 'He 2016 §4.2: 3 stages × 3 basic residual blocks, 32×32×3.', build: resnet20 },
  { id: 'inception', name: 'Inception (GoogLeNet-style)', description: 'Two Inception blocks (3a, 3b) on 32×32×3.', build: inceptionNet },
  { id: 'alexnet', name: 'AlexNet', description: 'Krizhevsky 2012 single tower, 227×227×3, LRN; 62,378,344 parameters.', build: alexnet },
  { id: 'vgg16', name: 'VGG-16', description: 'Simonyan 2015 configuration D, 224×224×3; 138,357,544 parameters.', build: vgg16 },
  { id: 'resnet18', name: 'ResNet-18', description: 'He 2016, as torchvision resnet18; 11,689,512 parameters.', build: resnet18 },
];

export const getTemplate = (id: string) => templates.find((t) => t.id === id);
export { patternNet };
export type { TemplateDoc };
