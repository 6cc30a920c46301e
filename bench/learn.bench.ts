// The learn views' speed (issue #15) on the wasm backend with our kernels, the app's own templates built as
// the app builds them: every feature map of one image (layerActivations) and its Grad-CAM at the default
// (last spatial) node. Targets: LeNet-5 maps ≤ 30 ms, its Grad-CAM ≤ 100 ms, ResNet-20's ≤ 300 ms.
// A bench module (export run) for bench/index.ts, and runnable alone: npx tsx bench/learn.bench.ts [--runs=N]
// [--live-rounds=N --live-samples=N --live-batch=N] (live views on vs off: bench/liveViews.bench.ts, alone there too).
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { registerFastKernels } from '../src/kernels/index';
import { buildTfModelWithAnalysis } from '../src/train/buildTfModel';
import { gradCam, layerActivations } from '../src/learn/index';
import { formatTable, parseArgs, type BenchArgs, type BenchReport } from './benchModule';
import { setUpBackend } from './backends';
import { lenet5, resnet20 } from './models';
import { liveViewsBench } from './liveViews.bench';
import { topPatchesRow } from './topPatches.bench';
import { blocksRow } from './blocks.bench';

const TARGETS: Record<string, { maps: number; cam: number }> = { 'LeNet-5': { maps: 30, cam: 100 }, 'ResNet-20': { maps: 300, cam: 300 } };

async function median(runs: number, fn: () => Promise<unknown>): Promise<number> {
  for (let i = 0; i < 3; i++) await fn(); // warm-up: probe model, JIT, wasm kernels
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

export async function run(args: BenchArgs): Promise<BenchReport> {
  const runs = Number(args.get('runs') ?? 15);
  const backend = String(args.get('learn-backend') ?? 'wasm');
  const ready = await setUpBackend(backend);
  if (!ready.ok) return { name: 'learn', table: [{ backend, skipped: ready.reason }], json: { skipped: ready.reason } };
  registerFastKernels(tf);
  const table: Array<Record<string, string | number>> = [];
  for (const m of [lenet5, resnet20]) {
    const graph = m.graph();
    const { model } = buildTfModelWithAnalysis(graph, tf);
    const input = Float32Array.from({ length: m.inputShape.reduce((a, b) => a * b, 1) }, (_, i) => (Math.sin(i * 12.9898) * 43758.5453) % 1);
    const maps = await median(runs, () => layerActivations(tf, graph, model, input));
    const cam = await median(runs, () => gradCam(tf, graph, model, input));
    const t = TARGETS[m.name];
    table.push({ model: m.name, backend: tf.getBackend(), 'all maps ms': maps, 'maps target': t.maps, 'Grad-CAM ms': cam, 'CAM target': t.cam, ok: maps <= t.maps && cam <= t.cam ? 'yes' : 'NO' });
    model.dispose();
  }
  table.push(await topPatchesRow()); // Zeiler & Fergus' top patches: LeNet-5 C3 over 2000 digits
  table.push(await blocksRow()); // ResNet-20's blocks inside: 85 maps per look, 82 Grad-CAMs in one pass
  const live = await liveViewsBench(args); // live views on vs off: LeNet-5 training samples/s, ratio ≥ 0.95
  return { name: 'learn', table, json: { views: table, live: live.json }, tables: [{ title: 'live views on vs off (LeNet-5 training, wasm, our kernels)', rows: live.rows }] };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const report = await run(parseArgs(process.argv.slice(2)));
  console.log(formatTable(report.table));
  for (const t of report.tables ?? []) console.log(`\n${t.title}\n${formatTable(t.rows)}`);
  process.exit(0); // the wasm thread pool keeps the event loop alive
}
