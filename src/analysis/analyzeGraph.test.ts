import { describe, expect, it } from 'vitest';
import { analyzeGraph, validateGraph } from './analyzeGraph';
import { formatIssueMessage } from '../i18n/issues';
import type { Graph } from '../graph/schema';

type N = [id: string, type: string, params?: Record<string, unknown>];
const graph = (nodes: N[], edges: [string, string][]): Graph => ({
  nodes: nodes.map(([id, type, params]) => ({ id, type, params: params ?? {} })),
  edges: edges.map(([s, t], i) => ({ id: `e${i}`, source: s, target: t })),
});
const chain = (nodes: N[]) => graph(nodes, nodes.slice(1).map((n, i) => [nodes[i][0], n[0]]));
const codes = (g: Graph) => validateGraph(g).map((i) => `${i.nodeId ?? i.edgeId ?? '-'}:${i.code}`);
const input: N = ['in', 'Input', { height: 8, width: 8, channels: 1 }];
const out: N = ['out', 'Output', { classes: 3 }];

describe('analyzeGraph problems name the node', () => {
  it.each([
    ['a valid chain', chain([input, ['c', 'Conv2D', { filters: 2 }], ['f', 'Flatten'], out]), []],
    ['a cycle', graph([input, ['a', 'Dense'], ['b', 'Dense'], out], [['in', 'a'], ['a', 'b'], ['b', 'a'], ['b', 'out']]), ['a:cycle', 'b:cycle', 'out:cycle']],
    ['a dangling input', graph([input, ['c', 'Conv2D'], ['f', 'Flatten'], out], [['c', 'f'], ['f', 'out']]), ['c:dangling-input', 'in:unreachable-node', 'c:unreachable-node', 'f:unreachable-node', 'out:unreachable-node']],
    ['two inputs', chain([input, ['in2', 'Input'], ['f', 'Flatten'], out]), ['in2:too-many-inputs', 'in2:multiple-input-nodes']],
    ['no output', chain([input, ['f', 'Flatten']]), ['-:no-output-node']],
    ['an unknown type', chain([input, ['x', 'Conv3D'], out]), ['x:unknown-layer-type']],
    ['invalid params', chain([input, ['c', 'Conv2D', { filters: -1 }], ['f', 'Flatten'], out]), ['c:invalid-params']],
    ['Dense on a feature map', chain([input, ['d', 'Dense', { units: 4 }], out]), ['d:dense-needs-flatten']],
    ['Output on a feature map', chain([input, out]), ['out:output-not-vector']],
    ['two outputs', graph([input, ['f', 'Flatten'], out, ['out2', 'Output']], [['in', 'f'], ['f', 'out'], ['f', 'out2']]), ['out2:multiple-output-nodes', 'out2:unreachable-node']],
    ['no input', chain([['c', 'Conv2D'], ['f', 'Flatten'], out]), ['c:dangling-input', '-:no-input-node']],
    ['a dead-end branch', graph([input, ['f', 'Flatten'], out, ['side', 'Dense']], [['in', 'f'], ['f', 'out'], ['f', 'side']]), ['side:unreachable-node']],
    ['a kernel larger than its input', chain([input, ['c', 'Conv2D', { kernelSize: 11 }], ['f', 'Flatten'], out]), ['c:non-positive-size']],
    ['an edge to nowhere', graph([input, ['f', 'Flatten'], out], [['in', 'f'], ['f', 'out'], ['f', 'ghost']]), ['e2:edge-unknown-node']],
  ])('%s', (_name, g, expected) => {
    expect(codes(g)).toEqual(expected);
  });

  it('Add and Concatenate mismatches list the shapes', () => {
    const g = graph(
      [input, ['a', 'Conv2D', { filters: 2 }], ['b', 'Conv2D', { filters: 3 }], ['sum', 'Add'], ['f', 'Flatten'], out],
      [['in', 'a'], ['in', 'b'], ['a', 'sum'], ['b', 'sum'], ['sum', 'f'], ['f', 'out']],
    );
    const issue = validateGraph(g).find((i) => i.code === 'add-shape-mismatch')!;
    expect(issue.nodeId).toBe('sum');
    expect(issue.message).toContain('6×6×2 vs 6×6×3');
    g.nodes[3].type = 'Concatenate';
    expect(analyzeGraph(g).nodes.sum.outputShape).toEqual([6, 6, 5]);
    g.nodes[2].params = { filters: 3, kernelSize: 5 };
    const cat = validateGraph(g).find((i) => i.code === 'concat-shape-mismatch')!;
    expect(cat.nodeId).toBe('sum');
    expect(cat.message).toContain('6×6×2, 4×4×3');
  });

  it('Dense on a 3-D tensor suggests inserting a Flatten', () => {
    const issue = validateGraph(chain([input, ['d', 'Dense', { units: 4 }], out]))[0];
    expect(issue.fix?.action).toEqual({ kind: 'insertBefore', nodeType: 'Flatten' });
  });

  it('multi-input order follows targetSlot', () => {
    const g = graph([input, ['a', 'Conv2D', { filters: 2, padding: 'same' }], ['b', 'Conv2D', { filters: 3, padding: 'same' }], ['cat', 'Concatenate'], ['f', 'Flatten'], out],
      [['in', 'a'], ['in', 'b'], ['a', 'cat'], ['b', 'cat'], ['cat', 'f'], ['f', 'out']]);
    g.edges[2].targetSlot = 1;
    g.edges[3].targetSlot = 0;
    expect(analyzeGraph(g).nodes.cat.inputShapes).toEqual([[8, 8, 3], [8, 8, 2]]);
  });
});

describe('totals and receptive field', () => {
  const g = chain([
    ['in', 'Input', { height: 32, width: 32, channels: 3 }],
    ['c1', 'Conv2D', { filters: 6, kernelSize: 5 }],
    ['p1', 'MaxPooling2D', { poolSize: 2 }],
    ['c2', 'Conv2D', { filters: 4, kernelSize: 3 }],
    ['f', 'Flatten'],
    out,
  ]);
  const a = analyzeGraph(g);

  it('sums parameters, MACs and activation memory', () => {
    // c1: 456 params, 28·28·6·75 MACs; c2: (3·3·6)·4 + 4 = 220, 12·12·4·54 MACs; out: (576 + 1)·3
    expect(a.totals.trainable).toBe(456 + 220 + 577 * 3);
    expect(a.totals.macs).toBe(28 * 28 * 6 * 75 + 14 * 14 * 6 * 4 + 12 * 12 * 4 * 54 + 576 * 3);
    expect(a.totals.activationBytes).toBe(4 * (32 * 32 * 3 + 28 * 28 * 6 + 14 * 14 * 6 + 12 * 12 * 4 + 576 + 3));
    expect(a.edges[g.edges[0].id]).toEqual([32, 32, 3]);
  });

  it.each([
    // two stacked 3×3 convolutions see 5×5 (Simonyan & Zisserman 2015, §2.3); a 2×2/2 pool then a 3×3 conv reach 10
    [[['Conv2D', { kernelSize: 3 }], ['Conv2D', { kernelSize: 3 }]], 5, 1],
    [[['Conv2D', { kernelSize: 3 }], ['Conv2D', { kernelSize: 3 }], ['MaxPooling2D', { poolSize: 2 }], ['Conv2D', { kernelSize: 3 }]], 10, 2],
    [[['Conv2D', { kernelSize: 3 }], ['Conv2D', { kernelSize: 3 }], ['Conv2D', { kernelSize: 3 }]], 7, 1],
    [[['Conv2D', { kernelSize: 3, dilation: 2 }], ['BatchNormalization'], ['Activation']], 5, 1],
    [[['Conv2D', { kernelSize: 7, strides: 2, padding: 'same' }], ['MaxPooling2D', { poolSize: 3, strides: 2, padding: 'same' }]], 11, 4], // ResNet stem
  ] as [[string, Record<string, unknown>?][], number, number][])('%j → receptive field %i, jump %i', (stack, size, jump) => {
    const ids = stack.map((_, i) => `l${i}`);
    const g2 = chain([['in', 'Input', { height: 64, width: 64, channels: 1 }], ...stack.map(([t, p], i): N => [ids[i], t, p]), ['f', 'Flatten'], out]);
    const a2 = analyzeGraph(g2);
    expect(a2.ok).toBe(true);
    expect(a2.nodes[ids[ids.length - 1]].receptiveField).toEqual({ size, jump });
  });

  it('follows r_out = r_in + (k − 1)·j_in, j_out = j_in·s', () => {
    expect(a.nodes.c1.receptiveField).toEqual({ size: 5, jump: 1 });
    expect(a.nodes.p1.receptiveField).toEqual({ size: 6, jump: 2 });
    expect(a.nodes.c2.receptiveField).toEqual({ size: 10, jump: 2 });
  });
});

describe('messages', () => {
  it('render in Korean from the same args', () => {
    const issue = validateGraph(chain([input, ['conv3', 'Conv2D', { kernelSize: 9 }], ['f', 'Flatten'], out]))[0];
    expect(issue.message).toBe('conv3: output width (8 − 9 + 2·0)/1 + 1 = 0 is not positive — use F ≤ 8 or add padding.');
    expect(formatIssueMessage(issue.code, issue.args, 'ko')).toBe('conv3: 출력 너비 (8 − 9 + 2·0)/1 + 1 = 0 이(가) 양수가 아닙니다 — F ≤ 8 로 하거나 패딩을 추가하세요.');
  });
});

describe('analysis is linear in nodes + edges', () => {
  const activations = (n: number): N[] => Array.from({ length: n }, (_, i): N => [`r${i}`, 'Activation']);
  // Input fans out to k Flattens that all join one Concatenate: k-fold fan-out and fan-in, 2k + 1 edges.
  const fanIn = (k: number) => {
    const flats = Array.from({ length: k }, (_, i): N => [`f${i}`, 'Flatten']);
    return graph([input, ...flats, ['cat', 'Concatenate'], out], [...flats.flatMap(([id]): [string, string][] => [['in', id], [id, 'cat']]), ['cat', 'out']]);
  };
  /** The graph with its node and edge lists counting every element read. */
  const counted = (g: Graph) => {
    const reads = { n: 0 };
    const watch = <T extends object>(xs: T[]) =>
      new Proxy(xs, { get: (t, k, r) => (typeof k === 'string' && /^\d+$/.test(k) && reads.n++, Reflect.get(t, k, r)) });
    return { g: { nodes: watch(g.nodes), edges: watch(g.edges) }, reads };
  };

  // A scan of the edge list per node (edges.filter(e => e.target === id) in a loop) reads N·E elements; the
  // analysis reads each list a fixed number of times. 2,000 nodes: N·E ≈ 4·10⁶ against a bound of 8·(N + E).
  it.each([
    ['a chain', chain([input, ...activations(2000), ['f', 'Flatten'], out])],
    ['a fan-in', fanIn(1000)],
  ])('%s reads its node and edge lists O(N + E) times', (_name, g) => {
    const { g: watched, reads } = counted(g);
    analyzeGraph(watched);
    expect(reads.n).toBeLessThanOrEqual(8 * (g.nodes.length + g.edges.length));
  });

  // These took quadratic time before (a 49,000-edge fan-in: 13–17 s; the report order of a 100k chain: 28 s): now each is well under
  // a second per 50k elements. The timeout is a backstop, the assertions are on the result.
  it('a 100,000-layer chain analyses without overflowing the stack', () => {
    const a = analyzeGraph(chain([input, ...activations(100_000), ['f', 'Flatten'], out]));
    expect(a.order).toHaveLength(100_003);
    expect(a.order.at(-1)).toBe('out');
    expect(a.issues).toEqual([]);
    expect(a.nodes.out.receptiveField).toEqual({ size: 1, jump: 1 });
  }, 30_000);

  it('a 100,000-edge fan-in analyses in one pass and names the over-full join', () => {
    const a = analyzeGraph(fanIn(50_000));
    expect(a.order).toHaveLength(50_003);
    expect(a.issues.map((i) => `${i.nodeId}:${i.code}`)).toEqual(['cat:too-many-inputs']);
    expect(a.issues[0].args).toMatchObject({ expected: 64, got: 50_000 });
  }, 30_000);
});
