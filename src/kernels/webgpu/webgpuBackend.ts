// The slice of tfjs-backend-webgpu's WebGPUBackend that our WGSL kernels call: declared here once, because the
// package is the caller's to load (the pure core never imports it) and every program runs through these two.
import type { TensorInfo } from '@tensorflow/tfjs';

/** One uniform a program takes, in the order its `uniforms` declares them (tfjs-webgpu's ProgramUniform). */
export interface ProgramUniform {
  type: 'float32' | 'int32';
  data: number[];
}

export interface WebGpuBackendLike {
  /** Runs a program over inputs; `output` (when given) is written in place of a fresh tensor. */
  runWebGPUProgram(program: object, inputs: TensorInfo[], outputDtype: 'float32', uniforms?: ProgramUniform[], output?: TensorInfo): TensorInfo;
  disposeData(dataId: object, force?: boolean): boolean;
}
