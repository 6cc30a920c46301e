// CnnStudioReluGrad on webgpu: dx = dy·(x > 0) (NaN where x is NaN), in one dispatch, where tfjs'
// Relu gradient runs Step and Multiply (its float32 Cast is free there). On a GPU each dispatch costs its
// JavaScript (~0.2 ms apiece measured on an H100), so ResNet-20's 19 BN → ReLU pairs save 19 a step.
// Same values as tfjs': dy·step(x) with step(NaN) = NaN (isnan is tfjs' WGSL prelude helper).
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import { RELU_GRAD } from '../reluGrad';
import type { WebGpuBackendLike } from './webgpuBackend';


const WORKGROUP = 128;

/** Elementwise over dy's elements, 128 a workgroup. */
export class ReluGradProgram {
  readonly variableNames = ['DY', 'X'];
  readonly outputShape: number[];
  readonly shaderKey = 'cnnStudioReluGrad';
  readonly dispatchLayout: { x: number[] };
  readonly dispatch: [number, number, number];
  readonly workgroupSize: [number, number, number] = [WORKGROUP, 1, 1];
  readonly size = true;

  constructor(shape: number[]) {
    this.outputShape = shape;
    this.dispatchLayout = { x: shape.map((_, i) => i) };
    this.dispatch = [Math.ceil(shape.reduce((a, b) => a * b, 1) / WORKGROUP), 1, 1];
  }

  getUserCode(): string {
    return `
      fn main(index : i32) {
        if (index < uniforms.size) {
          let v = X[index];
          let g = DY[index];
          // dy·step(x) as tfjs multiplies it: a literal g * 0.0 is folded to 0 by the shader compiler (−∞·0 must be NaN).
          var value = g * f32(v > 0.0);
          if (isnan(v)) {
            value = v;
          }
          setOutputAtIndex(index, value);
        }
      }`;
  }
}

export function makeWebgpuReluGradKernel(): KernelFunc {
  return ({ inputs, backend }) => {
    const dy = inputs.dy as TensorInfo;
    const x = inputs.x as TensorInfo;
    if (dy.shape.join() !== x.shape.join()) throw new Error(`${RELU_GRAD}: dy [${dy.shape}] and x [${x.shape}] must have one shape`);
    return (backend as WebGpuBackendLike).runWebGPUProgram(new ReluGradProgram([...x.shape]), [dy, x], 'float32');
  };
}
