// Inside composite blocks (issue #15 item 9), on ResNet-20 with the wasm backend and our kernels: every map
// with the blocks' inner layers (85 outputs: its three stages, their nine ResidualBlocks and those blocks'
// layers, what the Learn tab's worker reads per look) against the 9 top-level ones, and Grad-CAM at all 82
// spatial nodes from one backward pass (src/learn/gradCams.ts, what
// `cnn-studio explain` writes) against one node's. A row for bench/learn.bench.ts, and runnable alone:
// npx tsx bench/blocks.bench.ts [--runs=N]
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { registerFastKernels } from '../src/kernels/index';
import { buildTfModelWithAnalysis } from '../src/train/buildTfModel';
import { gradCam, gradCams, layerActivations, walkNodes } from '../src/learn/index';
import { formatTable, parseArgs } from './benchModule';
import { setUpBackend } from './backends';
import { resnet20 } from './models';

async function median(runs: number, fn: () => Promise<unknown>): Promise<number> {
  await fn(); // warm-up: probe model, wasm kernels
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

export async function blocksRow(runs = 5): Promise<Record<string, string | number>> {
  const graph = resnet20.graph();
  const { model } = buildTfModelWithAnalysis(graph, tf);
  const input = Float32Array.from({ length: 32 * 32 * 3 }, (_, i) => (Math.sin(i * 12.9898) * 43758.5453) % 1);
  const spatial = walkNodes(graph).filter((w) => w.analysis.outputShape?.length === 3 && w.node.type !== 'Input').map((w) => w.path);
  const top = await median(runs, () => layerActivations(tf, graph, model, input));
  const inside = await median(runs, () => layerActivations(tf, graph, model, input, { inside: true }));
  const one = await median(runs, () => gradCam(tf, graph, model, input, 'stage3/repeat_3/conv2'));
  const all = await median(Math.min(runs, 3), () => gradCams(tf, graph, model, input, spatial));
  model.dispose();
  return { model: 'ResNet-20 blocks inside', backend: tf.getBackend(), 'maps ms (9 top-level)': top, 'maps ms (+76 inner)': inside, 'one inner Grad-CAM ms': one, [`all ${spatial.length} Grad-CAMs ms`]: all };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = parseArgs(process.argv.slice(2));
  const ready = await setUpBackend(String(args.get('learn-backend') ?? 'wasm'));
  if (!ready.ok) throw new Error(ready.reason);
  registerFastKernels(tf);
  console.log(formatTable([await blocksRow(Number(args.get('runs') ?? 5))]));
  process.exit(0); // the wasm thread pool keeps the event loop alive
}
