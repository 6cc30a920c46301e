// An image-classification dataset held in memory: uint8 pixels, HWC per sample, one label each.
export interface InMemoryDataset {
  /** n·height·width·channels bytes, sample-major, HWC within a sample. */
  images: Uint8Array;
  labels: Uint8Array | Uint16Array;
  n: number;
  height: number;
  width: number;
  channels: number;
  classNames: string[];
  /** Indices of the validation samples, when the source fixes the split (train/ and val/ folders). */
  validationIndices?: number[];
  /** Input normalisation per channel, x = (pixel/255 − mean)/std; absent = pixel/255. */
  normalization?: { mean: number[]; std: number[] };
}

/** A sample's pixels as floats in [0, 1]. */
export function sampleToFloat(ds: InMemoryDataset, i: number, out?: Float32Array): Float32Array {
  const size = ds.height * ds.width * ds.channels;
  const o = out ?? new Float32Array(size);
  const off = i * size;
  for (let k = 0; k < size; k++) o[k] = ds.images[off + k] / 255;
  return o;
}

/**
 * A dataset too large to hold whole (pixels stay in the host's cache): labels and split here, pixels read per
 * batch. Training reads each shuffled batch through `readSamples` instead of slicing `images`.
 */
export interface StreamedDataset extends Omit<InMemoryDataset, 'images'> {
  /** HWC pixels of `indices`, in that order, back to back. */
  readSamples(indices: readonly number[]): Promise<Uint8Array>;
}

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
