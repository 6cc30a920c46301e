// The SIMD batch-norm kernels on wasm against the JS kernels (../../bn/batchNormMath.ts, themselves checked
// against tfjs-layers' stock layer in src/layers/batchNormalization.test.ts) over channel counts the SIMD serves
// (multiples of 4) and row counts that end mid-block; and the generated module against its C source.
import * as tf from '@tensorflow/tfjs';
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import type { TensorInfo } from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BATCH_NORM_TRAIN, BATCH_NORM_TRAIN_GRAD, makeBatchNormTrainKernels } from '../../bn/batchNormTrainKernels';
import { wasmTensorIO } from '../../tensorIO';
import { relativeError } from '../../testing/compare';
import { makeWasmBatchNormTrainKernels } from './batchNormSimd';
import { SIMD_SOURCE_SHA256, SIMD_WASM_PLAIN, SIMD_WASM_PLAIN_RELAXED, SIMD_WASM_SHARED, SIMD_WASM_SHARED_RELAXED } from './simdBinaries.generated';
import v8 from 'node:v8';
import { simdKernelsFor } from './simdKernels';

const CASES = [
  { name: 'ResNet stage 1 (C 16), rows a multiple of the block', x: [4, 8, 8, 16], offset: 0 },
  { name: 'C 4, 37 rows: the last block partial', x: [37, 4], offset: 0 },
  { name: 'C 64, rank 4, odd sizes', x: [3, 5, 7, 64], offset: 0 },
  { name: 'C 8, mean ≫ std (moments about the first row)', x: [2, 9, 11, 8], offset: 300 },
  { name: 'two rows', x: [2, 12], offset: 0 },
];
const EPSILON = 1e-3;

/** The WebAssembly global as these tests use it (Node's typings declare no WebAssembly values). */
interface WebAssemblyApi {
  Module: { new (bytes: Uint8Array): object; imports(module: object): Array<{ module: string; name: string; kind: string }> };
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { readonly exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number }) => { readonly buffer: ArrayBuffer };
}
const wasmApi = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

const js = makeBatchNormTrainKernels(wasmTensorIO);
const simd = makeWasmBatchNormTrainKernels(js);

/** [y, μ, σ², dx, dγ, dβ] by one kernel set on seeded inputs. */
function run(kernels: Record<string, tf.KernelFunc>, c: (typeof CASES)[number]): Float32Array[] {
  return tf.tidy(() => {
    const C = c.x[c.x.length - 1];
    const x = tf.randomNormal(c.x, c.offset, 2, 'float32', 61).mul(tf.linspace(0.5, 3, C));
    const gamma = tf.randomUniform([C], 0.5, 1.5, 'float32', 62);
    const beta = tf.randomUniform([C], -1, 1, 'float32', 63);
    const dy = tf.randomNormal(c.x, 0, 1, 'float32', 64);
    const backend = tf.backend();
    const call = (name: string, inputs: Record<string, tf.Tensor>) =>
      (kernels[name]({ inputs, backend, attrs: { epsilon: EPSILON } }) as TensorInfo[]).map((t) => tf.engine().makeTensorFromTensorInfo(t));
    const [y, mean, variance] = call(BATCH_NORM_TRAIN, { x, gamma, beta });
    const grads = call(BATCH_NORM_TRAIN_GRAD, { dy, x, gamma, mean, variance });
    return [y, mean, variance, ...grads].map((t) => t.dataSync() as Float32Array);
  });
}

beforeAll(async () => {
  setWasmPaths(new URL('../../../../node_modules/@tensorflow/tfjs-backend-wasm/dist/', import.meta.url).pathname);
  expect(await tf.setBackend('wasm')).toBe(true);
});
afterAll(async () => {
  await tf.setBackend('cpu');
});

describe('wasm SIMD batch norm', () => {
  it('instantiates on the wasm backend’s heap (else every case below would compare the JS kernels with themselves)', () => {
    expect(simdKernelsFor(tf.backend())).toBeDefined();
  });

  it.each(CASES)('equals the JS kernels: $name', (c) => {
    const expected = run(js, c);
    const actual = run(simd, c);
    // f32 element passes against the JS kernels' float64 ones: the repo's kernel tolerance.
    ['y', 'μ', 'σ²', 'dx', 'dγ', 'dβ'].forEach((name, i) => expect(relativeError(actual[i], expected[i]), name).toBeLessThanOrEqual(1e-4));
  });

  it('leaves no scratch behind in the heap', () => {
    const before = tf.memory().numBytes;
    run(simd, CASES[0]);
    expect(tf.memory().numBytes).toBe(before);
  });

  it('falls back to the JS kernels where the channels are no multiple of 4', () => {
    const c = { name: 'C 6', x: [3, 5, 6], offset: 0 };
    expect(run(simd, c)).toEqual(run(js, c));
  });
});

describe('the generated SIMD module', () => {
  it('was built from the C sources as they are (else run node scripts/build-simd-kernels.mjs)', () => {
    const dir = new URL('../../../../native/simd-kernels/', import.meta.url).pathname;
    const hash = createHash('sha256');
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.c') || n.endsWith('.h')).sort()) hash.update(f).update('\0').update(readFileSync(dir + f));
    expect(SIMD_SOURCE_SHA256).toBe(hash.digest('hex'));
  });

  it.each([
    { name: 'shared', base64: SIMD_WASM_SHARED },
    { name: 'plain', base64: SIMD_WASM_PLAIN },
    { name: 'shared, relaxed SIMD', base64: SIMD_WASM_SHARED_RELAXED },
    { name: 'plain, relaxed SIMD', base64: SIMD_WASM_PLAIN_RELAXED },
  ])('($name) writes nothing into the heap it imports when instantiated: no start, no data section', ({ base64 }) => {
    const bytes = Buffer.from(base64, 'base64');
    const sections: number[] = [];
    const leb = (at: number): [number, number] => {
      let value = 0;
      for (let shift = 0; ; shift += 7) {
        const b = bytes[at++];
        value |= (b & 0x7f) << shift;
        if (b < 0x80) return [value, at];
      }
    };
    for (let at = 8; at < bytes.length; ) {
      const id = bytes[at];
      const [length, body] = leb(at + 1);
      sections.push(id);
      at = body + length;
    }
    v8.setFlagsFromString('--experimental-wasm-relaxed-simd'); // Node 20 compiles the relaxed builds only with it
    expect(sections).toContain(10); // code
    expect(sections).not.toContain(8); // start
    expect(sections).not.toContain(11); // data
    expect(wasmApi.Module.imports(new wasmApi.Module(bytes))).toEqual([{ module: 'env', name: 'memory', kind: 'memory' }]);
  });

  it('(plain) runs on an unshared memory, as tfjs-backend-wasm’s single-threaded build has', () => {
    const memory = new wasmApi.Memory({ initial: 4 }); // the module asks for 2 pages; any tfjs heap has more
    const { exports } = new wasmApi.Instance(new wasmApi.Module(Buffer.from(SIMD_WASM_PLAIN, 'base64')), { env: { memory } });
    const heap = new Float32Array(memory.buffer);
    const n = 7; // one SIMD block and a scalar tail
    heap.set([2, -1, 0, Number.NaN, 3, -4, 5], 0); // x
    heap.set([1, 2, 3, 4, 5, 6, 7], 16); // dy
    (exports.reluGrad as (dy: number, x: number, dx: number, n: number) => void)(16 * 4, 0, 32 * 4, n);
    expect(Array.from(heap.subarray(32, 32 + n))).toEqual([1, 0, 0, Number.NaN, 5, 0, 7]);
  });
});
