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
}

/** A sample's pixels as floats in [0, 1]. */
export function sampleToFloat(ds: InMemoryDataset, i: number, out?: Float32Array): Float32Array {
  const size = ds.height * ds.width * ds.channels;
  const o = out ?? new Float32Array(size);
  const off = i * size;
  for (let k = 0; k < size; k++) o[k] = ds.images[off + k] / 255;
  return o;
}
