// The lecture's worked examples, analysed as real graphs, give the filled formulas the inspector shows.
import { describe, expect, it } from 'vitest';
import { analyzeGraph } from '../analysis/analyzeGraph';
import { chain, type Step } from '../templates/chain';
import { lenet5 } from '../templates/lenet5';
import { filledFormulas, type Metric } from './filledFormulas';
import { nodeSubtitle } from './nodeSubtitle';

/** The analysis of the last step of Input(h×w×c) → …steps. */
function lastNode(input: [number, number, number], steps: Step[]) {
  const graph = chain([['Input', { height: input[0], width: input[1], channels: input[2] }], ...steps]);
  const analysis = analyzeGraph(graph);
  return analysis.nodes[graph.nodes[graph.nodes.length - 1].id];
}

const linesOf = (node: ReturnType<typeof lastNode>, metric: Metric) => filledFormulas(node).find((f) => f.metric === metric)?.lines.join('\n') ?? '';

describe('filled formulas, the lecture\'s worked examples', () => {
  it.each<[string, [number, number, number], Step[], Metric, string[]]>([
    ['5×5 input, F=3, S=2, P=0 → 2×2', [5, 5, 1], [['Conv2D', { filters: 1, kernelSize: 3, strides: 2 }]], 'outputShape', ['W2 = (W1 − F + 2P)/S + 1 = (5 − 3 + 2·0)/2 + 1 = 2', 'H2 = W2 = 2', '5×5×1 → 2×2×1']],
    ['32×32×3, six 5×5 filters → 28×28×6', [32, 32, 3], [['Conv2D', { filters: 6, kernelSize: 5 }]], 'outputShape', ['W2 = (W1 − F + 2P)/S + 1 = (32 − 5 + 2·0)/1 + 1 = 28', 'D2 = K = 6', '32×32×3 → 28×28×6']],
    ['32×32×3, six 5×5 filters: 456 params', [32, 32, 3], [['Conv2D', { filters: 6, kernelSize: 5 }]], 'params', ['params = (F·F·D1)·K + K = (5·5·3)·6 + 6 = 456']],
    ['32×32×3, six 5×5 filters: MACs', [32, 32, 3], [['Conv2D', { filters: 6, kernelSize: 5 }]], 'macs', ['MACs = H2·W2·K·F·F·D1 = 28·28·6·5·5·3 = 352,800']],
    ['no bias: no + K', [32, 32, 3], [['Conv2D', { filters: 6, kernelSize: 5, useBias: false }]], 'params', ['params = (F·F·D1)·K = (5·5·3)·6 = 450']],
    ['max pool 2×2/2 on 28×28×6 → 14×14×6', [28, 28, 6], [['MaxPooling2D', { poolSize: 2 }]], 'outputShape', ['(28 − 2 + 2·0)/2 + 1 = 14', 'D2 = D1 = 6', '28×28×6 → 14×14×6']],
    ['max pool has no parameters', [28, 28, 6], [['MaxPooling2D', { poolSize: 2 }]], 'params', ['params = 0']],
    ['a stride that does not divide floors', [6, 6, 1], [['Conv2D', { filters: 1, kernelSize: 3, strides: 2 }]], 'outputShape', ['⌊(6 − 3 + 2·0)/2⌋ + 1 = 2']],
    ['same padding', [28, 28, 1], [['Conv2D', { filters: 4, kernelSize: 3, strides: 2, padding: 'same' }]], 'outputShape', ['W2 = ⌈W1/S⌉ = ⌈28/2⌉ = 14']],
    ['dilation widens the filter', [11, 11, 2], [['Conv2D', { filters: 3, kernelSize: 3, dilation: 2 }]], 'outputShape', ["F' = d·(F − 1) + 1 = 2·(3 − 1) + 1 = 5", '(11 − 5 + 2·0)/1 + 1 = 7']],
    ['non-square input gets its own H2 line', [20, 10, 1], [['Conv2D', { filters: 1, kernelSize: 3 }]], 'outputShape', ['H2 = (H1 − F + 2P)/S + 1 = (20 − 3 + 2·0)/1 + 1 = 18']],
    ['receptive field of the first 5×5 conv', [32, 32, 3], [['Conv2D', { filters: 6, kernelSize: 5 }]], 'receptiveField', ['r = r_in + (F − 1)·j_in = 1 + (5 − 1)·1 = 5', 'j = j_in·S = 1·1 = 1']],
    ['receptive field grows after a 2×2/2 pool', [32, 32, 3], [['Conv2D', { filters: 6, kernelSize: 5 }], ['MaxPooling2D', { poolSize: 2 }], ['Conv2D', { filters: 16, kernelSize: 5 }]], 'receptiveField', ['r = r_in + (F − 1)·j_in = 6 + (5 − 1)·2 = 14', 'j = j_in·S = 2·1 = 2']],
    ['ReLU keeps the receptive field', [28, 28, 6], [['Activation', { activation: 'relu' }]], 'receptiveField', ['r = r_in = 1,  j = j_in = 1']],
    ['flatten of LeNet-5', [5, 5, 16], [['Flatten', {}]], 'outputShape', ['5·5·16 = 400']],
    ['FC 400 → 120', [5, 5, 16], [['Flatten', {}], ['Dense', { units: 120 }]], 'params', ['params = (N + 1)·M = (400 + 1)·120 = 48,120']],
    ['FC MACs', [5, 5, 16], [['Flatten', {}], ['Dense', { units: 120 }]], 'macs', ['MACs = N·M = 400·120 = 48,000']],
    ['softmax classifier', [5, 5, 16], [['Flatten', {}], ['Output', { classes: 10 }]], 'params', ['params = (N + 1)·classes = (400 + 1)·10 = 4,010']],
    ['activation memory of 28×28×6', [32, 32, 3], [['Conv2D', { filters: 6, kernelSize: 5 }]], 'memory', ['28·28·6·4 B = 18,816 B']],
    ['depthwise', [8, 8, 3], [['DepthwiseConv2D', { kernelSize: 3, depthMultiplier: 2 }]], 'params', ['params = F·F·C·m + C·m = 3·3·6 + 6 = 60']],
    ['batch norm', [8, 8, 16], [['BatchNormalization', {}]], 'params', ['params = 2·C + 2·C = 2·16 + 2·16 = 32 + 32']],
    ['zero padding', [28, 28, 1], [['ZeroPadding2D', { padding: 2 }]], 'outputShape', ['W2 = W1 + 2P = 28 + 2·2 = 32']],
    ['global average pooling', [7, 7, 5], [['GlobalAveragePooling2D', {}]], 'outputShape', ['7×7×5 → 5']],
    ['a residual block sums its inner layers', [8, 8, 16], [['ResidualBlock', { filters: 16 }]], 'params', ['Σ = 2,304 + 64 + 2,304 + 64 = 4,736']],
  ])('%s', (_name, input, steps, metric, expected) => {
    const text = linesOf(lastNode(input, steps), metric);
    for (const e of expected) expect(text).toContain(e);
  });

  it('fills every metric for each node of LeNet-5, and its numbers agree with the analysis', () => {
    const { graph } = lenet5();
    const analysis = analyzeGraph(graph);
    for (const n of graph.nodes) {
      const a = analysis.nodes[n.id];
      const filled = filledFormulas(a);
      expect(filled.map((f) => f.metric), n.id).toEqual(['outputShape', 'params', 'macs', 'receptiveField', 'memory']);
      const params = filled.find((f) => f.metric === 'params')!.lines.join(' ');
      expect(params.endsWith(` ${(a.paramCount.trainable + a.paramCount.nonTrainable).toLocaleString('en-US')}`), `${n.id}: ${params}`).toBe(true);
      const rf = filled.find((f) => f.metric === 'receptiveField')!.lines[0];
      expect(rf.includes(`= ${a.receptiveField!.size}`), `${n.id}: ${rf}`).toBe(true);
    }
    expect(linesOf(analysis.nodes.C1, 'outputShape')).toContain('(28 − 5 + 2·2)/1 + 1 = 28');
    expect(linesOf(analysis.nodes.C1, 'params')).toContain('(5·5·1)·6 + 6 = 156');
  });

  it('gives nothing for a node without a valid output', () => {
    const node = lastNode([2, 2, 1], [['Conv2D', { filters: 1, kernelSize: 5 }]]);
    expect(node.outputShape).toBeUndefined();
    expect(filledFormulas(node)).toEqual([]);
  });
});

describe('node subtitles in the UI language', () => {
  it.each([
    ['Output', { classes: 10 }, 'en', '10 classes, softmax'],
    ['Output', { classes: 10 }, 'ko', '10개 클래스, 소프트맥스'],
    ['Conv2D', { filters: 6, kernelSize: 5, strides: 2 }, 'ko', '6 @ 5×5 /2'],
    ['MaxPooling2D', {}, 'en', '2×2 /2'],
    ['Nope', {}, 'en', undefined],
    ['Output', { classes: 1 }, 'en', undefined],
  ] as const)('%s %j in %s → %s', (type, params, lang, expected) => expect(nodeSubtitle(type, params, lang)).toBe(expected));
});
