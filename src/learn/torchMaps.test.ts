// Every node's map (layerActivations) equals what the PyTorch export computes for it: the export's model.py is
// run in torch through resources/python/compare_maps.py's node_values (forward()'s locals as NODE_OUTPUTS names
// them: every graph node, fused activations, Flatten, Add and composite blocks included), on a real MNIST
// digit for the trained LeNet-5 fixture and one seeded random image for ResNet-20 and the other nets.
import { beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Graph } from '../graph/schema';
import { lenet5 } from '../templates/lenet5';
import { flattenGraph } from '../export/flatGraph';
import { weightSetFromModel } from '../export/weights/weightSet';
import { exportPytorch } from '../export/torch/exportPytorch';
import { randomizedModel, templateDoc } from '../export/testing/trainedModel';
import { mixedNet, vectorNet } from '../export/testing/nets';
import { TrainingSettingsSchema } from '../train/settings';
import { layerActivations } from './activations';
import { net, rng, sampleInput, trainedLenet5 } from './testNets';
import { loadMnist } from '../../node/data/ensureMnist';
import { decodeNpy, encodeNpy, hwcToChw } from '../../node/learn/npy';
import { findPython } from '../../node/testing/python';
import { loadTfForNode } from '../../node/train/trainBackend';

const torchPython = findPython(['torch', 'safetensors', 'numpy']);
const COMPARE_MAPS = path.resolve('resources/python');
const settings = TrainingSettingsSchema.parse({});
/** Relative to each map's largest magnitude (at least 1e-3), as compare_maps.py judges it. */
const TOLERANCE = 1e-4;

/** Runs model.py on the HWC image and returns each node's value as compare_maps.py reads it. */
function torchNodeValues(model: tf.LayersModel, graph: Graph, input: Float32Array): Map<string, { shape: number[]; data: Float32Array }> {
  const dir = mkdtempSync(path.join(tmpdir(), 'cnn-torchmaps-'));
  try {
    for (const [name, data] of Object.entries(exportPytorch(flattenGraph(graph), weightSetFromModel(model), settings))) writeFileSync(path.join(dir, name), data);
    const [H, W, C] = (model.inputs[0].shape as number[]).slice(1);
    writeFileSync(path.join(dir, 'input.npy'), encodeNpy(hwcToChw(input, [H, W, C]), [C, H, W]));
    const py = [
      'import json, sys, numpy as np, torch',
      `sys.path.insert(0, ${JSON.stringify(COMPARE_MAPS)})`,
      'from pathlib import Path',
      'import compare_maps',
      'net, module = compare_maps.load_model(Path("."))',
      'values = compare_maps.node_values(net, module.NODE_OUTPUTS, torch.from_numpy(np.load("input.npy"))[None])',
      'index = {}',
      'for i, (node, v) in enumerate(values.items()):',
      '    np.save(f"v{i}.npy", np.ascontiguousarray(v, dtype="<f4"))',
      '    index[node] = f"v{i}.npy"',
      'print(json.dumps({"index": index, "declared": list(module.NODE_OUTPUTS)}))',
    ].join('\n');
    const r = spawnSync(torchPython!, ['-c', py], { cwd: dir, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    const { index } = JSON.parse(r.stdout) as { index: Record<string, string> };
    return new Map(Object.entries(index).map(([node, file]) => [node, decodeNpy(new Uint8Array(readFileSync(path.join(dir, file))))] as const));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function seededImage(shape: number[], seed: number): Float32Array {
  const r = rng(seed);
  return Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, () => r());
}

describe.skipIf(!torchPython)('every node’s map equals the PyTorch export’s (skipped: no Python with torch)', () => {
  let mnist: Awaited<ReturnType<typeof loadMnist>>;
  beforeAll(async () => {
    await loadTfForNode('wasm');
    mnist = await loadMnist();
  }, 120_000);

  // [case, the graph, its model, the image (HWC)]
  const cases: [string, () => Promise<{ graph: Graph; model: tf.LayersModel; input: Float32Array }>][] = [
    [
      'LeNet-5 trained on real digits (trainedLenet5), digit #700',
      async () => {
        const graph = lenet5().graph;
        return { graph, model: (await trainedLenet5(tf, mnist, graph)).model, input: sampleInput(mnist, 700) };
      },
    ],
    ['ResNet-20 with seeded random weights, a random 32×32×3 image', async () => ({ graph: (await templateDoc('resnet20')).graph, model: randomizedModel((await templateDoc('resnet20')).graph, 3), input: seededImage([32, 32, 3], 20) })],
    ['a net of many layer types (mixedNet)', async () => ({ graph: mixedNet(), model: randomizedModel(mixedNet(), 4), input: seededImage([15, 17, 3], 21) })],
    ['vector layers (vectorNet)', async () => ({ graph: vectorNet(), model: randomizedModel(vectorNet(), 6), input: seededImage([6, 5, 3], 22) })],
    [
      'dilated convs with fused activations, d2 same and d3 valid',
      async () => {
        const graph = net([20, 20, 1], [
          ['Conv2D', { filters: 4, kernelSize: 3, dilation: 2, padding: 'same', activation: 'relu' }, 'c1'],
          ['Conv2D', { filters: 5, kernelSize: 3, dilation: 3, activation: 'tanh' }, 'c2'],
          ['Flatten', {}, 'flat'],
          ['Output', { classes: 3 }, 'output'],
        ]);
        return { graph, model: randomizedModel(graph, 7), input: seededImage([20, 20, 1], 23) };
      },
    ],
  ];

  for (const [name, make] of cases)
    it(name, { timeout: 120_000 }, async () => {
      const { graph, model, input } = await make();
      const acts = await layerActivations(tf, graph, model, input);
      const torch = torchNodeValues(model, graph, input);
      // Every top-level node has a value in model.py's forward(): nothing is left uncompared.
      expect([...torch.keys()].sort()).toEqual(acts.map((a) => a.nodeId).sort());
      for (const a of acts) {
        const t = torch.get(a.nodeId)!;
        const want = a.shape.length === 3 ? hwcToChw(a.data, a.shape) : a.data;
        expect(t.shape, a.nodeId).toEqual(a.shape.length === 3 ? [a.shape[2], a.shape[0], a.shape[1]] : [a.data.length]);
        let diff = 0;
        let scale = 1e-3;
        for (let i = 0; i < want.length; i++) {
          diff = Math.max(diff, Math.abs(t.data[i] - want[i]));
          scale = Math.max(scale, Math.abs(want[i]));
        }
        expect(diff / scale, `${a.nodeId}: max |torch − tfjs| ${diff.toExponential(2)} of ${scale.toPrecision(3)}`).toBeLessThanOrEqual(TOLERANCE);
      }
      model.dispose();
    });
});
