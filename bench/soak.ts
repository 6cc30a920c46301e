// Soak run (not a test): trains a small CNN on MNIST on the CPU for a set time with the real trainer and
// prints memory over time (rss, JS heap, tfjs tensors), then 10 start/stop cycles, which must leave the
// tensor count and heap flat. `npx tsx bench/soak.ts [--minutes 2]` (60 for the 1-hour soak), or as a
// bench module: `npm run bench -- --only=soak --minutes=2`.
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { loadMnist } from '../node/data/ensureMnist';
import { takeFirst } from '../src/data/mnist';
import { registerFastKernels } from '../src/kernels/index';
import { train } from '../src/train/trainer';
import { TrainingControl } from '../src/train/control';
import { collectGarbage, memorySample, tinyConvNet, trainingCycle, type MemorySample } from '../main/recovery/trainingCycle';
import { type BenchArgs, type BenchReport, formatTable, parseArgs } from './benchModule';

/** Accepts `--minutes=60` (bench style) and `--minutes 60`. */
function minutesFrom(args: BenchArgs, argv: string[]): number {
  const v = args.get('minutes');
  const i = argv.indexOf('--minutes');
  const text = typeof v === 'string' ? v : i >= 0 ? argv[i + 1] : undefined;
  const m = text === undefined ? 2 : Number(text);
  if (!Number.isFinite(m) || m <= 0) throw new Error(`--minutes must be a positive number, not "${text}".`);
  return m;
}

export async function run(args: BenchArgs, argv = process.argv.slice(2)): Promise<BenchReport> {
  const minutes = minutesFrom(args, argv);
  await tf.setBackend('cpu');
  registerFastKernels(tf);
  const ds = takeFirst(await loadMnist(), 2000);
  const started = performance.now();
  const samples: (MemorySample & { epoch: number; loss: number })[] = [];
  let epoch = 0;
  let loss = NaN;
  const sample = () => samples.push({ ...memorySample(tf, started), epoch, loss });

  // One long run stopped by the clock, sampled every ~1/20 of the duration (at least every 5 s).
  const baselineTensors = tf.memory().numTensors;
  const model = tinyConvNet(tf, ds);
  const control = new TrainingControl();
  const every = Math.max(5, (minutes * 60) / 20) * 1000;
  sample();
  const during: number[] = [];
  const timer = setInterval(() => {
    sample();
    during.push(tf.memory().numTensors);
  }, every);
  const stopAt = setTimeout(() => control.stop(), minutes * 60_000);
  const result = await train({
    tf,
    model,
    dataset: ds,
    control,
    settings: { epochs: 100_000, batchSize: 32, learningRate: 0.001, validationSplit: 0.1, seed: 3 },
    callbacks: {
      onEpoch: (r) => {
        epoch = r.epoch + 1;
        loss = r.loss;
      },
    },
  });
  clearInterval(timer);
  clearTimeout(stopAt);
  model.dispose();
  sample();
  const afterRunTensors = tf.memory().numTensors;

  // Ten start/stop cycles after the long run.
  await collectGarbage();
  const beforeCycles = memorySample(tf, started);
  for (let i = 0; i < 10; i++) await trainingCycle(tf, ds, { stopAfterBatches: 5, epochs: 3 });
  await collectGarbage();
  const afterCycles = memorySample(tf, started);

  const first = samples[1] ?? samples[0];
  const last = samples[samples.length - 2] ?? first; // the last one taken while training
  const summary = {
    minutes,
    status: result.status,
    epochs: result.history.length,
    samplesPerSec: Math.round(result.samplesPerSec),
    finalValAcc: result.history.at(-1)?.valAcc,
    // Pending batches, the best-weights snapshot and validation make the count move within a range;
    // a leak shows as new highs in the second half.
    tensorsWhileTraining: { min: Math.min(...during), max: Math.max(...during), maxFirstHalf: Math.max(...during.slice(0, Math.ceil(during.length / 2))), maxSecondHalf: Math.max(...during.slice(Math.ceil(during.length / 2))) },
    tensorsBeforeAfterRun: [baselineTensors, afterRunTensors],
    heapMBFirstLast: [first.heapMB, last.heapMB],
    rssMBFirstLast: [first.rssMB, last.rssMB],
    cycles: { tensorsBefore: beforeCycles.numTensors, tensorsAfter: afterCycles.numTensors, heapGrowthMB: afterCycles.heapMB - beforeCycles.heapMB },
  };
  const table = samples.map((s) => ({ s: Math.round(s.seconds), epoch: s.epoch, loss: s.loss, rssMB: s.rssMB, heapMB: s.heapMB, tensors: s.numTensors, tensorMB: s.tensorMB }));
  table.push({ s: Math.round(afterCycles.seconds), epoch: NaN, loss: NaN, rssMB: afterCycles.rssMB, heapMB: afterCycles.heapMB, tensors: afterCycles.numTensors, tensorMB: afterCycles.tensorMB });
  return { name: 'soak', table, json: { summary, samples } };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const argv = process.argv.slice(2);
  const report = await run(parseArgs(argv), argv);
  console.log(formatTable(report.table));
  console.log(JSON.stringify((report.json as { summary: unknown }).summary, null, 2));
  const s = (report.json as any).summary;
  // Flat: no new highs late in training, back to the baseline after the run and after the cycles.
  const flat = s.tensorsWhileTraining.maxSecondHalf <= s.tensorsWhileTraining.maxFirstHalf && s.tensorsBeforeAfterRun[0] === s.tensorsBeforeAfterRun[1] && s.cycles.tensorsAfter === s.cycles.tensorsBefore;
  console.log(flat ? 'soak: tensor count flat' : 'soak: TENSOR COUNT GREW');
  process.exit(flat ? 0 : 1);
}
