// `cnn-studio train <project|template>`: trains in Node (WebGPU via the `webgpu` package where a hardware
// adapter exists, else tfjs-wasm, else tfjs-cpu, each with our kernels), shows progress, and writes the weights (tfjs layers-model: model.json +
// weights.bin) and metrics.json to --out, with TensorBoard logs of the epochs in --out/train and --out/validation
// (Keras' layout: node/experiments/writeTensorboard.ts). Exit 0 when trained (or stopped with Ctrl-C, keeping the best
// weights), 1 when training failed (diverged, out of memory, model does not fit the data), 2 on misuse.
// --out is checked before training starts (an impossible folder fails at once, not after the run), and the
// three files are written as one set (node/fs/fileSet.ts): a kill leaves the previous run's files or this
// run's, never a mix. --out may be a folder with other things in it: then only these three names are replaced,
// in place, and everything else there is left alone; a new folder (or one holding only these files) is swapped whole.
import path from 'node:path';
import { defineCommand } from './command';
import { choice, CliUsageError, custom, flag, integer, positiveNumber, text } from './options';
import { loadProjectArg, PROJECT_ARGUMENT } from './loadProject';
import { makeProgress } from './trainProgress';
import { fineTuneOptions, prepareFineTune } from './fineTune';
import { checkTrainable, dataMismatch, loadCliBackend, loadCliTrainingData, printImportReport, trainAndRecord } from './trainRun';
import { checkOutputFolder } from '../../node/fs/outputFolder';
import { TrainingSettingsSchema, type TrainingSettings } from '../../src/train/settings';
import { type Normalization } from '../../src/data/imageFolder';
import { newRunId, nextRunName } from '../../src/experiments/runRecord';
import { runFolderFor } from '../../node/experiments/recordRun';

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'model';

/** --augment SHIFT,SCALE,DEG: three numbers ≥ 0. */
function parseAugmentation(raw: string, flag: string): { shift: number; scale: number; rotationDeg: number } {
  const parts = raw.split(',').map((p) => (p.trim() === '' ? NaN : Number(p)));
  if (parts.length !== 3 || parts.some((x) => !(x >= 0)))
    throw new CliUsageError(`${flag} takes shift,scale,degrees (three numbers ≥ 0), e.g. 0.1,0.1,10 — not "${raw}".`);
  return { shift: parts[0], scale: parts[1], rotationDeg: parts[2] };
}

const SCHEDULES = {
  constant: 'the same rate throughout',
  step: "× the project's step factor every step-size epochs (default ×0.5 every 5)",
  cosine: 'cosine decay to zero over the run',
} satisfies Record<TrainingSettings['schedule'], string>;

const NORMALIZATIONS = { unit: '0..1', symmetric: '−1..1', standardize: "the dataset's mean/std" } satisfies Record<Normalization, string>;

export const trainCommand = defineCommand({
  name: 'train',
  summary: 'Train a project or template on MNIST, an IDX folder or an image folder; write weights + metrics',
  arguments: [PROJECT_ARGUMENT],
  options: {
    data: text({ placeholder: 'mnist|DIR', description: 'the training data: mnist (the embedded 10,000 digits), an IDX folder (MNIST layout, raw or .gz), or a folder of class folders / CIFAR batches', defaultText: "the project's dataset" }),
    epochs: integer({ min: 1, description: 'passes over the training set', defaultText: "the project's setting" }),
    batch: integer({ min: 1, description: 'samples per batch', defaultText: "the project's setting" }),
    lr: positiveNumber({ description: 'learning rate', defaultText: "the project's setting" }),
    schedule: choice(SCHEDULES, { description: 'learning-rate schedule', defaultText: "the project's setting" }),
    augment: custom({ placeholder: 'SHIFT,SCALE,DEG', description: 'random shifts (fraction of the size), scaling (fraction) and rotation (degrees) of each training image, e.g. 0.1,0.1,10', defaultText: "the project's setting", parse: parseAugmentation }),
    normalize: choice(NORMALIZATIONS, { description: 'how pixels are scaled', defaultText: "what the project's dataset import chose, else unit" }),
    backend: choice(['auto', 'webgpu', 'wasm', 'cpu'], { description: 'the tfjs backend; auto tries WebGPU (a hardware adapter), then wasm, then cpu', default: 'auto' }),
    limit: integer({ min: 10, description: 'train on the first N samples only (a quick run)' }),
    out: text({ placeholder: 'DIR', description: 'the folder for model.json, weights.bin, metrics.json and the TensorBoard logs (train/, validation/)', defaultText: 'trained-<project name>' }),
    json: flag('print progress as JSON lines on stdout ({"type":"start"|"batch"|"epoch"|"done", …}) instead of text on stderr'),
    ...fineTuneOptions,
  },
  examples: [
    'cnn-studio train lenet5 --epochs 3',
    'cnn-studio train lenet5 --epochs 12 --batch 32 --lr 0.002 --schedule cosine --augment 0.08,0.08,10 --out runs/lenet',
    'cnn-studio train my.cnnproj --data /usr/share/datasets/fashion-mnist --normalize standardize --json',
    'cnn-studio train lenet5 --init runs/lenet --freeze-until C3 --classes 10 --data /usr/share/datasets/fashion-mnist',
  ],
  async run({ args: [project], options: o, verbose }, io) {
    const { epochs, batch, lr, schedule, augment: augmentation, backend, json, normalize, limit } = o;
    const loaded = await loadProjectArg(project);
    if (!loaded.ok) return (io.err(`train: ${loaded.message}`), 2);
    const tuned = await prepareFineTune('train', loaded.doc, o, io);
    if (!tuned.ok) return tuned.code;
    const { doc } = tuned;
    const isFile = !loaded.source.startsWith('template ');
    const parsedSettings = TrainingSettingsSchema.safeParse({
      ...doc.training,
      ...(epochs !== undefined ? { epochs } : {}),
      ...(batch !== undefined ? { batchSize: batch } : {}),
      ...(lr !== undefined ? { learningRate: lr } : {}),
      ...(schedule !== undefined ? { schedule } : {}),
      ...(augmentation ? { augmentation } : {}),
    });
    if (!parsedSettings.success) {
      const i = parsedSettings.error.issues[0];
      io.err(`train: setting ${i.path.join('.')} is out of range (${i.message}).`);
      return 2;
    }
    const settings = parsedSettings.data;
    // The run (#17 Runs): a project file keeps it in its runs, its folder <project>.runs/<id>/ beside the file.
    const runStartedAt = new Date();
    const runId = newRunId(runStartedAt);
    const runFolder = isFile ? runFolderFor(project, runId) : undefined;
    const out = path.resolve(o.out ?? runFolder?.dir ?? `trained-${slug(doc.name)}`);
    try {
      await checkOutputFolder(out);
    } catch (e) {
      io.err(`train: --out ${(e as Error).message}`);
      return 2;
    }

    // The graph is checked before any data is loaded or model built.
    const trainable = await checkTrainable('train', doc, settings);
    if (!trainable.ok) return (io.err(trainable.message), 1);

    let data;
    try {
      data = await loadCliTrainingData({ data: o.data, doc, ...(isFile ? { projectPath: project } : {}), limit, normalize });
    } catch (e) {
      io.err(`train: ${(e as Error).message}`);
      return 2;
    }
    printImportReport(data, io, json);
    const mismatch = dataMismatch('train', doc, trainable.analysis, data);
    if (mismatch) return (io.err(mismatch), 1);
    const tfBackend = await loadCliBackend('train', backend, { verbose, io });
    const { TrainingControl } = await import('../../src/train/control');
    const progress = makeProgress(io, { json, tty: !json && !!process.stderr.isTTY });
    const control = new TrainingControl();
    const onSigint = () => {
      io.err('\ntrain: stopping after this batch (Ctrl-C again to abort) — the best weights so far will be written.');
      control.stop();
      process.once('SIGINT', () => process.exit(130));
    };
    process.once('SIGINT', onSigint);
    const trained = await trainAndRecord({
      command: 'train',
      doc,
      source: loaded.source,
      ...(isFile ? { projectPath: project } : {}),
      settings,
      analysis: trainable.analysis,
      data,
      backend: tfBackend,
      run: { id: runId, name: nextRunName(doc.runs ?? []), startedAt: runStartedAt, origin: 'cli' },
      out,
      control,
      progress,
      announce: !json,
      io,
      ...(tuned.init ? { init: tuned.init } : {}),
    }).finally(() => process.removeListener('SIGINT', onSigint));
    if (trained.kind === 'not-built' || !trained.written) return trained.code;
    const { result, wrote } = trained;
    if (!json) {
      if (result.failure) io.err(`train: ${result.failure.message}`);
      const { valAccuracy } = result;
      const acc = valAccuracy !== null ? `validation accuracy ${(valAccuracy * 100).toFixed(2)}%` : 'no validation set';
      io.err(`${result.status} in ${result.seconds.toFixed(1)} s (${result.samplesPerSec.toFixed(0)} samples/s), ${acc}${result.bestEpoch !== undefined ? ` (best epoch ${result.bestEpoch + 1})` : ''}.`);
      io.out(`Wrote ${wrote.map((f) => path.join(out, f)).join(', ')}`);
    }
    return trained.code;
  },
});
