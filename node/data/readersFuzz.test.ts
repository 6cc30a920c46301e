// Damaged and hostile inputs through the two hand-written readers that inflate (PNG's IDAT, IDX's .gz): real
// files with their bytes flipped, cut, and their headers rewritten to promise other sizes. Every one is
// answered within a second with pixels of exactly the promised size or a reader's own error — never an
// allocation past the limits, never a crash of another kind. Seeded (fast-check), so a failure reproduces.
import { describe, expect, it } from 'vitest';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { IdxFormatError, MAX_IDX_DATA_BYTES, readIdx } from '../../src/data/idx';
import { decodePngFast, PngLimitError } from './pngDecode';
import { decodeImage, SkipError } from './decodeImage';
import { idxHeader } from './testBombs';
import { greyPng, rgbImage } from './testImages';

const SEED = 20250113;
const RUNS = 300;

/** A file's bytes changed by one of: flipped bytes, a cut, a rewritten 32-bit field (sizes, lengths). */
const damage = (bytes: Uint8Array) =>
  fc.oneof(
    fc.array(fc.tuple(fc.nat(bytes.length - 1), fc.integer({ min: 1, max: 255 })), { minLength: 1, maxLength: 8 }).map((flips) => {
      const b = bytes.slice();
      for (const [at, x] of flips) b[at] ^= x;
      return b;
    }),
    fc.nat(bytes.length - 1).map((n) => bytes.slice(0, n)),
    fc.tuple(fc.nat(Math.max(0, bytes.length - 4)), fc.oneof(fc.nat(64), fc.constant(0xffffffff), fc.integer({ min: 0, max: 0xffffffff }))).map(([at, v]) => {
      const b = bytes.slice();
      new DataView(b.buffer).setUint32(at, v >>> 0);
      return b;
    }),
  );

describe('readers under damage', () => {
  it('decodePngFast and decodeImage: pixels of the header\'s size, or their own error', async () => {
    const sources = [new Uint8Array(await greyPng(3, { adaptiveFiltering: true })), new Uint8Array(await (await rgbImage(4, 40, 30)).png({ palette: true }).toBuffer())];
    for (const source of sources) {
      const cases = fc.sample(damage(source), { seed: SEED, numRuns: RUNS });
      for (const [i, png] of cases.entries()) {
        const started = performance.now();
        try {
          const d = decodePngFast(png);
          if (d) expect(d.pixels.length, `case ${i}`).toBe(d.width * d.height * d.channels);
        } catch (e) {
          // Its own refusals, or zlib's verdict on a damaged stream — never a RangeError (an allocation too big).
          expect(e instanceof PngLimitError || (e instanceof Error && !(e instanceof RangeError)), `case ${i}: ${e}`).toBe(true);
        }
        const r = await decodeImage(png, { width: 28, height: 28, channels: 1, resize: 'stretch' }).catch((e) => e);
        if (!(r instanceof SkipError)) expect(r.pixels?.length, `case ${i}: ${r}`).toBe(28 * 28);
        expect(performance.now() - started, `case ${i}`).toBeLessThan(1000);
      }
    }
  });

  it('readIdx, raw and gzip: the promised data within the limit, or IdxFormatError', async () => {
    const raw = new Uint8Array([...idxHeader([3, 4, 5]), ...Array.from({ length: 60 }, (_, k) => k)]);
    for (const source of [raw, new Uint8Array(gzipSync(raw))]) {
      const cases = fc.sample(damage(source), { seed: SEED, numRuns: RUNS });
      for (const [i, bytes] of cases.entries()) {
        const started = performance.now();
        const r = await readIdx(bytes).catch((e) => e);
        if (r instanceof Error) expect(r, `case ${i}: ${r.message}`).toBeInstanceOf(IdxFormatError);
        else {
          expect(r.data.length, `case ${i}`).toBe(r.dims.reduce((a: number, b: number) => a * b, 1));
          expect(r.data.length).toBeLessThanOrEqual(MAX_IDX_DATA_BYTES);
        }
        expect(performance.now() - started, `case ${i}`).toBeLessThan(1000);
      }
    }
  });
});
