// IDX files (LeCun's MNIST format): magic = 0x00 0x00 <type> <rank>, then rank big-endian uint32 dims,
// then the data, row-major. Only unsigned-byte data (type 0x08) is used by image datasets.
// Gzip (.gz) is inflated with the platform's DecompressionStream, present in browsers and Node ≥ 18.
import type { InMemoryDataset } from './dataset';

export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

const UBYTE = 0x08;
const TYPE_NAMES: Record<number, string> = { 0x08: 'ubyte', 0x09: 'byte', 0x0b: 'short', 0x0c: 'int', 0x0d: 'float', 0x0e: 'double' };

export class IdxFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IdxFormatError';
  }
}

/** True for a gzip stream (RFC 1952 magic 1f 8b). */
export const isGzip = (bytes: Uint8Array): boolean => bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;

/** Inflates gzip bytes; anything else is returned unchanged. */
export async function inflateIfGzip(bytes: Uint8Array): Promise<Uint8Array> {
  if (!isGzip(bytes)) return bytes;
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Parses raw (already inflated) IDX bytes holding unsigned bytes. The data is a view, not a copy. */
export function parseIdx(bytes: Uint8Array, what = 'IDX file'): IdxArray {
  if (isGzip(bytes)) throw new IdxFormatError(`${what} is gzip-compressed — inflate it first (readIdx does).`);
  if (bytes.length < 4 || bytes[0] !== 0 || bytes[1] !== 0)
    throw new IdxFormatError(`${what} is not an IDX file: it should start with 00 00 <type> <rank> (e.g. train-images-idx3-ubyte).`);
  const type = bytes[2];
  const rank = bytes[3];
  if (type !== UBYTE)
    throw new IdxFormatError(`${what} holds ${TYPE_NAMES[type] ?? `type 0x${type.toString(16)}`} values; only unsigned-byte IDX (type 0x08) is supported.`);
  if (rank < 1 || rank > 4) throw new IdxFormatError(`${what} has ${rank} dimensions; image/label files have 1 to 4.`);
  const headerBytes = 4 + 4 * rank;
  if (bytes.length < headerBytes) throw new IdxFormatError(`${what} ends inside its header (${bytes.length} bytes).`);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  for (let i = 0; i < rank; i++) dims.push(view.getUint32(4 + 4 * i, false));
  const count = dims.reduce((a, b) => a * b, 1);
  if (bytes.length - headerBytes < count)
    throw new IdxFormatError(`${what} is truncated: its header promises ${dims.join('×')} = ${count} bytes but only ${bytes.length - headerBytes} follow.`);
  return { dims, data: bytes.subarray(headerBytes, headerBytes + count) };
}

/** Reads IDX bytes, raw or gzip. */
export async function readIdx(bytes: Uint8Array, what?: string): Promise<IdxArray> {
  return parseIdx(await inflateIfGzip(bytes), what);
}

// ── An images IDX file + a labels IDX file → InMemoryDataset (MNIST, Fashion-MNIST, EMNIST layouts). ──

export async function idxToDataset(imageBytes: Uint8Array, labelBytes: Uint8Array, classNames?: string[]): Promise<InMemoryDataset> {
  const images = await readIdx(imageBytes, 'images file');
  const labels = await readIdx(labelBytes, 'labels file');
  if (images.dims.length !== 3 && images.dims.length !== 4)
    throw new IdxFormatError(`images file has shape ${images.dims.join('×')}; expected n×height×width or n×height×width×channels.`);
  if (labels.dims.length !== 1) throw new IdxFormatError(`labels file has shape ${labels.dims.join('×')}; expected one label per sample.`);
  const [n, height, width, channels = 1] = images.dims;
  if (labels.dims[0] !== n) throw new IdxFormatError(`images file has ${n} samples but labels file has ${labels.dims[0]} — pick matching files.`);
  let maxLabel = 0;
  for (const l of labels.data) if (l > maxLabel) maxLabel = l;
  const classes = classNames ?? Array.from({ length: maxLabel + 1 }, (_, i) => String(i));
  if (maxLabel >= classes.length) throw new IdxFormatError(`labels go up to ${maxLabel} but only ${classes.length} class names were given.`);
  return { images: images.data, labels: labels.data, n, height, width, channels, classNames: classes };
}

// ── Which files of an IDX folder are which: the training pair, and the t10k / test pair as validation. ──

export interface IdxPair {
  images: string;
  labels: string;
}

/** The pairs an IDX folder holds, by file name: the training set, and the test set used as validation. */
export interface IdxFolderFiles {
  train: IdxPair;
  validation?: IdxPair;
}

const IMAGES_FILE = /^(.*)images[-.]idx3-ubyte(\.gz)?$/;
/** An IDX images file by its name: a folder holding one is an IDX folder (its labels may still be missing). */
export const isIdxImagesFile = (name: string) => IMAGES_FILE.test(name);
const LABELS_AFTER_STEM = /^labels[-.]idx1-ubyte(\.gz)?$/;
/** "t10k-", "test-", "emnist-digits-test-": the set MNIST-style downloads hold out for testing. */
const HELD_OUT_STEM = /(^|[-_.])(t10k|test)([-_.]|$)/;

/**
 * An IDX folder's pairs from its file names (raw or .gz; "train-images-idx3-ubyte" or "train-images.idx3-ubyte"):
 * images and labels pair by their common stem. The training pair is the one named train (else the one pair that
 * is not a test set, else any); a t10k / test pair beside it is the validation set. Undefined: no pair at all.
 */
export function idxFolderFiles(names: readonly string[]): IdxFolderFiles | undefined {
  const pairs = [...names]
    .sort()
    .flatMap((images) => {
      const stem = IMAGES_FILE.exec(images)?.[1];
      if (stem === undefined) return [];
      const labels = [...names].sort().find((n) => n.startsWith(stem) && LABELS_AFTER_STEM.test(n.slice(stem.length)));
      return labels ? [{ stem, images, labels }] : [];
    });
  const train = pairs.find((p) => p.stem.includes('train')) ?? pairs.find((p) => !HELD_OUT_STEM.test(p.stem)) ?? pairs[0];
  if (!train) return undefined;
  const validation = pairs.find((p) => p !== train && HELD_OUT_STEM.test(p.stem));
  return { train: { images: train.images, labels: train.labels }, ...(validation ? { validation: { images: validation.images, labels: validation.labels } } : {}) };
}
