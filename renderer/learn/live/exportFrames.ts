// Saving the epoch snapshots as an animated GIF (gifenc) or a PNG strip (canvas.toBlob): each tile labelled
// with its epoch, saved as a browser download — the same in web mode and in Electron (its download dialog).
import type { LiveFrame } from '../../../src/learn/liveViews';
import type { LiveProbe } from './liveStore';
import { encodeGif, LABEL_BAND, strip, tileOf, type ExportKind, type Tile } from './tiles';

/** Each snapshot's tile with its label written in the band, or undefined when a snapshot has nothing to draw. */
export function labelledTiles(snapshots: LiveFrame[], kind: ExportKind, nodeId: string, probe: LiveProbe, label: (epoch: number) => string): Tile[] | undefined {
  const tiles = snapshots.map((f) => tileOf(f, kind, nodeId, probe));
  if (!tiles.length || tiles.some((t) => !t)) return undefined;
  return (tiles as Tile[]).map((t, epoch) => {
    const canvas = document.createElement('canvas');
    canvas.width = t.width;
    canvas.height = t.height;
    const ctx = canvas.getContext('2d')!;
    ctx.putImageData(new ImageData(t.rgba, t.width, t.height), 0, 0);
    ctx.fillStyle = '#e8e8ea';
    ctx.font = `11px "Noto Sans KR", system-ui, sans-serif`;
    ctx.textBaseline = 'middle';
    ctx.fillText(label(epoch), 4, t.height - LABEL_BAND / 2, t.width - 8);
    return { width: t.width, height: t.height, rgba: ctx.getImageData(0, 0, t.width, t.height).data };
  });
}

function download(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function saveGif(tiles: Tile[], name: string): void {
  const bytes = encodeGif(tiles);
  download(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: 'image/gif' }), name);
}

export async function savePngStrip(tiles: Tile[], name: string): Promise<void> {
  const s = strip(tiles);
  const canvas = document.createElement('canvas');
  canvas.width = s.width;
  canvas.height = s.height;
  canvas.getContext('2d')!.putImageData(new ImageData(s.rgba, s.width, s.height), 0, 0);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('The browser could not encode the PNG.');
  download(blob, name);
}
