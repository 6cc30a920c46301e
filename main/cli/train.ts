// `cnn-studio train <project|template>`: trains in Node (WebGPU via the `webgpu` package where a hardware
// adapter exists, else tfjs-wasm, else tfjs-cpu, each with our kernels), shows progress, and writes the weights (tfjs layers-model: model.json +
// weights.bin) and metrics.json to --out, with TensorBoard logs of the epochs in --out/train and --out/validation
// (Keras' layout: node/experiments/writeTensorboard.ts). Exit 0 when trained (or stopped with Ctrl-C, keeping the best
// weights), 1 when training failed (diverged, out of memory, model does not fit the data), 2 on misuse.
// --out is checked before training starts (an impossible folder fails at once, not after the run), and the
// three files are written as one set (node/fs/fileSet.ts): a kill leaves the previous run's files or this
// run's, never a mix. --out may be a folder with other things in it: then only these three names are replaced,
// in place, and everything else there is left alone; a new folder (or one holding only these files) is swapped whole.
import os from 'node:os';
import path from 'node:path';
import { defineCommand } from './command';
import { choice, CliUsageError, custom, flag, integer, positiveNumber, text } from './options';
import { loadProjectArg, PROJECT_ARGUMENT } from './loadProject';
import { dataArgFrom, loadTrainingData } from './trainData';
import { makeProgress } from './trainProgress';
import { loadTfForNode } from '../../node/train/trainBackend';
import { writeFileSetAtomically } from '../../node/fs/fileSet';
import { writeTensorboardLogs } from '../../node/experiments/writeTensorboard';
import { checkOutputFolder } from '../../node/fs/outputFolder';
import { TrainingSettingsSchema, type TrainingSettings } from '../../src/train/settings';
import { takeFirst } from '../../src/data/mnist';
import { addChannelSums, channelStatsOf, normalizationFor, type Normalization } from '../../src/data/imageFolder';

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
  },
  examples: [
    'cnn-studio train lenet5 --epochs 3',
    'cnn-studio train lenet5 --epochs 12 --batch 32 --lr 0.002 --schedule cosine --augment 0.08,0.08,10 --out runs/lenet',
    'cnn-studio train my.cnnproj --data /usr/share/datasets/fashion-mnist --normalize standardize --json',
  ],
  async run({ args: [project], options: o, verbose }, io) {
    const { epochs, batch, lr, schedule, augment: augmentation, backend, json, normalize, limit } = o;
    const loaded = await loadProjectArg(project);
    if (!loaded.ok) return (io.err(`train: ${loaded.message}`), 2);
    const { doc } = loaded;
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
    const out = path.resolve(o.out ?? `trained-${slug(doc.name)}`);
    try {
      await checkOutputFolder(out);
    } catch (e) {
      io.err(`train: --out ${(e as Error).message}`);
      return 2;
    }

    // The graph is checked before any data is loaded or model built: its errors, then what cannot train on this
    // machine (a tensor over tfjs's 2³¹ − 1 values, a path deeper than tfjs can build, a batch over the memory).
    const { analyzeGraph } = await import('../../src/analysis/analyzeGraph');
    const { trainabilityProblems } = await import('../../src/train/trainability');
    const analysis = analyzeGraph(doc.graph);
    const firstError = analysis.issues.find((i) => i.severity === 'error');
    if (firstError) {
      io.err(`train: ${doc.name} has problems — ${firstError.message} (run \`cnn-studio validate\` for all of them).`);
      return 1;
    }
    const cannot = trainabilityProblems(doc.graph, analysis, { batch: settings.batchSize, memoryBytes: os.totalmem() })[0];
    if (cannot) {
      io.err(`train: ${doc.name} cannot train here — ${cannot.message}`);
      return 1;
    }

    let data;
    try {
      const arg = dataArgFrom(o.data, doc.dataset, isFile ? path.dirname(path.resolve(project)) : undefined);
      // Image folders are decoded at the size of the graph's Input node.
      const input = doc.graph.nodes.find((n) => n.type === 'Input')?.params as { height?: number; width?: number; channels?: 1 | 3 } | undefined;
      data = await loadTrainingData(arg, input);
    } catch (e) {
      io.err(`train: ${(e as Error).message}`);
      return 2;
    }
    const limited = limit !== undefined ? takeFirst(data.dataset, limit) : data.dataset;
    // Input normalisation: the flag, else what the project's dataset import chose, else pixel/255.
    const mode: Normalization = normalize ?? doc.dataset.options?.normalization ?? 'unit';
    const stats = mode === 'standardize' ? channelStatsOf(addChannelSums(limited.images.subarray(0, limited.n * limited.height * limited.width * limited.channels), limited.channels)) : undefined;
    const dataset = { ...limited, normalization: normalizationFor(mode, limited.channels, stats) };

    const { tf, choice, adapter: gpuAdapter, wasmThreads } = await loadTfForNode(backend, { verbose, log: io.err });
    // Shown beside the backend: the GPU adapter, or how many threads wasm got (and why one, where so).
    const adapter = gpuAdapter ?? (wasmThreads ? `${wasmThreads.threads} thread${wasmThreads.threads === 1 ? '' : 's'}${wasmThreads.reason ? `: ${wasmThreads.reason}` : ''}` : undefined);
    for (const s of choice.skipped) if (s.backend === backend) io.err(`train: ${s.backend} is not usable here (${s.reason}); using ${choice.backend}.`);
    const { buildTfModelWithAnalysis } = await import('../../src/train/buildTfModel');
    const { train } = await import('../../src/train/trainer');
    const { TrainingControl } = await import('../../src/train/control');
    const { graphHash } = await import('../../src/train/graphHash');
    const { exportWeights } = await import('../../src/train/applyWeights');
    const { modelJsonText, MODEL_JSON, WEIGHTS_BIN } = await import('../../src/train/weightsFiles');

    let model;
    try {
      model = buildTfModelWithAnalysis(doc.graph, tf, analysis).model;
    } catch (e) {
      io.err(`train: ${(e as Error).message}`);
      return 1;
    }
    const progress = makeProgress(io, { json, tty: !json && !!process.stderr.isTTY });
    const control = new TrainingControl();
    const onSigint = () => {
      io.err('\ntrain: stopping after this batch (Ctrl-C again to abort) — the best weights so far will be written.');
      control.stop();
      process.once('SIGINT', () => process.exit(130));
    };
    process.once('SIGINT', onSigint);
    const startedAt = Date.now();
    if (!json) io.err(`${doc.name}: ${model.countParams().toLocaleString('en')} parameters · ${data.source}${limit ? `, first ${dataset.n}` : ''} · tfjs ${choice.backend}${adapter ? ` (${adapter})` : ''}`);
    const result = await train({
      tf,
      model,
      dataset,
      settings,
      control,
      activationBytesPerSample: analysis.totals.activationBytes,
      callbacks: {
        onStart: (s) => progress.start({ ...s, backend: choice.backend, ...(adapter ? { adapter } : {}), params: model.countParams() }),
        onBatch: (b) => progress.batch(b),
        onEpoch: (e) => progress.epoch(e),
      },
    }).finally(() => process.removeListener('SIGINT', onSigint));

    const hash = graphHash(doc.graph);
    const last = result.history.at(-1);
    const best = result.bestEpoch !== undefined ? result.history[result.bestEpoch] : last;
    const metrics = {
      project: doc.name,
      source: loaded.source,
      dataset: { source: data.source, samples: dataset.n, shape: [dataset.height, dataset.width, dataset.channels], classes: dataset.classNames, normalization: { mode, ...dataset.normalization } },
      backend: choice.backend,
      ...(adapter ? { adapter } : {}),
      graphHash: hash,
      params: model.countParams(),
      settings,
      status: result.status,
      ...(result.failure ? { failure: result.failure } : {}),
      epochs: result.history,
      bestEpoch: result.bestEpoch ?? null,
      valAccuracy: result.evaluation?.accuracy ?? null,
      valLoss: result.evaluation?.loss ?? null,
      trainAccuracy: best?.acc ?? null,
      seconds: result.seconds,
      samplesPerSec: result.samplesPerSec,
      confusion: result.evaluation?.confusion ?? null,
      perClass: result.evaluation?.perClass ?? null,
    };
    // One set: weights.bin, then model.json (it names weights.bin), then metrics.json; only metrics.json when nothing trained.
    const files: Record<string, string | Uint8Array> = {};
    if (result.status !== 'failed' || result.bestEpoch !== undefined) {
      const w = await exportWeights(tf, model);
      const shortMetrics: Record<string, number> = {};
      if (result.evaluation) Object.assign(shortMetrics, { valAcc: result.evaluation.accuracy, valLoss: result.evaluation.loss });
      files[WEIGHTS_BIN] = w.weightData;
      files[MODEL_JSON] = modelJsonText(w.modelTopology, w.weightSpecs, { graphHash: hash, trainedAt: new Date().toISOString(), metrics: shortMetrics, normalization: dataset.normalization });
    }
    files['metrics.json'] = JSON.stringify(metrics, null, 2);
    model.dispose();
    try {
      await writeFileSetAtomically(out, files, { entry: MODEL_JSON in files ? MODEL_JSON : 'metrics.json' });
    } catch (e: any) {
      io.err(`train: could not write ${Object.keys(files).join(', ')} into ${out}: ${e?.message ?? e}`);
      return 1;
    }
    const wrote = [MODEL_JSON, WEIGHTS_BIN, 'metrics.json'].filter((f) => f in files);
    // TensorBoard logs of the epochs (train/, validation/), after the set: the weights stand even if these fail.
    try {
      const logs = await writeTensorboardLogs(out, result.history, { startedAt });
      wrote.push(...logs.map((f) => path.relative(out, f)));
    } catch (e: any) {
      io.err(`train: wrote ${wrote.join(', ')} but not the TensorBoard logs (train/, validation/) into ${out}: ${e?.message ?? e}`);
      return 1;
    }

    progress.done({ status: result.status, valAccuracy: metrics.valAccuracy, valLoss: metrics.valLoss, seconds: result.seconds, samplesPerSec: result.samplesPerSec, out, files: wrote, ...(result.failure ? { failure: result.failure } : {}) });
    if (!json) {
      if (result.failure) io.err(`train: ${result.failure.message}`);
      const acc = metrics.valAccuracy !== null ? `validation accuracy ${(metrics.valAccuracy * 100).toFixed(2)}%` : 'no validation set';
      io.err(`${result.status} in ${result.seconds.toFixed(1)} s (${result.samplesPerSec.toFixed(0)} samples/s), ${acc}${result.bestEpoch !== undefined ? ` (best epoch ${result.bestEpoch + 1})` : ''}.`);
      io.out(`Wrote ${wrote.map((f) => path.join(out, f)).join(', ')}`);
    }
    return result.status === 'failed' ? 1 : 0;
  },
});
