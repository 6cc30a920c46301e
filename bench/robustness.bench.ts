// The robustness lab's sweep (issue #17): the trained LeNet-5 fixture over 2,000 real MNIST digits × 7
// transforms × 9 magnitudes (the identity points reuse the untransformed 2,000: 112,000 + 2,000 predictions),
// batches of 1000, one tf.tidy per batch, transforms on typed arrays. Target: within 30 s on this CPU (wasm with our kernels).
// A bench module (export run) for bench/index.ts (`npm run bench -- --only=robustness`), and runnable alone:
// npx tsx bench/robustness.bench.ts [--robustness-backend=wasm] [--images=2000] [--batch=1000]
import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { registerFastKernels } from '../src/kernels/index';
import { loadMnist } from '../node/data/ensureMnist';
import { lenet5 } from '../src/templates/lenet5';
import { trainedLenet5 } from '../src/learn/testNets';
import { robustnessCurves, tfPredictor } from '../src/experiments/robustness';
import { TRANSFORMS } from '../src/experiments/transforms';
import { formatTable, parseArgs, type BenchArgs, type BenchReport } from './benchModule';
import { setUpBackend } from './backends';

const TARGET_S = 30;
const SWEPT = ['shiftX', 'shiftY', 'scale', 'rotation', 'squeeze', 'stroke', 'noise'];

export async function run(args: BenchArgs): Promise<BenchReport> {
  const backend = String(args.get('robustness-backend') ?? 'wasm');
  const images = Number(args.get('images') ?? 2000);
  const batchSize = Number(args.get('batch') ?? 1000);
  const ready = await setUpBackend(backend);
  if (!ready.ok) return { name: 'robustness', table: [{ backend, skipped: ready.reason }], json: { skipped: ready.reason } };
  registerFastKernels(tf);
  const mnist = await loadMnist();
  const { model } = await trainedLenet5(tf, mnist, lenet5().graph);
  const from = 5000; // not among the 256 the fixture trained on
  const data = Float32Array.from(mnist.images.subarray(from * 784, (from + images) * 784), (v) => v / 255);
  const set = { data, n: images, height: 28, width: 28, channels: 1, labels: mnist.labels.slice(from, from + images), normalization: mnist.normalization };
  const transforms = TRANSFORMS.filter((t) => SWEPT.includes(t.id));
  const predict = tfPredictor(tf, model);
  // Time the transforms alone too: the sweep is the sum of these and the predictions.
  let t0 = performance.now();
  for (const t of transforms) for (const m of t.magnitudes) for (let i = 0; i < images; i++) t.apply(data.subarray(i * 784, (i + 1) * 784), 28, 28, 1, m, Math.random);
  const transformS = (performance.now() - t0) / 1000;
  t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const result = await robustnessCurves(predict, set, 10, transforms, { seed: 1, batchSize });
  const sweepS = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  // CPU seconds of this process (all its threads): what the sweep costs when other processes share the cores.
  const cpuS = (cpu.user + cpu.system) / 1e6;
  model.dispose();
  // The identity points reuse the untransformed result (robustness.ts), so each transform predicts 8 magnitudes.
  const predictions = images * (1 + transforms.reduce((s, t) => s + t.magnitudes.filter((m) => m !== t.identity).length, 0));
  const row = { model: 'LeNet-5 (trained fixture)', backend: tf.getBackend(), images, transforms: transforms.length, magnitudes: 9, predictions, 'transforms s': transformS, 'sweep s': sweepS, 'CPU s': cpuS, 'load avg': loadavg()[0], 'target s': TARGET_S, ok: sweepS <= TARGET_S ? 'yes' : 'NO' };
  const rows = result.curves.map((c) => ({ transform: c.transform, ...Object.fromEntries(c.values.map((v, i) => [`#${i + 1}`, `${v}: ${c.accuracy[i].toFixed(3)}`])) }));
  return { name: 'robustness', table: [row], json: { ...row, accuracy: result.accuracy, curves: result.curves }, tables: [{ title: `accuracy per magnitude, "magnitude: accuracy" (untransformed ${result.accuracy.toFixed(3)})`, rows }] };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const report = await run(parseArgs(process.argv.slice(2)));
  console.log(formatTable(report.table));
  for (const t of report.tables ?? []) console.log(`\n${t.title}\n${formatTable(t.rows)}`);
  process.exit(0); // the wasm thread pool keeps the event loop alive
}
