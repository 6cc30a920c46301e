// VGG-16 (Simonyan & Zisserman 2015, configuration D): 13 3×3 convolutions in 5 stages, 3 FC layers. Each
// stage is written as the paper's Table 1 column D writes it, "conv3-64, conv3-64, maxpool": a user block
// whose inside is one 3×3 conv (ReLU) repeated ×2 or ×3 (src/layers/userBlock.ts), then its max-pool. The
// four widths are four definitions; conv3-512 serves stages 4 and 5, as the table repeats it.
import type { BlockDefinition, Graph } from '../graph/schema';
import { chain, type TemplateDoc, type Step } from './chain';

/** The id of the conv inside a conv3-K definition. */
export const VGG_CONV = 'conv';

// [filters, convolutions] of stages 1 … 5.
const STAGES: [number, number][] = [
  [64, 2],
  [128, 2],
  [256, 3],
  [512, 3],
  [512, 3],
];

const convParams = (filters: number) => ({ filters, kernelSize: 3, padding: 'same', activation: 'relu' });

const definitionId = (filters: number) => `conv3_${filters}`;

const definition = (filters: number): BlockDefinition => ({
  id: definitionId(filters),
  name: `conv3-${filters}`,
  graph: { nodes: [{ id: VGG_CONV, type: 'Conv2D', params: convParams(filters) }], edges: [] },
  inputs: [VGG_CONV],
  output: VGG_CONV,
});

const stage = ([filters, convs]: [number, number], i: number, flat: boolean): Step[] => [
  ...(flat
    ? Array.from({ length: convs }, (): Step => ['Conv2D', convParams(filters)])
    : [['Block', { block: definitionId(filters), repeat: convs }, `stage${i + 1}`] satisfies Step]),
  ['MaxPooling2D', { poolSize: 2 }, `pool${i + 1}`],
];

const vgg16Graph = (flat: boolean): Graph => {
  const g = chain([
    ['Input', { height: 224, width: 224, channels: 3 }, 'input'],
    ...STAGES.flatMap((s, i) => stage(s, i, flat)),
    ['Flatten'],
    ['Dense', { units: 4096, activation: 'relu' }],
    ['Dropout', { rate: 0.5 }],
    ['Dense', { units: 4096, activation: 'relu' }],
    ['Dropout', { rate: 0.5 }],
    ['Output', { classes: 1000 }, 'output'],
  ]);
  return flat ? g : { ...g, blocks: [...new Set(STAGES.map(([f]) => f))].map(definition) };
};

export const vgg16 = (): TemplateDoc => ({ name: 'VGG-16', dataset: { kind: 'folder' }, graph: vgg16Graph(false) });

/** VGG-16 with its 13 convolutions at the top level (conv2d1 … conv2d13): the flat twin. */
export const vgg16Flat = (): Graph => vgg16Graph(true);
