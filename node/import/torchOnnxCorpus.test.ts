// ONNX import of files made the way users make them: src/import/testing/torch_onnx_corpus.py exports ordinary
// PyTorch CNNs with torch.onnx.export (eval mode, PyTorch's defaults) at opsets 11, 13 and 17. Each file is
// opened with importOnnxModel, built in tfjs with the imported weights, and its predictions compared with
// onnxruntime's run of the original file on the same inputs; then the imported model is exported to ONNX again
// and that file's raw output (logits when the original returned logits) compared with the original's, and
// exported to PyTorch and run in torch against PyTorch's own output for the original net.
// Skipped, saying why, where no Python has torch.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { importOnnxModel } from '../../src/import/importOnnx';
import { toProject } from '../../src/import/importModel';
import { exportOnnx, ONNX_INPUT, ONNX_OUTPUT } from '../../src/export/onnx/exportOnnx';
import { flattenGraph } from '../../src/export/flatGraph';
import { weightSetFromModel } from '../../src/export/weights/weightSet';
import { buildTfModel } from '../../src/train/buildTfModel';
import { applyWeights } from '../../src/train/applyWeights';
import { exportPytorch } from '../../src/export/torch/exportPytorch';
import { TrainingSettingsSchema } from '../../src/train/settings';
import { findPython } from '../testing/python';
import { torchPredictions, type TorchFiles } from '../testing/torchPredict';

const SCRIPT = path.resolve('src/import/testing/torch_onnx_corpus.py');
const torchPython = findPython(['torch']);

interface Entry {
  net: string;
  opset: number;
  file: string;
  input: string;
  torch: string;
  inputShape: [number, number, number, number];
  outputShape: [number, number];
  returns: 'probabilities' | 'logits';
  dynamicBatch: boolean;
}

// One row per (net, opset): the script's nets, each at every opset. A row whose op another part of the
// importer has not learnt yet would fail here, named — none is skipped.
const NETS = ['two_conv', 'lenet5', 'resnet', 'vgg', 'inception', 'mobilenet', 'efficientnet', 'googlenet_stem'];
const OPSETS = [11, 13, 17];
const ROWS = NETS.flatMap((net) => OPSETS.map((opset) => ({ net, opset })));

const softmaxRows = (v: Float32Array, classes: number): Float32Array => {
  const out = new Float32Array(v.length);
  for (let r = 0; r < v.length / classes; r++) {
    const row = v.subarray(r * classes, (r + 1) * classes);
    const m = Math.max(...row);
    const e = Array.from(row, (z) => Math.exp(z - m));
    const s = e.reduce((a, b) => a + b, 0);
    e.forEach((z, i) => (out[r * classes + i] = z / s));
  }
  return out;
};

/** Largest |a − b| / max(1, |b|): absolute for probabilities, relative for large logits. */
const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  expect(a.length).toBe(b.length);
  let d = 0;
  for (let i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]) / Math.max(1, Math.abs(b[i])));
  return d;
};

const floats = (file: string) => {
  const b = readFileSync(file);
  return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
};

/** The file's output for x (N×C×H×W); a file exported for batch 1 is run one image at a time. */
async function runOnnx(bytes: Uint8Array, x: Float32Array, [N, C, H, W]: number[], oneAtATime: boolean, input = ONNX_INPUT, output?: string): Promise<Float32Array> {
  const session = await ort.InferenceSession.create(bytes);
  const outName = output ?? session.outputNames[0];
  const per = C * H * W;
  const parts: Float32Array[] = [];
  for (const [from, n] of oneAtATime ? Array.from({ length: N }, (_, i) => [i, 1]) : [[0, N]]) {
    const r = await session.run({ [input]: new ort.Tensor('float32', x.slice(from * per, (from + n) * per), [n, C, H, W]) });
    parts.push(r[outName].data as Float32Array);
  }
  await session.release();
  const out = new Float32Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

describe.skipIf(!torchPython)(`PyTorch-exported ONNX files open and predict as onnxruntime runs them${torchPython ? '' : ' (skipped: no Python with torch; install python3-torch)'}`, () => {
  let dir = '';
  let manifest: Entry[] = [];
  const measured: Record<string, number[]> = {};
  /** Each row's PyTorch export of the imported model, run after the rows (one torch process per net). */
  const torchExports = new Map<string, { files: TorchFiles; m: Entry }[]>();
  beforeAll(async () => {
    await tf.setBackend('cpu');
    dir = mkdtempSync(path.join(tmpdir(), 'cnn-torch-onnx-'));
    const r = spawnSync(torchPython!, [SCRIPT, dir], { encoding: 'utf8', timeout: 120_000 });
    expect(r.status, r.stderr).toBe(0);
    manifest = JSON.parse(readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
    expect(manifest.map((m) => `${m.net}@${m.opset}`).sort()).toEqual(ROWS.map((m) => `${m.net}@${m.opset}`).sort());
  });
  afterAll(() => {
    console.log('torch.onnx.export corpus, max diff [imported vs onnxruntime, ONNX re-export vs original, PyTorch re-export vs PyTorch]:', JSON.stringify(measured));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it.each(ROWS)('$net, opset $opset: opens, predicts as onnxruntime, exports back to the same outputs', async ({ net, opset }) => {
    const m = manifest.find((e) => e.net === net && e.opset === opset)!;
    const bytes = readFileSync(path.join(dir, m.file));
    const [N, C, H, W] = m.inputShape;
    const classes = m.outputShape[1];
    const x = floats(path.join(dir, m.input));

    const original = await runOnnx(bytes, x, m.inputShape, !m.dynamicBatch, 'input');
    // The file is what PyTorch computes (else the comparison below would test nothing).
    expect(maxDiff(original, floats(path.join(dir, m.torch)))).toBeLessThanOrEqual(1e-4);
    const wanted = m.returns === 'logits' ? softmaxRows(original, classes) : original;
    // Predictions far from uniform (the script scales the classifier), so a wrong weight order shows.
    expect(Math.max(...wanted)).toBeGreaterThan(0.3);

    const imported = importOnnxModel(bytes, m.net);
    const out = imported.graph.nodes.find((n) => n.type === 'Output')!;
    expect(out.params.returns).toBe(m.returns === 'logits' ? 'logits' : undefined);
    const r = toProject(tf, imported);
    const model = buildTfModel(r.doc.graph, tf);
    try {
      applyWeights(tf, model, r.weights!);
      const nhwc = tf.tidy(() => tf.tensor4d(x, [N, C, H, W]).transpose([0, 2, 3, 1]) as tf.Tensor4D);
      const ours = tf.tidy(() => (model.predict(nhwc) as tf.Tensor).dataSync() as Float32Array);
      nhwc.dispose();
      const importDiff = maxDiff(ours, wanted);
      expect(importDiff).toBeLessThanOrEqual(1e-4);

      // Exported again: logits stay logits, probabilities probabilities.
      const again = exportOnnx(flattenGraph(r.doc.graph), weightSetFromModel(model), { modelName: m.net });
      const back = await runOnnx(again, x, m.inputShape, false, ONNX_INPUT, ONNX_OUTPUT);
      const exportDiff = maxDiff(back, original);
      expect(exportDiff).toBeLessThanOrEqual(1e-4);
      measured[`${net}@${opset}`] = [importDiff, exportDiff];
      const files = exportPytorch(flattenGraph(r.doc.graph), weightSetFromModel(model), TrainingSettingsSchema.parse({}), { modelName: m.net });
      torchExports.set(net, [...(torchExports.get(net) ?? []), { files: { ...files }, m }]);
    } finally {
      model.dispose();
    }
  });

  it.each(NETS)('%s: the imported model exported to PyTorch computes what the original PyTorch net does (logits stay logits)', (net) => {
    const rows = torchExports.get(net) ?? [];
    expect(rows.length, 'the rows above exported this net').toBe(OPSETS.length);
    const { m } = rows[0];
    const got = torchPredictions(torchPython!, rows.map((r) => r.files), floats(path.join(dir, m.input)), m.inputShape);
    const want = floats(path.join(dir, m.torch));
    got.forEach((y, i) => {
      const d = maxDiff(y, want);
      measured[`${net}@${rows[i].m.opset}`].push(d);
      expect(d).toBeLessThanOrEqual(1e-4);
    });
  });
});
