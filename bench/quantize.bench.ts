// Quantised exports measured (issue #18: int8 LeNet-5 and ResNet-20 within 1 point of float32 at ≤ 30% of its
// size): each network trained here on real images — Fashion-MNIST (/usr/share/datasets/fashion-mnist, else the
// embedded MNIST), ResNet-20's Input set to 28×28×1 (it ends in global pooling, so nothing else changes) — then
// exported as ONNX float32 / int8 (QDQ calibrated on 200 training images) / float16 and tfjs uint8 / float16, each
// file run (onnxruntime-node, tf.loadLayersModel) on 2,000 t10k images.
// A bench module for bench/index.ts (`npm run bench -- --only=quantize`, opt-in: ResNet-20 trains for minutes), and
// runnable alone: npx tsx bench/quantize.bench.ts [--quantize-models=lenet5,resnet20] [--train-images=8000] [--epochs=2]
import { pathToFileURL } from 'node:url';
import { existsSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import { registerFastKernels } from '../src/kernels/index';
import { loadMnist } from '../node/data/ensureMnist';
import { loadIdxFolder } from '../node/data/loadDataset';
import { loadTemplates } from '../src/project/templates';
import { buildTfModel } from '../src/train/buildTfModel';
import { exportWeights } from '../src/train/applyWeights';
import { modelInputs, spreadPick } from '../src/export/quantize/calibration';
import { splitDataset } from '../src/train/split';
import { exportAndMeasure } from '../node/export/measureExport';
import type { ExportFormat, ExportQuantization } from '../src/export/formats';
import type { ProjectDoc } from '../src/project/schema';
import type { InMemoryDataset } from '../src/data/dataset';
import { formatTable, parseArgs, type BenchArgs, type BenchReport } from './benchModule';
import { setUpBackend } from './backends';

const FASHION = '/usr/share/datasets/fashion-mnist';
const EXPORTS: [ExportFormat, ExportQuantization][] = [
  ['onnx', 'int8'],
  ['onnx', 'float16'],
  ['tfjs', 'uint8'],
  ['tfjs', 'float16'],
];

async function dataset(): Promise<{ ds: InMemoryDataset; source: string }> {
  if (existsSync(FASHION)) return { ds: (await loadIdxFolder(FASHION)).dataset, source: 'Fashion-MNIST' };
  return { ds: await loadMnist(), source: 'embedded MNIST' };
}

async function templateFor(id: string, ds: InMemoryDataset): Promise<ProjectDoc> {
  const doc = (await loadTemplates()).find((t) => t.id === id)!.makeDoc();
  const input = doc.graph.nodes.find((n) => n.type === 'Input')!;
  input.params = { ...input.params, height: ds.height, width: ds.width, channels: ds.channels };
  return doc;
}

export async function run(args: BenchArgs): Promise<BenchReport> {
  const models = String(args.get('quantize-models') ?? 'lenet5,resnet20').split(',');
  const trainImages = Number(args.get('train-images') ?? 8000);
  const epochs = Number(args.get('epochs') ?? 2);
  const ready = await setUpBackend('wasm');
  if (!ready.ok) return { name: 'quantize', table: [{ skipped: ready.reason }], json: { skipped: ready.reason } };
  registerFastKernels(tf);
  const { ds, source } = await dataset();
  const rows: Record<string, string | number>[] = [];
  for (const id of models) {
    const doc = await templateFor(id, ds);
    const split = splitDataset(ds, doc.training.validationSplit, doc.training.seed);
    const train = modelInputs(ds, spreadPick(split.train, trainImages));
    const model = buildTfModel(doc.graph, tf);
    const x = tf.tensor4d(train.images, [train.n, ds.height, ds.width, ds.channels]);
    const y = tf.oneHot(tf.tensor1d(train.labels, 'int32'), ds.classNames.length);
    model.compile({ optimizer: tf.train.adam(0.001), loss: 'categoricalCrossentropy' });
    const t0 = performance.now();
    await model.fit(x, y, { epochs, batchSize: 64, verbose: 0, shuffle: true });
    const trainS = (performance.now() - t0) / 1000;
    console.error(`quantize: ${id} trained on ${train.n} images × ${epochs} epochs in ${trainS.toFixed(0)} s`);
    tf.dispose([x, y]);
    const saved = await exportWeights(tf, model);
    model.dispose();
    const weights = { weightSpecs: saved.weightSpecs, weightData: saved.weightData, classNames: ds.classNames };
    for (const [format, quantize] of EXPORTS) {
      const { measurement: m } = await exportAndMeasure(tf, doc, format, { weights, quantize }, { dataset: ds, calibrationCount: 200, validationCount: 2000 });
      console.error(`quantize: ${id} ${format} ${quantize}: ${JSON.stringify(m)}`);
      rows.push({
        model: id,
        data: source,
        'train s': Math.round(trainS),
        export: `${format} ${quantize}`,
        'float32 bytes': m.before.bytes,
        bytes: m.after.bytes,
        'size %': +((100 * m.after.bytes) / m.before.bytes).toFixed(1),
        'float32 acc': +m.before.accuracy.toFixed(4),
        acc: +m.after.accuracy.toFixed(4),
        'Δ points': +(100 * (m.after.accuracy - m.before.accuracy)).toFixed(2),
        agreement: +m.agreement.toFixed(4),
        images: m.samples,
      });
    }
  }
  return { name: 'quantize', table: rows, json: rows };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const report = await run(parseArgs(process.argv.slice(2)));
  console.log(formatTable(report.table));
  process.exit(0); // the wasm thread pool keeps the event loop alive
}
