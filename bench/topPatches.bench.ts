// Top patches per channel (issue #15 item 8, Zeiler & Fergus): LeNet-5's C3 over 2000 real MNIST digits,
// 9 per channel in batches of 64, then the winners cropped, as the training worker does for the Learn tab.
// A row of bench/learn.bench.ts, and runnable alone: npx tsx bench/topPatches.bench.ts [--learn-backend=wasm]
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { registerFastKernels } from '../src/kernels/index';
import { buildTfModelWithAnalysis } from '../src/train/buildTfModel';
import { cropTopPatches, sampleSource, topPatches } from '../src/learn/topPatches';
import { loadMnist } from '../node/data/ensureMnist';
import { formatTable, parseArgs } from './benchModule';
import { setUpBackend } from './backends';
import { lenet5 } from './models';

const IMAGES = 2000;

/** The median of `runs` searches (after one warm-up), in ms. */
export async function topPatchesRow(runs = 3): Promise<Record<string, string | number>> {
  const mnist = await loadMnist();
  const graph = lenet5.graph();
  const { model } = buildTfModelWithAnalysis(graph, tf);
  const size = 28 * 28;
  const read = async (idx: readonly number[]) => {
    const out = new Uint8Array(idx.length * size);
    idx.forEach((s, i) => out.set(mnist.images.subarray(s * size, (s + 1) * size), i * size));
    return out;
  };
  const indices = Array.from({ length: IMAGES }, (_, i) => i);
  const once = async () => cropTopPatches(await topPatches(tf, graph, model, sampleSource(indices, read, 1, mnist.normalization), 'C3', { k: 9, batch: 64 }), read, [28, 28, 1]);
  await once();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await once();
    times.push(performance.now() - t0);
  }
  model.dispose();
  times.sort((a, b) => a - b);
  return { model: 'LeNet-5 C3 top patches', backend: tf.getBackend(), images: IMAGES, 'top-patches ms': times[Math.floor(times.length / 2)] };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = parseArgs(process.argv.slice(2));
  const ready = await setUpBackend(String(args.get('learn-backend') ?? 'wasm'));
  if (!ready.ok) throw new Error(ready.reason);
  registerFastKernels(tf);
  console.log(formatTable([await topPatchesRow(Number(args.get('runs') ?? 3))]));
  process.exit(0); // the wasm thread pool keeps the event loop alive
}
