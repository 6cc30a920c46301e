// A row of sample thumbnails per class, drawn from uint8 HWC pixels onto canvases.
import { useEffect, useRef } from 'react';
import type { ImportResult } from './datasetImport';

type Thumbs = ImportResult['thumbnails'];

function Thumb({ pixels, width, height, channels }: { pixels: Uint8Array; width: number; height: number; channels: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current?.getContext('2d');
    if (!ctx) return;
    const img = ctx.createImageData(width, height);
    for (let p = 0; p < width * height; p++) {
      const s = p * channels;
      img.data[p * 4] = pixels[s];
      img.data[p * 4 + 1] = pixels[channels === 3 ? s + 1 : s];
      img.data[p * 4 + 2] = pixels[channels === 3 ? s + 2 : s];
      img.data[p * 4 + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
  }, [pixels, width, height, channels]);
  return <canvas ref={ref} width={width} height={height} className="dataset-thumb" />;
}

export function SampleGrid({ thumbnails }: { thumbnails: Thumbs }) {
  const { width, height, channels } = thumbnails;
  const size = width * height * channels;
  return (
    <section className="dataset-grid" data-testid="dataset-grid">
      {thumbnails.classes.map((c) => (
        <div key={c.name} className="dataset-grid-row" data-testid="dataset-grid-row">
          <span className="dataset-class-name">{c.name}</span>
          {Array.from({ length: c.k }, (_, k) => (
            <Thumb key={k} pixels={c.pixels.subarray(k * size, (k + 1) * size)} width={width} height={height} channels={channels} />
          ))}
        </div>
      ))}
    </section>
  );
}
