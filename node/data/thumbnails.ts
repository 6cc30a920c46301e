// Sample thumbnails per class for the dataset view's grid: the first k samples of each class, shrunk so the
// longest side is at most THUMB_MAX (aspect kept) — small enough to send for hundreds of classes.
import type { InMemoryDataset } from '../../src/data/dataset';
import { resampleInto, resizeGeometry } from '../../src/data/imageFolder';

export const THUMB_MAX = 48;

export interface Thumbnails {
  height: number;
  width: number;
  channels: number;
  classes: { name: string; pixels: Uint8Array; k: number }[];
}

/** `samples(indices)` returns those samples' pixels back to back (from memory or from the cache blob). */
export async function classThumbnails(
  shape: Pick<InMemoryDataset, 'height' | 'width' | 'channels' | 'classNames'>,
  labels: ArrayLike<number>,
  samples: (indices: number[]) => Promise<Uint8Array>,
  perClass = 8,
): Promise<Thumbnails> {
  const { height: H, width: W, channels: C } = shape;
  const s = Math.min(1, THUMB_MAX / Math.max(H, W));
  const th = Math.max(1, Math.round(H * s));
  const tw = Math.max(1, Math.round(W * s));
  const picks: number[][] = shape.classNames.map(() => []);
  for (let i = 0; i < labels.length; i++) if (picks[labels[i]].length < perClass) picks[labels[i]].push(i);
  const geom = resizeGeometry('stretch', W, H, tw, th);
  const classes = [];
  for (let c = 0; c < picks.length; c++) {
    const px = await samples(picks[c]);
    const out = new Uint8Array(picks[c].length * th * tw * C);
    for (let k = 0; k < picks[c].length; k++) {
      const one = px.subarray(k * H * W * C, (k + 1) * H * W * C);
      if (s === 1) out.set(one, k * th * tw * C);
      else resampleInto(one, W, H, C, geom, out.subarray(k * th * tw * C), tw, th);
    }
    classes.push({ name: shape.classNames[c], pixels: out, k: picks[c].length });
  }
  return { height: th, width: tw, channels: C, classes };
}
