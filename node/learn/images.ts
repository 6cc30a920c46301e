// The explain command's pictures, as PNG bytes (sharp encodes raw pixels):
//   mapGrid     a node's channels side by side, each scaled by its own min/max (grey), 1-px gaps;
//   filterGrid  a conv node's filters [K, C, F, F]: a grid of filter tiles when C is 1 or 3 (colour), else one
//               row per filter with its channels side by side; each filter scaled by its own min/max;
//   camOverlay  the Grad-CAM map, upsampled bilinearly to the image, in the jet colours over the image.
// Small maps are enlarged by a whole factor (nearest neighbour) so that a 5×5 map or filter is visible.
import sharp from 'sharp';

/** Each cell is at least this many pixels on its longer side (whole-factor enlargement). */
export const MIN_CELL = 32;
/** The overlay's longer side is at least this many pixels. */
export const MIN_OVERLAY = 224;

export const scaleFor = (size: number, min: number) => Math.max(1, Math.ceil(min / Math.max(1, size)));

/** Columns and rows of a grid of n cells, near square. */
export function gridOf(n: number): { cols: number; rows: number } {
  const cols = Math.max(1, Math.ceil(Math.sqrt(n)));
  return { cols, rows: Math.max(1, Math.ceil(n / cols)) };
}

async function png(rgb: Uint8Array, width: number, height: number): Promise<Uint8Array> {
  return new Uint8Array(await sharp(rgb, { raw: { width, height, channels: 3 } }).png().toBuffer());
}

function minMax(get: (i: number) => number, n: number): [number, number] {
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = get(i);
    if (v < lo) lo = v;
    if (v > hi) hi = v;
  }
  return [lo, hi];
}
const grey = (v: number, lo: number, hi: number) => (hi > lo ? Math.round(((v - lo) / (hi - lo)) * 255) : 0);

/** The size of mapGrid's picture for a [H, W, C] map. */
export function mapGridSize([H, W, C]: readonly number[]): { width: number; height: number; scale: number; cols: number; rows: number } {
  const s = scaleFor(Math.max(H, W), MIN_CELL);
  const { cols, rows } = gridOf(C);
  return { width: cols * W * s + (cols - 1), height: rows * H * s + (rows - 1), scale: s, cols, rows };
}

/**
 * A node's output as a picture: a map [H, W, C] (HWC data) as a grid of its C channels; a vector [units] as
 * one map of ⌈units/16⌉ rows of 16 cells.
 */
export async function mapGrid(data: Float32Array, shape: readonly number[]): Promise<Uint8Array> {
  let [H, W, C] = shape.length === 3 ? shape : [Math.ceil(shape[0] / 16), Math.min(16, shape[0]), 1];
  if (shape.length !== 3 && shape.length !== 1) [H, W, C] = [1, data.length, 1];
  const vector = shape.length !== 3;
  const { width, height, scale: s, cols } = mapGridSize([H, W, C]);
  const rgb = new Uint8Array(width * height * 3).fill(64); // gaps: dark grey
  for (let c = 0; c < C; c++) {
    const [lo, hi] = vector ? minMax((i) => data[i], data.length) : minMax((i) => data[i * C + c], H * W);
    const ox = (c % cols) * (W * s + 1);
    const oy = Math.floor(c / cols) * (H * s + 1);
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++) {
        const i = y * W + x;
        const g = vector ? (i < data.length ? grey(data[i], lo, hi) : 64) : grey(data[i * C + c], lo, hi);
        for (let dy = 0; dy < s; dy++)
          for (let dx = 0; dx < s; dx++) {
            const p = ((oy + y * s + dy) * width + ox + x * s + dx) * 3;
            rgb[p] = rgb[p + 1] = rgb[p + 2] = g;
          }
      }
  }
  return png(rgb, width, height);
}

/**
 * The layout of filterGrid's picture for filters [K, C, F, F]: one tile per filter in a near-square grid when
 * C is 1 (grey) or 3 (colour), else one row per filter with its C input channels side by side.
 */
export function filterGridSize([K, C, FH, FW]: readonly number[]): { width: number; height: number; scale: number; cols: number; rows: number; perFilter: number } {
  const s = scaleFor(Math.max(FH, FW), MIN_CELL);
  const perFilter = C === 1 || C === 3 ? 1 : C;
  const { cols, rows } = perFilter === 1 ? gridOf(K) : { cols: C, rows: K };
  return { width: cols * FW * s + (cols - 1), height: rows * FH * s + (rows - 1), scale: s, cols, rows, perFilter };
}

/** Filters [K, C, F, F] (OIHW) as tiles, each filter scaled by its own min/max (see filterGridSize for the layout). */
export async function filterGrid(data: Float32Array, shape: readonly number[]): Promise<Uint8Array> {
  const [K, C, FH, FW] = shape;
  const { width, height, scale: s, cols, perFilter } = filterGridSize(shape);
  const rgb = new Uint8Array(width * height * 3).fill(64);
  const per = C * FH * FW;
  for (let k = 0; k < K; k++) {
    const [lo, hi] = minMax((i) => data[k * per + i], per);
    for (let t = 0; t < perFilter; t++) {
      const cell = perFilter === 1 ? k : k * C + t;
      const ox = (cell % cols) * (FW * s + 1);
      const oy = Math.floor(cell / cols) * (FH * s + 1);
      for (let y = 0; y < FH; y++)
        for (let x = 0; x < FW; x++) {
          const at = (c: number) => grey(data[((k * C + c) * FH + y) * FW + x], lo, hi);
          const colour = C === 3 ? [at(0), at(1), at(2)] : [at(t), at(t), at(t)];
          for (let dy = 0; dy < s; dy++)
            for (let dx = 0; dx < s; dx++) rgb.set(colour, ((oy + y * s + dy) * width + ox + x * s + dx) * 3);
        }
    }
  }
  return png(rgb, width, height);
}

/** The jet colour map, v in [0, 1]. */
export function jet(v: number): [number, number, number] {
  const f = (x: number) => Math.round(255 * Math.min(1, Math.max(0, x)));
  return [f(1.5 - Math.abs(4 * v - 3)), f(1.5 - Math.abs(4 * v - 2)), f(1.5 - Math.abs(4 * v - 1))];
}

export function overlaySize(height: number, width: number): { width: number; height: number; scale: number } {
  const s = scaleFor(Math.max(height, width), MIN_OVERLAY);
  return { width: width * s, height: height * s, scale: s };
}

/**
 * The CAM (camH × camW, max 1) over the image (height × width, `channels` 1 or 3 bytes a pixel, as decoded):
 * both enlarged to overlaySize, the CAM bilinearly (cell centres aligned), blended 50 / 50 in jet colours.
 */
export async function camOverlay(image: Uint8Array, height: number, width: number, channels: number, cam: Float32Array, camH: number, camW: number): Promise<Uint8Array> {
  const { width: OW, height: OH, scale: s } = overlaySize(height, width);
  const rgb = new Uint8Array(OW * OH * 3);
  const sample = (fy: number, fx: number) => {
    const y = Math.min(camH - 1, Math.max(0, fy));
    const x = Math.min(camW - 1, Math.max(0, fx));
    const y0 = Math.floor(y);
    const x0 = Math.floor(x);
    const y1 = Math.min(camH - 1, y0 + 1);
    const x1 = Math.min(camW - 1, x0 + 1);
    const wy = y - y0;
    const wx = x - x0;
    const v = (r: number, c: number) => cam[r * camW + c];
    return (1 - wy) * ((1 - wx) * v(y0, x0) + wx * v(y0, x1)) + wy * ((1 - wx) * v(y1, x0) + wx * v(y1, x1));
  };
  for (let y = 0; y < OH; y++)
    for (let x = 0; x < OW; x++) {
      const iy = Math.floor(y / s);
      const ix = Math.floor(x / s);
      const pi = (iy * width + ix) * channels;
      const base = channels === 3 ? [image[pi], image[pi + 1], image[pi + 2]] : [image[pi], image[pi], image[pi]];
      const c = jet(sample(((y + 0.5) / OH) * camH - 0.5, ((x + 0.5) / OW) * camW - 0.5));
      const p = (y * OW + x) * 3;
      for (let k = 0; k < 3; k++) rgb[p + k] = Math.round(0.5 * base[k] + 0.5 * c[k]);
    }
  return png(rgb, OW, OH);
}
