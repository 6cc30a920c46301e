// `cnn-studio train <project|template>`: trains in Node (WebGPU via the `webgpu` package where a hardware
// adapter exists, else tfjs-wasm, else tfjs-cpu, each with our kernels), shows progress, and writes the weights (tfjs layers-model: model.json +
// weights.bin) and metrics.json to --out. Exit 0 when trained (or stopped with Ctrl-C, keeping the best
// weights), 1 when training failed (diverged, out of memory, model does not fit the data), 2 on misuse.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parseArgs, type CliCommand } from './command';
import { loadProjectArg } from './loadProject';
import { dataArgFrom, loadTrainingData } from './trainData';
import { makeProgress } from './trainProgress';
import { loadTfForNode } from '../../node/train/trainBackend';
import { TrainingSettingsSchema } from '../../src/train/settings';
import { takeFirst } from '../../src/data/mnist';
import { addChannelSums, channelStatsOf, normalizationFor, type Normalization } from '../../src/data/imageFolder';

const USAGE =
  'train <project|template> [--data mnist|<idx-dir>|<folder>] [--epochs N] [--batch N] [--lr X] [--schedule constant|step|cosine] [--augment SHIFT,SCALE,DEG] [--normalize unit|symmetric|standardize] [--backend auto|webgpu|wasm|cpu] [--limit N] [--out DIR] [--json]';

function intFlag(flags: Record<string, string | true>, name: string, min: number): number | undefined | string {
  const v = flags[name];
  if (v === undefined) return undefined;
  const n = Number(v);
  return Number.isInteger(n) && n >= min ? n : `--${name} must be a whole number ≥ ${min}, not "${v === true ? '' : v}".`;
}

const slug = (s: string) => s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '') || 'model';

export const trainCommand: CliCommand = {
  name: 'train',
  summary: 'Train a project or template on MNIST, an IDX folder or an image folder; write weights + metrics',
  usage: USAGE,
  async run(args, io) {
    const { positional, flags } = parseArgs(args, ['json']);
    if (positional.length !== 1) {
      io.err(`train: give one project file or template id, e.g. \`cnn-studio train lenet5 --epochs 3\`.\nUsage: cnn-studio ${USAGE}`);
      return 2;
    }
    const epochs = intFlag(flags, 'epochs', 1);
    const batch = intFlag(flags, 'batch', 1);
    const limit = intFlag(flags, 'limit', 10);
    for (const v of [epochs, batch, limit]) if (typeof v === 'string') return (io.err(`train: ${v}`), 2);
    const lr = flags.lr === undefined ? undefined : Number(flags.lr);
    if (lr !== undefined && !(lr > 0)) return (io.err(`train: --lr must be a positive number, not "${flags.lr}".`), 2);
    const schedule = flags.schedule;
    if (schedule !== undefined && !['constant', 'step', 'cosine'].includes(schedule as string))
      return (io.err(`train: --schedule must be constant, step or cosine, not "${schedule}".`), 2);
    let augmentation: { shift: number; scale: number; rotationDeg: number } | undefined;
    if (flags.augment !== undefined) {
      const parts = String(flags.augment).split(',').map(Number);
      if (parts.length !== 3 || parts.some((x) => !(x >= 0)))
        return (io.err(`train: --augment takes shift,scale,degrees, e.g. 0.1,0.1,10 — not "${flags.augment}".`), 2);
      augmentation = { shift: parts[0], scale: parts[1], rotationDeg: parts[2] };
    }
    const backend = (flags.backend ?? 'auto') as string;
    if (!['auto', 'webgpu', 'wasm', 'cpu'].includes(backend)) return (io.err(`train: --backend must be auto, webgpu, wasm or cpu, not "${backend}".`), 2);
    const json = flags.json === true;
    const normalize = (flags.normalize ?? undefined) as string | undefined;
    if (normalize !== undefined && !['unit', 'symmetric', 'standardize'].includes(normalize))
      return (io.err(`train: --normalize must be unit (0..1), symmetric (−1..1) or standardize (the dataset's mean/std), not "${normalize}".`), 2);

    const loaded = await loadProjectArg(positional[0]);
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

    let data;
    try {
      const arg = dataArgFrom(typeof flags.data === 'string' ? flags.data : undefined, doc.dataset, isFile ? path.dirname(path.resolve(positional[0])) : undefined);
      // Image folders are decoded at the size of the graph's Input node.
      const input = doc.graph.nodes.find((n) => n.type === 'Input')?.params as { height?: number; width?: number; channels?: 1 | 3 } | undefined;
      data = await loadTrainingData(arg, input);
    } catch (e) {
      io.err(`train: ${(e as Error).message}`);
      return 2;
    }
    const limited = limit !== undefined ? takeFirst(data.dataset, limit as number) : data.dataset;
    // Input normalisation: the flag, else what the project's dataset import chose, else pixel/255.
    const mode = (normalize ?? doc.dataset.options?.normalization ?? 'unit') as Normalization;
    const stats = mode === 'standardize' ? channelStatsOf(addChannelSums(limited.images.subarray(0, limited.n * limited.height * limited.width * limited.channels), limited.channels)) : undefined;
    const dataset = { ...limited, normalization: normalizationFor(mode, limited.channels, stats) };

    const { analyzeGraph } = await import('../../src/analysis/analyzeGraph');
    const analysis = analyzeGraph(doc.graph);
    const firstError = analysis.issues.find((i) => i.severity === 'error');
    if (firstError) {
      io.err(`train: ${doc.name} has problems — ${firstError.message} (run \`cnn-studio validate\` for all of them).`);
      return 1;
    }
    const { tf, choice, adapter: gpuAdapter, wasmThreads } = await loadTfForNode(backend as 'auto' | 'webgpu' | 'wasm' | 'cpu');
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

    const out = path.resolve(typeof flags.out === 'string' ? flags.out : `trained-${slug(doc.name)}`);
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
    const wrote: string[] = [];
    if (result.status !== 'failed' || result.bestEpoch !== undefined) {
      await fs.mkdir(out, { recursive: true });
      const w = await exportWeights(tf, model);
      const shortMetrics: Record<string, number> = {};
      if (result.evaluation) Object.assign(shortMetrics, { valAcc: result.evaluation.accuracy, valLoss: result.evaluation.loss });
      await fs.writeFile(path.join(out, WEIGHTS_BIN), w.weightData);
      await fs.writeFile(path.join(out, MODEL_JSON), modelJsonText(w.modelTopology, w.weightSpecs, { graphHash: hash, trainedAt: new Date().toISOString(), metrics: shortMetrics, normalization: dataset.normalization }));
      wrote.push(MODEL_JSON, WEIGHTS_BIN);
    } else await fs.mkdir(out, { recursive: true });
    await fs.writeFile(path.join(out, 'metrics.json'), JSON.stringify(metrics, null, 2));
    wrote.push('metrics.json');
    model.dispose();

    progress.done({ status: result.status, valAccuracy: metrics.valAccuracy, valLoss: metrics.valLoss, seconds: result.seconds, samplesPerSec: result.samplesPerSec, out, files: wrote, ...(result.failure ? { failure: result.failure } : {}) });
    if (!json) {
      if (result.failure) io.err(`train: ${result.failure.message}`);
      const acc = metrics.valAccuracy !== null ? `validation accuracy ${(metrics.valAccuracy * 100).toFixed(2)}%` : 'no validation set';
      io.err(`${result.status} in ${result.seconds.toFixed(1)} s (${result.samplesPerSec.toFixed(0)} samples/s), ${acc}${result.bestEpoch !== undefined ? ` (best epoch ${result.bestEpoch + 1})` : ''}.`);
      io.out(`Wrote ${wrote.map((f) => path.join(out, f)).join(', ')}`);
    }
    return result.status === 'failed' ? 1 : 0;
  },
};
