// ResNets (He et al. 2016) built from ResidualBlock composites with 1×1 projection shortcuts (option B). Each
// stage is a user block (src/layers/userBlock.ts) whose inside is one basic ResidualBlock, repeated ×N, with
// stride 2 on its first repeat where the stage halves the map (§3.3): the paper's "conv3_x ×2", one node on
// the canvas. The flat twins (every ResidualBlock at the top level) are the same layers; the tests check it.
import type { BlockDefinition, Graph } from '../graph/schema';
import { chain, relu, type TemplateDoc, type Step } from './chain';

/** The id of the one layer inside a stage definition (what a per-repeat override names). */
export const STAGE_UNIT = 'residual';

interface Stage {
  /** Definition and instance id (tfjs-safe: lower-case letters, digits, underscores). */
  id: string;
  filters: number;
  blocks: number;
  firstStride: number;
}

const stageDefinition = ({ id, filters }: Stage): BlockDefinition => ({
  id,
  name: id,
  graph: { nodes: [{ id: STAGE_UNIT, type: 'ResidualBlock', params: { filters, strides: 1, kind: 'basic' } }], edges: [] },
  inputs: [STAGE_UNIT],
  output: STAGE_UNIT,
});

const stageStep = ({ id, blocks, firstStride }: Stage): Step => [
  'Block',
  { block: id, repeat: blocks, ...(firstStride > 1 ? { overrides: [{ repeat: 0, node: STAGE_UNIT, params: { strides: firstStride } }] } : {}) },
  id,
];

const flatStage = ({ filters, blocks, firstStride }: Stage): Step[] =>
  Array.from({ length: blocks }, (_, i): Step => ['ResidualBlock', { filters, strides: i === 0 ? firstStride : 1, kind: 'basic' }]);

/** The net with its stages as repeated blocks, or flat (each ResidualBlock a top-level node: residualblock1 …). */
const resnet = (head: Step[], stages: Stage[], tail: Step[], flat: boolean): Graph =>
  flat
    ? chain([...head, ...stages.flatMap(flatStage), ...tail])
    : { ...chain([...head, ...stages.map(stageStep), ...tail]), blocks: stages.map(stageDefinition) };

// He et al. 2016 Table 1, 18-layer column: conv2_x … conv5_x, two basic blocks each.
const RESNET18_STAGES: Stage[] = [
  { id: 'conv2_x', filters: 64, blocks: 2, firstStride: 1 },
  { id: 'conv3_x', filters: 128, blocks: 2, firstStride: 2 },
  { id: 'conv4_x', filters: 256, blocks: 2, firstStride: 2 },
  { id: 'conv5_x', filters: 512, blocks: 2, firstStride: 2 },
];

// §4.2: three stages of n = 3 basic blocks on 32×32, 16×16 and 8×8 maps with 16, 32 and 64 filters.
const RESNET20_STAGES: Stage[] = [
  { id: 'stage1', filters: 16, blocks: 3, firstStride: 1 },
  { id: 'stage2', filters: 32, blocks: 3, firstStride: 2 },
  { id: 'stage3', filters: 64, blocks: 3, firstStride: 2 },
];

const resnet18Graph = (flat: boolean) =>
  resnet(
    [
      ['Input', { height: 224, width: 224, channels: 3 }, 'input'],
      ['Conv2D', { filters: 64, kernelSize: 7, strides: 2, padding: 'same', useBias: false }, 'conv1'],
      ['BatchNormalization', { momentum: 0.9, epsilon: 1e-5 }, 'bn1'],
      relu,
      ['MaxPooling2D', { poolSize: 3, strides: 2, padding: 'same' }, 'pool1'],
    ],
    RESNET18_STAGES,
    [
      ['GlobalAveragePooling2D', {}, 'gap'],
      ['Output', { classes: 1000 }, 'output'],
    ],
    flat,
  );

const resnet20Graph = (flat: boolean) =>
  resnet(
    [
      ['Input', { height: 32, width: 32, channels: 3 }, 'input'],
      ['Conv2D', { filters: 16, kernelSize: 3, padding: 'same', useBias: false }, 'conv1'],
      ['BatchNormalization', { momentum: 0.9, epsilon: 1e-5 }, 'bn1'],
      relu,
    ],
    RESNET20_STAGES,
    [
      ['GlobalAveragePooling2D', {}, 'gap'],
      ['Output', { classes: 10 }, 'output'],
    ],
    flat,
  );

/** ResNet-18 for ImageNet (224×224×3, 1000 classes), as torchvision's resnet18: stages conv2_x … conv5_x ×2. */
export const resnet18 = (): TemplateDoc => ({ name: 'ResNet-18', dataset: { kind: 'folder' }, graph: resnet18Graph(false) });

/** ResNet-20 for CIFAR-10 (He et al. 2016 §4.2): stages stage1 … stage3, each one basic block ×3 of 16/32/64 filters. */
export const resnet20 = (): TemplateDoc => ({ name: 'ResNet-20 (CIFAR)', dataset: { kind: 'cifar10' }, graph: resnet20Graph(false) });

/** ResNet-18 with its eight ResidualBlocks at the top level (residualblock1 … residualblock8): the flat twin. */
export const resnet18Flat = (): Graph => resnet18Graph(true);

/** ResNet-20 with its nine ResidualBlocks at the top level (residualblock1 … residualblock9): the flat twin. */
export const resnet20Flat = (): Graph => resnet20Graph(true);
