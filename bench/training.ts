// Training throughput (samples/s) of LeNet-5 and ResNet-20 with stock tfjs kernels and with ours, in the
// same process: unregisterFastKernels → time stock, registerFastKernels → time ours, same model and batch.
// Per variant: one profiled step (tf.profile kernel name × ms, printed per kernel stock vs ours — the "before
// and after"); plain timed steps (samples/s); then a few steps with every kernelFunc of the backend wrapped in a
// counter + timer (no tf.profile): kernel calls per step, ms inside kernels and JavaScript ms per step (wall −
// in-kernel: the engine, tape, gradients, optimizer bookkeeping around the kernels), printed stock vs ours.
// Models come from the app's templates (bench/models.ts). Synthetic batches: throughput does not depend on
// pixel values.
// Flags: --backends=cpu,wasm,webgpu  --webgpu (adds it)  --long (more steps, stock ResNet-20 on cpu/wasm)
// --models=lenet,resnet  --steps=N  --split-steps=N (kernel-timed steps, default min(3, steps); 0 = off)
// --wasm-threads=1,2 (one wasm run per XNNPACK thread count, in this process; default one thread per core)
// --vs-torch: after each wasm/webgpu scenario, the same net and batch in PyTorch (bench/torch/train_speed.py;
// CPU with as many threads as wasm has, CUDA for webgpu when torch sees a GPU), ours/PyTorch against the
// issue's targets; skipped, saying why, where no Python imports torch. --torch-steps=N (default: ours, ≥ 3).
import os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { type FastKernelBackend, registerFastKernels, unregisterFastKernels } from '../src/kernels/index';
import { simdModuleStats } from '../src/kernels/wasm/simd/simdKernels';
import type { BenchArgs, BenchReport } from './benchModule';
import { type BenchModel, lenet5, resnet20 } from './models';
import { setUpBackend } from './backends';
import { makeOptimizer } from '../src/train/optimizer';
import { findTorchPython, torchTraining, type TorchRow } from './torch/torchBench';

interface Scenario {
  key: string;
  model: BenchModel;
  batch: number;
  /** Timed steps with our kernels (after one warm-up step). */
  steps: number;
  /** Timed steps with stock kernels; 0 = time the single profiled step only; -1 = skip (too slow by default). */
  stockSteps: number;
}

/** Steps run with every kernelFunc of the backend wrapped in a counter and timer (no tf.profile). */
interface KernelSplit {
  steps: number;
  /** Kernel calls the engine dispatched per step (outermost: a kernel run inside another is in `nestedPerStep`). */
  callsPerStep: number;
  nestedPerStep: number;
  /** Wall ms inside outermost kernel functions per step. */
  kernelMs: number;
  /** Wall ms per step of these (wrapped) steps. */
  wallMs: number;
  /** wallMs − kernelMs: JavaScript around the kernels (engine, tape, gradient functions, optimizer, read-back). */
  jsMs: number;
  /** Calls per step by kernel, most called first. */
  calls: Record<string, number>;
  /** ms per step inside each kernel (outermost calls), most first: tf.profile's table without its overhead. */
  msByKernel: Record<string, number>;
}

interface VariantResult {
  samplesPerSec?: number;
  msPerStep?: number;
  steps: number;
  error?: string;
  skipped?: string;
  profile?: Record<string, number>;
  split?: KernelSplit;
}

interface TorchResult {
  row?: TorchRow;
  error?: string;
  device: 'cpu' | 'cuda';
  threads?: number;
}

/** The issue's targets for ours / PyTorch (samples/s). */
const TORCH_TARGET: Record<string, number> = { lenet: 1.0, resnet: 0.5 };

// Default run stays near 5 minutes on 2 shared cores: stock kernels get one (profiled) step, ResNet-20 on
// cpu/wasm gets one profiled step of ours and runs stock only with --long.
function scenariosFor(backend: string, args: BenchArgs): Scenario[] {
  const long = args.has('long');
  const steps = args.has('steps') ? Number(args.get('steps')) : undefined;
  const slowCpu = backend === 'cpu' || backend === 'wasm';
  const all: Scenario[] = [
    { key: 'lenet', model: lenet5, batch: 64, steps: steps ?? (long ? 30 : 10), stockSteps: long ? 3 : 0 },
    { key: 'lenet', model: lenet5, batch: 256, steps: steps ?? (long ? 20 : 8), stockSteps: long ? 2 : 0 },
    {
      key: 'resnet', model: resnet20, batch: 128,
      // cpu: one profiled step (~10 s); wasm: a warm-up and 3 timed steps (~2 s each with our kernels) — the
      // first step carries one-off costs (weight uploads, kernel set-up) that would halve the figure.
      steps: steps ?? (backend === 'cpu' ? (long ? 3 : 0) : backend === 'wasm' ? (long ? 10 : 3) : 20),
      stockSteps: slowCpu ? (long ? 0 : -1) : 5,
    },
  ];
  const models = typeof args.get('models') === 'string' ? String(args.get('models')).split(',') : ['lenet', 'resnet'];
  // --batch=N: one scenario per model at that batch (kernel call counts on SwiftShader need no b128).
  const batch = args.has('batch') ? Number(args.get('batch')) : undefined;
  if (batch !== undefined && !(Number.isInteger(batch) && batch > 0)) throw new Error(`bench training: --batch must be a positive integer, got ${String(args.get('batch'))}`);
  const picked = all.filter((s) => models.includes(s.key));
  if (batch === undefined) return picked;
  return picked.filter((s, i) => picked.findIndex((t) => t.key === s.key) === i).map((s) => ({ ...s, batch }));
}

async function profileStep(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor): Promise<{ ms: number; byKernel: Record<string, number> }> {
  const started = performance.now();
  const info = await tf.profile(async () => {
    await model.trainOnBatch(x, y);
  });
  const ms = performance.now() - started;
  const byKernel: Record<string, number> = {};
  for (const k of info.kernels) {
    if (k.name.endsWith('__op')) continue; // op wrappers nest around kernels and would count them twice
    const kernelMs = typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : Number.NaN;
    byKernel[k.name] = (byKernel[k.name] ?? 0) + kernelMs;
  }
  return { ms, byKernel: Object.fromEntries(Object.entries(byKernel).sort((p, q) => q[1] - p[1])) };
}

/**
 * Wraps the kernelFunc of every kernel registered for `backendName` (in place: the engine reads
 * `kernel.kernelFunc` at each call) with a counter and a timer, until `stop()` puts the originals back.
 * Kernels are synchronous on cpu and wasm, so the time inside is the kernel's work; on webgpu it is only the
 * time to record the GPU commands (the GPU's time shows up as JavaScript time at the read-back).
 */
function wrapKernels(backendName: string) {
  const configs = tf.getKernelsForBackend(backendName);
  const originals = configs.map((c) => c.kernelFunc);
  const counts = new Map<string, number>();
  const msBy = new Map<string, number>();
  let depth = 0;
  let calls = 0;
  let nested = 0;
  let ms = 0;
  configs.forEach((config, i) => {
    const inner = originals[i];
    const name = config.kernelName;
    config.kernelFunc = (args) => {
      counts.set(name, (counts.get(name) ?? 0) + 1);
      if (depth > 0) {
        nested++;
        return inner(args);
      }
      depth++;
      const started = performance.now();
      try {
        return inner(args);
      } finally {
        const took = performance.now() - started;
        ms += took;
        msBy.set(name, (msBy.get(name) ?? 0) + took);
        depth--;
        calls++;
      }
    };
  });
  return {
    read: () => ({ calls, nested, ms, counts: new Map(counts), msBy: new Map(msBy) }),
    stop: () => configs.forEach((config, i) => (config.kernelFunc = originals[i])),
  };
}

/** `steps` trainOnBatch steps with the kernels wrapped: calls, in-kernel and JavaScript ms per step. */
async function kernelSplit(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor, steps: number): Promise<KernelSplit> {
  const wrap = wrapKernels(tf.getBackend());
  try {
    const started = performance.now();
    for (let i = 0; i < steps; i++) await model.trainOnBatch(x, y);
    const wall = performance.now() - started;
    const r = wrap.read();
    const perStep = (v: number) => v / steps;
    return {
      steps,
      callsPerStep: perStep(r.calls),
      nestedPerStep: perStep(r.nested),
      kernelMs: perStep(r.ms),
      wallMs: perStep(wall),
      jsMs: perStep(wall - r.ms),
      calls: Object.fromEntries([...r.counts].sort((p, q) => q[1] - p[1]).map(([k, n]) => [k, perStep(n)])),
      msByKernel: Object.fromEntries([...r.msBy].sort((p, q) => q[1] - p[1]).map(([k, v]) => [k, perStep(v)])),
    };
  } finally {
    wrap.stop();
  }
}

/**
 * Warm-up before the timed steps: at least one step and WARMUP_MS of them. V8 compiles our JavaScript kernels
 * (and tfjs' engine) hot only after a few calls: LeNet-5 b64 on wasm ran 40, 27, 23 ms a step over its first three
 * tens of steps and ~20 ms after that, so two warm-up steps timed the compiler, not the training.
 */
const WARMUP_MS = 2000;

/**
 * One profiled step (also the first warm-up), then, when steps > 0, warm-up steps (WARMUP_MS) and `steps` timed
 * steps (samples/s), then `splitSteps` kernel-timed steps. With steps = 0 the figure is the kernel-timed step(s)
 * (the wrapper adds well under a microsecond a call), or the profiled step when splitSteps is 0 too.
 * trainOnBatch resolves with the loss value, so every step ends with the device synced.
 */
async function measure(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor, steps: number, batch: number, splitSteps: number): Promise<VariantResult> {
  try {
    const profiled = await profileStep(model, x, y);
    let msPerStep = profiled.ms;
    if (steps > 0) {
      const warm = performance.now();
      do await model.trainOnBatch(x, y);
      while (performance.now() - warm < WARMUP_MS);
      const started = performance.now();
      for (let i = 0; i < steps; i++) await model.trainOnBatch(x, y);
      msPerStep = (performance.now() - started) / steps;
    }
    const split = splitSteps > 0 ? await kernelSplit(model, x, y, splitSteps) : undefined;
    if (steps === 0 && split) msPerStep = split.wallMs;
    return { msPerStep, samplesPerSec: (batch / msPerStep) * 1000, steps: Math.max(1, steps), profile: profiled.byKernel, split };
  } catch (e) {
    return { steps, error: e instanceof Error ? e.message.split('\n')[0] : String(e) };
  }
}

/** Kernel-timed steps for a variant timed with `steps` plain steps (0: only its profiled step). */
function splitStepsFor(steps: number, args: BenchArgs): number {
  if (args.has('split-steps')) return Math.max(0, Number(args.get('split-steps')));
  return Math.max(1, Math.min(3, steps));
}

function splitRow(backend: string, model: string, stock: VariantResult, ours: VariantResult): Record<string, string | number> {
  const c = (v: VariantResult, f: (s: KernelSplit) => number) => (v.split ? f(v.split) : v.error ? 'fails' : '-');
  const share = (s: KernelSplit) => `${((100 * s.jsMs) / s.wallMs).toFixed(0)}%`;
  return {
    backend,
    model,
    'stock calls/step': c(stock, (s) => s.callsPerStep),
    'ours calls/step': c(ours, (s) => s.callsPerStep),
    'stock kernel ms': c(stock, (s) => s.kernelMs),
    'ours kernel ms': c(ours, (s) => s.kernelMs),
    'stock JS ms': c(stock, (s) => s.jsMs),
    'ours JS ms': c(ours, (s) => s.jsMs),
    'ours JS share': ours.split ? share(ours.split) : '-',
    'ours most called': ours.split
      ? Object.entries(ours.split.calls)
          .slice(0, 4)
          .map(([k, n]) => `${k} ${n.toFixed(0)}`)
          .join(', ')
      : '',
    ...(backend === 'webgpu' ? { note: 'kernel ms = recording GPU commands; the GPU time lands in JS (the loss read-back)' } : {}),
  };
}

/** PyTorch on the same net and batch: CPU with wasm's thread count, or CUDA for webgpu when torch has a GPU. */
async function torchFor(s: Scenario, backend: string, wasmThreads: number | undefined, args: BenchArgs): Promise<TorchResult> {
  const py = findTorchPython();
  if (!py.ok) return { device: 'cpu', error: py.reason };
  const device = backend === 'webgpu' && py.cuda ? 'cuda' : 'cpu';
  const threads = device === 'cpu' ? (wasmThreads ?? os.availableParallelism()) : undefined;
  const steps = args.has('torch-steps') ? Number(args.get('torch-steps')) : Math.max(3, s.steps);
  try {
    const [row] = await torchTraining(py, { runs: [{ key: s.key as 'lenet' | 'resnet', batch: s.batch }], steps, threads, device });
    return { row, device, threads };
  } catch (e) {
    return { device, threads, error: e instanceof Error ? e.message : String(e) };
  }
}

function torchRow(backend: string, s: Scenario, model: tf.LayersModel, ours: VariantResult, t: TorchResult): { row: Record<string, string | number>; json: unknown } {
  const params = model.countParams();
  const trainable = model.trainableWeights.reduce((a, w) => a + w.shape.reduce((p: number, d) => p * (d ?? 1), 1), 0);
  const paramsMatch = t.row ? t.row.params === params && t.row.trainableParams === trainable : undefined;
  const ratio = ours.samplesPerSec && t.row?.samplesPerSec ? ours.samplesPerSec / t.row.samplesPerSec : undefined;
  const target = TORCH_TARGET[s.key];
  const fmt = (n: number) => n.toLocaleString('en-US');
  const row = {
    backend,
    model: `${s.model.name} b${s.batch}`,
    'ours samples/s': ours.samplesPerSec ?? ours.error ?? ours.skipped ?? '',
    'PyTorch samples/s': t.row?.samplesPerSec ?? `fails: ${(t.error ?? '?').slice(0, 60)}`,
    'PyTorch on': t.row ? `${t.row.device}${t.device === 'cpu' ? ` ×${t.row.threads}` : ''}, torch ${t.row.torch}${t.row.ompWaitPolicy ? `, OMP_WAIT_POLICY=${t.row.ompWaitPolicy}` : ''}` : t.device,
    'ours/PyTorch': ratio ?? '',
    target: target !== undefined ? `≥ ${target.toFixed(1)}×` : '',
    meets: ratio === undefined || target === undefined ? '' : ratio >= target ? 'yes' : 'no',
    'params ours / PyTorch': t.row ? `${fmt(params)} / ${fmt(t.row.params)} ${paramsMatch ? '✓' : '✗ MISMATCH'}` : fmt(params),
    // PyTorch's OpenMP threads suffer more than ours from neighbours on the cores: judge a ratio by this.
    load: os.loadavg()[0],
  };
  if (paramsMatch === false) console.error(`vs-torch: ${s.model.name}: PyTorch's net has ${t.row!.params} parameters (${t.row!.trainableParams} trainable), ours ${params} (${trainable}) — bench/torch/train_speed.py no longer matches the template`);
  return { row, json: { ...t, ratio, target, paramsMatch, params, trainableParams: trainable, loadAverage: os.loadavg() } };
}

/** Per-kernel ms of the profiled step, stock next to ours, for the kernels that matter in either. */
function profileRows(stock: Record<string, number> | undefined, ours: Record<string, number> | undefined, n = 12): Array<Record<string, string | number>> {
  const top = (p: Record<string, number> | undefined) => Object.keys(p ?? {}).slice(0, n);
  const names = [...new Set([...top(stock), ...top(ours)])].sort((a, b) => Math.max(stock?.[b] ?? 0, ours?.[b] ?? 0) - Math.max(stock?.[a] ?? 0, ours?.[a] ?? 0));
  const sum = (p: Record<string, number> | undefined) => (p ? Object.values(p).reduce((a, v) => a + (Number.isFinite(v) ? v : 0), 0) : undefined);
  const cell = (v: number | undefined) => (v === undefined ? '-' : v);
  return [
    ...names.map((k) => ({ kernel: k, 'stock ms': cell(stock?.[k]), 'ours ms': cell(ours?.[k]) })),
    { kernel: 'all kernels', 'stock ms': cell(sum(stock)), 'ours ms': cell(sum(ours)) },
  ];
}

function topKernels(profile: Record<string, number> | undefined, n = 5): string {
  if (!profile) return '';
  return Object.entries(profile)
    .slice(0, n)
    .map(([k, ms]) => `${k} ${ms.toFixed(1)}`)
    .join(', ');
}

export async function run(args: BenchArgs): Promise<BenchReport> {
  const backends = typeof args.get('backends') === 'string' ? String(args.get('backends')).split(',') : ['cpu', 'wasm'];
  if (args.has('webgpu') && !backends.includes('webgpu')) backends.push('webgpu');
  const table: BenchReport['table'] = [];
  const tables: NonNullable<BenchReport['tables']> = [];
  const splitRows: BenchReport['table'] = [];
  const torchRows: BenchReport['table'] = [];
  const results: unknown[] = [];
  const wasmThreads = typeof args.get('wasm-threads') === 'string' ? String(args.get('wasm-threads')).split(',').map(Number) : [undefined];
  const runs = backends.flatMap((backend) => (backend === 'wasm' ? wasmThreads.map((threads) => ({ backend, threads })) : [{ backend, threads: undefined }]));
  const vsTorch = args.has('vs-torch');
  let torchSkipped: string | undefined;
  if (vsTorch) {
    const py = findTorchPython();
    if (!py.ok) console.log((torchSkipped = `vs-torch skipped: ${py.reason}`));
    else console.log(`vs-torch: ${py.interpreter} (Python ${py.python}, torch ${py.torch}${py.cuda ? `, CUDA: ${py.cudaDevice}` : ', no CUDA'})`);
    if (!backends.some((b) => b === 'wasm' || b === 'webgpu')) torchSkipped ??= 'vs-torch compares wasm and webgpu runs; add --backends=wasm';
  }
  for (const { backend, threads } of runs) {
    const ready = await setUpBackend(backend, { wasmThreads: threads });
    if (!ready.ok) {
      table.push({ backend, model: '-', note: `skipped: ${ready.reason}` });
      results.push({ backend, skipped: ready.reason });
      continue;
    }
    const threading = ready.wasmThreads;
    const backendLabel = threading ? `wasm ×${threading.threads}${threading.reason && threads !== 1 ? ` (${threading.reason})` : ''}` : tf.getBackend();
    for (const s of scenariosFor(backend, args)) {
      const model = s.model.build(tf);
      // Stock: tfjs' own Adam; ours: makeOptimizer's (the fused one-kernel update where our kernels are registered).
      model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
      const x = tf.randomUniform([s.batch, ...s.model.inputShape], 0, 1, 'float32', 7);
      const y = tf.oneHot(tf.randomUniform([s.batch], 0, s.model.classes, 'int32', 8), s.model.classes);

      unregisterFastKernels(tf);
      const stock: VariantResult =
        s.stockSteps >= 0 ? await measure(model, x, y, s.stockSteps, s.batch, splitStepsFor(s.stockSteps, args)) : { steps: 0, skipped: 'stock too slow here; run with --long' };
      const registered = registerFastKernels(tf, { backends: [backend as FastKernelBackend] });
      model.compile({ optimizer: makeOptimizer(tf, { optimizer: 'adam', learningRate: 1e-3, momentum: 0.9 }), loss: 'categoricalCrossentropy' });
      const ours: VariantResult =
        registered.length > 0 ? await measure(model, x, y, s.steps, s.batch, splitStepsFor(s.steps, args)) : { steps: 0, skipped: `no kernels of ours for ${backend}` };
      // Which build of our SIMD module ran (relaxed SIMD or SIMD128 only) and how many helper threads it had.
      const simd = backend === 'wasm' ? simdModuleStats(tf.backend()) : undefined;
      unregisterFastKernels(tf);

      const ratio = stock.samplesPerSec && ours.samplesPerSec ? ours.samplesPerSec / stock.samplesPerSec : undefined;
      const label = `${s.model.name} b${s.batch}`;
      table.push({
        backend: backendLabel,
        model: label,
        'stock samples/s': stock.samplesPerSec ?? (stock.error ? `fails: ${stock.error.slice(0, 40)}` : (stock.skipped ?? '')),
        'ours samples/s': ours.samplesPerSec ?? ours.error ?? ours.skipped ?? '',
        'ours/stock': ratio ?? '',
        'our SIMD module': simd ? `${simd.relaxed ? 'relaxed SIMD' : 'SIMD128'}, ${simd.ready} helper thread${simd.ready === 1 ? '' : 's'}` : '',
        'stock top kernels (ms)': topKernels(stock.profile),
        'ours top kernels (ms)': topKernels(ours.profile),
      });
      splitRows.push(splitRow(backendLabel, label, stock, ours));
      if (stock.profile || ours.profile)
        tables.push({ title: `${backendLabel} ${label}: one profiled step, ms per kernel (stock → ours)${stock.error ? ` — stock fails: ${stock.error.slice(0, 60)}` : ''}`, rows: profileRows(stock.profile, ours.profile) });
      // PyTorch right after ours, on the same load: the ratio compares neighbours in time.
      let torch: unknown;
      if (vsTorch && !torchSkipped && (backend === 'wasm' || backend === 'webgpu')) {
        const t = torchRow(backendLabel, s, model, ours, await torchFor(s, backend, threading?.threads, args));
        torchRows.push(t.row);
        torch = t.json;
      }
      results.push({ backend: tf.getBackend(), wasmThreads: threading, simd, model: s.model.name, template: s.model.template, batch: s.batch, stock, ours, ratio, registered, torch });
      tf.dispose([x, y]);
      model.dispose();
    }
  }
  const front: NonNullable<BenchReport['tables']> = [
    { title: 'kernel calls and ms per step, stock vs ours (kernel-timed steps, no tf.profile; JS = wall − in-kernel)', rows: splitRows },
  ];
  if (vsTorch)
    front.push({
      title: 'vs PyTorch (bench/torch/train_speed.py, same nets, Adam, batch; ours = our kernels; targets: the issue\'s)',
      rows: torchSkipped ? [{ note: torchSkipped }] : torchRows,
    });
  return { name: 'training throughput', table, tables: [...front, ...tables], json: { cpuCount: await cpuCount(), results, vsTorch: vsTorch ? (torchSkipped ?? true) : undefined } };
}

async function cpuCount(): Promise<number | undefined> {
  return typeof navigator !== 'undefined' && 'hardwareConcurrency' in navigator ? navigator.hardwareConcurrency : undefined;
}
