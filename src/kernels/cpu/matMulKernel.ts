// BatchMatMul on the packed GEMM (stock tfjs-cpu uses a 48-wide blocked triple loop over TensorBuffers).
// Handles equal batch dims or a batch of 1 on either side broadcast to the other; anything else goes to
// the previously registered kernel.
import type * as tfjs from '@tensorflow/tfjs';
import type { KernelFunc, TensorInfo } from '@tensorflow/tfjs';
import type { TensorIO } from '../tensorIO';
import { gemm } from './gemm';

type Tf = typeof tfjs;

const sizeOf = (shape: number[]) => shape.reduce((p, d) => p * d, 1);

export function makeBatchMatMulKernel(tf: Tf, io: TensorIO, stock: KernelFunc | undefined): KernelFunc {
  return (args) => {
    const { inputs, backend, attrs } = args;
    const a = inputs.a as TensorInfo;
    const b = inputs.b as TensorInfo;
    const transposeA = Boolean(attrs?.transposeA);
    const transposeB = Boolean(attrs?.transposeB);
    const aBatch = a.shape.slice(0, -2);
    const bBatch = b.shape.slice(0, -2);
    const outBatch = tf.broadcast_util.assertAndGetBroadcastShape(aBatch, bBatch);
    const batches = sizeOf(outBatch);
    const aCount = sizeOf(aBatch);
    const bCount = sizeOf(bBatch);
    const simpleBroadcast = (aCount === batches || aCount === 1) && (bCount === batches || bCount === 1);
    if (!simpleBroadcast || a.dtype !== 'float32' || b.dtype !== 'float32') {
      if (!stock) throw new Error('BatchMatMul: general batch broadcasting is not implemented and no stock kernel is registered');
      return stock(args);
    }
    const [aRows, aCols] = a.shape.slice(-2);
    const [bRows, bCols] = b.shape.slice(-2);
    const m = transposeA ? aCols : aRows;
    const k = transposeA ? aRows : aCols;
    const n = transposeB ? bRows : bCols;
    if ((transposeB ? bCols : bRows) !== k) {
      throw new Error(`BatchMatMul: inner dimensions differ (${a.shape} × ${b.shape}, transposeA=${transposeA}, transposeB=${transposeB})`);
    }
    const av = io.read(backend, a);
    const bv = io.read(backend, b);
    const out = new Float32Array(batches * m * n);
    for (let i = 0; i < batches; i++) {
      const aOffset = (aCount === 1 ? 0 : i) * aRows * aCols;
      const bOffset = (bCount === 1 ? 0 : i) * bRows * bCols;
      const A = transposeA
        ? { data: av, offset: aOffset, rowStride: 1, colStride: aCols }
        : { data: av, offset: aOffset, rowStride: aCols, colStride: 1 };
      const B = transposeB
        ? { data: bv, offset: bOffset, rowStride: 1, colStride: bCols }
        : { data: bv, offset: bOffset, rowStride: bCols, colStride: 1 };
      gemm(m, n, k, A, B, out, i * m * n, n, false);
    }
    return io.write(backend, [...outBatch, m, n], out);
  };
}
