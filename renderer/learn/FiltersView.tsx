// A conv node's kernels as small images: one per filter for a single input channel, in colour for a
// first layer on RGB input, else one row of per-input-channel slices per filter (the first 16). Each filter
// is scaled to ±its own max|w| (blue negative, black 0, white positive).
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { InspectFilters } from '../worker/messages';
import { MapCanvas } from './MapCanvas';
import { fmt } from './maps';

const SLICES = 16;
const CELL = 40;

export function FiltersView({ name, filters, colour, untrained }: { name: string; filters: InspectFilters; colour: boolean; untrained: boolean }) {
  const { t } = useTranslation('learn');
  const [K, C, F, G] = filters.shape;
  const size = F * G;
  const rgb = colour && C === 3;
  const slices = rgb || C === 1 ? 1 : Math.min(C, SLICES);
  return (
    <section className="learn-filters" data-testid="learn-filters" data-node={name}>
      <p className="muted">
        {t('filters.hint', { name, k: K, f: F, c: C })}
        {rgb ? ` — ${t('filters.colour')}` : ''}
      </p>
      {untrained && <p className="learn-note" data-testid="learn-filters-random">{t('filters.random')}</p>}
      <div className={slices === 1 ? 'learn-filter-grid' : 'learn-filter-rows'}>
        {Array.from({ length: K }, (_, k) => {
          const one = filters.data.subarray(k * C * size, (k + 1) * C * size);
          let m = 0;
          for (const v of one) m = Math.max(m, Math.abs(v));
          const title = `${t('filters.filter', { k })}: ±${fmt(m)}${filters.bias ? `, bias ${fmt(filters.bias[k])}` : ''}`;
          if (rgb) return <RgbFilter key={k} data={one} f={F} g={G} max={m} title={title} />;
          return (
            <div key={k} className="learn-filter-row" title={title}>
              {Array.from({ length: slices }, (_, c) => (
                <MapCanvas
                  key={c}
                  values={one.subarray(c * size, (c + 1) * size)}
                  height={F}
                  width={G}
                  scale={{ kind: 'diverging', max: m || 1 }}
                  style={{ width: slices === 1 ? CELL : 24, height: slices === 1 ? CELL : 24 }}
                  title={slices === 1 ? title : t('filters.slice', { k, c })}
                  testId="learn-filter"
                  data={{ k, c }}
                />
              ))}
              {slices < C && <span className="muted">{t('filters.moreChannels', { count: C - slices })}</span>}
            </div>
          );
        })}
      </div>
    </section>
  );
}

/** A 3-channel filter in colour: 0.5 + w / (2·max|w|) per channel. */
function RgbFilter({ data, f, g, max, title }: { data: Float32Array; f: number; g: number; max: number; title: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const img = new ImageData(g, f);
    const size = f * g;
    for (let p = 0; p < size; p++) for (let c = 0; c < 3; c++) img.data[p * 4 + c] = Math.round(255 * (0.5 + data[c * size + p] / (2 * (max || 1))));
    for (let p = 0; p < size; p++) img.data[p * 4 + 3] = 255;
    ref.current!.getContext('2d')!.putImageData(img, 0, 0);
  }, [data, f, g, max]);
  return <canvas ref={ref} width={g} height={f} title={title} data-testid="learn-filter" className="learn-filter-rgb" style={{ width: CELL, height: CELL }} />;
}
