// The parts of tfjs-backend-wasm's backend our wasm kernels use: tensors live in the wasm heap, and any
// allocation (makeOutput) may grow the heap and detach earlier views — so allocate first, then take views.
import type { KernelFunc, NamedAttrMap, TensorInfo } from '@tensorflow/tfjs';

export interface WasmBackend {
  typedArrayFromHeap(t: TensorInfo): Float32Array;
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  disposeData(dataId: object): boolean;
}

export function wasmBackend(backend: object): WasmBackend {
  return backend as unknown as WasmBackend;
}

/** A float32 heap tensor of `shape`, uninitialised (the heap is malloc'd memory: fill what you do not write). */
export function allocate(backend: object, shape: number[]): TensorInfo {
  return wasmBackend(backend).makeOutput(shape, 'float32');
}

/** A fresh view of a tensor's heap memory: take it after the last allocation that precedes its use. */
export function view(backend: object, t: TensorInfo): Float32Array {
  return wasmBackend(backend).typedArrayFromHeap(t);
}

export function dispose(backend: object, ...tensors: TensorInfo[]): void {
  for (const t of tensors) wasmBackend(backend).disposeData(t.dataId);
}

/** A heap tensor holding `values` (copied in). */
export function upload(backend: object, shape: number[], values: Float32Array): TensorInfo {
  const out = allocate(backend, shape);
  view(backend, out).set(values);
  return out;
}

/** Calls a registered kernel of the wasm backend by name (the stock one, or whatever is registered now). */
export function callKernel(
  stock: Record<string, KernelFunc | undefined>,
  name: string,
  backend: object,
  inputs: Record<string, TensorInfo>,
  attrs: NamedAttrMap,
): TensorInfo {
  const kernel = stock[name];
  if (!kernel) throw new Error(`wasm kernels: the stock wasm ${name} kernel is not registered (is @tensorflow/tfjs-backend-wasm loaded?)`);
  return kernel({ inputs, backend, attrs }) as TensorInfo;
}
