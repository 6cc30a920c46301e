// model.py for nets of user blocks (src/export/testing/blockNets.ts): a repeated block is one nn.Module class
// holding its repeats, named so its title, channels, stride and ×N read apart (Unit32_16to32s2x3), and its
// docstring says ×N. Whether model.py predicts what tfjs does is src/export/blockTwins.test.ts's job.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { flattenGraph } from '../flatGraph';
import { weightSetFromModel } from '../weights/weightSet';
import { exportPytorch } from './exportPytorch';
import { randomizedModel } from '../testing/trainedModel';
import { lenetNested, lenetStageRepeated, patternBlocksNet, stagedResnet20 } from '../testing/blockNets';
import { TrainingSettingsSchema } from '../../train/settings';
import type { Graph } from '../../graph/schema';

beforeAll(async () => {
  await tf.setBackend('cpu');
});

/** `class Name(nn.Module)` definitions and how often each is instantiated (`self.a = Name()`). */
function moduleClasses(source: string): Record<string, number> {
  const defined = [...source.matchAll(/^class (\w+)\(nn\.Module\):/gm)].map((m) => m[1]);
  return Object.fromEntries(defined.map((c) => [c, source.split(`= ${c}()`).length - 1]));
}

function modelPy(graph: Graph): string {
  const model = randomizedModel(graph);
  try {
    return exportPytorch(flattenGraph(graph), weightSetFromModel(model), TrainingSettingsSchema.parse({}))['model.py'];
  } finally {
    model.dispose();
  }
}

describe('model.py classes of repeated and nested user blocks', () => {
  it.each([
    {
      name: 'ResNet-20, three stages of a unit ×3: each stage a class holding its three ResidualBlocks',
      graph: stagedResnet20,
      classes: { ResidualBlock16to16: 3, Unit16_16to16x3: 1, ResidualBlock16to32s2: 1, ResidualBlock32to32: 2, Unit32_16to32s2x3: 1, ResidualBlock32to64s2: 1, ResidualBlock64to64: 2, Unit64_32to64s2x3: 1, Net: 0 },
      docstring: 'unit 32 ×3 (Block): 32×32×16 → 16×16×32.',
    },
    {
      // 14×14 → 7×7 → 3×3: the second repeat's pool floors 7/2, still a stride of 2.
      name: 'LeNet-5\'s stage ×2: one class per repeat (their input shapes differ), inside the ×2 class',
      graph: lenetStageRepeated,
      classes: { Stage6to16s2: 1, Stage16to16s2: 1, Stage6to16s4x2: 1, Net: 0 },
      docstring: 'stage ×2 (Block): 14×14×6 → 3×3×16.',
    },
    { name: 'nested: the features block holds the two stage instances', graph: lenetNested, classes: { Stage6to16s2: 1, Stage16to16s2: 1, Features6to16s4: 1, Net: 0 }, docstring: 'features (Block): 14×14×6 → 3×3×16.' },
    { name: 'the pattern builder\'s "Stage K=8" (a title ending in a digit)', graph: patternBlocksNet, classes: { StageK8_1to8s2: 1, StageK8_8to8s2: 1, Net: 0 }, docstring: 'Stage K=8 (Block): 28×28×1 → 14×14×8.' },
  ])('$name', ({ graph, classes, docstring }) => {
    const source = modelPy(graph());
    expect(moduleClasses(source)).toEqual(classes);
    expect(source).toContain(docstring);
  });
});
