// IDX files (LeCun's MNIST format): magic = 0x00 0x00 <type> <rank>, then rank big-endian uint32 dims,
// then the data, row-major. Only unsigned-byte data (type 0x08) is used by image datasets.
// Gzip (.gz) is inflated with the platform's DecompressionStream, present in browsers and Node ≥ 18, as a
// stream read piece by piece: the header is checked as soon as it has arrived (the data its dims promise must
// be within MAX_IDX_DATA_BYTES), the output goes into one buffer of exactly that size, and a stream that goes
// on past it is stopped and refused — a 2 MB .gz that inflates to 2 GiB costs its header's few bytes, not 2 GiB.
import type { InMemoryDataset } from './dataset';
import { formatBytes, GiB, KiB } from './byteSize';

export interface IdxArray {
  dims: number[];
  data: Uint8Array;
}

const UBYTE = 0x08;
const TYPE_NAMES: Record<number, string> = { 0x08: 'ubyte', 0x09: 'byte', 0x0b: 'short', 0x0c: 'int', 0x0d: 'float', 0x0e: 'double' };

/**
 * The most data one IDX file may hold: datasets are read whole into memory (IN_MEMORY_DATASET_BYTES is the same
 * 1 GiB). EMNIST ByClass, the largest of the family, is 698k × 28 × 28 = 547 MB.
 */
export const MAX_IDX_DATA_BYTES = GiB;
/** Inflated bytes tolerated after the data the header promises (ignored), before the file is refused. */
const TRAILING_SLACK = 64 * KiB;

export class IdxFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IdxFormatError';
  }
}

/** True for a gzip stream (RFC 1952 magic 1f 8b). */
export const isGzip = (bytes: Uint8Array): boolean => bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;

/** The reading end of a web ReadableStream (typings/common-runtime.d.ts declares streams only as far as pipeThrough). */
interface ByteReader {
  read(): Promise<{ done: boolean; value?: Uint8Array }>;
  cancel(reason?: unknown): Promise<void>;
}
const gunzipReader = (bytes: Uint8Array) =>
  (new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip')) as unknown as { getReader(): ByteReader }).getReader();

/** Calls `take` with each inflated piece until it returns false (then the rest is never inflated). */
async function gunzipPieces(bytes: Uint8Array, what: string, take: (piece: Uint8Array) => boolean): Promise<void> {
  const reader = gunzipReader(bytes);
  let finished = false;
  try {
    for (;;) {
      let r: { done: boolean; value?: Uint8Array };
      try {
        r = await reader.read();
      } catch (e) {
        throw new IdxFormatError(`${what} is not a valid gzip stream (${(e as Error).message}) — the download may be damaged; fetch it again.`);
      }
      if (r.done) {
        finished = true;
        return;
      }
      if (r.value && !take(r.value)) return;
    }
  } finally {
    if (!finished) await reader.cancel().catch(() => undefined);
  }
}

/** Inflates gzip bytes (at most `maxBytes` of output, else IdxFormatError); anything else is returned unchanged. */
export async function inflateIfGzip(bytes: Uint8Array, maxBytes = MAX_IDX_DATA_BYTES, what = 'file'): Promise<Uint8Array> {
  if (!isGzip(bytes)) return bytes;
  const pieces: Uint8Array[] = [];
  let total = 0;
  await gunzipPieces(bytes, what, (p) => {
    total += p.length;
    if (total > maxBytes) throw new IdxFormatError(`${what} decompresses to more than ${formatBytes(maxBytes)}, over the limit — a decompression bomb or not a dataset file.`);
    pieces.push(p);
    return true;
  });
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of pieces) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

interface IdxHeader {
  dims: number[];
  headerBytes: number;
  /** Data bytes the dims promise. */
  count: number;
}

/**
 * The header of an IDX file from its first bytes: undefined while fewer than the whole header have arrived
 * (`final`: no more will, so that is an error). Throws IdxFormatError for a bad magic, type or rank, and for dims
 * promising more than `maxDataBytes`.
 */
function idxHeader(bytes: Uint8Array, what: string, maxDataBytes: number, final: boolean): IdxHeader | undefined {
  if ((bytes.length >= 2 && (bytes[0] !== 0 || bytes[1] !== 0)) || (final && bytes.length < 4))
    throw new IdxFormatError(`${what} is not an IDX file: it should start with 00 00 <type> <rank> (e.g. train-images-idx3-ubyte).`);
  if (bytes.length < 4) return undefined;
  const type = bytes[2];
  const rank = bytes[3];
  if (type !== UBYTE)
    throw new IdxFormatError(`${what} holds ${TYPE_NAMES[type] ?? `type 0x${type.toString(16)}`} values; only unsigned-byte IDX (type 0x08) is supported.`);
  if (rank < 1 || rank > 4) throw new IdxFormatError(`${what} has ${rank} dimensions; image/label files have 1 to 4.`);
  const headerBytes = 4 + 4 * rank;
  if (bytes.length < headerBytes) {
    if (final) throw new IdxFormatError(`${what} ends inside its header (${bytes.length} bytes).`);
    return undefined;
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const dims: number[] = [];
  for (let i = 0; i < rank; i++) dims.push(view.getUint32(4 + 4 * i, false));
  const count = dims.reduce((a, b) => a * b, 1);
  if (count > maxDataBytes)
    throw new IdxFormatError(
      `${what}'s header promises ${dims.join('×')} = ${formatBytes(count)} of data, over the ${formatBytes(maxDataBytes)} limit for one IDX file — it is damaged, or not a dataset this app can hold in memory.`,
    );
  return { dims, headerBytes, count };
}

const truncated = (what: string, h: IdxHeader, have: number) =>
  new IdxFormatError(`${what} is truncated: its header promises ${h.dims.join('×')} = ${h.count} bytes but only ${have} follow.`);

/** Parses raw (already inflated) IDX bytes holding unsigned bytes. The data is a view, not a copy. */
export function parseIdx(bytes: Uint8Array, what = 'IDX file', maxDataBytes = MAX_IDX_DATA_BYTES): IdxArray {
  if (isGzip(bytes)) throw new IdxFormatError(`${what} is gzip-compressed — inflate it first (readIdx does).`);
  const h = idxHeader(bytes, what, maxDataBytes, true)!;
  if (bytes.length - h.headerBytes < h.count) throw truncated(what, h, bytes.length - h.headerBytes);
  return { dims: h.dims, data: bytes.subarray(h.headerBytes, h.headerBytes + h.count) };
}

/**
 * A gzipped IDX file inflated into exactly the buffer its header asks for: the header is checked (limits
 * included) before that buffer exists, and output past it (beyond a little slack) stops the inflate.
 */
async function gunzipIdx(bytes: Uint8Array, what: string, maxDataBytes: number): Promise<IdxArray> {
  let head = new Uint8Array(0);
  let h: IdxHeader | undefined;
  let data: Uint8Array | undefined;
  let have = 0;
  let extra = 0;
  await gunzipPieces(bytes, what, (piece) => {
    if (!h) {
      const joined = new Uint8Array(head.length + piece.length);
      joined.set(head);
      joined.set(piece, head.length);
      h = idxHeader(joined, what, maxDataBytes, false);
      if (!h) {
        head = joined;
        return true;
      }
      data = new Uint8Array(h.count);
      piece = joined.subarray(h.headerBytes);
    }
    const take = Math.min(piece.length, h.count - have);
    data!.set(piece.subarray(0, take), have);
    have += take;
    extra += piece.length - take;
    if (extra > TRAILING_SLACK)
      throw new IdxFormatError(
        `${what} decompresses to more than its header says (${h.dims.join('×')} = ${formatBytes(h.count)} of data, then more than ${formatBytes(TRAILING_SLACK)} beyond) — a decompression bomb or a damaged file; it was not read further.`,
      );
    return true;
  });
  if (!h) idxHeader(head, what, maxDataBytes, true); // throws: the stream ended inside the header
  if (have < h!.count) throw truncated(what, h!, have);
  return { dims: h!.dims, data: data! };
}

/** Reads IDX bytes, raw or gzip; a header promising more than `maxDataBytes` of data is refused. */
export async function readIdx(bytes: Uint8Array, what = 'IDX file', maxDataBytes = MAX_IDX_DATA_BYTES): Promise<IdxArray> {
  return isGzip(bytes) ? gunzipIdx(bytes, what, maxDataBytes) : parseIdx(bytes, what, maxDataBytes);
}

// ── An images IDX file + a labels IDX file → InMemoryDataset (MNIST, Fashion-MNIST, EMNIST layouts). ──

/** `names` name the two files in messages (their file names, when the caller has them). */
export async function idxToDataset(
  imageBytes: Uint8Array,
  labelBytes: Uint8Array,
  classNames?: string[],
  names: { images: string; labels: string } = { images: 'images file', labels: 'labels file' },
): Promise<InMemoryDataset> {
  const images = await readIdx(imageBytes, names.images);
  const labels = await readIdx(labelBytes, names.labels);
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
