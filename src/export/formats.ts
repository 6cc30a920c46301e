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
