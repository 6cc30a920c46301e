// Identity, and Cast to the dtype a tensor already has, on wasm as a second reference to the same heap buffer,
// as tfjs-cpu and tfjs-webgl do it. Stock tfjs-wasm copies the tensor in both, and the engine runs Identity for
// every tensor the tape saves for a gradient (engine.saveTensorsForBackwardMode: keep(clone(t))) — ~470 copies,
// 126 MB, ~90 ms a ResNet-20 b128 step — while tfjs' Identity and Relu gradients cast float32 to float32.
// The wasm backend counts references per buffer (incRef / disposeData), and nothing writes a shared buffer in
// place: the fused optimizer updates a slot in place only at refCount 1 (src/train/fusedOptimizer.ts).
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';

interface RefCountingBackend {
  incRef(dataId: object): void;
}

function shared(backend: object, x: TensorInfo): TensorInfo {
  (backend as RefCountingBackend).incRef(x.dataId);
  return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
}

function needStock(kernel: string, stock: KernelFunc | undefined, why: string): KernelFunc {
  if (!stock) throw new Error(`${kernel} (wasm): the stock kernel is needed for ${why} and is not registered`);
  return stock;
}

export function makeSharedIdentityKernel(stock: KernelFunc | undefined): KernelFunc {
  return (args) => {
    const x = args.inputs.x as TensorInfo;
    // Strings live in JS, not the heap: the stock kernel rebuilds them.
    if (x.dtype === 'string') return needStock('Identity', stock, 'string tensors')(args);
    return shared(args.backend, x);
  };
}

export function makeSharedCastKernel(stock: KernelFunc | undefined): KernelFunc {
  return (args) => {
    const x = args.inputs.x as TensorInfo;
    if (x.dtype === 'string' || x.dtype !== args.attrs?.dtype) return needStock('Cast', stock, 'a change of dtype')(args);
    return shared(args.backend, x);
  };
}
