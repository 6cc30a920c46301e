// Registers CNN Studio's own training kernels for whichever tfjs backends are present.
// Call once at startup (worker, CLI, bench) after the backend is set. Returns what was registered.
import type * as tfjs from '@tensorflow/tfjs';

export function registerFastKernels(_tf: typeof tfjs): string[] {
  return [];
}
