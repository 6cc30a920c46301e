// Every template, written out. Each description states the trainable-parameter count that templates.test.ts
// checks against the published (or hand-computed) figure.
import type { TemplateDoc } from './chain';
import { lenet5 } from './lenet5';
import { alexnet } from './alexnet';
import { vgg16 } from './vgg16';
import { resnet18, resnet20 } from './resnet';
import { inceptionNet } from './inception';
import { patternNet } from './patternNet';
import { blank, BLANK_TEMPLATE_ID } from './blank';

export interface Template {
  id: string;
  name: string;
  description: string;
  build(): TemplateDoc;
}

export const templates: Template[] = [
  {
    id: BLANK_TEMPLATE_ID,
    name: 'Blank project',
    description: 'Input 28×28×1 → Flatten → Output (softmax, 10 classes): the smallest network that trains on MNIST, to build on; 7,850 parameters.',
    build: blank,
  },
  {
    id: 'lenet5',
    name: 'LeNet-5',
    description:
      'LeCun 1998, the common Keras variant on 28×28×1 MNIST: C1 6@5×5 with padding 2, ReLU, 2×2 max-pool, C3 16@5×5, ReLU, max-pool, F5 120, F6 84, softmax 10; 61,706 parameters.',
    build: lenet5,
  },
  {
    id: 'pattern',
    name: 'Pattern net',
    description:
      "The lecture's [(Conv→ReLU)·2 → MaxPool]·2 → (FC→ReLU)·1 → Softmax on 28×28×1 MNIST: 3×3 convs of 16 then 32 filters, FC 128; 218,490 parameters.",
    build: () => patternNet(),
  },
  {
    id: 'resnet20',
    name: 'ResNet-20 (CIFAR)',
    description:
      'He 2016 §4.2 on 32×32×3 CIFAR-10: 3×3 conv 16, then stages stage1–stage3 as blocks, each a basic residual block ×3 (16/32/64 filters, BN; stride 2 and a 1×1 projection shortcut on the first repeat of stages 2 and 3), GAP, 10 classes; 272,474 parameters (≈0.27 M).',
    build: resnet20,
  },
  {
    id: 'inception',
    name: 'Inception (GoogLeNet-style)',
    description:
      'GoogLeNet-style on 32×32×3 CIFAR-10: 3×3 conv 64, max-pool, Inception 3a and 3b (Szegedy 2015 Table 1 widths), max-pool, GAP, dropout 0.4, 10 classes; 532,410 parameters.',
    build: inceptionNet,
  },
  {
    id: 'alexnet',
    name: 'AlexNet',
    description:
      'Krizhevsky 2012 as one tower on 227×227×3: five convs (96, 256, 384, 384, 256) with LRN after the first two, three 3×3/2 max-pools, FC 4096, 4096, 1000 classes; 62,378,344 parameters.',
    build: alexnet,
  },
  {
    id: 'vgg16',
    name: 'VGG-16',
    description: 'Simonyan & Zisserman 2015 configuration D on 224×224×3: 13 3×3 convs in 5 stages written as the paper does, blocks conv3-64 ×2, conv3-128 ×2, conv3-256 ×3, conv3-512 ×3, conv3-512 ×3, each followed by a 2×2 max-pool; FC 4096, 4096, 1000 classes; 138,357,544 parameters.',
    build: vgg16,
  },
  {
    id: 'resnet18',
    name: 'ResNet-18',
    description:
      'He 2016 on 224×224×3, as torchvision resnet18: 7×7/2 conv, 3×3/2 max-pool, stages conv2_x–conv5_x as blocks, each a basic residual block ×2 (64–512 filters, BN; stride 2 on the first repeat from conv3_x on), GAP, 1000 classes; 11,689,512 parameters.',
    build: resnet18,
  },
];

export const getTemplate = (id: string) => templates.find((t) => t.id === id);
export { patternNet, BLANK_TEMPLATE_ID };
export type { TemplateDoc };
