// The small schemas every area's messages are built from: a path, raw bytes, a label array. One definition,
// so the contract, the worker messages and the data modules check them the same way.
import { z } from 'zod';

/** A file or folder path as the user gave it (resolved and confined by the host, not here). */
export const PathSchema = z.string().min(1).max(4096);

/** Raw bytes: pixels, weights, a file. Electron's structured clone and the web frame both keep them binary. */
export const BytesSchema = z.custom<Uint8Array>((v) => v instanceof Uint8Array, { message: 'expected bytes (Uint8Array)' });

/** One class index per sample: one byte while there are at most 256 classes, two above. */
export const LabelsSchema = z.custom<Uint8Array | Uint16Array>((v) => v instanceof Uint8Array || v instanceof Uint16Array, {
  message: 'expected labels (Uint8Array or Uint16Array)',
});
