// The inside of composite blocks: ResNet-20's residual blocks (inside its stages, user blocks ×3: "stage2/
// repeat_1/conv1") and the Inception net's blocks listed node by node with the shapes and parameter counts of
// their own analysis, looked up by path, and the expanded graph whose analysis gives each inner node its
// receptive field through the block.
import { describe, expect, it } from 'vitest';
import { analyzeGraph } from '../analysis/analyzeGraph';
import { resnet20 } from '../templates/resnet';
import { inceptionNet } from '../templates/inception';
import { blockInsides, blockOfPath, expandedGraph, innerNodes, nodeAt, outputPathOf, walkNodes } from './blockInsides';
import { receptiveFieldBox } from './receptiveField';

const resnet = resnet20().graph;
const inception = inceptionNet().graph;

describe('blockInsides', () => {
  // [graph, composite path, inner ids in build order (the expansion's topological order), [inner id, output shape, params] spot checks]
  const cases: [string, typeof resnet, string, string[], [string, number[], number][]][] = [
    ['ResNet-20, identity shortcut', resnet, 'stage1/repeat_1', ['conv1', 'conv1_bn', 'conv1_relu', 'conv2', 'conv2_bn', 'add', 'relu'], [['conv1', [32, 32, 16], 3 * 3 * 16 * 16], ['conv1_bn', [32, 32, 16], 4 * 16], ['add', [32, 32, 16], 0]]],
    ['ResNet-20, /2 with a 1×1 projection', resnet, 'stage2/repeat_1', ['conv1', 'shortcut', 'conv1_bn', 'shortcut_bn', 'conv1_relu', 'conv2', 'conv2_bn', 'add', 'relu'], [['conv1', [16, 16, 32], 3 * 3 * 16 * 32], ['shortcut', [16, 16, 32], 16 * 32], ['relu', [16, 16, 32], 0]]],
    ['Inception 3a', inception, 'inception3a', ['b1_1x1', 'b2_reduce', 'b3_reduce', 'b4_pool', 'b2_3x3', 'b3_5x5', 'b4_proj', 'concat'], [['b2_3x3', [16, 16, 128], 3 * 3 * 96 * 128 + 128], ['b4_pool', [16, 16, 64], 0], ['concat', [16, 16, 256], 0]]],
  ];
  for (const [title, graph, block, ids, checks] of cases)
    it(`${title}: every inner node in order, with its shape, params and parameter count`, () => {
      const analysis = analyzeGraph(graph);
      const inside = innerNodes(graph, analysis).filter((n) => n.parent === block);
      const depth = block.split('/').length;
      expect(inside.map((n) => n.path)).toEqual(ids.map((id) => `${block}/${id}`));
      expect(inside.every((n) => n.block === blockOfPath(block) && n.depth === depth && !n.composite)).toBe(true);
      expect(inside[0].label).toBe(`${block.split('/').join(' › ')} › ${ids[0]}`);
      for (const [id, shape, params] of checks) {
        const n = inside.find((x) => x.path === `${block}/${id}`)!;
        expect([n.outputShape, n.paramCount], id).toEqual([shape, params]);
      }
      // The block's parameters are its inside's, and its output is its exit node's shape.
      const a = nodeAt(graph, block, analysis)!.analysis;
      expect(inside.reduce((s, n) => s + n.paramCount, 0)).toBe(a.paramCount.trainable + a.paramCount.nonTrainable);
      expect(nodeAt(graph, outputPathOf(graph, block))?.analysis.outputShape).toEqual(a.outputShape);
      expect(inside.find((n) => n.type === 'Conv2D')?.params).toMatchObject({ padding: 'same' });
    });

  it('lists only composites: ResNet-20 has 3 stages of 3 residual blocks of 7 or 9 nodes, 85 nodes in all', () => {
    const insides = blockInsides(resnet);
    expect([...insides.keys()]).toEqual(['stage1', 'stage2', 'stage3']);
    const residual = innerNodes(resnet).filter((n) => n.composite);
    expect(residual.map((n) => n.path)).toEqual(['stage1', 'stage2', 'stage3'].flatMap((s) => [1, 2, 3].map((r) => `${s}/repeat_${r}`)));
    expect(residual.map((b) => innerNodes(resnet).filter((n) => n.parent === b.path).length)).toEqual([7, 7, 7, 9, 7, 7, 9, 7, 7]);
    expect([...insides.values()].map((l) => l.length)).toEqual([3 + 3 * 7, 3 + 9 + 2 * 7, 3 + 9 + 2 * 7]);
    expect(walkNodes(resnet).length).toBe(resnet.nodes.length + 9 + 7 * 7 + 2 * 9);
  });

  // [graph, path, its sources]: an entry node reads the block's input, an identity Add both.
  const sources: [typeof resnet, string, string[]][] = [
    [resnet, 'stage1/repeat_1/conv1', ['activation1']],
    [resnet, 'stage1/repeat_1/add', ['activation1', 'stage1/repeat_1/conv2_bn']],
    // A repeat reads the one before it; a stage's first repeat, what feeds the stage.
    [resnet, 'stage1/repeat_2/conv1', ['stage1/repeat_1']],
    [resnet, 'stage2/repeat_1/shortcut', ['stage1']],
    [resnet, 'stage2/repeat_1/add', ['stage2/repeat_1/conv2_bn', 'stage2/repeat_1/shortcut_bn']],
    [resnet, 'gap', ['stage3']],
    [inception, 'inception3b/b4_pool', ['inception3a']],
    [inception, 'inception3a/concat', ['inception3a/b1_1x1', 'inception3a/b2_3x3', 'inception3a/b3_5x5', 'inception3a/b4_proj']],
  ];
  for (const [graph, path, expected] of sources)
    it(`nodeAt ${path}: fed by ${expected.join(', ')}`, () => {
      expect(nodeAt(graph, path)?.sources).toEqual(expected);
    });

  it('nodeAt: a top-level id is the node itself; an unknown path is undefined', () => {
    expect(nodeAt(resnet, 'conv1')?.node.type).toBe('Conv2D');
    expect(nodeAt(resnet, 'stage1/repeat_1/nope')).toBeUndefined();
    // Through both levels: the stage's output is its last repeat's, which is that block's final ReLU.
    expect(outputPathOf(resnet, 'stage3')).toBe('stage3/repeat_3/relu');
    expect(outputPathOf(resnet, 'gap')).toBe('gap');
  });
});

describe('expandedGraph', () => {
  for (const [title, graph] of [['ResNet-20', resnet], ['Inception', inception]] as const)
    it(`${title}: valid, the same parameters, every block's exit field equal to the block's own`, () => {
      const analysis = analyzeGraph(graph);
      const x = expandedGraph(graph, analysis);
      expect(x.analysis.issues.filter((i) => i.severity === 'error')).toEqual([]);
      expect(x.analysis.totals.trainable).toBe(analysis.totals.trainable);
      expect(x.analysis.totals.nonTrainable).toBe(analysis.totals.nonTrainable);
      for (const block of blockInsides(graph, analysis).keys())
        expect(x.analysis.nodes[outputPathOf(graph, block, analysis)].receptiveField, block).toEqual(analysis.nodes[block].receptiveField);
    });

  // [graph, path, (y, x) inside the image, field size r, jump j, start] — r_out = r_in + (k − 1)·j_in:
  // ResNet-20: conv1 r 3, start −1; each stride-1 block adds 2·2 = 4 (start −2), so after stage 1: r 15,
  // start −7; stage 2's first block's conv1 (3×3 /2, 'same' on 32 pads 0 before): r 17, j 2. Inception: stem 3 then pool /2
  // (r 4, j 2, start −1); 3a's 5×5 branch: 1×1 then 5×5 (pad 2): r 4 + 4·2 = 12, start −1 − 2·2 = −5.
  const boxes: [typeof resnet, string, number, number, number, number, number][] = [
    [resnet, 'stage1/repeat_1/conv1', 10, 10, 5, 1, -2],
    [resnet, 'stage1/repeat_1/conv2', 10, 10, 7, 1, -3],
    [resnet, 'stage2/repeat_1/conv1', 8, 8, 17, 2, -7],
    [inception, 'inception3a/b3_5x5', 6, 6, 12, 2, -5],
    [inception, 'inception3a/b1_1x1', 6, 6, 4, 2, -1],
  ];
  for (const [graph, path, y, xPos, r, j, start] of boxes)
    it(`receptive field of ${path} at (${y}, ${xPos}): ${r}×${r} from ${y}·${j} + ${start}`, () => {
      const x = expandedGraph(graph);
      expect(x.analysis.nodes[path].receptiveField).toEqual({ size: r, jump: j });
      expect(receptiveFieldBox(x.graph, x.analysis, path, y, xPos)).toEqual({ top: y * j + start, left: xPos * j + start, bottom: y * j + start + r - 1, right: xPos * j + start + r - 1 });
    });
});
