// How large a model file may declare itself to be, checked before anything is allocated for it. A reader
// that trusts a declared size does the work that size asks for: dims [1e9, 1e9, 5, 5] made the ONNX reader
// loop 2.5·10¹⁹ times (the host ignored SIGTERM for 9 minutes), a 60000×60000 input made the model builder
// ask for 12.9 GB. Every declared size is checked here against a limit and, where data is present, against
// the bytes that are there. The limits sit far above any network CNN Studio builds (VGG-16: 138 M weights,
// 102.8 M in its largest tensor, 224×224×3 input) and far below what stops a machine.
import { ImportError } from './importError';

export const IMPORT_LIMITS = {
  /** Largest model file read at all (an .onnx file, or model.json's shards together): all weights + the topology. */
  maxFileBytes: 1280 * 1024 * 1024,
  /** model.json holds the topology and the weight list; the weights are in the shards. */
  maxModelJsonBytes: 32 * 1024 * 1024,
  /** Values in one weight tensor (float32: 1 GiB). */
  maxTensorElements: 2 ** 28,
  /** Values in all weights together, read from the file or made by the model CNN Studio builds from it. */
  maxTotalWeights: 2 ** 28,
  /** Each side of the input image (the Input layer's own limit). */
  maxInputSide: 8192,
  /** Values in one input image: 4096×4096×4 (256 MiB as float32). */
  maxInputElements: 2 ** 26,
  /** Values in one layer's output for one image. */
  maxActivationElements: 2 ** 28,
  /** Nodes (ONNX) or layers (tfjs) in the file; a CNN Studio graph holds at most 20,000 nodes. */
  maxNodes: 20_000,
  /** Weight tensors in the file (a weights list holds at most 100,000). */
  maxTensors: 100_000,
  /** Kernel sizes, strides, dilations and pads (each layer's own limit). */
  maxWindow: 1024,
} as const;

export type ImportLimits = typeof IMPORT_LIMITS;

/** 25000000000000000000 → "25,000,000,000,000,000,000"; beyond 2⁵³ in exponent form (the digits would be invented). */
export const formatCount = (n: number): string => (Number.isSafeInteger(n) ? n.toLocaleString('en-US') : n.toExponential(2).replace('e+', '·10^'));

/** [1000000000, 5] → "[1000000000, 5]": a declared shape as the file has it. */
export const formatDims = (dims: readonly unknown[]): string => `[${dims.slice(0, 8).map((d) => String(d)).join(', ')}${dims.length > 8 ? `, … (${dims.length} dims)` : ''}]`;

const NOTHING_IMPORTED = 'Nothing was imported';

/**
 * The number of values a shape declares, after checking each dim is a whole number ≥ 1 and the count is
 * within the limit; throws ImportError naming `what` (e.g. 'Weight tensor "c1_W"') otherwise. The count
 * stops growing once past the limit, so no dims make it overflow or take long.
 */
export function checkedElementCount(what: string, dims: readonly unknown[], limit: number = IMPORT_LIMITS.maxTensorElements): number {
  if (dims.length > 8) throw new ImportError(`${what} has ${dims.length} dimensions; CNN Studio layers use at most 8. ${NOTHING_IMPORTED} — the file is damaged or is not a model CNN Studio can read.`);
  let count = 1;
  for (const d of dims) {
    if (typeof d !== 'number' || !Number.isSafeInteger(d) || d < 1)
      throw new ImportError(
        `${what} declares the shape ${formatDims(dims)}: every dimension must be a whole number of at least 1. ${NOTHING_IMPORTED} — the file is damaged; export the model again from the program that made it.`,
      );
    count *= d;
    if (count > limit) {
      const total = dims.reduce<number>((a, b) => a * (b as number), 1);
      throw new ImportError(
        `${what} declares the shape ${formatDims(dims)}, ${formatCount(total)} values — more than CNN Studio reads in one tensor (limit ${formatCount(limit)}). ${NOTHING_IMPORTED} — the file is damaged or not a network CNN Studio can hold.`,
      );
    }
  }
  return count;
}

/** An input image's sides and channels: whole numbers within the Input layer's limits and the per-image limit. */
export function checkInputSize(what: string, height: unknown, width: unknown, channels: unknown): void {
  const dims = [height, width, channels];
  const maxSide = IMPORT_LIMITS.maxInputSide;
  if (dims.some((d) => typeof d !== 'number' || !Number.isSafeInteger(d) || d < 1))
    throw new ImportError(`${what} is ${dims.map(String).join('×')} (H×W×C): each must be a whole number of at least 1. ${NOTHING_IMPORTED} — give the model a fixed input size and export it again.`);
  const [h, w, c] = dims as number[];
  if (h > maxSide || w > maxSide)
    throw new ImportError(`${what} is ${h}×${w} pixels, larger than CNN Studio's largest input (${maxSide}×${maxSide}). ${NOTHING_IMPORTED} — export the model for a smaller input size.`);
  if (h * w * c > IMPORT_LIMITS.maxInputElements)
    throw new ImportError(
      `${what} is ${h}×${w}×${c}, ${formatCount(h * w * c)} values per image — more than CNN Studio takes (limit ${formatCount(IMPORT_LIMITS.maxInputElements)}). ${NOTHING_IMPORTED} — export the model for a smaller input size or fewer channels.`,
    );
}

/** The byte count of a file against the limit, before it is read. */
export function checkFileSize(what: string, bytes: number, limit: number = IMPORT_LIMITS.maxFileBytes): void {
  if (bytes > limit)
    throw new ImportError(`${what} is ${(bytes / 1048576).toFixed(1)} MB, larger than any model CNN Studio opens (limit ${(limit / 1048576).toFixed(0)} MB). ${NOTHING_IMPORTED} — the model file is too large.`);
}
