// PyTorch export. The pure part parses the safetensors we wrote and checks every tensor against the tfjs
// weights with independent index arithmetic (OIHW[k][c][y][x] = HWIO[y][x][c][k]; Linear = kernelᵀ with
// rows in C·H·W order after a Flatten). The Python part runs model.py in torch (findPython: Debian's python3-torch).
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { flattenGraph } from '../flatGraph';
import { weightSetFromModel } from '../weights/weightSet';
import { decodeSafetensors } from '../weights/safetensors';
import { exportPytorch } from './exportPytorch';
import { maxAbsDiff, mnistBatch, randomImages, randomizedModel, templateDoc, toNchw, trainedModel, MNIST_BIN } from '../testing/trainedModel';
import { mixedNet, net, vectorNet } from '../testing/nets';
import type { Graph } from '../../graph/schema';
import { ISSUE_13_ATTACK, MARKER_FILE, MARKER_TEXT } from '../testing/hostileStrings';
import { TrainingSettingsSchema } from '../../train/settings';
import { exportWeights } from '../../train/applyWeights';
import { decodeNpy } from '../weights/npy';
import { CHECK_INPUT, CHECK_OUTPUT, exportModel } from '../exportModel';
import { findPython } from '../../../node/testing/python';
import { loadTfForNode } from '../../../node/train/trainBackend';

// wasm (CNN Studio's kernels, as `cnn-studio train`): on stock tfjs-cpu AlexNet's and ResNet-18's predictions
// alone take ~50 s each here.
beforeAll(async () => {
  const { choice } = await loadTfForNode('wasm');
  expect(tf.getBackend()).toBe(choice.backend);
});

const settings = TrainingSettingsSchema.parse({ optimizer: 'nesterov', learningRate: 0.05, schedule: 'step', stepSize: 3, stepGamma: 0.5, batchSize: 32, epochs: 7, weightDecay: 1e-4 });
const python = findPython();
const torchPython = findPython(['torch', 'safetensors']);

describe('exportPytorch: safetensors holds the tfjs weights in PyTorch layout', () => {
  it('LeNet-5 (MNIST-trained): conv OIHW, Linear [out, in] with rows permuted after Flatten', async () => {
    const graph = (await templateDoc('lenet5')).graph;
    const model = await trainedModel(graph, mnistBatch(readFileSync(MNIST_BIN), 16));
    const files = exportPytorch(flattenGraph(graph), weightSetFromModel(model), settings);
    const { tensors, metadata } = decodeSafetensors(files['model.safetensors']);
    expect(metadata.format).toBe('pt');
    const t = Object.fromEntries(tensors.map((x) => [x.name, x]));
    // C1: HWIO [5,5,1,6] → OIHW [6,1,5,5]
    const c1 = model.getLayer('C1').getWeights()[0];
    const k = c1.arraySync() as number[][][][];
    expect(t['C1.weight'].shape).toEqual([6, 1, 5, 5]);
    const w = t['C1.weight'].data as Float32Array;
    let d = 0;
    for (let o = 0; o < 6; o++) for (let y = 0; y < 5; y++) for (let x = 0; x < 5; x++) d = Math.max(d, Math.abs(w[(o * 5 + y) * 5 + x] - k[y][x][0][o]));
    expect(d).toBe(0);
    // F5 after Flatten of S4 [5,5,16]: torch input j = c·25 + y·5 + x is tfjs row (y·5 + x)·16 + c.
    const f5 = model.getLayer('F5').getWeights()[0].arraySync() as number[][];
    const lin = t['F5.weight'];
    expect(lin.shape).toEqual([120, 400]);
    const lw = lin.data as Float32Array;
    d = 0;
    for (let m = 0; m < 120; m++) for (let c = 0; c < 16; c++) for (let y = 0; y < 5; y++) for (let x = 0; x < 5; x++) d = Math.max(d, Math.abs(lw[m * 400 + c * 25 + y * 5 + x] - f5[(y * 5 + x) * 16 + c][m]));
    expect(d).toBe(0);
    const total = tensors.filter((x) => x.data instanceof Float32Array).reduce((s, x) => s + x.data.length, 0);
    expect(total).toBe(model.countParams());
    expect(files['model.py']).toContain('self.C1 = nn.Conv2d(1, 6, 5, stride=1, padding=(2, 2), bias=True)');
    expect(files['train.py']).toContain('torch.optim.SGD(model.parameters(), lr=0.05, momentum=0.9, nesterov=True, weight_decay=0.0001)');
    expect(files['train.py']).toContain('StepLR(optimizer, step_size=3, gamma=0.5)');
    model.dispose();
  });

  it.skipIf(!python)('model.py and train.py of every test net are valid Python (py_compile)', async () => {
    for (const graph of [(await templateDoc('inception')).graph, mixedNet(), vectorNet()]) {
      const model = randomizedModel(graph);
      const files = exportPytorch(flattenGraph(graph), weightSetFromModel(model), settings);
      const dir = mkdtempSync(path.join(tmpdir(), 'cnn-py-'));
      writeFileSync(path.join(dir, 'model.py'), files['model.py']);
      writeFileSync(path.join(dir, 'train.py'), files['train.py']);
      const r = spawnSync(python!, ['-m', 'py_compile', 'model.py', 'train.py'], { cwd: dir, encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
      model.dispose();
    }
  });

  it('ResNet-20: BatchNorm running stats and an I64 num_batches_tracked per BN', async () => {
    const graph = (await templateDoc('resnet20')).graph;
    const model = randomizedModel(graph);
    const files = exportPytorch(flattenGraph(graph), weightSetFromModel(model), settings);
    const { tensors } = decodeSafetensors(files['model.safetensors']);
    const bns = model.layers.filter((l) => l.getClassName() === 'BatchNormalization');
    expect(tensors.filter((x) => x.name.endsWith('.num_batches_tracked')).length).toBe(bns.length);
    const bn = bns[0];
    const rv = tensors.find((x) => x.name === `${bn.name.replace(/[^A-Za-z0-9_]/g, '_')}.running_var`)!;
    expect(maxAbsDiff(rv.data as Float32Array, bn.getWeights()[3].dataSync())).toBe(0);
    model.dispose();
  });
});

describe('exportModel (pytorch) writes a check pair for scripts/check-torch-export.py', () => {
  it('check_input.npy is NCHW and check_output.npy is the tfjs prediction for it', async () => {
    const doc = await templateDoc('lenet5');
    const model = await trainedModel(doc.graph, mnistBatch(readFileSync(MNIST_BIN), 16));
    const files = await exportModel(tf, doc, 'pytorch', { weights: await exportWeights(tf, model) });
    const x = decodeNpy(files[CHECK_INPUT] as Uint8Array);
    const y = decodeNpy(files[CHECK_OUTPUT] as Uint8Array);
    expect(x.shape).toEqual([1, 1, 28, 28]);
    expect(y.shape).toEqual([1, 10]);
    const want = tf.tidy(() => (model.predict(tf.tensor4d(x.data as Float32Array, [1, 1, 28, 28]).transpose([0, 2, 3, 1])) as tf.Tensor).dataSync());
    expect(maxAbsDiff(y.data as Float32Array, want)).toBeLessThanOrEqual(1e-6);
    model.dispose();
  });
});

describe('exportModel (pytorch) check pair for a model that returns logits', () => {
  it('check_output.npy holds the scores before softmax, as model.py returns them: their softmax is the prediction', async () => {
    const doc = await templateDoc('lenet5');
    const out = doc.graph.nodes.find((n) => n.type === 'Output')!;
    out.params = { ...out.params, returns: 'logits' };
    const model = randomizedModel(doc.graph, 6);
    const files = await exportModel(tf, doc, 'pytorch', { weights: await exportWeights(tf, model) });
    const x = decodeNpy(files[CHECK_INPUT] as Uint8Array);
    const z = decodeNpy(files[CHECK_OUTPUT] as Uint8Array);
    const p = tf.tidy(() => (model.predict(tf.tensor4d(x.data as Float32Array, [1, 1, 28, 28]).transpose([0, 2, 3, 1])) as tf.Tensor).dataSync());
    const softmaxOfZ = tf.tidy(() => tf.softmax(tf.tensor2d(z.data as Float32Array, [1, 10])).dataSync());
    expect(maxAbsDiff(softmaxOfZ, p)).toBeLessThanOrEqual(1e-6);
    expect(maxAbsDiff(z.data as Float32Array, p)).toBeGreaterThan(1e-3); // scores, not probabilities
    model.dispose();
  });
});

describe('the input normalisation the weights were trained with goes into every export', () => {
  it('tfjs metadata, ONNX metadata_props, train.py transforms.Normalize and the README', async () => {
    const doc = await templateDoc('lenet5');
    const model = randomizedModel(doc.graph, 5);
    const weights = { ...(await exportWeights(tf, model)), normalization: { mean: [0.2861], std: [0.353] } };
    const tfjs = await exportModel(tf, doc, 'tfjs', { weights });
    const meta = JSON.parse(tfjs['model.json'] as string).userDefinedMetadata.cnnStudio;
    expect(meta.normalization).toEqual({ mean: [0.2861], std: [0.353] });
    expect(meta.inputScale).toBe('(pixel / 255 - mean) / std per channel, mean [0.2861], std [0.353]');
    const onnx = Buffer.from(Object.values(await exportModel(tf, doc, 'onnx', { weights }))[0] as Uint8Array).toString('latin1');
    expect(onnx).toContain('input_mean');
    expect(onnx).toContain('[0.2861]');
    const torch = await exportModel(tf, doc, 'pytorch', { weights });
    expect(torch['train.py']).toContain('transforms.Normalize([0.2861], [0.353])');
    expect(torch['README.txt']).toContain('mean [0.2861], std [0.353]');
    expect(torch['README.txt']).toContain('cnn-studio import-weights PROJECT.cnnproj --from trained.safetensors');
    // Trained on pixel/255: no Normalize at all.
    const plain = await exportModel(tf, doc, 'pytorch', { weights: await exportWeights(tf, model) });
    expect(plain['train.py']).not.toContain('transforms.Normalize');
    model.dispose();
  });
});

/** model.py's predictions for x (NHWC) in torch, run in `dir` with its weights. */
function torchPredict(files: ReturnType<typeof exportPytorch>, x: tf.Tensor4D): Float32Array {
  const dir = mkdtempSync(path.join(tmpdir(), 'cnn-torch-'));
  for (const [name, data] of Object.entries(files)) writeFileSync(path.join(dir, name), data);
  const [n, h, w, c] = x.shape;
  writeFileSync(path.join(dir, 'x.bin'), toNchw(x));
  const py = `import numpy as np, torch\nfrom model import MODEL_CLASS, load_weights\nnet = load_weights(MODEL_CLASS()).eval()\nx = torch.from_numpy(np.fromfile('x.bin', dtype='<f4').reshape(${n}, ${c}, ${h}, ${w}))\nwith torch.no_grad():\n    net(x).numpy().astype('<f4').tofile('y.bin')\n`;
  const r = spawnSync(torchPython!, ['-c', py], { cwd: dir, encoding: 'utf8' });
  expect(r.stderr).toBe('');
  expect(r.stdout).not.toContain(MARKER_TEXT);
  expect(existsSync(path.join(dir, MARKER_FILE))).toBe(false);
  return new Float32Array(new Uint8Array(readFileSync(path.join(dir, 'y.bin'))).buffer);
}

/** `class Name(nn.Module)` definitions and how often each is instantiated (`self.a = Name()`). */
function moduleClasses(source: string): Record<string, number> {
  const defined = [...source.matchAll(/^class (\w+)\(nn\.Module\):/gm)].map((m) => m[1]);
  return Object.fromEntries(defined.map((c) => [c, source.split(`= ${c}()`).length - 1]));
}

// A user block (src/layers/userBlock.ts) used twice, and a block nesting it: conv 3×3 → BN ("unit"), "pair" = unit → unit.
const userBlockNet = (): Graph => ({
  ...net([
    ['input', 'Input', { height: 12, width: 12, channels: 3 }, []],
    ['c0', 'Conv2D', { filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }, ['input']],
    ['u1', 'Block', { block: 'unit' }, ['c0']],
    ['u2', 'Block', { block: 'unit' }, ['u1']],
    ['p1', 'Block', { block: 'pair' }, ['u2']],
    ['flat', 'Flatten', {}, ['p1']],
    ['output', 'Output', { classes: 3 }, ['flat']],
  ]),
  blocks: [
    {
      id: 'unit',
      name: 'Unit',
      graph: net([
        ['conv', 'Conv2D', { filters: 4, kernelSize: 3, padding: 'same', activation: 'relu' }, []],
        ['bn', 'BatchNormalization', {}, ['conv']],
      ]),
      inputs: ['conv'],
      output: 'bn',
    },
    {
      id: 'pair',
      name: 'Pair',
      graph: net([
        ['first', 'Block', { block: 'unit' }, []],
        ['second', 'Block', { block: 'unit' }, ['first']],
      ]),
      inputs: ['first'],
      output: 'second',
    },
  ],
});

describe('a composite block is an nn.Module class of its own, written once and used N times', () => {
  // ResNet-20's stages are blocks ×3 (src/templates/resnet.ts): a class per stage holding its three repeats, and
  // for the nine ResidualBlocks one class per distinct (params, input shape): 16→16 at 32×32 (identity) ×3, the
  // stage openers 16→32 /2 and 32→64 /2 (1×1 projection), and 32→32 ×2, 64→64 ×2 (identity).
  it('ResNet-20: three stage classes and five block classes for nine blocks; the state dict nests (stage2.repeat_1.conv1.weight = the tfjs layer)', async () => {
    const graph = (await templateDoc('resnet20')).graph;
    const model = randomizedModel(graph);
    const files = exportPytorch(flattenGraph(graph), weightSetFromModel(model), settings);
    expect(moduleClasses(files['model.py'])).toEqual({
      Stage1_16to16x3: 1,
      Stage2_16to32s2x3: 1,
      Stage3_32to64s2x3: 1,
      ResidualBlock16to16: 3,
      ResidualBlock16to32s2: 1,
      ResidualBlock32to32: 2,
      ResidualBlock32to64s2: 1,
      ResidualBlock64to64: 2,
      Net: 0,
    });
    const { tensors } = decodeSafetensors(files['model.safetensors']);
    const t = Object.fromEntries(tensors.map((x) => [x.name, x]));
    // HWIO [3,3,16,32] → OIHW [32,16,3,3]
    const k = model.getLayer('stage2_repeat_1_conv1').getWeights()[0].arraySync() as number[][][][];
    const w = t['stage2.repeat_1.conv1.weight'];
    expect(w.shape).toEqual([32, 16, 3, 3]);
    let d = 0;
    for (let o = 0; o < 32; o++) for (let c = 0; c < 16; c++) for (let y = 0; y < 3; y++) for (let x = 0; x < 3; x++) d = Math.max(d, Math.abs((w.data as Float32Array)[((o * 16 + c) * 3 + y) * 3 + x] - k[y][x][c][o]));
    expect(d).toBe(0);
    expect(Object.keys(t)).toContain('stage2.repeat_1.shortcut_bn.running_var');
    expect(Object.keys(t)).toContain('stage3.repeat_3.conv2_bn.num_batches_tracked');
    expect(tensors.filter((x) => x.data instanceof Float32Array).reduce((s, x) => s + x.data.length, 0)).toBe(model.countParams());
    model.dispose();
  });

  it('Inception: one class per Inception module (their widths differ)', async () => {
    const graph = (await templateDoc('inception')).graph;
    const model = randomizedModel(graph);
    const files = exportPytorch(flattenGraph(graph), weightSetFromModel(model), settings);
    expect(moduleClasses(files['model.py'])).toEqual({ InceptionBlock64to256: 1, InceptionBlock256to480: 1, Net: 0 });
    expect(decodeSafetensors(files['model.safetensors']).tensors.map((x) => x.name)).toContain('inception3b.b3_5x5.weight');
    model.dispose();
  });

  it('user blocks: one class per definition and input shape, nested blocks inside their own class', () => {
    const graph = userBlockNet();
    const model = randomizedModel(graph);
    const files = exportPytorch(flattenGraph(graph), weightSetFromModel(model), settings);
    expect(moduleClasses(files['model.py'])).toEqual({ Unit4to4: 4, Pair4to4: 1, Net: 0 });
    const names = decodeSafetensors(files['model.safetensors']).tensors.map((x) => x.name);
    expect(names).toContain('u2.conv.weight');
    expect(names).toContain('p1.second.bn.running_mean');
    model.dispose();
  });

  describe.skipIf(!torchPython)('and predicts as tfjs within 1e-5 (skipped: no Python with torch)', () => {
    const cases: [string, () => Promise<Graph>][] = [
      ['resnet20', async () => (await templateDoc('resnet20')).graph],
      ['inception', async () => (await templateDoc('inception')).graph],
      ['user blocks, nested', async () => userBlockNet()],
      // Names are data (issue #13): the attack as both definition names and as every instance name.
      [
        'user blocks named with the issue #13 attack',
        async () => {
          const g = userBlockNet();
          return { nodes: g.nodes.map((n) => (n.type === 'Block' ? { ...n, name: ISSUE_13_ATTACK } : n)), edges: g.edges, blocks: g.blocks!.map((b) => ({ ...b, name: ISSUE_13_ATTACK })) };
        },
      ],
    ];
    for (const [label, make] of cases)
      it(label, async () => {
        const graph = await make();
        const model = randomizedModel(graph);
        const x = randomImages(3, (model.inputs[0].shape as number[]).slice(1), 17);
        const got = torchPredict(exportPytorch(flattenGraph(graph), weightSetFromModel(model), settings), x);
        expect(maxAbsDiff(got, (model.predict(x) as tf.Tensor).dataSync())).toBeLessThanOrEqual(1e-5);
        model.dispose();
      });
  });
});

describe.skipIf(!torchPython)('model.py in PyTorch matches tfjs (skipped: no Python with torch)', () => {
  const cases: [string, () => Promise<Graph>][] = [
    ['lenet5', async () => (await templateDoc('lenet5')).graph],
    ['pattern', async () => (await templateDoc('pattern')).graph],
    ['resnet20', async () => (await templateDoc('resnet20')).graph],
    ['inception', async () => (await templateDoc('inception')).graph],
    ['alexnet', async () => (await templateDoc('alexnet')).graph],
    ['resnet18', async () => (await templateDoc('resnet18')).graph],
    ['mixed', async () => mixedNet()],
    ['vectors', async () => vectorNet()],
  ];
  for (const [label, make] of cases)
    it(label, async () => {
      const graph = await make();
      const model = randomizedModel(graph);
      const x = randomImages(3, (model.inputs[0].shape as number[]).slice(1), 21);
      const got = torchPredict(exportPytorch(flattenGraph(graph), weightSetFromModel(model), settings), x);
      expect(maxAbsDiff(got, (model.predict(x) as tf.Tensor).dataSync())).toBeLessThanOrEqual(1e-4);
      model.dispose();
    });
});
