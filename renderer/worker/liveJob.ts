// The worker's side of the live views (src/learn/liveViews.ts): the probe image normalised like the training
// data (the start message's, or the first validation image), the epoch-0 snapshot before the first step, and
// the trainer callbacks that post 'liveFrame' / 'liveSnapshot' with their buffers moved, not copied.
import type * as tfjs from '@tensorflow/tfjs';
import type { Graph } from '../../src/graph/schema';
import type { TrainingDataset } from '../../src/data/dataset';
import type { TrainingSettings } from '../../src/train/settings';
import type { TrainCallbacks } from '../../src/train/trainer';
import { normalizeInPlace } from '../../src/train/batches';
import { splitDataset } from '../../src/train/split';
import { liveViews, type LiveFrame } from '../../src/learn/liveViews';
import { transferList, type FromWorker, type ToWorker } from './messages';

export type LiveStart = NonNullable<Extract<ToWorker, { type: 'start' }>['live']>;
type Post = (m: FromWorker, transfer?: Transferable[]) => void;

const frameBuffers = (f: LiveFrame) => transferList(f.probs, f.cam?.cam, ...f.activations.map((a) => a.data), ...Object.values(f.filters).flatMap((x) => [x.data, x.bias]));

/**
 * Sets the live views up for one run (posting the epoch-0 snapshot) and returns the trainer callbacks that
 * keep them going; undefined when the probe does not fit the model (then training runs without them).
 */
export async function startLive(
  tf: typeof tfjs,
  run: { graph: Graph; model: tfjs.LayersModel; dataset: TrainingDataset; settings: TrainingSettings },
  live: LiveStart,
  samplePixels: (ds: TrainingDataset, indices: readonly number[]) => Promise<Uint8Array>,
  post: Post,
): Promise<Pick<TrainCallbacks, 'afterStep'> & { plan(batchesPerEpoch: number): void } | undefined> {
  const { graph, model, dataset: ds, settings } = run;
  const [, h, w, c] = model.inputs[0].shape as number[];
  let pixels = live.pixels;
  if (!pixels) {
    // The first image of the trainer's own (seeded) validation split, else the first sample.
    const split = splitDataset(ds, settings.validationSplit, settings.seed);
    const index = split.validation[0] ?? split.train[0];
    if (index === undefined) return undefined;
    pixels = await samplePixels(ds, [index]);
    post({ type: 'liveProbe', pixels: pixels.slice(), height: ds.height, width: ds.width, channels: ds.channels, index, label: ds.classNames[ds.labels[index]] });
  }
  if (pixels.length !== h * w * c) return undefined;
  const input = normalizeInPlace(Float32Array.from(pixels, (v) => v / 255), c, ds.normalization); // as the trainer feeds it
  const views = liveViews({
    tf,
    graph,
    model,
    request: { input, filters: live.filters, cam: live.cam },
    onFrame: (frame) => post({ type: 'liveFrame', frame }, frameBuffers(frame)),
    onSnapshot: (epoch, frame) => post({ type: 'liveSnapshot', epoch, frame }, frameBuffers(frame)),
    onError: (message) => post({ type: 'notice', message: `Live views stopped (training goes on): ${message}` }),
  });
  await views.begin();
  return { plan: views.plan, afterStep: views.afterStep };
}
