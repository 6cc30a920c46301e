// A grid of validation samples with their predicted class; the wrong ones first, outlined in red.
// The worker sends just these samples' pixels (the gallery); one canvas each, drawn in one effect.
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Gallery } from '../worker/messages';

export function ValidationGrid({ gallery: g, classNames }: { gallery: Gallery; classNames: string[] }) {
  const { t } = useTranslation('training');
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const { width: w, height: h, channels: ch } = g;
    const size = w * h * ch;
    box.current!.querySelectorAll('canvas').forEach((c, i) => {
      c.width = w;
      c.height = h;
      const ctx = c.getContext('2d')!;
      const img = ctx.createImageData(w, h);
      for (let p = 0, off = i * size; p < w * h; p++) {
        const r = g.images[off + p * ch];
        img.data[p * 4] = r;
        img.data[p * 4 + 1] = ch >= 3 ? g.images[off + p * ch + 1] : r;
        img.data[p * 4 + 2] = ch >= 3 ? g.images[off + p * ch + 2] : r;
        img.data[p * 4 + 3] = 255;
      }
      ctx.putImageData(img, 0, 0);
    });
  }, [g]);
  return (
    <div>
      <div className="muted">{t('results.gridCaption', { wrong: g.wrongTotal, total: g.total })}</div>
      <div className="val-grid" data-testid="validation-grid" ref={box}>
        {g.labels.map((truth, i) => (
          <figure
            key={i}
            className={g.predicted[i] !== truth ? 'wrong' : ''}
            title={t('results.sample', { truth: classNames[truth], predicted: classNames[g.predicted[i]], confidence: (g.confidence[i] * 100).toFixed(0) })}
          >
            <canvas />
            <figcaption>{classNames[g.predicted[i]]}</figcaption>
          </figure>
        ))}
      </div>
    </div>
  );
}
