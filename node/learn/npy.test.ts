// .npy files: the header is NPY 1.0 with '<f4', C order and the shape, the data starts at a multiple of 64,
// and what is written reads back (here, and in numpy where a Python with numpy exists).
import { describe, expect, it } from 'vitest';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { decodeNpy, encodeNpy, hwcToChw, npyHeader } from './npy';
import { findPython } from '../testing/python';

const cases: [string, number[]][] = [
  ['vector', [10]],
  ['map CHW', [6, 28, 28]],
  ['filters OIHW', [16, 6, 5, 5]],
  ['scalar-free 2-D', [3, 1]],
  ['empty', [0, 4]],
];

describe('npy', () => {
  for (const [name, shape] of cases)
    it(`${name} ${JSON.stringify(shape)}: header, alignment, round trip`, () => {
      const n = shape.reduce((a, b) => a * b, 1);
      const data = Float32Array.from({ length: n }, (_, i) => Math.sin(i) * 1e3 + (i % 7 === 0 ? -0 : 0.5));
      const bytes = encodeNpy(data, shape);
      expect(Array.from(bytes.subarray(0, 8))).toEqual([0x93, 0x4e, 0x55, 0x4d, 0x50, 0x59, 1, 0]);
      const headerLen = bytes[8] | (bytes[9] << 8);
      expect((10 + headerLen) % 64).toBe(0);
      expect(bytes[10 + headerLen - 1]).toBe(0x0a);
      const back = decodeNpy(bytes);
      expect(back.shape).toEqual(shape);
      expect(back.header).toContain("'descr': '<f4', 'fortran_order': False");
      expect(Array.from(back.data)).toEqual(Array.from(data));
      expect(bytes.length).toBe(10 + headerLen + 4 * n);
    });

  it('writes a 1-D shape as (n,)', () => {
    expect(new TextDecoder().decode(npyHeader([7]))).toContain("'shape': (7,)");
    expect(() => encodeNpy(new Float32Array(3), [2, 2])).toThrow(/holds 4 values, not 3/);
    expect(() => decodeNpy(new Uint8Array(20))).toThrow(/Not a .npy/);
  });

  it('hwcToChw moves channels first', () => {
    // [H=1, W=2, C=3]: pixel 0 = 0 1 2, pixel 1 = 3 4 5 → channel 0 = 0 3, channel 1 = 1 4, channel 2 = 2 5
    expect(Array.from(hwcToChw(Float32Array.of(0, 1, 2, 3, 4, 5), [1, 2, 3]))).toEqual([0, 3, 1, 4, 2, 5]);
  });

  it('numpy reads the files (where a Python with numpy exists)', () => {
    const py = findPython(['numpy']);
    if (!py) return;
    const dir = mkdtempSync(path.join(tmpdir(), 'npy-'));
    try {
      const data = Float32Array.from({ length: 2 * 3 * 4 }, (_, i) => i / 3 - 2);
      writeFileSync(path.join(dir, 'a.npy'), encodeNpy(data, [2, 3, 4]));
      writeFileSync(path.join(dir, 'b.npy'), encodeNpy(Float32Array.of(1.5, -2), [2]));
      const r = spawnSync(py, ['-c', 'import numpy as np,sys,json; a=np.load(sys.argv[1]); b=np.load(sys.argv[2]); print(json.dumps([a.dtype.str, list(a.shape), a.flatten().tolist(), list(b.shape), b.tolist()]))', path.join(dir, 'a.npy'), path.join(dir, 'b.npy')], { encoding: 'utf8' });
      expect(r.stderr).toBe('');
      const [dtype, shape, flat, bShape, b] = JSON.parse(r.stdout);
      expect([dtype, shape, bShape, b]).toEqual(['<f4', [2, 3, 4], [2], [1.5, -2]]);
      expect(flat).toEqual(Array.from(data));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
