// Windows BMP decoding (sharp/libvips has no BMP loader). Covers what image folders hold in practice:
// BITMAPCOREHEADER/INFOHEADER/V4/V5, 1/4/8-bit palettes, 16-bit (5-5-5 or bit fields), 24-bit, 32-bit
// (plain or bit fields), bottom-up or top-down. RLE-compressed files are refused with a message.
// Rows are padded to 4 bytes; bottom-up unless the height is negative (Microsoft "Bitmap Storage").

export interface DecodedImage {
  width: number;
  height: number;
  /** Always 3 (RGB): alpha is dropped, as PIL's convert('RGB') does. */
  channels: 3;
  pixels: Uint8Array;
}

export class BmpError extends Error {
  constructor(
    message: string,
    readonly unsupported = false,
  ) {
    super(message);
    this.name = 'BmpError';
  }
}

export const isBmp = (b: Uint8Array) => b.length >= 2 && b[0] === 0x42 && b[1] === 0x4d;

/** Width and height from the header alone (for the size limit before decoding). */
export function bmpSize(b: Uint8Array): { width: number; height: number } {
  if (!isBmp(b) || b.length < 26) throw new BmpError('Not a BMP file (it should start with "BM" and a header).');
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const headerSize = v.getUint32(14, true);
  if (headerSize === 12) return { width: v.getUint16(18, true), height: v.getUint16(20, true) };
  return { width: Math.abs(v.getInt32(18, true)), height: Math.abs(v.getInt32(22, true)) };
}

/** Bit field → 8-bit value: shift the field down, then scale its range to 0–255. */
function fieldReader(mask: number): (px: number) => number {
  if (mask === 0) return () => 255;
  let shift = 0;
  while (((mask >>> shift) & 1) === 0) shift++;
  const max = mask >>> shift;
  return (px) => Math.round((((px & mask) >>> shift) * 255) / max);
}

export function decodeBmp(b: Uint8Array): DecodedImage {
  if (!isBmp(b) || b.length < 26) throw new BmpError('Not a BMP file (it should start with "BM" and a header).');
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const dataOffset = v.getUint32(10, true);
  const headerSize = v.getUint32(14, true);
  const core = headerSize === 12;
  if (!core && headerSize < 40) throw new BmpError(`BMP header size ${headerSize} is not a known kind.`);
  if (b.length < 14 + headerSize) throw new BmpError('BMP file ends inside its header (truncated).');
  const width = core ? v.getUint16(18, true) : v.getInt32(18, true);
  const rawHeight = core ? v.getInt16(20, true) : v.getInt32(22, true);
  const bpp = v.getUint16(core ? 24 : 28, true);
  const compression = core ? 0 : v.getUint32(30, true);
  const height = Math.abs(rawHeight);
  const topDown = rawHeight < 0;
  if (width <= 0 || height === 0) throw new BmpError(`BMP has an empty size (${width}×${height}).`);
  if (compression === 1 || compression === 2) throw new BmpError('RLE-compressed BMP is not supported — re-save it uncompressed or as PNG.', true);
  if (compression !== 0 && compression !== 3 && compression !== 6) throw new BmpError(`BMP compression ${compression} (embedded JPEG/PNG) is not supported — re-save it as PNG.`, true);
  if (![1, 4, 8, 16, 24, 32].includes(bpp)) throw new BmpError(`BMP with ${bpp} bits per pixel is not valid.`);

  // Palette: after the header (or after the 3 masks that follow a 40-byte header with BI_BITFIELDS).
  let masks: [number, number, number] | undefined;
  if (compression === 3 || compression === 6) {
    const at = 54; // right after a 40-byte header; V4/V5 headers hold them at the same offset
    if (b.length < at + 12) throw new BmpError('BMP file ends inside its colour masks (truncated).');
    masks = [v.getUint32(at, true), v.getUint32(at + 4, true), v.getUint32(at + 8, true)];
  } else if (bpp === 16) masks = [0x7c00, 0x03e0, 0x001f];
  else if (bpp === 32) masks = [0x00ff0000, 0x0000ff00, 0x000000ff];
  const paletteAt = 14 + headerSize + (headerSize === 40 && compression === 3 ? 12 : 0);
  const entry = core ? 3 : 4;
  const paletteCount = bpp <= 8 ? (core ? 0 : v.getUint32(46, true)) || 1 << bpp : 0;
  if (bpp <= 8 && b.length < paletteAt + paletteCount * entry) throw new BmpError('BMP file ends inside its palette (truncated).');

  const stride = Math.floor((width * bpp + 31) / 32) * 4;
  if (b.length < dataOffset + stride * (height - 1) + Math.ceil((width * bpp) / 8))
    throw new BmpError(`BMP file is truncated: ${width}×${height} at ${bpp} bits needs ${dataOffset + stride * height} bytes, it has ${b.length}.`);
  const out = new Uint8Array(width * height * 3);
  const [r, g, bl] = masks ? masks.map(fieldReader) : [];
  for (let y = 0; y < height; y++) {
    const row = dataOffset + (topDown ? y : height - 1 - y) * stride;
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3;
      if (bpp <= 8) {
        const bitPos = x * bpp;
        const byte = b[row + (bitPos >> 3)];
        const idx = (byte >> (8 - bpp - (bitPos & 7))) & ((1 << bpp) - 1);
        const p = paletteAt + Math.min(idx, paletteCount - 1) * entry; // BGR(A) order
        out[o] = b[p + 2];
        out[o + 1] = b[p + 1];
        out[o + 2] = b[p];
      } else if (bpp === 24) {
        const p = row + x * 3;
        out[o] = b[p + 2];
        out[o + 1] = b[p + 1];
        out[o + 2] = b[p];
      } else {
        const px = bpp === 16 ? v.getUint16(row + x * 2, true) : v.getUint32(row + x * 4, true);
        out[o] = r!(px);
        out[o + 1] = g!(px);
        out[o + 2] = bl!(px);
      }
    }
  }
  return { width, height, channels: 3, pixels: out };
}

/** A 24-bit bottom-up BMP of RGB pixels (for tests and fixtures). */
export function encodeBmp24(pixels: Uint8Array, width: number, height: number): Uint8Array {
  const stride = Math.floor((width * 24 + 31) / 32) * 4;
  const size = 54 + stride * height;
  const out = new Uint8Array(size);
  const v = new DataView(out.buffer);
  out[0] = 0x42;
  out[1] = 0x4d;
  v.setUint32(2, size, true);
  v.setUint32(10, 54, true);
  v.setUint32(14, 40, true);
  v.setInt32(18, width, true);
  v.setInt32(22, height, true);
  v.setUint16(26, 1, true);
  v.setUint16(28, 24, true);
  v.setUint32(34, stride * height, true);
  for (let y = 0; y < height; y++)
    for (let x = 0; x < width; x++) {
      const s = (y * width + x) * 3;
      const d = 54 + (height - 1 - y) * stride + x * 3;
      out[d] = pixels[s + 2];
      out[d + 1] = pixels[s + 1];
      out[d + 2] = pixels[s];
    }
  return out;
}
