// An image-classification dataset held in memory: uint8 pixels, HWC per sample, one label each.
// The schema is the one definition of the dataset's shape: the built-in set the host sends, the dataset the
// training panel hands its worker and the one the CLI trains on are all this.
import { z } from 'zod';
import { BytesSchema, LabelsSchema } from '../contract/primitives';
import { NormalizationSchema } from '../project/schema';

export const InMemoryDatasetSchema = z.object({
  /** n·height·width·channels bytes, sample-major, HWC within a sample. */
  images: BytesSchema,
  labels: LabelsSchema,
  n: z.number().int().min(0),
  height: z.number().int().min(1),
  width: z.number().int().min(1),
  channels: z.number().int().min(1),
  classNames: z.array(z.string().max(200)).max(10000),
  /** Indices of the validation samples, when the source fixes the split (train/ and val/ folders, IDX t10k files). */
  validationIndices: z.array(z.number().int().min(0)).optional(),
  /** Input normalisation per channel, x = (pixel/255 − mean)/std; absent = pixel/255. */
  normalization: NormalizationSchema.optional(),
});
export type InMemoryDataset = z.infer<typeof InMemoryDatasetSchema>;

/**
 * Datasets up to this many pixel bytes are held whole in memory (host, worker); larger ones stay in the host's
 * cache and each batch's pixels are read when the trainer asks. The app lets an advanced preference override it.
 */
export const IN_MEMORY_DATASET_BYTES = 2 ** 30;

/** Pixel bytes of n samples of this shape. */
export const pixelBytes = (n: number, shape: { height: number; width: number; channels: number }) => n * shape.height * shape.width * shape.channels;

/** A sample's pixels as floats in [0, 1]. */
export function sampleToFloat(ds: InMemoryDataset, i: number, out?: Float32Array): Float32Array {
  const size = ds.height * ds.width * ds.channels;
  const o = out ?? new Float32Array(size);
  const off = i * size;
  for (let k = 0; k < size; k++) o[k] = ds.images[off + k] / 255;
  return o;
}

/** Everything of a dataset but its pixels: what travels when the pixels stay in the host's cache. */
export const DatasetWithoutPixelsSchema = InMemoryDatasetSchema.omit({ images: true });

/**
 * A dataset too large to hold whole (pixels stay in the host's cache): labels and split here, pixels read per
 * batch. Training reads each shuffled batch through `readSamples` instead of slicing `images`.
 */
export type StreamedDataset = z.infer<typeof DatasetWithoutPixelsSchema> & {
  /** HWC pixels of `indices`, in that order, back to back. */
  readSamples(indices: readonly number[]): Promise<Uint8Array>;
};

export type TrainingDataset = InMemoryDataset | StreamedDataset;

export const isStreamed = (ds: TrainingDataset): ds is StreamedDataset => !('images' in ds);

/**
 * The samples `indices` as an in-memory dataset plus their positions in it: the dataset itself for an
 * in-memory one (no copy), or a batch-sized one read through `readSamples`.
 */
export async function gatherSamples(ds: TrainingDataset, indices: readonly number[]): Promise<{ ds: InMemoryDataset; indices: readonly number[] }> {
  if (!isStreamed(ds)) return { ds, indices };
  const images = await ds.readSamples(indices);
  const labels = ds.labels instanceof Uint16Array ? new Uint16Array(indices.length) : new Uint8Array(indices.length);
  indices.forEach((i, k) => (labels[k] = ds.labels[i]));
  const { readSamples: _, validationIndices: __, ...shape } = ds;
  return { ds: { ...shape, images, labels, n: indices.length }, indices: Array.from(indices, (_i, k) => k) };
}

/**
 * A training set and a held-out set (an IDX folder's t10k pair) as one dataset whose validation split is the
 * held-out samples, after the training ones. Both must have the same image shape.
 */
export function withHeldOutValidation(train: InMemoryDataset, heldOut: InMemoryDataset): InMemoryDataset {
  if (heldOut.height !== train.height || heldOut.width !== train.width || heldOut.channels !== train.channels)
    throw new Error(
      `The test images are ${heldOut.height}×${heldOut.width}×${heldOut.channels} but the training images ${train.height}×${train.width}×${train.channels} — they are not one dataset; move the test files out to train on the training files alone.`,
    );
  const record = train.height * train.width * train.channels;
  const n = train.n + heldOut.n;
  const images = new Uint8Array(n * record);
  images.set(train.images.subarray(0, train.n * record));
  images.set(heldOut.images.subarray(0, heldOut.n * record), train.n * record);
  const classNames = train.classNames.length >= heldOut.classNames.length ? train.classNames : heldOut.classNames;
  const labels = classNames.length > 256 ? new Uint16Array(n) : new Uint8Array(n);
  labels.set(train.labels.subarray(0, train.n));
  labels.set(heldOut.labels.subarray(0, heldOut.n), train.n);
  return { ...train, images, labels, n, classNames, validationIndices: Array.from({ length: heldOut.n }, (_, i) => train.n + i) };
}
