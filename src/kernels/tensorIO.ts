// How a JS kernel reads its inputs and hands back its output on the cpu backend, which keeps plain typed
// arrays (the wasm kernels work on heap views directly; see wasm/wasmConvGradKernels.ts).
import type { TensorInfo } from '@tensorflow/tfjs';

/** KernelFunc hands kernels their backend typed as {}; each IO casts it to what it needs. */
type Backend = object;

export interface TensorIO {
  /** Float32 values of a tensor (the backend's own array: read, never write). */
  read(backend: Backend, t: TensorInfo): Float32Array;
  write(backend: Backend, shape: number[], values: Float32Array): TensorInfo;
}

interface CpuBackendLike {
  data: { get(dataId: object): { values?: unknown } };
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): TensorInfo;
}

function asFloat32(values: unknown, what: string): Float32Array {
  if (values instanceof Float32Array) return values;
  if (ArrayBuffer.isView(values)) return Float32Array.from(values as unknown as ArrayLike<number>);
  throw new Error(`${what}: expected numeric tensor data, got ${typeof values}`);
}

export const cpuTensorIO: TensorIO = {
  read(backend, t) {
    return asFloat32((backend as unknown as CpuBackendLike).data.get(t.dataId).values, 'cpu kernel input');
  },
  write(backend, shape, values) {
    return (backend as unknown as CpuBackendLike).makeTensorInfo(shape, 'float32', values);
  },
};
