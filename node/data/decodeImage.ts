// One file's bytes → target-size uint8 HWC pixels, or a SkipError saying why not. The size is checked from
// the header before any decoding (> 50 megapixels is refused: decompression bombs), sharp is held to the same
// limit (limitInputPixels), and a PNG whose image data inflates past its header's size is refused before any
// decoder allocates for it (node/data/pngDecode.ts checkPngBounds). PNG up to 256×256 goes
// through the node:zlib decoder (faster than a sharp call for small images), BMP through src/data/bmp.ts
// (libvips has no BMP loader), everything else through sharp (JPEG, GIF's first frame, WebP, TIFF, AVIF).
import sharp from 'sharp';
import type { ResizePolicy, SkipCode } from '../../src/contract/dataset';
import { bmpSize, BmpError, decodeBmp, isBmp } from '../../src/data/bmp';
import { convertChannels, resampleInto, resizeGeometry } from '../../src/data/imageFolder';
import { checkPngBounds, decodePngFast, isPng, pngHeader, PngLimitError } from './pngDecode';

export const MAX_PIXELS = 50_000_000;
const FAST_PNG_MAX_PIXELS = 256 * 256;

export class SkipError extends Error {
  constructor(
    readonly code: SkipCode,
    message: string,
  ) {
    super(message);
    this.name = 'SkipError';
  }
}

export interface DecodeTarget {
  width: number;
  height: number;
  channels: 1 | 3;
  resize: ResizePolicy;
}

export interface Decoded {
  pixels: Uint8Array;
  /** The original size, for the report's size histogram. */
  width: number;
  height: number;
}

export type Sniffed = 'png' | 'jpeg' | 'gif' | 'webp' | 'bmp' | 'tiff' | 'heif';

/** The format from the first bytes (extensions lie; content doesn't). */
export function sniffFormat(b: Uint8Array): Sniffed | undefined {
  if (isPng(b)) return 'png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 6 && b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46 && b[3] === 0x38) return 'gif';
  if (b.length >= 12 && String.fromCharCode(...b.subarray(0, 4)) === 'RIFF' && String.fromCharCode(...b.subarray(8, 12)) === 'WEBP') return 'webp';
  if (isBmp(b) && b.length >= 26) return 'bmp';
  if (b.length >= 4 && ((b[0] === 0x49 && b[1] === 0x49 && b[2] === 0x2a && b[3] === 0) || (b[0] === 0x4d && b[1] === 0x4d && b[2] === 0 && b[3] === 0x2a))) return 'tiff';
  if (b.length >= 12 && String.fromCharCode(...b.subarray(4, 8)) === 'ftyp' && /^(avif|avis|heic|heix|mif1)$/.test(String.fromCharCode(...b.subarray(8, 12)))) return 'heif';
  return undefined;
}

function checkSize(width: number | undefined, height: number | undefined): void {
  if (!width || !height) throw new SkipError('corrupt', 'The image header has no size — the file is damaged.');
  if (width * height > MAX_PIXELS)
    throw new SkipError('too-large', `${width}×${height} is ${((width * height) / 1e6).toFixed(0)} megapixels, over the ${MAX_PIXELS / 1e6} MP limit — downscale it first.`);
}

function refuseOverLimit(check: () => unknown): void {
  try {
    check();
  } catch (e) {
    if (e instanceof PngLimitError) throw new SkipError('too-large', e.message);
    throw e;
  }
}

/** Raw pixels decoded outside sharp → target size and channels. */
function fromRaw(pixels: Uint8Array, w: number, h: number, c: number, t: DecodeTarget): Decoded {
  const conv = convertChannels(pixels, w * h, c, t.channels);
  if (w === t.width && h === t.height) return { pixels: conv, width: w, height: h };
  const out = new Uint8Array(t.width * t.height * t.channels);
  resampleInto(conv, w, h, t.channels, resizeGeometry(t.resize, w, h, t.width, t.height), out, t.width, t.height);
  return { pixels: out, width: w, height: h };
}

const FIT: Record<ResizePolicy, 'fill' | 'cover' | 'contain'> = { stretch: 'fill', 'center-crop': 'cover', letterbox: 'contain' };

async function withSharp(b: Uint8Array, t: DecodeTarget): Promise<Decoded> {
  const opts = { limitInputPixels: MAX_PIXELS, pages: 1, failOn: 'error' as const };
  let meta: Awaited<ReturnType<ReturnType<typeof sharp>["metadata"]>>;
  try {
    meta = await sharp(b, opts).metadata();
  } catch (e) {
    throw new SkipError('corrupt', `Could not read the image header (${(e as Error).message}).`);
  }
  // EXIF orientation swaps the sides of rotated photos.
  const swapped = (meta.orientation ?? 1) >= 5;
  checkSize(swapped ? meta.height : meta.width, swapped ? meta.width : meta.height);
  try {
    // Grey conversion happens in convertChannels (BT.601, as PIL's convert('L')) so every decoder path agrees;
    // libvips' own b-w weights differ.
    const { data, info } = await sharp(b, opts)
      .rotate()
      .removeAlpha()
      .toColourspace('srgb')
      .resize(t.width, t.height, { fit: FIT[t.resize], position: 'centre', background: { r: 0, g: 0, b: 0 } })
      .raw()
      .toBuffer({ resolveWithObject: true });
    const pixels = convertChannels(new Uint8Array(data.buffer, data.byteOffset, data.byteLength), info.width * info.height, info.channels, t.channels);
    return { pixels, width: (swapped ? meta.height : meta.width)!, height: (swapped ? meta.width : meta.height)! };
  } catch (e) {
    throw new SkipError('corrupt', `The image could not be decoded (${(e as Error).message}) — it may be truncated or damaged.`);
  }
}

export interface DecodeOptions {
  /** Force sharp even for small PNGs (the bench compares both). */
  decoder?: 'auto' | 'sharp';
}

export async function decodeImage(b: Uint8Array, t: DecodeTarget, o: DecodeOptions = {}): Promise<Decoded> {
  if (b.length === 0) throw new SkipError('empty-file', 'The file is empty (0 bytes).');
  const format = sniffFormat(b);
  if (!format) throw new SkipError('not-an-image', 'Not a PNG, JPEG, BMP, GIF, WebP or TIFF image (judged by its content, not its name).');
  if (format === 'bmp') {
    const size = (() => {
      try {
        return bmpSize(b);
      } catch (e) {
        throw new SkipError('corrupt', (e as Error).message);
      }
    })();
    checkSize(size.width, size.height);
    try {
      const d = decodeBmp(b);
      return fromRaw(d.pixels, d.width, d.height, 3, t);
    } catch (e) {
      throw new SkipError(e instanceof BmpError && e.unsupported ? 'unsupported' : 'corrupt', (e as Error).message);
    }
  }
  if (format === 'png') {
    const h = pngHeader(b);
    const fast = h !== undefined && o.decoder !== 'sharp' && h.width * h.height <= FAST_PNG_MAX_PIXELS;
    if (h) {
      checkSize(h.width, h.height);
      // decodePngFast runs the same bounds check first thing; check here only what goes straight to sharp.
      if (!fast) refuseOverLimit(() => checkPngBounds(b, MAX_PIXELS));
    }
    if (fast) {
      try {
        const d = decodePngFast(b, MAX_PIXELS);
        if (d) return fromRaw(d.pixels, d.width, d.height, d.channels, t);
      } catch (e) {
        // Over the limits: refused here (sharp would read the promised rows and ignore the rest, keeping the bomb).
        if (e instanceof PngLimitError) throw new SkipError('too-large', e.message);
        // A damaged stream: sharp gives the definitive verdict and message below.
      }
    }
  }
  return withSharp(b, t);
}
