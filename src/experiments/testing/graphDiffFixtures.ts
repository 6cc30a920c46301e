// The graph diff's fixtures table: pairs of real templates, one edit apart (made with the editor's own graph
// operations where it has one), and what the diff must say about them. Counts are worked by hand from
// (F·F·D1)·K + K for a conv and (N_in·N_out) + N_out for a dense layer; ../graphDiff.test.ts reads the table.
import type { Graph, GraphNode } from '../../graph/schema';
import { lenet5 } from '../../templates/lenet5';
import { resnet20, resnet20Flat } from '../../templates/resnet';
import { makeBlock, renameBlock, setBlockNodeParams, setBlockRepeat } from '../../graph/userBlocks';
import { lenetNested } from '../../export/testing/blockNets';

export interface GraphDiffFixture {
  name: string;
  note: string;
  before(): Graph;
  after(): Graph;
  expect: {
    equal: boolean;
    /** Ids of b. */
    added?: string[];
    /** Ids of a. */
    removed?: string[];
    /** Id of a → the param keys that changed ('type', 'name' and 'definition' for those kinds of change). */
    changed?: Record<string, string[]>;
    /** Ids of a whose cost changed without an edit of their own. */
    affected?: string[];
    edgesAdded?: number;
    edgesRemoved?: number;
    moved?: number;
    blocks?: { added?: string[]; removed?: string[]; changed?: string[] };
    /** Trainable parameters, before and after. */
    params: [number, number];
    /** Per node (id of a, or of b for an added one): parameters before → after. */
    nodeParams?: Record<string, [number, number]>;
    /** MACs before and after, where the arithmetic is worked out here. */
    macs?: [number, number];
  };
}

const lenet = () => lenet5().graph;

/** A copy of g with node `id` changed by `edit`. */
function editNode(g: Graph, id: string, edit: (n: GraphNode) => GraphNode): Graph {
  return { ...g, nodes: g.nodes.map((n) => (n.id === id ? edit(n) : n)) };
}

/** A copy of g with `node` spliced into the edge source → target. */
function insertBetween(g: Graph, source: string, target: string, node: GraphNode): Graph {
  const edges = g.edges.filter((e) => !(e.source === source && e.target === target));
  return {
    ...g,
    nodes: [...g.nodes, node],
    edges: [...edges, { id: `e_${source}_${node.id}`, source, target: node.id }, { id: `e_${node.id}_${target}`, source: node.id, target }],
  };
}

/** A copy of g without node `id`, its input joined to its output (the canvas's delete with reconnect). */
function removeAndReconnect(g: Graph, id: string): Graph {
  const into = g.edges.find((e) => e.target === id)!;
  const out = g.edges.find((e) => e.source === id)!;
  return {
    ...g,
    nodes: g.nodes.filter((n) => n.id !== id),
    edges: [...g.edges.filter((e) => e !== into && e !== out), { id: `e_${into.source}_${out.target}`, source: into.source, target: out.target }],
  };
}

const LENET_PARAMS = 61_706;
// LeNet-5's MACs, H2·W2·K·F·F·D1 per conv, N_in·N_out per dense and H2·W2·D·F·F per pooling: C1 28·28·6·25 =
// 117,600, S2 14·14·6·4 = 4,704, C3 10·10·16·150 = 240,000, S4 5·5·16·4 = 1,600, F5 400·120 = 48,000, F6 120·84 =
// 10,080, output 84·10 = 840 (ReLU counts none).
const LENET_MACS = 117_600 + 4_704 + 240_000 + 1_600 + 48_000 + 10_080 + 840;

export const graphDiffFixtures: GraphDiffFixture[] = [
  {
    name: 'identical',
    note: 'LeNet-5 against itself: an empty diff, equal',
    before: lenet,
    after: lenet,
    expect: { equal: true, params: [LENET_PARAMS, LENET_PARAMS], macs: [LENET_MACS, LENET_MACS] },
  },
  {
    name: 'moved only',
    note: 'every node dragged 40 px right: layout is not content, so equal, with 11 moved',
    before: lenet,
    after: () => ({ ...lenet(), nodes: lenet().nodes.map((n) => ({ ...n, position: { x: n.position!.x + 40, y: n.position!.y } })) }),
    expect: { equal: true, moved: 11, params: [LENET_PARAMS, LENET_PARAMS] },
  },
  {
    name: 'defaults written out',
    note: "C3 with padding 'valid' and strides 1 written out: the layer's defaults, so no change",
    before: lenet,
    after: () => editNode(lenet(), 'C3', (n) => ({ ...n, params: { ...n.params, padding: 'valid', strides: 1 } })),
    expect: { equal: true, params: [LENET_PARAMS, LENET_PARAMS] },
  },
  {
    name: 'C1 filters 6 → 8',
    note: 'C1 (5·5·1)·8 + 8 = 208 (was 156); C3 sees 8 channels: (5·5·8)·16 + 16 = 3,216 (was 2,416); total +852',
    before: lenet,
    after: () => editNode(lenet(), 'C1', (n) => ({ ...n, params: { ...n.params, filters: 8 } })),
    expect: {
      equal: false,
      changed: { C1: ['filters'] },
      // S2 pools 8 maps: 14·14·8·4 = 6,272 MACs (+1,568), no params.
      affected: ['S2', 'C3'],
      params: [LENET_PARAMS, LENET_PARAMS + 852],
      nodeParams: { C1: [156, 208], C3: [2_416, 3_216] },
      // C1 28·28·8·25 = 156,800 (+39,200); C3 10·10·16·(5·5·8) = 320,000 (+80,000).
      macs: [LENET_MACS, LENET_MACS + 39_200 + 1_568 + 80_000],
    },
  },
  {
    name: 're-created C1',
    note: 'C1 deleted and added again (new id conv_7, same name and type) with 8 filters: matched by name + type, so changed, not removed + added',
    before: lenet,
    after: () => {
      const g = lenet();
      return {
        ...g,
        nodes: g.nodes.map((n) => (n.id === 'C1' ? { ...n, id: 'conv_7', params: { ...n.params, filters: 8 } } : n)),
        edges: g.edges.map((e) => ({ ...e, source: e.source === 'C1' ? 'conv_7' : e.source, target: e.target === 'C1' ? 'conv_7' : e.target })),
      };
    },
    expect: { equal: false, changed: { C1: ['filters'] }, affected: ['S2', 'C3'], params: [LENET_PARAMS, LENET_PARAMS + 852] },
  },
  {
    name: 'max → average pooling',
    note: 'S2 and S4 become AveragePooling2D: the type changes, the window does not, no Δparams',
    before: lenet,
    after: () => ['S2', 'S4'].reduce((g, id) => editNode(g, id, (n) => ({ ...n, type: 'AveragePooling2D' })), lenet()),
    expect: { equal: false, changed: { S2: ['type'], S4: ['type'] }, params: [LENET_PARAMS, LENET_PARAMS] },
  },
  {
    name: 'renamed',
    note: 'F5 renamed fc1: the id is kept, so one change (the name), not remove + add',
    before: lenet,
    after: () => editNode(lenet(), 'F5', (n) => ({ ...n, name: 'fc1' })),
    expect: { equal: false, changed: { F5: ['name'] }, params: [LENET_PARAMS, LENET_PARAMS] },
  },
  {
    name: 'layer inserted',
    note: "conv_9, a 3×3 'same' conv of 6 filters after S2: (3·3·6)·6 + 6 = 330 params, 14·14·6·54 = 63,504 MACs; one edge out, two in",
    before: lenet,
    after: () => insertBetween(lenet(), 'S2', 'C3', { id: 'conv_9', type: 'Conv2D', name: 'conv_9', params: { filters: 6, kernelSize: 3, padding: 'same' } }),
    expect: {
      equal: false,
      added: ['conv_9'],
      edgesAdded: 2,
      edgesRemoved: 1,
      params: [LENET_PARAMS, LENET_PARAMS + 330],
      nodeParams: { conv_9: [0, 330] },
      macs: [LENET_MACS, LENET_MACS + 63_504],
    },
  },
  {
    name: 'layer removed',
    note: 'S4 removed: F5 sees 10·10·16 = 1,600 inputs, 1,600·120 + 120 = 192,120 params (was 400·120 + 120 = 48,120): +144,000',
    before: lenet,
    after: () => removeAndReconnect(lenet(), 'S4'),
    expect: {
      equal: false,
      removed: ['S4'],
      affected: ['F5'],
      edgesAdded: 1,
      edgesRemoved: 2,
      params: [LENET_PARAMS, LENET_PARAMS + 144_000],
      nodeParams: { F5: [48_120, 192_120] },
    },
  },
  {
    name: 'blocks vs flat',
    note: 'ResNet-20 with stages as blocks ×3 against its flat twin: the same 272,474 parameters, another structure (gap and output sit in other grid cells)',
    before: () => resnet20().graph,
    after: resnet20Flat,
    expect: {
      equal: false,
      removed: ['stage1', 'stage2', 'stage3'],
      added: Array.from({ length: 9 }, (_, i) => `residualblock${i + 1}`),
      edgesAdded: 10,
      edgesRemoved: 4,
      moved: 2,
      blocks: { removed: ['stage1', 'stage2', 'stage3'] },
      params: [272_474, 272_474],
    },
  },
  {
    name: 'Repeat ×3 → ×4',
    note: 'stage2 repeated 4 times: one more basic block of 32 on 32 channels, 2·(3·3·32·32) + 2·(2·32) BN γ, β = 18,560 params',
    before: () => resnet20().graph,
    after: () => setBlockRepeat(resnet20().graph, 'stage2', 4),
    expect: { equal: false, changed: { stage2: ['repeat'] }, params: [272_474, 272_474 + 18_560], nodeParams: { stage2: [51_648, 51_648 + 18_560] } },
  },
  {
    name: 'definition edited',
    // stage1: repeat 0 3·3·16·24 + 3·3·24·24 + 1·1·16·24 (projection) + 3·(2·24) BN = 9,168, repeats 1–2 2·(2·5,184 + 2·48) =
    // 20,928: 30,096 (was 14,016). stage2's first unit reads 24 channels: +3·3·8·32 + 8·32 = +2,560. Δ = 18,640.
    note: "stage1's inner unit set to 24 filters: the definition changed, so its instance is changed too, though its own params are not",
    before: () => resnet20().graph,
    after: () => setBlockNodeParams(resnet20().graph, 'stage1', 'residual', { filters: 24 }),
    expect: { equal: false, changed: { stage1: ['definition'] }, affected: ['stage2'], blocks: { changed: ['stage1'] }, params: [272_474, 272_474 + 18_640], nodeParams: { stage1: [14_016, 30_096], stage2: [51_648, 54_208] } },
  },
  {
    name: 'definition renamed',
    note: 'stage3\'s definition renamed "conv4": a changed definition, and its instance changed with it; no Δparams',
    before: () => resnet20().graph,
    after: () => renameBlock(resnet20().graph, 'stage3', 'conv4'),
    expect: { equal: false, changed: { stage3: ['definition'] }, blocks: { changed: ['stage3'] }, params: [272_474, 272_474] },
  },
  {
    name: 'nested definition edited',
    note: 'blocks in a block (features = stage, stage): C3 inside "stage" 16 → 8 filters marks stage, features that uses it, and the instance',
    before: lenetNested,
    after: () => setBlockNodeParams(lenetNested(), 'stage', 'C3', { filters: 8 }),
    expect: {
      equal: false,
      changed: { block_1: ['definition'] },
      affected: ['F5'],
      blocks: { changed: ['stage', 'features'] },
      // C3 ×2: (25·6)·16 + 16 + (25·16)·16 + 16 = 8,832 → (25·6)·8 + 8 + (25·8)·8 + 8 = 2,816; F5 (3·3·16)·120 + 120 =
      // 17,400 → (3·3·8)·120 + 120 = 8,760; with C1 156, F6 10,164 and output 850: 37,402 → 22,746.
      params: [37_402, 22_746],
      nodeParams: { block_1: [8_832, 2_816], F5: [17_400, 8_760] },
    },
  },
  {
    name: 'block made and renamed',
    note: 'C1 and its ReLU made into a block "feature", then renamed "features": the two nodes go into one Block node, a definition is added',
    before: lenet,
    after: () => {
      const made = makeBlock(lenet(), ['C1', 'activation1'], 'feature');
      if (!made.ok) throw new Error(made.reason);
      return renameBlock(made.graph, made.blockId, 'features');
    },
    expect: { equal: false, removed: ['C1', 'activation1'], added: ['block_1'], edgesAdded: 2, edgesRemoved: 3, blocks: { added: ['feature'] }, params: [LENET_PARAMS, LENET_PARAMS] },
  },
];
