// Small graphs and trained models for the learn tests (test-only helpers; not imported by app code).
import type * as tfjs from '@tensorflow/tfjs';
import type { Graph } from '../graph/schema';
import { chain, type Step } from '../templates/chain';
import type { InMemoryDataset } from '../data/dataset';
import { sampleToFloat } from '../data/dataset';
import { normalizeInPlace } from '../train/batches';
import { analyzeGraph } from '../analysis/analyzeGraph';
import { buildTfModelWithAnalysis, type BuiltModel } from '../train/buildTfModel';

export const net = (input: [number, number, number], steps: Step[]): Graph => chain([['Input', { height: input[0], width: input[1], channels: input[2] }, 'input'], ...steps]);

/** A sample as the trainer feeds it: pixel/255, then the dataset's normalisation. */
export function sampleInput(ds: InMemoryDataset, i: number): Float32Array {
  return normalizeInPlace(sampleToFloat(ds, i), ds.channels, ds.normalization);
}

/** A few Adam steps on the first samples, so the weights are trained-ish rather than the initialisers'. */
export async function fitFew(tf: typeof tfjs, model: tfjs.LayersModel, xs: Float32Array[], labels: number[], shape: number[], classes: number, opts: { epochs: number; batchSize: number; lr?: number }): Promise<void> {
  const x = tf.tensor4d(concat(xs), [xs.length, ...shape] as [number, number, number, number]);
  const y = tf.oneHot(tf.tensor1d(labels, 'int32'), classes);
  model.compile({ optimizer: tf.train.adam(opts.lr ?? 0.003), loss: 'categoricalCrossentropy' });
  await model.fit(x, y, { epochs: opts.epochs, batchSize: opts.batchSize, shuffle: false, verbose: 0 });
  x.dispose();
  y.dispose();
}

export function concat(parts: Float32Array[]): Float32Array {
  const out = new Float32Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** A seeded uniform [0, 1) generator (mulberry32). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * 28×28 noise with a bright 6×6 square in the left (class 0) or right (class 1) half, at least 4 px from the
 * middle (a conv unit that sees the square's edge lies up to a few pixels beside it).
 */
export function squareImage(rand: () => number, cls: number): { x: Float32Array; top: number; left: number } {
  const S = 28;
  const x = new Float32Array(S * S);
  for (let i = 0; i < x.length; i++) x[i] = 0.2 * rand();
  const top = Math.floor(rand() * (S - 6));
  const left = cls === 0 ? Math.floor(rand() * 5) : 18 + Math.floor(rand() * 5);
  for (let r = top; r < top + 6; r++) for (let c = left; c < left + 6; c++) x[r * S + c] = 1;
  return { x, top, left };
}

/** Reproducible weights: every kernel Glorot-uniform from a seeded generator, biases 0 (tfjs' initialisers are not seeded). */
export function seedWeights(tf: typeof tfjs, model: tfjs.LayersModel, seed: number): void {
  const rand = rng(seed);
  model.setWeights(
    model.weights.map((w) => {
      const shape = w.shape as number[];
      const n = shape.reduce((a, b) => a * b, 1);
      if (shape.length < 2) return w.originalName.includes('gamma') || w.originalName.includes('variance') ? tf.ones(shape) : tf.zeros(shape);
      const receptive = shape.slice(0, -2).reduce((a, b) => a * b, 1);
      const limit = Math.sqrt(6 / ((shape.at(-2)! + shape.at(-1)!) * receptive));
      return tf.tensor(Float32Array.from({ length: n }, () => (rand() * 2 - 1) * limit), shape);
    }),
  );
}

/** LeNet-5 from its template, seeded and trained one epoch on the first 256 real digits: the fixture the
 * activation and Grad-CAM tests share (maps and gradients of a net that has learned something). */
export async function trainedLenet5(tf: typeof tfjs, mnist: InMemoryDataset, graph: Graph): Promise<BuiltModel> {
  const built = buildTfModelWithAnalysis(graph, tf, analyzeGraph(graph));
  seedWeights(tf, built.model, 1);
  const n = 256;
  const xs = Array.from({ length: n }, (_, i) => sampleInput(mnist, i));
  await fitFew(tf, built.model, xs, Array.from(mnist.labels.slice(0, n)), [28, 28, 1], 10, { epochs: 1, batchSize: 32 });
  return built;
}
