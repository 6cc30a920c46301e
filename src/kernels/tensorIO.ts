// How a JS kernel reads its inputs and hands back its output: the cpu backend keeps plain typed arrays,
// the wasm backend its heap (wasm/wasmConvGradKernels.ts also works on heap views directly).
import type { TensorInfo } from '@tensorflow/tfjs';

/** KernelFunc hands kernels their backend typed as {}; each IO casts it to what it needs. */
type Backend = object;

export interface TensorIO {
  /** Float32 values of a tensor (the backend's own array: read, never write). */
  read(backend: Backend, t: TensorInfo): Float32Array;
  write(backend: Backend, shape: number[], values: Float32Array): TensorInfo;
  /**
   * A new float32 output and its values to fill in place (no copy on write). On wasm, allocate BEFORE reading the
   * inputs (allocation may grow the heap and detach views taken earlier); the values are uninitialised there.
   */
  allocate(backend: Backend, shape: number[]): { info: TensorInfo; values: Float32Array };
  /**
   * The backend's own float32 array of `t`, to update in place (src/kernels/optimizer): throws rather than hand
   * back a copy. Only for a buffer nothing else shares (backend refCount 1); on wasm, take it after allocating.
   */
  update(backend: Backend, t: TensorInfo): Float32Array;
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
  allocate(backend, shape) {
    // tfjs-cpu keeps the very array it is given, so filling it afterwards fills the tensor.
    const values = new Float32Array(shape.reduce((p, d) => p * d, 1));
    return { info: (backend as unknown as CpuBackendLike).makeTensorInfo(shape, 'float32', values), values };
  },
  update(backend, t) {
    const values = (backend as unknown as CpuBackendLike).data.get(t.dataId).values;
    if (!(values instanceof Float32Array)) throw new Error('cpu in-place update: the tensor is not float32');
    return values;
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
  allocate(backend, shape) {
    const wasm = backend as WasmBackendLike;
    const info = wasm.makeOutput(shape, 'float32');
    return { info, values: wasm.typedArrayFromHeap(info) as Float32Array };
  },
  update(backend, t) {
    const view = (backend as WasmBackendLike).typedArrayFromHeap(t);
    if (!(view instanceof Float32Array)) throw new Error('wasm in-place update: the tensor is not float32');
    return view;
  },
};
