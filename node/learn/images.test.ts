// The explain pictures: each channel scaled by its own min/max, the grid layout and sizes, the CAM overlay.
import { describe, expect, it } from 'vitest';
import sharp from 'sharp';
import { camOverlay, filterGrid, filterGridSize, jet, mapGrid, mapGridSize, overlaySize } from './images';

async function pixels(png: Uint8Array) {
  const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height, at: (x: number, y: number) => Array.from(data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3)) };
}

describe('learn pictures', () => {
  it('mapGrid: each channel by its own min/max, 1-px gaps, enlarged to ≥ 32 px cells', async () => {
    // [H=2, W=2, C=2]: channel 0 = 0 1 2 3 (a ramp), channel 1 = 100 100 100 200
    const data = Float32Array.of(0, 100, 1, 100, 2, 100, 3, 200);
    const p = await pixels(await mapGrid(data, [2, 2, 2]));
    const g = mapGridSize([2, 2, 2]);
    expect(g).toMatchObject({ scale: 16, cols: 2, rows: 1 });
    expect([p.width, p.height]).toEqual([g.width, g.height]);
    expect([p.width, p.height]).toEqual([2 * 32 + 1, 32]);
    expect(p.at(0, 0)).toEqual([0, 0, 0]); // ch0 min
    expect(p.at(31, 31)).toEqual([255, 255, 255]); // ch0 max
    expect(p.at(16, 0)[0]).toBe(85); // ch0 = 1 of 0…3
    expect(p.at(32, 5)).toEqual([64, 64, 64]); // the gap
    expect(p.at(33, 0)).toEqual([0, 0, 0]); // ch1 min (100)
    expect(p.at(33 + 31, 31)).toEqual([255, 255, 255]); // ch1 max (200)
  });

  it('mapGrid of a vector: rows of 16', async () => {
    const p = await pixels(await mapGrid(Float32Array.from({ length: 40 }, (_, i) => i), [40]));
    const g = mapGridSize([3, 16, 1]);
    expect([p.width, p.height]).toEqual([g.width, g.height]);
    expect(p.at(0, 0)[0]).toBe(0);
    expect(p.at(7 * g.scale, 2 * g.scale)[0]).toBe(255); // unit 39 = the max
  });

  it('filterGrid: grey tiles in a grid for C = 1, colour tiles for C = 3, a row per filter otherwise', async () => {
    for (const shape of [[6, 1, 5, 5], [4, 3, 3, 3], [16, 6, 5, 5]]) {
      const n = shape.reduce((a, b) => a * b, 1);
      const p = await pixels(await filterGrid(Float32Array.from({ length: n }, (_, i) => Math.sin(i)), shape));
      const s = filterGridSize(shape);
      expect([p.width, p.height], shape.join('×')).toEqual([s.width, s.height]);
    }
    expect(filterGridSize([6, 1, 5, 5])).toMatchObject({ cols: 3, rows: 2, scale: 7 });
    expect(filterGridSize([16, 6, 5, 5])).toMatchObject({ cols: 6, rows: 16 });
    // RGB: filter 0 = red channel high, green and blue low → a red tile.
    const rgb = new Float32Array(1 * 3 * 1 * 1);
    rgb.set([1, -1, -1]);
    expect((await pixels(await filterGrid(rgb, [1, 3, 1, 1]))).at(0, 0)).toEqual([255, 0, 0]);
  });

  it('camOverlay: the image enlarged to ≥ 224 px, jet colours blended half and half', async () => {
    const image = new Uint8Array(28 * 28).fill(200);
    const cam = new Float32Array(4).fill(0);
    cam[3] = 1; // bottom-right cell of a 2×2 CAM
    const p = await pixels(await camOverlay(image, 28, 28, 1, cam, 2, 2));
    expect(overlaySize(28, 28)).toEqual({ width: 224, height: 224, scale: 8 });
    expect([p.width, p.height]).toEqual([224, 224]);
    const blend = (v: number) => jet(v).map((c) => Math.round(0.5 * 200 + 0.5 * c));
    expect(p.at(0, 0)).toEqual(blend(0));
    expect(p.at(223, 223)).toEqual(blend(1));
    expect(jet(0)).toEqual([0, 0, 128]);
    expect(jet(1)).toEqual([128, 0, 0]);
  });
});
