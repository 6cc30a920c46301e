// Live views on vs off (issue #15: "live views cost ≤ 5% of training throughput, measured views-on vs
// views-off in one run"): LeNet-5 (the app's template) trained by src/train/trainer.ts on real MNIST digits,
// wasm with our kernels, the same seeded weights and settings in both arms. The arms alternate (the order
// swapped each round, so drift on a shared machine hits both), samples/s per arm is the median of its rounds,
// and the ratio on/off is the figure (also as the median of each round's pair); target ≥ 0.95. The "on" arm
// includes the epoch-0 frame before training. Its "views % of time" (Σ measured view ms / wall time) is what
// the scheduler holds at ≤ 5%, and steadier than a throughput ratio when other work shares the cores.
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { loadMnist } from '../node/data/ensureMnist';
import { takeFirst } from '../src/data/mnist';
import { analyzeGraph } from '../src/analysis/analyzeGraph';
import { buildTfModelWithAnalysis } from '../src/train/buildTfModel';
import { train } from '../src/train/trainer';
import { liveViews } from '../src/learn/liveViews';
import { sampleInput, seedWeights } from '../src/learn/testNets';
import { registerFastKernels } from '../src/kernels/index';
import { formatTable, parseArgs, type BenchArgs } from './benchModule';
import { setUpBackend } from './backends';
import { lenet5 } from './models';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export async function liveViewsBench(args: BenchArgs): Promise<{ rows: Array<Record<string, string | number>>; json: unknown }> {
  const rounds = Number(args.get('live-rounds') ?? 7);
  const samples = Number(args.get('live-samples') ?? 2048);
  const batchSize = Number(args.get('live-batch') ?? 32);
  const mnist = await loadMnist();
  const dataset = takeFirst(mnist, samples);
  const graph = lenet5.graph();
  const analysis = analyzeGraph(graph);
  const probe = sampleInput(mnist, samples); // a digit outside the training samples
  const settings = { epochs: 1, batchSize, learningRate: 0.003, optimizer: 'adam' as const, validationSplit: 0.1, seed: 11 };

  const arm = async (on: boolean) => {
    const { model } = buildTfModelWithAnalysis(graph, tf, analysis);
    seedWeights(tf, model, 1);
    let frames = 0;
    let interval = Infinity;
    // Step times (between two afterStep calls, the views left out), in both arms: do the views slow the steps
    // between them? (A median of ~50 steps, steadier than an arm's throughput when other work comes and goes.)
    const gaps: number[] = [];
    let lastEnd = performance.now();
    const afterStep = (step: number, epoch: number): Promise<void> | undefined => {
      gaps.push(performance.now() - lastEnd);
      const p = views?.afterStep(step, epoch);
      if (!p) return void (lastEnd = performance.now());
      return p.then(() => void (lastEnd = performance.now()));
    };
    const t0 = performance.now();
    const views = on
      ? liveViews({ tf, graph, model, request: { input: probe, filters: ['C1', 'C3'] }, onFrame: () => void frames++, onSnapshot: () => void frames++ })
      : undefined;
    await views?.begin();
    const r = await train({
      tf,
      model,
      dataset,
      settings,
      callbacks: { onStart: (s) => views?.plan(s.batchesPerEpoch), afterStep },
    });
    const seconds = (performance.now() - t0) / 1000;
    if (views) interval = views.schedule.interval;
    const viewMs = views?.schedule.viewMs ?? 0;
    const share = views ? views.schedule.spentMs / 1000 / seconds : 0;
    const stepMs = views?.schedule.stepMs ?? 0;
    model.dispose();
    return { samplesPerSec: (r.history.length * Math.round(samples * (1 - settings.validationSplit))) / seconds, frames, interval, viewMs, stepMs, share, medianStepMs: median(gaps.slice(1)) };
  };

  await arm(true); // warm-up: wasm kernels, the probe model
  const off: number[] = [];
  const on: number[] = [];
  const shares: number[] = [];
  const steps = { on: [] as number[], off: [] as number[] };
  let last: Awaited<ReturnType<typeof arm>> | undefined;
  for (let i = 0; i < rounds; i++) {
    for (const views of i % 2 ? [true, false] : [false, true]) {
      const r = await arm(views);
      (views ? on : off).push(r.samplesPerSec);
      steps[views ? 'on' : 'off'].push(r.medianStepMs);
      if (views) {
        last = r;
        shares.push(r.share);
      }
    }
  }
  const ratio = median(on) / median(off);
  // Each round's on/off pair ran back to back: its ratio cancels slower drift of a shared machine.
  const paired = median(on.map((x, i) => x / off[i]));
  const row = {
    model: 'LeNet-5',
    backend: tf.getBackend(),
    batch: batchSize,
    'steps/epoch': Math.ceil((samples * (1 - settings.validationSplit)) / batchSize),
    rounds,
    'off samples/s': median(off),
    'on samples/s': median(on),
    'on/off': ratio,
    'paired on/off': paired,
    'off step ms': median(steps.off),
    'on step ms': median(steps.on),
    target: 0.95,
    ok: ratio >= 0.95 ? 'yes' : 'NO',
    // What the scheduler controls, and steadier than the throughput ratio on a shared machine: Σ view ms / wall time.
    'views % of time': 100 * median(shares),
    'view ms': last?.viewMs ?? 0,
    'step ms': last?.stepMs ?? 0,
    'N steps': last?.interval ?? 0,
    'frames/epoch': last?.frames ?? 0,
  };
  return { rows: [row], json: { ...row, off, on, steps } };
}

// Alone: npx tsx bench/liveViews.bench.ts [--live-rounds=5 --live-samples=4096 --live-batch=32 --learn-backend=wasm]
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = parseArgs(process.argv.slice(2));
  const ready = await setUpBackend(String(args.get('learn-backend') ?? 'wasm'));
  if (!ready.ok) throw new Error(ready.reason);
  registerFastKernels(tf);
  const r = await liveViewsBench(args);
  console.log(formatTable(r.rows));
  console.log(JSON.stringify(r.json));
  process.exit(0); // the wasm thread pool keeps the event loop alive
}
