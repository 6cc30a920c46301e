// How a JS kernel reads its inputs and hands back its output: the cpu backend keeps plain typed arrays,
// the wasm backend its heap (wasm/wasmConvGradKernels.ts also works on heap views directly).
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

interface WasmBackendLike {
  typedArrayFromHeap(t: TensorInfo): ArrayLike<number>;
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
}

/**
 * The wasm backend keeps tensors in its heap. `read` returns a heap view: kernels must finish reading before
 * `write`, whose allocation may grow (and so detach) the heap. The pooling gradients below do.
 */
export const wasmTensorIO: TensorIO = {
  read(backend, t) {
    const view = (backend as WasmBackendLike).typedArrayFromHeap(t);
    return view instanceof Float32Array ? view : Float32Array.from(view);
  },
  write(backend, shape, values) {
    const wasm = backend as WasmBackendLike;
    const out = wasm.makeOutput(shape, 'float32');
    (wasm.typedArrayFromHeap(out) as Float32Array).set(values);
    return out;
  },
};
