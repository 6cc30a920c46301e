// The parts of tfjs-backend-wasm's backend our wasm kernels use: tensors live in the wasm heap, and any
// allocation (makeOutput) may grow the heap and detach earlier views — so allocate first, then take views.
import type { KernelFunc, NamedAttrMap, NamedTensorInfoMap, TensorInfo } from '@tensorflow/tfjs';

export interface WasmBackend {
  typedArrayFromHeap(t: TensorInfo): Float32Array;
  makeOutput(shape: number[], dtype: 'float32'): TensorInfo;
  disposeData(dataId: object): boolean;
}

export function wasmBackend(backend: object): WasmBackend {
  return backend as unknown as WasmBackend;
}

/** The backend_wasm.js internals an alias needs (tfjs-backend-wasm 4.x). */
interface AliasingBackend {
  makeOutput(shape: number[], dtype: 'float32', memoryOffset: number): TensorInfo;
  getMemoryOffset(dataId: object): number;
  dataIdMap: { get(dataId: object): { id: number } | undefined; delete(dataId: object): boolean };
  wasm: { tfjs: { disposeData(id: number): void } };
}

/**
 * A float32 tensor of `shape` over `t`'s heap memory from float `firstFloat` on — no copy: how a stock kernel
 * (BatchMatMul) reads a window of rows of a bigger buffer. Release it with releaseAlias, never dispose.
 */
export function aliasRows(backend: object, t: TensorInfo, firstFloat: number, shape: number[]): TensorInfo {
  const size = shape.reduce((p, d) => p * d, 1);
  const available = t.shape.reduce((p, d) => p * d, 1) - firstFloat;
  if (firstFloat < 0 || size > available) throw new Error(`aliasRows: ${size} floats from ${firstFloat} overrun a tensor of ${t.shape}`);
  return (backend as unknown as AliasingBackend).makeOutput(shape, 'float32', heapOffset(backend, t) + 4 * firstFloat);
}

/** The byte offset of a tensor's data in the heap: what a kernel of our own wasm module takes as a pointer. */
export function heapOffset(backend: object, t: TensorInfo): number {
  return (backend as unknown as AliasingBackend).getMemoryOffset(t.dataId);
}

/**
 * Unregisters an alias: the C++ side drops its tensor id (and the XNNPACK operators cached on it), JS its entry.
 * Not backend.disposeData: that would _free the alias' address, which malloc never handed out.
 */
export function releaseAlias(backend: object, alias: TensorInfo): void {
  const b = backend as unknown as AliasingBackend;
  const data = b.dataIdMap.get(alias.dataId);
  if (!data) return;
  b.wasm.tfjs.disposeData(data.id);
  b.dataIdMap.delete(alias.dataId);
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
  inputs: NamedTensorInfoMap,
  attrs: NamedAttrMap | undefined,
): TensorInfo {
  const kernel = stock[name];
  if (!kernel) throw new Error(`wasm kernels: the stock wasm ${name} kernel is not registered (is @tensorflow/tfjs-backend-wasm loaded?)`);
  return kernel({ inputs, backend, attrs }) as TensorInfo;
}
