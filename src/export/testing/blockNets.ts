// Test support: nets built from user blocks (src/graph/userBlocks.ts) and their flat twins, the same layers in
// the same order with no 'Block' node left. The twin tests (src/export/blockTwins.test.ts) give both the same
// weights and check that every exporter predicts the same for them; src/graph/repeatBlocks.test.ts uses the
// staged ResNet-20 too.
import type { BlockDefinition, Graph } from '../../graph/schema';
import { chain, relu, type Step } from '../../templates/chain';
import { lenet5 } from '../../templates/lenet5';
import { patternGraph, type PatternSpecInput } from '../../templates/pattern';
import { patternBlocksGraph } from '../../templates/patternBlocks';
import { USER_BLOCK_TYPE } from '../../layers/userBlock';
import { makeBlock, repeatSelection, setBlockNodeParams, unpackBlock } from '../../graph/userBlocks';

/** A ResNet unit: one basic ResidualBlock (two 3×3 convs + BN, identity or 1×1 projection shortcut). */
export const resnetUnit = (filters: number): BlockDefinition => ({
  id: `unit${filters}`,
  name: `unit ${filters}`,
  graph: { nodes: [{ id: 'res', type: 'ResidualBlock', params: { filters, strides: 1, kind: 'basic' } }], edges: [] },
  inputs: ['res'],
  output: 'res',
});

/** ResNet-20 (He et al. 2016 §4.2) with each stage one instance of its unit ×3; stages 2 and 3 stride 2 on repeat 0. */
export function stagedResnet20(): Graph {
  const stage = (filters: number, first: number): Step => [
    'Block',
    { block: `unit${filters}`, repeat: 3, ...(first > 1 ? { overrides: [{ repeat: 0, node: 'res', params: { strides: first } }] } : {}) },
    `stage${filters}`,
  ];
  return {
    ...chain([
      ['Input', { height: 32, width: 32, channels: 3 }, 'input'],
      ['Conv2D', { filters: 16, kernelSize: 3, padding: 'same', useBias: false }, 'conv1'],
      ['BatchNormalization', { momentum: 0.9, epsilon: 1e-5 }, 'bn1'],
      relu,
      stage(16, 1),
      stage(32, 2),
      stage(64, 2),
      ['GlobalAveragePooling2D', {}, 'gap'],
      ['Output', { classes: 10 }, 'output'],
    ]),
    blocks: [resnetUnit(16), resnetUnit(32), resnetUnit(64)],
  };
}

const made = (r: ReturnType<typeof makeBlock>) => {
  if (!r.ok) throw new Error(`makeBlock refused: ${r.reason}`);
  return r;
};

/** LeNet-5's second stage C3 → ReLU → S4 (src/templates/lenet5.ts). */
const LENET_STAGE = ['C3', 'activation2', 'S4'];

/**
 * LeNet-5 with C3 → ReLU → S4 made a block "stage" and used twice in a row. C3 pads 'same' so the second
 * instance fits: 14×14×6 → 7×7×16, then 7×7×16 → 3×3×16 (⌊7/2⌋), and F5 sees 144 values.
 */
export function lenetStageTwice(): Graph {
  const r = made(makeBlock(lenet5().graph, LENET_STAGE, 'stage'));
  const g = setBlockNodeParams(r.graph, r.blockId, 'C3', { padding: 'same' });
  const second = { id: 'block_2', type: USER_BLOCK_TYPE, name: 'stage_2', params: { block: r.blockId } };
  const out = g.edges.find((e) => e.source === r.instanceId)!;
  const at = g.nodes.findIndex((n) => n.id === r.instanceId) + 1;
  return {
    ...g,
    nodes: [...g.nodes.slice(0, at), second, ...g.nodes.slice(at)],
    edges: [...g.edges.filter((e) => e !== out), { id: 'e_block_1_block_2', source: r.instanceId, target: second.id }, { ...out, id: 'e_block_2_out', source: second.id }],
  };
}

/** The same stage as one instance with Repeat ×2 (Repeat ×N of the selection, then 'same' padding in the definition). */
export function lenetStageRepeated(): Graph {
  const r = made(repeatSelection(lenet5().graph, LENET_STAGE, 'stage', 2));
  return setBlockNodeParams(r.graph, r.blockId, 'C3', { padding: 'same' });
}

/** Blocks in a block: the two stage instances of lenetStageTwice made one block "features". */
export function lenetNested(): Graph {
  return made(makeBlock(lenetStageTwice(), ['block_1', 'block_2'], 'features')).graph;
}

/** The pattern builder's spec for the twin tests: one definition (doubling off) used twice, L2 pooling (a custom tfjs layer). */
export const PATTERN_SPEC: PatternSpecInput = { k: 2, m: 2, n: 1, filters: [8], doubleFilters: false, pooling: 'l2', fcSizes: [32] };

export const patternBlocksNet = (): Graph => patternBlocksGraph(PATTERN_SPEC);
export const patternFlatNet = (): Graph => patternGraph(PATTERN_SPEC);

/** The graph with every 'Block' node unpacked, outermost first, until none is left: the block net's flat twin. */
export function fullyUnpacked(graph: Graph): Graph {
  let g = graph;
  for (let guard = 0; guard < 1000; guard++) {
    const block = g.nodes.find((n) => n.type === USER_BLOCK_TYPE);
    if (!block) return g;
    const r = unpackBlock(g, block.id);
    if (!r) throw new Error(`cannot unpack ${block.id}`);
    g = r.graph;
  }
  throw new Error('unpacking did not end');
}
