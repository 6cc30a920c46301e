// How a JS kernel reads its inputs and hands back its output on a given tfjs backend.
// The cpu backend keeps plain typed arrays; the wasm backend keeps tensors in its heap.
import type { KernelBackend, TensorInfo } from '@tensorflow/tfjs';

export interface TensorIO {
  /** Float32 values of a tensor. Valid until the next `write` (which may grow the wasm heap). */
  read(backend: KernelBackend, t: TensorInfo): Float32Array;
  write(backend: KernelBackend, shape: number[], values: Float32Array): TensorInfo;
}

interface CpuBackendLike {
  data: { get(dataId: object): { values?: unknown } };
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): TensorInfo;
}

interface WasmBackendLike {
  typedArrayFromHeap(t: TensorInfo): ArrayLike<number>;
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
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

export const wasmTensorIO: TensorIO = {
  read(backend, t) {
    // Copy out of the heap: a later makeOutput can grow (and detach) the heap's ArrayBuffer.
    const view = (backend as unknown as WasmBackendLike).typedArrayFromHeap(t);
    return view instanceof Float32Array ? view.slice() : Float32Array.from(view);
  },
  write(backend, shape, values) {
    const wasm = backend as unknown as WasmBackendLike;
    const out = wasm.makeOutput(shape, 'float32');
    (wasm.typedArrayFromHeap(out) as Float32Array).set(values);
    return out;
  },
};
