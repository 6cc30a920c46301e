// Image-folder datasets (torchvision ImageFolder / Keras image_dataset_from_directory), the pure parts:
// which file is which class and split, the seeded validation split, resize geometry, and report figures.
// The Node side (node/data/importImageFolder.ts) scans the disk and decodes; everything here is testable data.
import type { ReportWarning, ResizePolicy } from '../contract/dataset';
import { mulberry32 } from '../train/random';

export type Split = 'train' | 'validation';

export interface LabelledFile {
  /** Path relative to the dataset folder, '/'-separated, as on disk (not normalised). */
  file: string;
  classIndex: number;
  /** Fixed by train/ + val/ folders; undefined when the split is drawn at random later. */
  split?: Split;
}

export interface FolderLayout {
  splitSource: 'folders' | 'random';
  /** Sorted (code-point order, like both libraries), NFC. */
  classNames: string[];
  entries: LabelledFile[];
  /** Files that belong to no class (at the top level, or in an unused test/ split), with why. */
  outside: { file: string; reason: string }[];
  /** Class folders with no files at all. */
  emptyClasses: string[];
  /** NFC names that came from more than one folder spelling (NFC and NFD of the same Korean name). */
  mergedNames: string[];
}

const TRAIN_NAMES = ['train', 'training'];
const VALIDATION_NAMES = ['val', 'valid', 'validation'];
const TEST_NAMES = ['test', 'testing'];

const nfc = (s: string) => s.normalize('NFC');
const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Assigns classes from the folder structure. `files` and `dirs` are relative '/'-paths of every regular
 * file and directory found. A top level holding train/ and val/ (or test/) is a split layout; otherwise each
 * top-level folder is a class and files in nested folders belong to it (both libraries recurse).
 */
export function discoverLayout(files: readonly string[], dirs: readonly string[], subset?: readonly string[]): FolderLayout {
  const topDirs = new Set(dirs.filter((d) => !d.includes('/')));
  const lower = new Map([...topDirs].map((d) => [d.toLowerCase(), d]));
  const train = TRAIN_NAMES.map((n) => lower.get(n)).find(Boolean);
  const validation = VALIDATION_NAMES.map((n) => lower.get(n)).find(Boolean) ?? TEST_NAMES.map((n) => lower.get(n)).find(Boolean);
  const splitRoots = train && validation ? new Map<string, Split>([[train, 'train'], [validation, 'validation']]) : undefined;

  const outside: FolderLayout['outside'] = [];
  const raw: { file: string; cls: string; rawCls: string; split?: Split }[] = [];
  const spellings = new Map<string, Set<string>>();
  const classDirs = new Set<string>();
  const note = (rawCls: string) => {
    const name = nfc(rawCls);
    if (!spellings.has(name)) spellings.set(name, new Set());
    spellings.get(name)!.add(rawCls);
    return name;
  };

  for (const d of dirs) {
    const parts = d.split('/');
    if (splitRoots) {
      if (parts.length === 2 && splitRoots.has(parts[0])) classDirs.add(note(parts[1]));
    } else if (parts.length === 1) classDirs.add(note(parts[0]));
  }
  for (const file of files) {
    const parts = file.split('/');
    if (splitRoots) {
      const split = splitRoots.get(parts[0]);
      if (!split) outside.push({ file, reason: topDirs.has(parts[0]) ? `"${parts[0]}/" is not used: "${validation}/" is the validation split.` : 'Not inside train/ or a validation folder.' });
      else if (parts.length < 3) outside.push({ file, reason: `Directly inside "${parts[0]}/" — put it in a class folder (${parts[0]}/<class>/).` });
      else raw.push({ file, rawCls: parts[1], cls: note(parts[1]), split });
    } else if (parts.length < 2) outside.push({ file, reason: 'At the top level — put each image in a folder named for its class.' });
    else raw.push({ file, rawCls: parts[0], cls: note(parts[0]) });
  }

  const wanted = subset ? new Set(subset.map(nfc)) : undefined;
  const allNames = [...classDirs].sort(byCodePoint);
  const classNames = wanted ? allNames.filter((n) => wanted.has(n)) : allNames;
  const index = new Map(classNames.map((n, i) => [n, i]));
  const entries: LabelledFile[] = [];
  const seen = new Set<string>();
  for (const r of raw) {
    const classIndex = index.get(r.cls);
    if (classIndex === undefined) continue; // a class left out by the subset
    entries.push({ file: r.file, classIndex, split: r.split });
    seen.add(r.cls);
  }
  return {
    splitSource: splitRoots ? 'folders' : 'random',
    classNames,
    entries,
    outside,
    emptyClasses: classNames.filter((n) => !seen.has(n)),
    mergedNames: [...spellings].filter(([name, s]) => s.size > 1 && index.has(name)).map(([name]) => name),
  };
}

/**
 * Stratified validation split: within each class a seeded shuffle, then round(fraction·count) samples are
 * held out, so every class keeps its share on both sides. Same labels + fraction + seed → same split.
 */
export function splitValidation(labels: ArrayLike<number>, fraction: number, seed: number): number[] {
  if (fraction <= 0) return [];
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const list = byClass.get(labels[i]) ?? [];
    list.push(i);
    byClass.set(labels[i], list);
  }
  const rand = mulberry32(seed);
  const out: number[] = [];
  for (const cls of [...byClass.keys()].sort((a, b) => a - b)) {
    const list = byClass.get(cls)!;
    for (let i = list.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1));
      [list[i], list[j]] = [list[j], list[i]];
    }
    // A class of one stays in training: a model can't learn a class it never sees.
    const k = list.length < 2 ? 0 : Math.min(list.length - 1, Math.round(fraction * list.length));
    out.push(...list.slice(0, k));
  }
  return out.sort((a, b) => a - b);
}

export interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/**
 * Where the source goes in the target. stretch: whole source → whole target (aspect lost).
 * center-crop: the largest centred source window of the target's aspect → whole target.
 * letterbox: whole source → the largest centred target window of the source's aspect; the rest is black.
 */
export function resizeGeometry(policy: ResizePolicy, srcW: number, srcH: number, dstW: number, dstH: number): { crop: Rect; place: Rect } {
  const whole = (w: number, h: number): Rect => ({ x: 0, y: 0, w, h });
  if (policy === 'stretch' || srcW * dstH === srcH * dstW) return { crop: whole(srcW, srcH), place: whole(dstW, dstH) };
  if (policy === 'center-crop') {
    // Keep the full extent along the side that is relatively shorter.
    const scale = Math.max(dstW / srcW, dstH / srcH);
    const w = Math.min(srcW, Math.round(dstW / scale));
    const h = Math.min(srcH, Math.round(dstH / scale));
    return { crop: { x: Math.floor((srcW - w) / 2), y: Math.floor((srcH - h) / 2), w, h }, place: whole(dstW, dstH) };
  }
  const scale = Math.min(dstW / srcW, dstH / srcH);
  const w = Math.max(1, Math.min(dstW, Math.round(srcW * scale)));
  const h = Math.max(1, Math.min(dstH, Math.round(srcH * scale)));
  return { crop: whole(srcW, srcH), place: { x: Math.floor((dstW - w) / 2), y: Math.floor((dstH - h) / 2), w, h } };
}

/**
 * Resamples HWC uint8 pixels by the geometry: box-averaging when shrinking (no aliasing), bilinear when
 * enlarging. Used for thumbnails and for images decoded outside sharp (the fast PNG path, BMP).
 */
export function resampleInto(src: Uint8Array, srcW: number, srcH: number, channels: number, geom: { crop: Rect; place: Rect }, dst: Uint8Array, dstW: number, dstH: number): void {
  dst.fill(0, 0, dstW * dstH * channels);
  const { crop, place } = geom;
  const sx = crop.w / place.w;
  const sy = crop.h / place.h;
  for (let y = 0; y < place.h; y++) {
    const y0 = crop.y + y * sy;
    const y1 = y0 + sy;
    for (let x = 0; x < place.w; x++) {
      const x0 = crop.x + x * sx;
      const x1 = x0 + sx;
      const o = ((place.y + y) * dstW + place.x + x) * channels;
      if (sx >= 1 && sy >= 1) {
        // Area average over source pixels [x0,x1)×[y0,y1), partial pixels weighted by coverage.
        for (let c = 0; c < channels; c++) {
          let sum = 0;
          let wsum = 0;
          for (let yy = Math.floor(y0); yy < Math.ceil(y1) && yy < srcH; yy++) {
            const wy = Math.min(yy + 1, y1) - Math.max(yy, y0);
            for (let xx = Math.floor(x0); xx < Math.ceil(x1) && xx < srcW; xx++) {
              const w = wy * (Math.min(xx + 1, x1) - Math.max(xx, x0));
              sum += w * src[(yy * srcW + xx) * channels + c];
              wsum += w;
            }
          }
          dst[o + c] = Math.round(sum / wsum);
        }
      } else {
        const fx = Math.min(Math.max(x0 + sx / 2 - 0.5, crop.x), crop.x + crop.w - 1);
        const fy = Math.min(Math.max(y0 + sy / 2 - 0.5, crop.y), crop.y + crop.h - 1);
        const ix = Math.floor(fx);
        const iy = Math.floor(fy);
        const ix1 = Math.min(ix + 1, srcW - 1);
        const iy1 = Math.min(iy + 1, srcH - 1);
        const ax = fx - ix;
        const ay = fy - iy;
        for (let c = 0; c < channels; c++) {
          const p = (xx: number, yy: number) => src[(yy * srcW + xx) * channels + c];
          const top = p(ix, iy) * (1 - ax) + p(ix1, iy) * ax;
          const bottom = p(ix, iy1) * (1 - ax) + p(ix1, iy1) * ax;
          dst[o + c] = Math.round(top * (1 - ay) + bottom * ay);
        }
      }
    }
  }
}

/** Converts HWC pixels between 1 (grey, ITU-R BT.601 luma as in PIL's convert('L')), 3 and 4 channels (alpha dropped). */
export function convertChannels(src: Uint8Array, pixels: number, from: number, to: 1 | 3): Uint8Array {
  if (from === to) return src;
  const out = new Uint8Array(pixels * to);
  for (let i = 0; i < pixels; i++) {
    const s = i * from;
    if (to === 3) {
      const grey = from <= 2;
      out[i * 3] = src[s];
      out[i * 3 + 1] = src[grey ? s : s + 1];
      out[i * 3 + 2] = src[grey ? s : s + 2];
    } else out[i] = from <= 2 ? src[s] : Math.round((src[s] * 299 + src[s + 1] * 587 + src[s + 2] * 114) / 1000);
  }
  return out;
}

// ── Normalisation ──

/** Per-channel sums over HWC uint8 pixels, to be combined across chunks by channelStatsOf. */
export function addChannelSums(pixels: Uint8Array, channels: number, acc = { n: 0, sum: new Float64Array(channels), sumSq: new Float64Array(channels) }) {
  for (let i = 0; i < pixels.length; i += channels)
    for (let c = 0; c < channels; c++) {
      const v = pixels[i + c];
      acc.sum[c] += v;
      acc.sumSq[c] += v * v;
    }
  acc.n += pixels.length / channels;
  return acc;
}

/** Mean and standard deviation per channel, in 0..1 units (pixel / 255), as torchvision's Normalize takes them. */
export function channelStatsOf(acc: ReturnType<typeof addChannelSums>): { mean: number[]; std: number[] } {
  const mean = [...acc.sum].map((s) => s / Math.max(1, acc.n) / 255);
  const std = [...acc.sumSq].map((q, c) => Math.sqrt(Math.max(0, q / Math.max(1, acc.n) / 65025 - mean[c] * mean[c])));
  return { mean, std };
}

export type Normalization = 'unit' | 'symmetric' | 'standardize';

/**
 * The (mean, std) a model input is normalised with, x = (pixel/255 − mean) / std per channel: 'unit' keeps
 * 0..1, 'symmetric' maps to −1..1, 'standardize' uses the dataset's own statistics (zero mean, unit variance).
 */
export function normalizationFor(mode: Normalization, channels: number, stats?: { mean: number[]; std: number[] }): { mean: number[]; std: number[] } {
  if (mode === 'symmetric') return { mean: Array(channels).fill(0.5), std: Array(channels).fill(0.5) };
  if (mode === 'standardize' && stats) return { mean: stats.mean, std: stats.std.map((s) => (s > 1e-6 ? s : 1)) };
  return { mean: Array(channels).fill(0), std: Array(channels).fill(1) };
}

// ── Report figures ──

export const SIZE_BINS = [32, 64, 128, 256, 512, 1024, Infinity];

/** Counts images by their longest side. */
export function sizeHistogram(sizes: Iterable<{ width: number; height: number }>): { label: string; maxSide: number; count: number }[] {
  const counts = SIZE_BINS.map(() => 0);
  for (const s of sizes) counts[SIZE_BINS.findIndex((b) => Math.max(s.width, s.height) <= b)]++;
  return SIZE_BINS.map((b, i) => ({ label: Number.isFinite(b) ? `≤${b}` : `>${SIZE_BINS[i - 1]}`, maxSide: Number.isFinite(b) ? b : -1, count: counts[i] }));
}

export interface ImbalanceStats {
  ratio: number;
  largest?: string;
  smallest?: string;
}

/** max/min count over non-empty classes; 1 for balanced (or fewer than two non-empty) classes. */
export function imbalanceStats(classes: readonly { name: string; count: number }[]): ImbalanceStats {
  const present = classes.filter((c) => c.count > 0);
  if (present.length < 2) return { ratio: 1 };
  const largest = present.reduce((a, b) => (b.count > a.count ? b : a));
  const smallest = present.reduce((a, b) => (b.count < a.count ? b : a));
  return { ratio: largest.count / smallest.count, largest: largest.name, smallest: smallest.name };
}

/** Above this max/min ratio accuracy stops being a fair measure (the common rule of thumb is 3:1 to 10:1). */
export const IMBALANCE_WARN_RATIO = 3;

export function datasetWarnings(input: { classes: { name: string; count: number }[]; emptyClasses: string[]; mergedNames: string[]; imported: number; skipped: number }): ReportWarning[] {
  const w: ReportWarning[] = [];
  const { classes, imported, skipped } = input;
  if (imported === 0) w.push({ code: 'no-images', message: 'No images could be imported — each class needs its own subfolder holding PNG, JPEG, BMP, GIF or WebP files.', args: {} });
  const present = classes.filter((c) => c.count > 0);
  if (present.length === 1) w.push({ code: 'single-class', message: `Only one class ("${present[0].name}") has images — a classifier needs at least two; add a folder per class.`, args: { name: present[0].name } });
  for (const name of input.emptyClasses) w.push({ code: 'empty-class', message: `Class "${name}" has no usable images — add some or remove the folder.`, args: { name } });
  const imb = imbalanceStats(classes);
  if (imb.ratio >= IMBALANCE_WARN_RATIO)
    w.push({
      code: 'imbalance',
      message: `Classes are imbalanced: "${imb.largest}" has ${imb.ratio.toFixed(1)}× as many images as "${imb.smallest}" — accuracy can look good while "${imb.smallest}" is never predicted; add images or use class weights.`,
      args: { ratio: Number(imb.ratio.toFixed(2)), largest: imb.largest!, smallest: imb.smallest! },
    });
  for (const name of input.mergedNames) w.push({ code: 'merged-unicode-names', message: `Folders spelled "${name}" in two Unicode forms (NFC and NFD) were merged into one class.`, args: { name } });
  if (skipped > 0 && skipped >= imported) w.push({ code: 'many-skipped', message: `${skipped} files were skipped and only ${imported} imported — see the skipped list for the reasons.`, args: { skipped, imported } });
  return w;
}
