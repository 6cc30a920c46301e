// Weights alone, as Keras names them ("C1/kernel") in tfjs layout (HWIO kernels, [in, out] dense):
// model.safetensors or weights.npz (one .npy per tensor, "/" kept in the entry name as Keras' h5 paths).
import type { WeightSet } from './weightSet';
import { allWeights } from './weightSet';
import { encodeSafetensors } from './safetensors';
import { encodeNpy } from './npy';
import { zipStore } from './zip';

export function weightsSafetensors(set: WeightSet, metadata: Record<string, string> = {}): Uint8Array {
  return encodeSafetensors(allWeights(set), { layout: 'tfjs: NHWC activations, HWIO conv kernels, [in, out] dense kernels', ...metadata });
}

export function weightsNpz(set: WeightSet): Uint8Array {
  return zipStore(allWeights(set).map((t) => ({ name: `${t.name}.npy`, data: encodeNpy(t) })));
}
