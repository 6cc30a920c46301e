// A grid of validation samples with their predicted class; the wrong ones first, outlined in red.
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { InMemoryDataset } from '../../src/data/dataset';

const SHOWN = 48;

function Sample({ ds, index }: { ds: InMemoryDataset; index: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const c = ref.current!;
    const { width: w, height: h, channels: ch } = ds;
    c.width = w;
    c.height = h;
    const ctx = c.getContext('2d')!;
    const img = ctx.createImageData(w, h);
    const off = index * w * h * ch;
    for (let p = 0; p < w * h; p++) {
      const r = ds.images[off + p * ch];
      img.data[p * 4] = r;
      img.data[p * 4 + 1] = ch >= 3 ? ds.images[off + p * ch + 1] : r;
      img.data[p * 4 + 2] = ch >= 3 ? ds.images[off + p * ch + 2] : r;
      img.data[p * 4 + 3] = 255;
    }
    ctx.putImageData(img, 0, 0);
  }, [ds, index]);
  return <canvas ref={ref} />;
}

export function ValidationGrid({ ds, indices, predicted, confidence }: { ds: InMemoryDataset; indices: number[]; predicted: Int32Array; confidence: Float32Array }) {
  const { t } = useTranslation('training');
  const shown = useMemo(() => {
    const all = indices.map((idx, k) => ({ idx, k, wrong: predicted[k] !== ds.labels[idx] }));
    const wrong = all.filter((s) => s.wrong);
    return [...wrong.slice(0, SHOWN / 2), ...all.filter((s) => !s.wrong)].slice(0, SHOWN);
  }, [ds, indices, predicted]);
  const wrongCount = useMemo(() => indices.reduce((a, idx, k) => a + (predicted[k] !== ds.labels[idx] ? 1 : 0), 0), [ds, indices, predicted]);
  return (
    <div>
      <div className="muted">{t('results.gridCaption', { wrong: wrongCount, total: indices.length })}</div>
      <div className="val-grid" data-testid="validation-grid">
        {shown.map((s) => (
          <figure
            key={s.idx}
            className={s.wrong ? 'wrong' : ''}
            title={t('results.sample', { truth: ds.classNames[ds.labels[s.idx]], predicted: ds.classNames[predicted[s.k]], confidence: (confidence[s.k] * 100).toFixed(0) })}
          >
            <Sample ds={ds} index={s.idx} />
            <figcaption>{ds.classNames[predicted[s.k]]}</figcaption>
          </figure>
        ))}
      </div>
    </div>
  );
}
