// One picture per epoch snapshot for the epoch export (GIF / PNG strip): the node's feature maps as a grid, a
// conv node's filters (one row per filter, one cell per input channel), or Grad-CAM over the probe image.
// Pure RGBA (no canvas), so tiles and the GIF are built and tested the same way in Node; the label band at
// the bottom is left dark for the caller to write the epoch in.
import { GIFEncoder, applyPalette, quantize } from 'gifenc';
import type { LiveFrame } from '../../../src/learn/liveViews';
import { camColour, channelOf, colourOf, scaleFor } from '../maps';
import type { LiveProbe } from './liveStore';

export type ExportKind = 'maps' | 'filters' | 'cam';

export interface Tile {
  width: number;
  height: number;
  rgba: Uint8ClampedArray<ArrayBuffer>;
}

/** The label band under each tile (px). */
export const LABEL_BAND = 16;
const GAP = 2;
const BACKGROUND = [24, 24, 28] as const;
/** A cell's longer side is scaled up to about this many pixels (nearest neighbour, crisp). */
const CELL_TARGET = 56;
const MAX_CELLS = 64;

class Canvas {
  readonly rgba: Uint8ClampedArray<ArrayBuffer>;
  constructor(
    readonly width: number,
    readonly height: number,
  ) {
    this.rgba = new Uint8ClampedArray(width * height * 4);
    for (let p = 0; p < width * height; p++) this.rgba.set([...BACKGROUND, 255], p * 4);
  }
  /** Draws an h×w cell of colours, each source pixel as an s×s block, at (x0, y0). */
  cell(x0: number, y0: number, h: number, w: number, s: number, colour: (p: number) => readonly number[]): void {
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++) {
        const [r, g, b] = colour(y * w + x);
        for (let dy = 0; dy < s; dy++) for (let dx = 0; dx < s; dx++) this.rgba.set([r, g, b, 255], ((y0 + y * s + dy) * this.width + x0 + x * s + dx) * 4);
      }
  }
}

const scaleOf = (h: number, w: number) => Math.max(1, Math.floor(CELL_TARGET / Math.max(h, w)));

/** A grid of `n` cells of h×w (scaled by s), `cols` wide, plus the label band. */
function grid(n: number, cols: number, h: number, w: number, s: number, draw: (c: Canvas, i: number, x: number, y: number) => void): Tile {
  const rows = Math.ceil(n / cols);
  const c = new Canvas(GAP + cols * (w * s + GAP), GAP + rows * (h * s + GAP) + LABEL_BAND);
  for (let i = 0; i < n; i++) draw(c, i, GAP + (i % cols) * (w * s + GAP), GAP + Math.floor(i / cols) * (h * s + GAP));
  return c;
}

function mapsTile(frame: LiveFrame, nodeId: string): Tile | undefined {
  const act = frame.activations.find((a) => a.nodeId === nodeId);
  if (!act) return undefined;
  if (act.shape.length === 3) {
    const [h, w, ch] = act.shape;
    const n = Math.min(ch, MAX_CELLS);
    const s = scaleOf(h, w);
    return grid(n, Math.ceil(Math.sqrt(n)), h, w, s, (c, k, x, y) => {
      // Each map to its own scale, as the Learn panel draws it.
      const { values, min, max } = channelOf(act.data, h, w, ch, k);
      const scale = scaleFor(min, max);
      c.cell(x, y, h, w, s, (p) => colourOf(values[p], scale));
    });
  }
  // A vector: 12×12 cells, 16 a row (the first 64 units), on the vector's own scale.
  const n = Math.min(act.data.length, MAX_CELLS);
  const scale = scaleFor(act.min, act.max);
  return grid(n, Math.min(n, 16), 1, 1, 12, (c, i, x, y) => c.cell(x, y, 1, 1, 12, () => colourOf(act.data[i], scale)));
}

function filtersTile(frame: LiveFrame, nodeId: string): Tile | undefined {
  const f = frame.filters[nodeId];
  if (!f) return undefined;
  const [K, C, F, G] = f.shape;
  const k = Math.min(K, 32);
  const cols = Math.min(C, 16);
  const s = Math.max(1, Math.floor(24 / Math.max(F, G)));
  const size = F * G;
  // One filter a row (one cell per input channel); a single channel: a square-ish grid of filters.
  const perRow = cols === 1 ? Math.ceil(Math.sqrt(k)) : cols;
  return grid(cols === 1 ? k : k * cols, perRow, F, G, s, (c, i, x, y) => {
    const kk = cols === 1 ? i : Math.floor(i / cols);
    const ch = cols === 1 ? 0 : i % cols;
    const one = f.data.subarray(kk * C * size, (kk + 1) * C * size);
    let m = 0;
    for (const v of one) m = Math.max(m, Math.abs(v));
    const scale = { kind: 'diverging' as const, max: m || 1 };
    c.cell(x, y, F, G, s, (p) => colourOf(one[ch * size + p], scale));
  });
}

function camTile(frame: LiveFrame, probe: LiveProbe): Tile | undefined {
  const cam = frame.cam;
  if (!cam) return undefined;
  const { height: H, width: W, channels: C, pixels } = probe;
  const s = Math.max(1, Math.floor(112 / Math.max(H, W)));
  return grid(1, 1, H, W, s, (c, _i, x, y) =>
    c.cell(x, y, H, W, s, (p) => {
      const py = Math.floor(p / W);
      const px = p % W;
      const grey = C === 1 ? pixels[p] : (pixels[p * C] + pixels[p * C + 1] + pixels[p * C + 2]) / 3;
      // The CAM at its own resolution, nearest neighbour, blended over the image by its alpha.
      const v = cam.cam[Math.min(cam.height - 1, Math.floor((py * cam.height) / H)) * cam.width + Math.min(cam.width - 1, Math.floor((px * cam.width) / W))];
      const [r, g, b, a] = camColour(v);
      const t = a / 255;
      return [grey * (1 - t) + r * t, grey * (1 - t) + g * t, grey * (1 - t) + b * t];
    }),
  );
}

/** One frame's tile, or undefined when the frame has nothing of this kind for the node. */
export function tileOf(frame: LiveFrame, kind: ExportKind, nodeId: string, probe: LiveProbe): Tile | undefined {
  if (kind === 'maps') return mapsTile(frame, nodeId);
  if (kind === 'filters') return filtersTile(frame, nodeId);
  return camTile(frame, probe);
}

/** The tiles side by side: width = tiles × tile width. */
export function strip(tiles: Tile[]): Tile {
  const { width, height } = tiles[0];
  const out = new Uint8ClampedArray(width * tiles.length * height * 4);
  tiles.forEach((t, i) => {
    for (let y = 0; y < height; y++) out.set(t.rgba.subarray(y * width * 4, (y + 1) * width * 4), (y * width * tiles.length + i * width) * 4);
  });
  return { width: width * tiles.length, height, rgba: out };
}

/** An animated GIF, one frame per tile (one palette for all, so colours stay put), looping forever. */
export function encodeGif(tiles: Tile[], delayMs = 700): Uint8Array {
  const { width, height } = tiles[0];
  const all = new Uint8ClampedArray(tiles.length * width * height * 4);
  tiles.forEach((t, i) => all.set(t.rgba, i * width * height * 4));
  const palette = quantize(all, 256);
  const gif = GIFEncoder();
  for (const t of tiles) gif.writeFrame(applyPalette(t.rgba, palette), width, height, { palette, delay: delayMs, repeat: 0 });
  gif.finish();
  return gif.bytes();
}
