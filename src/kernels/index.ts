// Registers CNN Studio's own training kernels for whichever tfjs backends are present.
// Call once at startup (worker, CLI, bench) after the backend packages are imported (a backend whose factory
// is not registered yet is skipped). Returns what was registered.
// Why: stock tfjs-cpu computes Conv2DBackpropFilter with a 7-deep scalar loop (~95% of a LeNet-5 step),
// tfjs-wasm has no Conv2DBackpropFilter at all, and tfjs-webgpu's gives one thread per filter element.
// cpu: im2col + packed GEMM (cpu/convMath.ts) and fast paths for the ops that dominate after that;
// wasm: forward convs on its own XNNPACK Conv2D; webgpu: WGSL implicit GEMMs (webgpu/convGradPrograms.ts).
// Every backend gets a fused optimizer step (optimizer/): one kernel call per training step where tfjs'
// optimizers run 2–14 ops per variable; cpu and webgpu also a one-pass ReLU gradient (reluGrad.ts).
import type * as tfjs from '@tensorflow/tfjs';
import type { KernelConfig, KernelFunc } from '@tensorflow/tfjs';
import { makeConvKernels, type ConvKernelSet } from './cpu/convKernels';
import { BINARY_OPS, makeBinaryKernel } from './cpu/binaryKernels';
import { makeBatchMatMulKernel } from './cpu/matMulKernel';
import { makePoolGradKernels } from './cpu/poolGradKernels';
import { DEPTHWISE_GRADS, makeDepthwiseGradKernels } from './cpu/depthwiseGradKernels';
import { makeReduceKernel } from './cpu/reduceKernel';
import { makeTileKernel } from './cpu/tileKernel';
import { makePadKernel } from './cpu/padKernel';
import { cpuTensorIO, wasmTensorIO } from './tensorIO';
import { makeWasmBatchMatMulKernel } from './wasm/wasmMatMulKernel';
import { makeWasmConvGradKernels } from './wasm/wasmConvGradKernels';
import { makeWasmForwardConvKernels } from './wasm/wasmForwardConvKernels';
import { makeSharedCastKernel, makeSharedIdentityKernel } from './wasm/sharedBufferKernels';
import { BATCH_NORM_KERNELS, makeBatchNormTrainKernels } from './bn/batchNormTrainKernels';
import { makeWasmBatchNormTrainKernels } from './wasm/simd/batchNormSimd';
import { makeWasmReluGradKernel, simdAdamRule, simdLeadingSum, simdMaxPoolGrad2x2 } from './wasm/simd/elementwiseSimd';
import { registerDilatedConvGradient } from './dilatedConv';
import { makeReluGradKernel, registerReluGradient, RELU_GRAD } from './reluGrad';
import { makeOptimizerStepKernel, OPTIMIZER_STEP } from './optimizer/optimizerStep';
import { makeWebgpuOptimizerStepKernel } from './optimizer/webgpuOptimizerStep';
import { makeWebgpuConvGradKernels } from './webgpu/convGradPrograms';
import { makeWebgpuBatchNormTrainKernels } from './webgpu/batchNormPrograms';
import { makeWebgpuReluGradKernel } from './webgpu/reluGradProgram';

type Tf = typeof tfjs;
export type FastKernelBackend = 'cpu' | 'wasm' | 'webgpu';

/** The kernel names each backend gets from us, and how to build them given the kernels they replace. */
interface BackendKernels {
  names: string[];
  make(tf: Tf, stock: Record<string, KernelFunc>): Record<string, KernelFunc>;
}

const KERNELS_FOR: Record<FastKernelBackend, BackendKernels> = {
  cpu: {
    names: [
      'Conv2D', 'FusedConv2D', 'Conv2DBackpropFilter', 'Conv2DBackpropInput',
      'MaxPoolGrad', 'AvgPoolGrad', 'BatchMatMul', 'Sum', 'Mean', 'Tile', 'PadV2', ...BINARY_OPS, ...BATCH_NORM_KERNELS, OPTIMIZER_STEP, RELU_GRAD,
    ],
    make: (tf, stock) => ({
      ...makeConvKernels(tf, cpuTensorIO, stock as Partial<ConvKernelSet>),
      ...makePoolGradKernels(tf, cpuTensorIO),
      BatchMatMul: makeBatchMatMulKernel(tf, cpuTensorIO, stock.BatchMatMul),
      Sum: makeReduceKernel(tf, cpuTensorIO, 'Sum', stock.Sum),
      Mean: makeReduceKernel(tf, cpuTensorIO, 'Mean', stock.Mean),
      Tile: makeTileKernel(cpuTensorIO, stock.Tile),
      PadV2: makePadKernel(cpuTensorIO, stock.PadV2),
      ...Object.fromEntries(BINARY_OPS.map((op) => [op, makeBinaryKernel(tf, cpuTensorIO, op, stock[op])])),
      ...makeBatchNormTrainKernels(cpuTensorIO),
      [OPTIMIZER_STEP]: makeOptimizerStepKernel(cpuTensorIO),
      [RELU_GRAD]: makeReluGradKernel(cpuTensorIO),
    }),
  },
  // wasm's forward conv, pooling and plain matmul are XNNPACK already; it lacks Conv2DBackpropFilter, and its
  // Conv2DBackpropInput, pooling gradients and transposed matmuls are scalar loops. Our conv gradients run as
  // forward convs on the stock Conv2D (XNNPACK); Tile (batch-norm gradients) and leading-axis Sum/Mean are JS
  // loops that beat its per-element index walks, and PadV2 copies whole lines; Identity and same-dtype Cast share
  // the buffer where stock copies it (the tape clones every tensor it saves). Batch norm's passes, the ReLU
  // gradient and leading-axes sums run in our own wasm SIMD module (wasm/simd/). Its broadcasting Add/Mul/… stay
  // stock: they beat a JS loop.
  wasm: {
    names: [
      'Conv2D', 'FusedConv2D', 'Conv2DBackpropFilter', 'Conv2DBackpropInput', 'MaxPoolGrad', 'AvgPoolGrad', 'BatchMatMul',
      'Sum', 'Mean', 'Tile', 'PadV2', 'Identity', 'Cast', ...BATCH_NORM_KERNELS, OPTIMIZER_STEP, RELU_GRAD, ...DEPTHWISE_GRADS,
    ],
    make: (tf, stock) => ({
      ...makeDepthwiseGradKernels(tf, wasmTensorIO),
      ...makeWasmForwardConvKernels(tf, { Conv2D: stock.Conv2D, FusedConv2D: stock.FusedConv2D }),
      ...makeWasmConvGradKernels(tf, {
        Conv2DBackpropInput: stock.Conv2DBackpropInput,
        BatchMatMul: stock.BatchMatMul,
        Conv2D: stock.Conv2D,
      }),
      ...makePoolGradKernels(tf, wasmTensorIO, simdMaxPoolGrad2x2),
      BatchMatMul: makeWasmBatchMatMulKernel(tf, stock.BatchMatMul),
      Sum: makeReduceKernel(tf, wasmTensorIO, 'Sum', stock.Sum, simdLeadingSum),
      Mean: makeReduceKernel(tf, wasmTensorIO, 'Mean', stock.Mean, simdLeadingSum),
      Tile: makeTileKernel(wasmTensorIO, stock.Tile),
      PadV2: makePadKernel(wasmTensorIO, stock.PadV2),
      Identity: makeSharedIdentityKernel(stock.Identity),
      Cast: makeSharedCastKernel(stock.Cast),
      ...makeWasmBatchNormTrainKernels(makeBatchNormTrainKernels(wasmTensorIO)),
      [OPTIMIZER_STEP]: makeOptimizerStepKernel(wasmTensorIO, simdAdamRule),
      [RELU_GRAD]: makeWasmReluGradKernel(makeReluGradKernel(wasmTensorIO)),
    }),
  },
  // webgpu: conv gradients as WGSL implicit GEMMs (split-K dW; dX in stride phases for strided convs, stride 1 keeps
  // tfjs' own implicit-GEMM dX), batch norm's
  // training step as 4 + 4 dispatches (webgpu/batchNormPrograms.ts), the ReLU gradient in one and the fused
  // optimizer step.
  webgpu: {
    names: ['Conv2DBackpropFilter', 'Conv2DBackpropInput', ...BATCH_NORM_KERNELS, OPTIMIZER_STEP, RELU_GRAD],
    make: (tf, stock) => ({
      ...makeWebgpuConvGradKernels(tf, { Conv2DBackpropFilter: stock.Conv2DBackpropFilter, Conv2DBackpropInput: stock.Conv2DBackpropInput }, { inputGradFor: 'strided' }),
      ...makeWebgpuBatchNormTrainKernels(),
      [OPTIMIZER_STEP]: makeWebgpuOptimizerStepKernel(),
      [RELU_GRAD]: makeWebgpuReluGradKernel(),
    }),
  },
};

/** The kernels ours replaced, keyed "backend/kernel", so unregisterFastKernels can put them back. */
const replaced = new Map<string, KernelConfig | undefined>();

export interface FastKernelOptions {
  /** Limit to these backends (default: every backend in KERNELS_FOR whose factory is registered). */
  backends?: FastKernelBackend[];
}

/** Idempotent. Returns "backend/Kernel" for every kernel now served by ours. */
export function registerFastKernels(tf: Tf, options: FastKernelOptions = {}): string[] {
  registerDilatedConvGradient(tf); // a gradient, not a kernel: global, and dilation 1 stays tfjs' own
  registerReluGradient(tf); // global too: our one-pass kernel where registered (below), else tfjs' formula
  const backends = options.backends ?? (Object.keys(KERNELS_FOR) as FastKernelBackend[]);
  const done: string[] = [];
  for (const backendName of backends) {
    if (!tf.findBackendFactory(backendName)) continue;
    const { names, make } = KERNELS_FOR[backendName];
    const ours = make(tf, stockKernels(tf, backendName, names));
    for (const kernelName of names) {
      const key = `${backendName}/${kernelName}`;
      if (!replaced.has(key)) replaced.set(key, tf.getKernel(kernelName, backendName));
      const original = replaced.get(key);
      if (tf.getKernel(kernelName, backendName)) tf.unregisterKernel(kernelName, backendName);
      // Keep the original's setup/dispose hooks: a backend initialised after this call still runs them, and
      // the stock kernel functions ours fall back to or call (wasm BatchMatMul) need that setup.
      tf.registerKernel({
        kernelName,
        backendName,
        kernelFunc: ours[kernelName],
        setupFunc: original?.setupFunc,
        disposeFunc: original?.disposeFunc,
      });
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
