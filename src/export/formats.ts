// The export formats, once: the contract's 'export.run', the export panel's choices, the CLI's --format and
// exportModel's switch all read this list, so a new format is one entry here plus its writer.
import { z } from 'zod';

export const ExportFormatSchema = z.enum(['tfjs', 'onnx', 'pytorch', 'safetensors', 'npz', 'svg', 'png']);
export type ExportFormat = z.infer<typeof ExportFormatSchema>;

/** In display order. */
export const EXPORT_FORMATS: readonly ExportFormat[] = ExportFormatSchema.options;

/** Every format but the drawings carries weights: trained ones, or freshly initialised ones asked for on purpose. */
export const formatNeedsWeights = (f: ExportFormat): boolean => f !== 'svg' && f !== 'png';

/** File-name stem from the project name: "LeNet-5" → "lenet-5". */
export const fileStem = (name: string) => name.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, '') || 'model';

/**
 * How an export's weights are stored. tfjs: the tfjs converter's weight quantisation (`float16`, or `uint8`
 * affine per tensor — dequantised as q·scale + min by tf.loadLayersModel). ONNX: `float16` weights with a Cast
 * back to float32, or `int8` QDQ static quantisation (onnxruntime's quantize_static: calibrated uint8
 * activations, per-channel int8 weights, int32 biases). `none` = float32 everywhere.
 */
export const ExportQuantizationSchema = z.enum(['none', 'float16', 'uint8', 'int8']);
export type ExportQuantization = z.infer<typeof ExportQuantizationSchema>;

/** The quantisations each format can carry besides 'none' (which every format takes). */
export const FORMAT_QUANTIZATIONS: Readonly<Record<ExportFormat, readonly Exclude<ExportQuantization, 'none'>[]>> = {
  tfjs: ['float16', 'uint8'],
  onnx: ['float16', 'int8'],
  pytorch: [],
  safetensors: [],
  npz: [],
  svg: [],
  png: [],
};

export const quantizationAllowed = (format: ExportFormat, q: ExportQuantization): boolean => q === 'none' || FORMAT_QUANTIZATIONS[format].includes(q);

/** int8 QDQ needs activation ranges, measured on calibration images. */
export const quantizationNeedsCalibration = (q: ExportQuantization): boolean => q === 'int8';

/** Calibration images used when none are asked for: onnxruntime's examples calibrate on a few hundred. */
export const DEFAULT_CALIBRATION_IMAGES = 200;

/** The formats' names in messages. */
export const EXPORT_FORMAT_NAMES: Readonly<Record<ExportFormat, string>> = { tfjs: 'TensorFlow.js', onnx: 'ONNX', pytorch: 'PyTorch', safetensors: 'safetensors', npz: '.npz', svg: 'SVG', png: 'PNG' };

/** The quantisations a format takes, 'none' first, as words: "none, float16, uint8". */
export const allowedQuantizationsText = (format: ExportFormat): string => ['none', ...FORMAT_QUANTIZATIONS[format]].join(', ');

/** Why `format` cannot be stored as `q` (undefined when it can): exportModel's refusal and the readiness check's. */
export function quantizationProblem(format: ExportFormat, q: ExportQuantization): string | undefined {
  if (quantizationAllowed(format, q)) return undefined;
  return `${EXPORT_FORMAT_NAMES[format]} cannot be stored as ${q}; it takes ${allowedQuantizationsText(format)}.`;
}
