// A report input made the way the app makes one, from real data end to end (test-only): real MNIST digits
// written as PNG files into a train/ + val/ image folder (plus an empty, a corrupt and a non-image file, so
// the import report has skips), imported by the host's importImageFolder, LeNet-5 from its template trained
// a few epochs on the training half, its softmax outputs on the val/ half evaluated by evaluatePredictions,
// the mistakes' pixels for thumbnails, and robustness curves on the val/ images.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { loadMnist } from '../../../node/data/ensureMnist';
import { importImageFolder } from '../../../node/data/importImageFolder';
import { ImportOptionsSchema } from '../../contract/dataset';
import { registerFastKernels } from '../../kernels/index';
import { lenet5 } from '../../templates/lenet5';
import { buildTfModel } from '../../train/buildTfModel';
import { train } from '../../train/trainer';
import { TrainingSettingsSchema } from '../../train/settings';
import { seedWeights } from '../../learn/testNets';
import { predictProbabilities } from '../../evaluate/predictProbabilities';
import { evaluatePredictions } from '../../evaluate/evaluatePredictions';
import { robustnessCurves, tfPredictor } from '../../experiments/robustness';
import { transformById } from '../../experiments/transforms';
import { encodePng } from '../png';
import type { ReportInput } from '../reportInput';

export const DIGIT_NAMES = ['0 zero', '1 one', '2 two', '3 three', '4 four', '5 five', '6 six', '7 seven', '8 eight', '9 nine'];
/** A class folder named like markup: the report must show it as text. */
export const HOSTILE_CLASS = '<img src=x onerror=alert(1)>';

export interface ReportFixture {
  input: ReportInput;
  /** The image folder (removed by cleanup). */
  folder: string;
  cleanup(): Promise<void>;
}

/** Per class: `train` training and `val` validation digits; class `hostileDigit` gets the name HOSTILE_CLASS. */
export async function makeReportFixture(opts: { train?: number; val?: number; epochs?: number; hostileDigit?: number; lang?: 'en' | 'ko'; projectName?: string } = {}): Promise<ReportFixture> {
  const perTrain = opts.train ?? 50;
  const perVal = opts.val ?? 15;
  await tf.setBackend('cpu');
  registerFastKernels(tf);
  const mnist = await loadMnist();
  const root = await mkdtemp(path.join(tmpdir(), 'cnn-report-'));
  const folder = path.join(root, 'digits');
  const names = DIGIT_NAMES.map((n, d) => (d === opts.hostileDigit ? HOSTILE_CLASS : n));
  const taken = new Array(10).fill(0);
  for (let i = 0; i < mnist.n && taken.some((k) => k < perTrain + perVal); i++) {
    const d = mnist.labels[i];
    if (taken[d] >= perTrain + perVal) continue;
    const split = taken[d] < perTrain ? 'train' : 'val';
    const dir = path.join(folder, split, names[d]);
    await mkdir(dir, { recursive: true });
    await writeFile(path.join(dir, `mnist-${i}.png`), encodePng(28, 28, 1, mnist.images.subarray(i * 784, (i + 1) * 784)));
    taken[d]++;
  }
  await writeFile(path.join(folder, 'train', names[1], 'empty.png'), new Uint8Array(0));
  await writeFile(path.join(folder, 'train', names[2], 'notes.txt'), 'not an image');
  await writeFile(path.join(folder, 'val', names[3], 'broken.png'), encodePng(28, 28, 1, new Uint8Array(784)).subarray(0, 60));

  const imported = await importImageFolder({ folder, options: ImportOptionsSchema.parse({ height: 28, width: 28, channels: 1 }), cacheRoot: path.join(root, 'cache') });
  const ds = imported.dataset!;
  const { graph } = lenet5();
  const model = buildTfModel(graph, tf);
  seedWeights(tf, model, 7);
  const settings = TrainingSettingsSchema.parse({ optimizer: 'adam', learningRate: 0.003, batchSize: 32, epochs: opts.epochs ?? 4, seed: 7, backend: 'cpu' });
  const run = await train({ tf, model, dataset: ds, settings });

  const val = ds.validationIndices ?? [];
  const { probabilities, truth } = await predictProbabilities(tf, model, ds, val, 64);
  const files = val.map((i) => imported.manifest.entries[i]?.rel);
  const evaluation = evaluatePredictions({ probabilities, truth, classNames: ds.classNames, source: `${path.basename(folder)}/val`, files });
  const size = ds.height * ds.width * ds.channels;
  const misclassifiedImages = evaluation.misclassified.map((m) => ({
    index: m.index,
    height: ds.height,
    width: ds.width,
    channels: ds.channels,
    pixels: ds.images.slice(val[m.index] * size, (val[m.index] + 1) * size),
  }));
  const data = new Float32Array(val.length * size);
  val.forEach((i, k) => {
    for (let p = 0; p < size; p++) data[k * size + p] = ds.images[i * size + p] / 255;
  });
  const robustness = await robustnessCurves(
    tfPredictor(tf, model),
    { data, n: val.length, height: ds.height, width: ds.width, channels: ds.channels, labels: Array.from(truth), normalization: ds.normalization },
    ds.classNames.length,
    ['shiftX', 'rotation', 'noise'].map((id) => transformById(id)!),
    { seed: 3 },
  );
  model.dispose();

  const input: ReportInput = {
    lang: opts.lang ?? 'en',
    generatedAt: new Date().toISOString(),
    project: { name: opts.projectName ?? 'LeNet-5 digits', graph },
    training: { settings, history: run.history, status: run.status, backend: tf.getBackend(), seconds: run.seconds, samplesPerSec: run.samplesPerSec, bestEpoch: run.bestEpoch, runName: 'run-1' },
    dataset: {
      source: folder,
      classNames: ds.classNames,
      shape: [ds.height, ds.width, ds.channels],
      trainSamples: ds.n - val.length,
      validationSamples: val.length,
      classCounts: imported.report.classes,
      importReport: imported.report,
    },
    evaluation,
    misclassifiedImages,
    robustness,
  };
  return { input, folder, cleanup: () => rm(root, { recursive: true, force: true }) };
}
