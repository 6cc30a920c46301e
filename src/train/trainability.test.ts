// Graphs that validate but cannot train here: each row is a real graph, the batch and memory it is checked
// with, and the warnings it must get (none for the lecture's networks at their usual sizes).
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { analyzeGraph } from '../analysis/analyzeGraph';
import { formatIssueMessage } from '../i18n/issues';
import { TRAINABILITY_ISSUE_CODES } from '../graph/issue';
import type { Graph } from '../graph/schema';
import { templates } from '../templates';
import { buildTfModel, ModelBuildError } from './buildTfModel';
import { formatBytes, layersInSequence, MAX_LAYERS_IN_SEQUENCE, trainabilityProblems, trainingBytes, withTrainability } from './trainability';

type N = [id: string, type: string, params?: Record<string, unknown>];
const chain = (nodes: N[]): Graph => ({
  nodes: nodes.map(([id, type, params]) => ({ id, type, params: params ?? {} })),
  edges: nodes.slice(1).map((n, i) => ({ id: `e${i}`, source: nodes[i][0], target: n[0] })),
});
const template = (id: string) => templates.find((t) => t.id === id)!.build().graph;
const input = (height: number, width: number, channels: number): N => ['in', 'Input', { height, width, channels }];
const out: N = ['out', 'Output', { classes: 10 }];
/** Input → n − 3 Activations → Flatten → Output: n layers in sequence. */
const deepChain = (n: number) => chain([input(4, 4, 1), ...Array.from({ length: n - 3 }, (_, i): N => [`r${i}`, 'Activation']), ['f', 'Flatten'], out]);
const GiB = 2 ** 30;

beforeAll(async () => {
  await tf.setBackend('cpu');
});
const codes = (g: Graph, batch: number, memoryBytes?: number) =>
  trainabilityProblems(g, analyzeGraph(g), { batch, memoryBytes }).map((i) => `${i.nodeId ?? '-'}:${i.code}`);

describe('trainabilityProblems', () => {
  it.each([
    ['LeNet-5, batch 64, 8 GB', template('lenet5'), 64, 8 * GiB, []],
    ['ResNet-20, batch 128, 8 GB', template('resnet20'), 128, 8 * GiB, []],
    // 2·64·58.3 MB of activations + 16 B × 138,357,544 parameters ≈ 9.3 GB
    ['VGG-16, batch 64, 8 GB', template('vgg16'), 64, 8 * GiB, ['-:training-exceeds-memory']],
    ['VGG-16, batch 16, 8 GB', template('vgg16'), 16, 8 * GiB, []],
    // The issue's case: 8192·8192·4096 = 2³⁸ values, 1 TB of float32 per sample.
    ['an 8192×8192×4096 input', chain([input(8192, 8192, 4096), ['gap', 'GlobalAveragePooling2D'], out]), 1, 16 * GiB, ['in:tensor-too-large', '-:training-exceeds-memory']],
    // 256·256·64 = 2²²: a batch of 512 is 2³¹ values, one past 2³¹ − 1; 511 fits.
    ['a 256×256×64 input, batch 512', chain([input(256, 256, 64), ['gap', 'GlobalAveragePooling2D'], out]), 512, undefined, ['in:tensor-too-large']],
    ['a 256×256×64 input, batch 511', chain([input(256, 256, 64), ['gap', 'GlobalAveragePooling2D'], out]), 511, undefined, []],
    // Flatten of 1024·1024·3 into 1000 units: 3,145,728·1000 + 1000 weights in one Dense
    ['a 3.1 G-weight Dense', chain([input(1024, 1024, 3), ['f', 'Flatten'], ['d', 'Dense', { units: 1000 }], out]), 1, undefined, ['d:weights-too-large']],
    // The issue's case: 20,000 layers in sequence (tf.model overflows the stack at ≈4,400).
    ['a 20,000-layer chain', deepChain(20_000), 32, undefined, ['out:graph-too-deep']],
    [`a ${MAX_LAYERS_IN_SEQUENCE}-layer chain (the limit)`, deepChain(MAX_LAYERS_IN_SEQUENCE), 32, undefined, []],
    [`a ${MAX_LAYERS_IN_SEQUENCE + 1}-layer chain`, deepChain(MAX_LAYERS_IN_SEQUENCE + 1), 32, undefined, ['out:graph-too-deep']],
  ] as [string, Graph, number, number | undefined, string[]][])('%s', (_name, g, batch, memoryBytes, expected) => {
    expect(codes(g, batch, memoryBytes)).toEqual(expected);
  });

  it('states the arithmetic: values per tensor, memory per batch, depth', () => {
    const huge = chain([input(8192, 8192, 4096), ['gap', 'GlobalAveragePooling2D'], out]);
    const [tensor, memory] = trainabilityProblems(huge, analyzeGraph(huge), { batch: 1, memoryBytes: 16 * GiB });
    expect(tensor.message).toBe(
      'in: its output 8192×8192×4096 for a batch of 1 is 274,877,906,944 values, more than the 2,147,483,647 one tfjs tensor can index (32-bit indices) — use a smaller input, fewer filters or a smaller batch.',
    );
    expect(tensor.args.elementCount).toBe(2 ** 38);
    expect(memory.message).toMatch(/^Training needs ≈2\.0 TB for a batch of 1 \(1\.0 TB of activations per sample × 2 .*more than the 16\.0 GB of memory here/);
    const deep = deepChain(20_000);
    expect(trainabilityProblems(deep, analyzeGraph(deep), { batch: 1 })[0].message).toBe(
      'out: is 20000 layers deep, more than the 2000 tfjs can build (it walks the model recursively and runs out of stack) — use fewer layers in sequence.',
    );
  });

  it('every code has a Korean text with its arguments filled in', () => {
    const huge = chain([input(8192, 8192, 4096), ['f', 'Flatten'], ['d', 'Dense', { units: 1000 }], out]);
    const deep = deepChain(3000);
    const issues = [
      ...trainabilityProblems(huge, analyzeGraph(huge), { batch: 1, memoryBytes: GiB }),
      ...trainabilityProblems(deep, analyzeGraph(deep), { batch: 1 }),
    ];
    expect(new Set(issues.map((i) => i.code))).toEqual(new Set(TRAINABILITY_ISSUE_CODES));
    for (const i of issues) {
      expect(i.severity).toBe('warning');
      for (const lang of ['en', 'ko'] as const) expect(formatIssueMessage(i.code, i.args, lang)).not.toMatch(/\{\w+\}/);
    }
  });

  it('withTrainability adds warnings and keeps the analysis ok', () => {
    const g = template('vgg16');
    const a = withTrainability(g, analyzeGraph(g), { batch: 64, memoryBytes: 8 * GiB });
    expect(a.ok).toBe(true);
    expect(a.issues.map((i) => i.code)).toEqual(['training-exceeds-memory']);
  });
});

describe('layersInSequence', () => {
  it.each([
    ['lenet5', 11], // a chain of 11 nodes
    // A basic residual block is conv-BN-ReLU-conv-BN-Add-ReLU, 7 deep: 6 plain nodes + 9 blocks × 7 = 69.
    ['resnet20', 6 + 9 * 7],
  ])('%s is %i tfjs layers deep', (id, depth) => {
    const g = template(id);
    expect(layersInSequence(g, analyzeGraph(g))).toEqual({ depth, nodeId: 'output' });
  });

  it('walks a 100,000-layer chain without recursion', () => {
    const g = deepChain(100_000);
    expect(layersInSequence(g, analyzeGraph(g)).depth).toBe(100_000);
  }, 30_000);
});

describe('the model builder refuses what tfjs cannot build, in words', () => {
  it.each([
    // tf.model would throw "Maximum call stack size exceeded"; allocating the input, "Invalid typed array length".
    ['a 20,000-layer chain', deepChain(20_000), /^out: is 20000 layers deep/],
    ['an 8192×8192×4096 input', chain([input(8192, 8192, 4096), ['gap', 'GlobalAveragePooling2D'], out]), /^in: its output 8192×8192×4096 for a batch of 1/],
  ])('%s', (_name, g, message) => {
    const build = () => buildTfModel(g, tf);
    expect(build).toThrow(ModelBuildError);
    expect(build).toThrow(message);
  }, 30_000);
});

describe('the limit is one tfjs can build', () => {
  it(`a ${MAX_LAYERS_IN_SEQUENCE}-layer chain builds (tf.model overflowed at ≈4,400 in Node 20)`, () => {
    const model = buildTfModel(deepChain(MAX_LAYERS_IN_SEQUENCE), tf);
    try {
      expect(model.layers).toHaveLength(MAX_LAYERS_IN_SEQUENCE);
    } finally {
      model.dispose();
    }
  }, 60_000);
});

describe('formatBytes and trainingBytes', () => {
  it.each([
    [1536, '1.5 KB'],
    [58.3 * 2 ** 20, '58.3 MB'],
    [2 ** 40, '1.0 TB'],
  ])('%d bytes → %s', (b, text) => expect(formatBytes(b)).toBe(text));

  it('counts activations twice per sample (forward, backward) and 16 bytes per trainable weight', () => {
    const g = template('lenet5');
    const a = analyzeGraph(g);
    expect(trainingBytes(a, 64)).toEqual({
      activations: 2 * 64 * a.totals.activationBytes,
      weights: 16 * 61_706,
      total: 2 * 64 * a.totals.activationBytes + 16 * 61_706,
    });
  });
});
