// Registers CNN Studio's own training kernels for whichever tfjs backends are present.
// Call once at startup (worker, CLI, bench) after the backend is set. Returns what was registered.
// Stock tfjs-cpu computes Conv2DBackpropFilter with a 7-deep scalar loop (~90% of a LeNet-5 step) and
// tfjs-wasm has no Conv2DBackpropFilter at all; ours are im2col + blocked GEMM (see cpu/convMath.ts).
import type * as tfjs from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs';
import { makeConvKernels, type ConvKernelSet } from './cpu/convKernels';
import { BINARY_OPS, makeBinaryKernel } from './cpu/binaryKernels';
import { makeBatchMatMulKernel } from './cpu/matMulKernel';
import { makePoolGradKernels } from './cpu/poolGradKernels';
import { makeSumKernel } from './cpu/sumKernel';
import { cpuTensorIO, type TensorIO, wasmTensorIO } from './tensorIO';

type Tf = typeof tfjs;
export type FastKernelBackend = 'cpu' | 'wasm';

/** Which of our kernels each backend gets: wasm already has fast forward conv/pooling (XNNPACK). */
const KERNELS_FOR: Record<FastKernelBackend, { io: TensorIO; names: string[] }> = {
  cpu: {
    io: cpuTensorIO,
    names: [
      'Conv2D', 'FusedConv2D', 'Conv2DBackpropFilter', 'Conv2DBackpropInput',
      'MaxPoolGrad', 'AvgPoolGrad', 'BatchMatMul', 'Sum', ...BINARY_OPS,
    ],
  },
  wasm: { io: wasmTensorIO, names: ['Conv2DBackpropFilter'] },
};

/** The kernels ours replaced, keyed "backend/kernel", so unregisterFastKernels can put them back. */
const replaced = new Map<string, KernelConfig | undefined>();

export interface FastKernelOptions {
  /** Limit to these backends (default: every backend in KERNELS_FOR whose factory is registered). */
  backends?: FastKernelBackend[];
}

/** Idempotent. Returns "backend/Kernel" for every kernel now served by ours. */
export function registerFastKernels(tf: Tf, options: FastKernelOptions = {}): string[] {
  const backends = options.backends ?? (Object.keys(KERNELS_FOR) as FastKernelBackend[]);
  const done: string[] = [];
  for (const backendName of backends) {
    if (!tf.findBackendFactory(backendName)) continue;
    const { io, names } = KERNELS_FOR[backendName];
    const stock = stockKernels(tf, backendName, names);
    const ours: Record<string, KernelFunc> = {
      ...makeConvKernels(tf, io, stock as Partial<ConvKernelSet>),
      ...makePoolGradKernels(tf, io),
      BatchMatMul: makeBatchMatMulKernel(tf, io, stock.BatchMatMul),
      Sum: makeSumKernel(tf, io, stock.Sum),
      ...Object.fromEntries(BINARY_OPS.map((op) => [op, makeBinaryKernel(tf, io, op, stock[op])])),
    };
    for (const kernelName of names) {
      const key = `${backendName}/${kernelName}`;
      if (!replaced.has(key)) replaced.set(key, tf.getKernel(kernelName, backendName));
      if (tf.getKernel(kernelName, backendName)) tf.unregisterKernel(kernelName, backendName);
      tf.registerKernel({ kernelName, backendName, kernelFunc: ours[kernelName] });
      done.push(key);
    }
  }
  return done;
}

/** Puts the kernels registerFastKernels replaced back (or removes ours where there was none). */
export function unregisterFastKernels(tf: Tf): string[] {
  const restored: string[] = [];
  for (const [key, original] of replaced) {
    const [backendName, kernelName] = key.split('/');
    if (tf.getKernel(kernelName, backendName)) tf.unregisterKernel(kernelName, backendName);
    if (original) tf.registerKernel(original);
    restored.push(key);
  }
  replaced.clear();
  return restored;
}

/** The kernel functions registered before ours (the originals, even when ours are already in place). */
function stockKernels(tf: Tf, backendName: string, names: string[]): Record<string, KernelFunc> {
  const found: Record<string, KernelFunc> = {};
  for (const name of names) {
    const key = `${backendName}/${name}`;
    const config = replaced.has(key) ? replaced.get(key) : tf.getKernel(name, backendName);
    if (config) found[name] = config.kernelFunc;
  }
  return found;
}
