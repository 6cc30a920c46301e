// Every layer type in the registry, in a small net generated around it (Input → [Flatten] → layer → [Flatten] →
// Output; merge layers get the input and a tanh of it), seeded random weights after one SGD step, through every
// exporter and importer: tfjs Layers (tf.loadLayersModel and importTfjsModel), ONNX (onnxruntime and
// importOnnxModel) and PyTorch (model.py run in torch). A newly registered layer gets its cases here without
// editing this file, and fails them until every path reads and writes it.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getLayer, layers } from '../layers/registry';
import type { LayerDef } from '../layers/types';
import { analyzeGraph } from '../analysis/analyzeGraph';
import { importTfjsModel } from './importTfjs';
import { importOnnxModel } from './importOnnx';
import { toProject } from './importModel';
import { predictImported } from './testing/predictImported';
import { canonicalOnnx, canonicalTfjs, expandedGraph, withoutDropout } from './testing/canonicalGraph';
import { exportTfjs, loadTfjsFromFiles, TFJS_MODEL_JSON, TFJS_SHARD } from '../export/tfjs/exportTfjs';
import { exportOnnx, ONNX_INPUT, ONNX_OUTPUT } from '../export/onnx/exportOnnx';
import { exportPytorch } from '../export/torch/exportPytorch';
import { flattenGraph } from '../export/flatGraph';
import { weightSetFromModel } from '../export/weights/weightSet';
import { net } from '../export/testing/nets';
import { maxAbsDiff, randomImages, randomizedTrainedModel, toNchw } from '../export/testing/trainedModel';
import { TrainingSettingsSchema } from '../train/settings';
import { findPython } from '../../node/testing/python';
import type { BlockDefinition, Graph } from '../graph/schema';
import { USER_BLOCK_TYPE } from '../layers/userBlock';

const SAMPLE_BLOCK: BlockDefinition = {
  id: 'unit',
  name: 'unit',
  graph: {
    nodes: [
      { id: 'conv', type: 'Conv2D', params: { filters: 5, kernelSize: 3, padding: 'same' } },
      { id: 'bn', type: 'BatchNormalization', params: {} },
      { id: 'act', type: 'Activation', params: { activation: 'tanh' } },
    ],
    edges: [
      { id: 'a', source: 'conv', target: 'bn' },
      { id: 'b', source: 'bn', target: 'act' },
    ],
  },
  inputs: ['conv'],
  output: 'act',
};

type Row = Parameters<typeof net>[0][number];

/** Odd, unequal sides so 'same' padding is asymmetric and H/W mix-ups show. */
const IMAGE = { height: 7, width: 6, channels: 3 };

/**
 * The smallest valid net around `def` with its default params: fed the image, else its flattened vector;
 * a layer with no inputs is the net's source itself. undefined when no such net is valid.
 */
function netAround(def: LayerDef): Graph | undefined {
  // A user block needs its definition beside the graph: here a 3×3 convolution → BN → tanh.
  const withBlocks = (g: Graph): Graph => (def.type === USER_BLOCK_TYPE ? { ...g, blocks: [SAMPLE_BLOCK] } : g);
  const tail = (rows: Row[], last: string): Graph | undefined => {
    if (def.type !== 'Output') {
      const shape = analyzeGraph(withBlocks(net(rows))).nodes[last]?.outputShape;
      if (!shape) return undefined;
      if (shape.length === 3) rows.push(['flatten', 'Flatten', {}, [last]]);
      rows.push(['output', 'Output', { classes: 4 }, [shape.length === 3 ? 'flatten' : last]]);
    }
    const g = withBlocks(net(rows));
    return analyzeGraph(g).ok ? g : undefined;
  };
  if (def.arity.max === 0) return tail([['input', def.type, {}, []]], 'input'); // the importers name the source 'input'
  for (const vector of [false, true]) {
    const rows: Row[] = [['input', 'Input', IMAGE, []]];
    if (vector) rows.push(['flatten_in', 'Flatten', {}, ['input']]);
    const x = vector ? 'flatten_in' : 'input';
    const ins = [x];
    for (let i = 1; i < def.arity.min; i++) {
      rows.push([`branch${i}`, 'Activation', { activation: 'tanh' }, [x]]);
      ins.push(`branch${i}`);
    }
    rows.push(['layer', def.type, def.type === USER_BLOCK_TYPE ? { block: SAMPLE_BLOCK.id } : {}, ins]);
    const g = tail(rows, 'layer');
    if (g) return g;
  }
  return undefined;
}

interface Case {
  type: string;
  graph: Graph;
  model: tf.LayersModel;
  x: tf.Tensor4D;
  /** The tfjs model's class probabilities on x. */
  want: Float32Array;
}

const nets = layers.map((l) => ({ type: l.type, graph: netAround(l) }));
const cases = new Map<string, Case>();
const measured: Record<string, number> = {};

beforeAll(async () => {
  await tf.setBackend('cpu');
  for (const { type, graph } of nets) {
    if (!graph) continue;
    const model = await randomizedTrainedModel(graph, { steps: 1, batch: 2, seed: 3 }); // BN statistics as training leaves them
    const x = randomImages(3, (model.inputs[0].shape as number[]).slice(1), 17);
    const want = tf.tidy(() => (model.predict(x) as tf.Tensor).dataSync() as Float32Array);
    cases.set(type, { type, graph, model, x, want });
  }
});
afterAll(() => {
  for (const c of cases.values()) {
    c.model.dispose();
    c.x.dispose();
  }
  console.log('every layer, max abs diff of predictions:', JSON.stringify(measured));
});

/**
 * The graph as the ONNX importer reads it back: ONNX has no separable convolution, so a SeparableConv2D X is
 * written as its depthwise Conv (X) and pointwise 1×1 Conv (X_pointwise) and comes back as those two layers.
 */
function asOnnxReadsIt(g: Graph): Graph {
  const nodes = g.nodes.flatMap((n) => {
    if (n.type !== 'SeparableConv2D') return [n];
    const p = getLayer('SeparableConv2D')!.schema.parse(n.params) as Record<string, any>;
    return [
      { ...n, type: 'DepthwiseConv2D', params: { kernelSize: p.kernelSize, strides: p.strides, padding: p.padding, depthMultiplier: p.depthMultiplier, useBias: false } },
      { ...n, id: `${n.id}_pointwise`, name: `${n.id}_pointwise`, type: 'Conv2D', params: { filters: p.filters, kernelSize: 1, useBias: p.useBias, activation: p.activation } },
    ];
  });
  const separable = new Set(g.nodes.filter((n) => n.type === 'SeparableConv2D').map((n) => n.id));
  const edges = g.edges.flatMap((e) => {
    const out = separable.has(e.source) ? { ...e, source: `${e.source}_pointwise` } : e;
    return separable.has(e.target) ? [out, { id: `${e.target}_pw`, source: e.target, target: `${e.target}_pointwise` }] : [out];
  });
  return { ...g, nodes, edges };
}

const record = (label: string, diff: number) => {
  measured[label] = diff;
  return diff;
};

describe('every registered layer type', () => {
  it('has a valid net to be tested in, with predictions that are not uniform', () => {
    expect(nets.filter((n) => !n.graph).map((n) => n.type)).toEqual([]);
    expect([...cases.keys()].sort()).toEqual(layers.map((l) => l.type).sort());
    for (const c of cases.values()) expect(Math.max(...c.want) - Math.min(...c.want), c.type).toBeGreaterThan(1e-3);
  });

  it("has the analysis' parameter count in the model it builds", () => {
    for (const c of cases.values()) {
      const { totals } = analyzeGraph(c.graph);
      expect(totals.trainable + totals.nonTrainable, c.type).toBe(c.model.countParams());
    }
  });
});

describe.each(layers.map((l) => [l.type]))('%s', (type) => {
  it('tfjs Layers: tf.loadLayersModel and importTfjsModel give the same predictions; import gives the same graph', async () => {
    const c = cases.get(type)!;
    const files = await exportTfjs(tf, c.model, { modelName: type });
    const loaded = await loadTfjsFromFiles(tf, { json: files[TFJS_MODEL_JSON], bin: files[TFJS_SHARD] });
    try {
      expect(record(`${type} tfjs load`, maxAbsDiff(tf.tidy(() => (loaded.predict(c.x) as tf.Tensor).dataSync()), c.want))).toBeLessThanOrEqual(1e-6);
    } finally {
      loaded.dispose();
    }
    const imported = importTfjsModel(files[TFJS_MODEL_JSON], files[TFJS_SHARD]);
    expect(canonicalTfjs(imported.graph)).toEqual(canonicalTfjs(expandedGraph(c.graph)));
    expect(record(`${type} tfjs import`, maxAbsDiff(predictImported(tf, toProject(tf, imported), c.x), c.want))).toBeLessThanOrEqual(1e-6);
  });

  it('ONNX: onnxruntime and importOnnxModel give the same predictions; import gives the same graph', async () => {
    const c = cases.get(type)!;
    const bytes = exportOnnx(flattenGraph(c.graph), weightSetFromModel(c.model), { modelName: type });
    const [n, h, w, ch] = c.x.shape;
    const session = await ort.InferenceSession.create(bytes);
    try {
      const got = await session.run({ [ONNX_INPUT]: new ort.Tensor('float32', toNchw(c.x), [n, ch, h, w]) });
      expect(record(`${type} onnxruntime`, maxAbsDiff(got[ONNX_OUTPUT].data as Float32Array, c.want))).toBeLessThanOrEqual(1e-4);
    } finally {
      await session.release();
    }
    const imported = importOnnxModel(bytes, type);
    expect(canonicalOnnx(imported.graph)).toEqual(canonicalOnnx(asOnnxReadsIt(withoutDropout(expandedGraph(c.graph)))));
    expect(record(`${type} onnx import`, maxAbsDiff(predictImported(tf, toProject(tf, imported), c.x), c.want))).toBeLessThanOrEqual(1e-5);
  });
});

const torchPython = findPython(['torch', 'safetensors']);

describe.skipIf(!torchPython)('PyTorch: model.py in torch gives the same predictions (skipped: no Python with torch)', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'cnn-every-layer-'));
  const dirOf = (type: string) => path.join(root, type);
  let python: { status: number | null; stderr: string };

  // One Python process for every layer (importing torch takes seconds): each model.py is loaded as its own module.
  beforeAll(() => {
    const settings = TrainingSettingsSchema.parse({});
    const jobs: [string, number, number, number, number][] = [];
    for (const c of cases.values()) {
      const dir = dirOf(c.type);
      mkdirSync(dir);
      try {
        for (const [name, data] of Object.entries(exportPytorch(flattenGraph(c.graph), weightSetFromModel(c.model), settings))) writeFileSync(path.join(dir, name), data);
      } catch (e) {
        writeFileSync(path.join(dir, 'error.txt'), String(e)); // this layer's case fails; the others still run
        continue;
      }
      writeFileSync(path.join(dir, 'x.bin'), toNchw(c.x));
      const [n, h, w, ch] = c.x.shape;
      jobs.push([dir, n, ch, h, w]);
    }
    writeFileSync(path.join(root, 'jobs.json'), JSON.stringify(jobs));
    const py = `import importlib.util, json, sys, traceback
import numpy as np, torch
for i, (d, n, c, h, w) in enumerate(json.load(open(sys.argv[1]))):
    try:
        spec = importlib.util.spec_from_file_location(f"model_{i}", f"{d}/model.py")
        m = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(m)
        net = m.load_weights(m.Net(), f"{d}/model.safetensors").eval()
        x = torch.from_numpy(np.fromfile(f"{d}/x.bin", dtype="<f4").reshape(n, c, h, w))
        with torch.no_grad():
            net(x).numpy().astype("<f4").tofile(f"{d}/y.bin")
    except Exception:
        open(f"{d}/error.txt", "w").write(traceback.format_exc())
`;
    python = spawnSync(torchPython!, ['-c', py, path.join(root, 'jobs.json')], { encoding: 'utf8', timeout: 120_000 });
  }, 180_000);

  it.each(layers.map((l) => [l.type]))('%s', (type) => {
    expect(python.stderr).toBe('');
    expect(python.status).toBe(0);
    const dir = dirOf(type);
    expect(existsSync(path.join(dir, 'error.txt')) ? readFileSync(path.join(dir, 'error.txt'), 'utf8') : '').toBe('');
    const got = new Float32Array(new Uint8Array(readFileSync(path.join(dir, 'y.bin'))).buffer);
    expect(record(`${type} torch`, maxAbsDiff(got, cases.get(type)!.want))).toBeLessThanOrEqual(1e-4);
  });
});
