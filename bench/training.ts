// Training throughput (samples/s) of LeNet-5 and ResNet-20 with stock tfjs kernels and with ours, in the
// same process: unregisterFastKernels → time stock, registerFastKernels → time ours, same model and batch.
// Also one profiled step per variant (tf.profile kernel name × ms), printed per kernel stock vs ours (the
// "before and after"). Models come from the app's templates (bench/models.ts). Synthetic batches: throughput
// does not depend on pixel values. Flags: --backends=cpu,wasm,webgpu  --webgpu (adds it)  --long (more steps, stock
// ResNet-20 on cpu/wasm)  --models=lenet,resnet  --steps=N  --wasm-threads=1,2 (one wasm run per XNNPACK thread
// count, in this process; default one run with a thread per core).
import * as tf from '@tensorflow/tfjs';
import { type FastKernelBackend, registerFastKernels, unregisterFastKernels } from '../src/kernels/index';
import type { BenchArgs, BenchReport } from './benchModule';
import { type BenchModel, lenet5, resnet20 } from './models';
import { setUpBackend } from './backends';

interface Scenario {
  key: string;
  model: BenchModel;
  batch: number;
  /** Timed steps with our kernels (after one warm-up step). */
  steps: number;
  /** Timed steps with stock kernels; 0 = time the single profiled step only; -1 = skip (too slow by default). */
  stockSteps: number;
}

interface VariantResult {
  samplesPerSec?: number;
  msPerStep?: number;
  steps: number;
  error?: string;
  skipped?: string;
  profile?: Record<string, number>;
}

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
  return all.filter((s) => models.includes(s.key));
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
 * One profiled step (which is also the timing when steps = 0), then, when steps > 0, one warm-up and `steps`
 * timed steps. trainOnBatch resolves with the loss value, so every step ends with the device synced.
 */
async function measure(model: tf.LayersModel, x: tf.Tensor, y: tf.Tensor, steps: number, batch: number): Promise<VariantResult> {
  try {
    const profiled = await profileStep(model, x, y);
    let msPerStep = profiled.ms;
    if (steps > 0) {
      await model.trainOnBatch(x, y);
      const started = performance.now();
      for (let i = 0; i < steps; i++) await model.trainOnBatch(x, y);
      msPerStep = (performance.now() - started) / steps;
    }
    return { msPerStep, samplesPerSec: (batch / msPerStep) * 1000, steps: Math.max(1, steps), profile: profiled.byKernel };
  } catch (e) {
    return { steps, error: e instanceof Error ? e.message.split('\n')[0] : String(e) };
  }
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
  const results: unknown[] = [];
  const wasmThreads = typeof args.get('wasm-threads') === 'string' ? String(args.get('wasm-threads')).split(',').map(Number) : [undefined];
  const runs = backends.flatMap((backend) => (backend === 'wasm' ? wasmThreads.map((threads) => ({ backend, threads })) : [{ backend, threads: undefined }]));
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
      model.compile({ optimizer: tf.train.adam(1e-3), loss: 'categoricalCrossentropy' });
      const x = tf.randomUniform([s.batch, ...s.model.inputShape], 0, 1, 'float32', 7);
      const y = tf.oneHot(tf.randomUniform([s.batch], 0, s.model.classes, 'int32', 8), s.model.classes);

      unregisterFastKernels(tf);
      const stock: VariantResult =
        s.stockSteps >= 0 ? await measure(model, x, y, s.stockSteps, s.batch) : { steps: 0, skipped: 'stock too slow here; run with --long' };
      const registered = registerFastKernels(tf, { backends: [backend as FastKernelBackend] });
      const ours: VariantResult =
        registered.length > 0 ? await measure(model, x, y, s.steps, s.batch) : { steps: 0, skipped: `no kernels of ours for ${backend}` };
      unregisterFastKernels(tf);

      const ratio = stock.samplesPerSec && ours.samplesPerSec ? ours.samplesPerSec / stock.samplesPerSec : undefined;
      const label = `${s.model.name} b${s.batch}`;
      table.push({
        backend: backendLabel,
        model: label,
        'stock samples/s': stock.samplesPerSec ?? (stock.error ? `fails: ${stock.error.slice(0, 40)}` : (stock.skipped ?? '')),
        'ours samples/s': ours.samplesPerSec ?? ours.error ?? ours.skipped ?? '',
        'ours/stock': ratio ?? '',
        'stock top kernels (ms)': topKernels(stock.profile),
        'ours top kernels (ms)': topKernels(ours.profile),
      });
      if (stock.profile || ours.profile)
        tables.push({ title: `${backendLabel} ${label}: one profiled step, ms per kernel (stock → ours)${stock.error ? ` — stock fails: ${stock.error.slice(0, 60)}` : ''}`, rows: profileRows(stock.profile, ours.profile) });
      results.push({ backend: tf.getBackend(), wasmThreads: threading, model: s.model.name, template: s.model.template, batch: s.batch, stock, ours, ratio, registered });
      tf.dispose([x, y]);
      model.dispose();
    }
  }
  return { name: 'training throughput', table, tables, json: { cpuCount: await cpuCount(), results } };
}

async function cpuCount(): Promise<number | undefined> {
  return typeof navigator !== 'undefined' && 'hardwareConcurrency' in navigator ? navigator.hardwareConcurrency : undefined;
}
