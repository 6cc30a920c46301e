// The SIMD module's two instruction sets side by side on a memory of its own: the relaxed-SIMD build (fused
// multiply-adds in the dW passes) and the SIMD128-only build give ResNet's channel-pair dW and LeNet's dW kernels
// as a float64 direct sum does; the relaxed build is the one with relaxed_madd in it; the loader's helpers split
// rows as the split kernels expect.
import v8 from 'node:v8';
import { describe, expect, it } from 'vitest';
import { relativeError } from '../../testing/compare';
import { SIMD_WASM_PLAIN, SIMD_WASM_PLAIN_RELAXED, SIMD_WASM_SHARED, SIMD_WASM_SHARED_RELAXED } from './simdBinaries.generated';
import { splitRows } from './simdKernels';

/** The WebAssembly global as this test uses it (Node's typings declare no WebAssembly values). */
interface WebAssemblyApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: Record<string, Record<string, unknown>>) => { readonly exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number }) => { readonly buffer: ArrayBuffer };
}
const wasmApi = (globalThis as unknown as { WebAssembly: WebAssemblyApi }).WebAssembly;

// Node 20's V8 has relaxed SIMD behind this flag (node/train/nodeWasmThreads.ts turns it on for training).
v8.setFlagsFromString('--experimental-wasm-relaxed-simd');

type Kernel = (...args: number[]) => void;

/** One build instantiated on a fresh plain memory of `floats` floats. */
function instance(base64: string, floats: number) {
  const memory = new wasmApi.Memory({ initial: Math.ceil((4 * floats) / 65536) + 1 });
  const { exports } = new wasmApi.Instance(new wasmApi.Module(Buffer.from(base64, 'base64')), { env: { memory } });
  return { heap: new Float32Array(memory.buffer), fn: (name: string) => exports[name] as Kernel };
}

/** dW[ky, kx, ci, co] = Σ x[b, oy·s + ky, ox·s + kx, ci] · dy[b, oy, ox, co] in float64, x already padded. */
function directFilterGrad(x: Float32Array, dy: Float32Array, B: number, H: number, W: number, Ci: number, OH: number, OW: number, Co: number, K: number, s: number) {
  const dw = new Float32Array(K * K * Ci * Co);
  for (let ky = 0; ky < K; ky++)
    for (let kx = 0; kx < K; kx++)
      for (let ci = 0; ci < Ci; ci++)
        for (let co = 0; co < Co; co++) {
          let sum = 0;
          for (let b = 0; b < B; b++)
            for (let oy = 0; oy < OH; oy++)
              for (let ox = 0; ox < OW; ox++) sum += x[((b * H + oy * s + ky) * W + ox * s + kx) * Ci + ci] * dy[((b * OH + oy) * OW + ox) * Co + co];
          dw[((ky * K + kx) * Ci + ci) * Co + co] = sum;
        }
  return dw;
}

const seeded = (n: number, seed: number) => Float32Array.from({ length: n }, (_, i) => Math.sin(i * 0.618 + seed) * Math.cos(i * 0.131));

describe('the relaxed-SIMD and SIMD128 builds', () => {
  it.each([
    { name: 'plain', standard: SIMD_WASM_PLAIN, relaxed: SIMD_WASM_PLAIN_RELAXED },
    { name: 'shared', standard: SIMD_WASM_SHARED, relaxed: SIMD_WASM_SHARED_RELAXED },
  ])('($name) relaxed_madd (0xfd 0x105) is in the relaxed build only', ({ standard, relaxed }) => {
    const hasMadd = (base64: string) => Buffer.from(base64, 'base64').includes(Buffer.from([0xfd, 0x85, 0x02]));
    expect(hasMadd(relaxed)).toBe(true);
    expect(hasMadd(standard)).toBe(false);
  });

  it.each([
    { name: 'ResNet 3×3 on its padded input, stride 1, 5 input channels (two pairs and an odd one)', B: 2, H: 10, W: 9, Ci: 5, Co: 16, K: 3, s: 1 },
    { name: 'stride 2, 1×1', B: 3, H: 9, W: 9, Ci: 4, Co: 8, K: 1, s: 2 },
  ])('channel-pair dW, both builds = a float64 direct sum: $name', ({ B, H, W, Ci, Co, K, s }) => {
    const OH = Math.floor((H - K) / s) + 1;
    const OW = Math.floor((W - K) / s) + 1;
    const x = seeded(B * H * W * Ci, 1);
    const dy = seeded(B * OH * OW * Co, 2);
    const want = directFilterGrad(x, dy, B, H, W, Ci, OH, OW, Co, K, s);
    for (const build of [SIMD_WASM_PLAIN, SIMD_WASM_PLAIN_RELAXED]) {
      const { heap, fn } = instance(build, x.length + dy.length + want.length);
      heap.set(x, 0);
      heap.set(dy, x.length);
      heap.fill(Number.NaN, x.length + dy.length, x.length + dy.length + want.length); // dW is written, not added to
      const dwAt = x.length + dy.length;
      // Two parts (input channels [0, 2) and [2, Ci)), one image a block: every part's first block starts from zero.
      for (const [ci0, ci1] of [[0, 2], [2, Ci]]) fn('filterGradValidPairs')(0, 4 * x.length, 4 * dwAt, B, H, W, Ci, OH, OW, Co, K, K, s, s, 1, ci0, ci1);
      expect(relativeError(heap.slice(dwAt, dwAt + want.length), want)).toBeLessThanOrEqual(1e-5);
    }
  });

  it('LeNet’s small-conv dW (8 outputs × 5 taps a pass), both builds = a float64 direct sum', () => {
    const [B, H, W, Ci, Co, K] = [2, 14, 14, 6, 16, 5];
    const [OH, OW] = [H - K + 1, W - K + 1];
    const x = seeded(B * H * W * Ci, 3);
    const dy = seeded(B * OH * OW * Co, 4);
    const want = directFilterGrad(x, dy, B, H, W, Ci, OH, OW, Co, K, 1);
    for (const build of [SIMD_WASM_PLAIN, SIMD_WASM_PLAIN_RELAXED]) {
      const { heap, fn } = instance(build, x.length + dy.length + want.length);
      heap.set(x, 0);
      heap.set(dy, x.length);
      const dwAt = x.length + dy.length;
      heap.fill(0, dwAt, dwAt + want.length); // this kernel adds to dW: the caller zeroes it
      fn('filterGradValid')(0, 4 * x.length, 4 * dwAt, B, H, W, Ci, OH, OW, Co, K, K, 1);
      expect(relativeError(heap.slice(dwAt, dwAt + want.length), want)).toBeLessThanOrEqual(1e-5);
    }
  });
});

describe('splitRows', () => {
  it.each([
    { rows: 10, parts: 2, want: [[0, 5], [5, 10]] },
    { rows: 10, parts: 3, want: [[0, 4], [4, 8], [8, 10]] },
    { rows: 8, parts: 3, want: [[0, 3], [3, 6], [6, 8]] }, // ResNet-20 stage 1's 8 channel pairs on 3 threads
    { rows: 3, parts: 4, want: [[0, 1], [1, 2], [2, 3]] }, // empty parts left out
    { rows: 8, parts: 1, want: [[0, 8]] },
  ])('$rows rows in $parts parts', ({ rows, parts, want }) => {
    expect(splitRows(rows, parts)).toEqual(want);
  });
});
