// What one step's node outputs for the image, compact enough to sit beside its formula: feature maps as a
// grid (each channel on its own scale, as the Learn tab's layer view), a vector as bars (the Output's with
// class names) or, when long, as thin columns; the Input as the picture itself.
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { NodeActivation } from '../../../src/learn/activations';
import { imageCanvas } from '../fitImage';
import { Bars } from '../InputView';
import type { LearnImage } from '../learnStore';
import { MapCanvas } from '../MapCanvas';
import { channelOf, fmt, scaleFor } from '../maps';

/** Maps shown per step; a wide node (ResNet's 64 channels) says how many more it has. */
const MAX_MAPS = 32;
/** The maps' column, px: beside it the text keeps room for a formula line. */
const ROW_WIDTH = 340;
const GAP = 4;

export function StepMaps({ act, isOutput, classNames }: { act: NodeActivation; isOutput: boolean; classNames: string[] }) {
  const { t } = useTranslation('walkthrough');
  const [H, W, C] = act.shape;
  const spatial = act.shape.length === 3;
  const maps = useMemo(() => (spatial ? Array.from({ length: Math.min(C, MAX_MAPS) }, (_, k) => channelOf(act.data, H, W, C, k)) : []), [act, spatial, H, W, C]);
  if (!spatial) {
    const best = isOutput ? act.data.indexOf(Math.max(...act.data)) : undefined;
    return (
      <div className="walk-vector" data-testid="walk-vector" data-length={act.data.length}>
        {isOutput || act.data.length <= 16 ? <Bars values={act.data} labels={isOutput ? classNames : undefined} best={best} percent={isOutput} /> : <Columns values={act.data} />}
      </div>
    );
  }
  // Small maps drawn larger, so a 5×5 map is as readable as a 28×28 one; a few maps share one row of
  // ROW_WIDTH (C1's six), 16 take two rows of 36 px, 32 three rows of 27 px; a single map (the Input) larger.
  const smallest = maps.length > 16 ? 27 : 36;
  const cell = C === 1 ? 112 : Math.max(smallest, Math.min(72, Math.round(W * 2.4), Math.floor(ROW_WIDTH / maps.length) - GAP));
  const columns = Math.max(1, Math.min(maps.length, Math.floor((ROW_WIDTH + GAP) / (cell + GAP))));
  const anyNegative = maps.some((m) => m.min < 0);
  return (
    <div className="walk-maps-box">
      <div className="walk-maps" data-testid="walk-maps" data-channels={C} style={{ gridTemplateColumns: `repeat(${columns}, ${cell}px)`, gap: GAP }}>
        {maps.map((m, k) => (
          <MapCanvas
            key={k}
            values={m.values}
            height={H}
            width={W}
            scale={scaleFor(m.min, m.max)}
            style={{ width: cell, height: (cell * H) / W }}
            title={t('maps.title', { k, min: fmt(m.min), max: fmt(m.max) })}
            testId="walk-map"
            data={{ k }}
          />
        ))}
      </div>
      <p className="walk-caption muted">
        {anyNegative ? t('maps.legendDiverging') : t('maps.legendGrey')}
        {C > maps.length && ` · ${t('maps.more', { n: C - maps.length })}`}
      </p>
    </div>
  );
}

/** The chosen image at the model's input size, drawn large with crisp pixels (RGB in colour). */
export function StepImage({ image, size }: { image: LearnImage; size: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current!.getContext('2d')!;
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(imageCanvas(image.pixels, image.height, image.width, image.channels), 0, 0, size, (size * image.height) / image.width);
  }, [image, size]);
  return <canvas ref={ref} className="walk-image" width={size} height={(size * image.height) / image.width} data-testid="walk-image" />;
}

/** Many values as thin columns (a Dense layer's units), with a zero line in the middle when some are negative. */
function Columns({ values }: { values: Float32Array }) {
  let max = 0;
  let neg = false;
  for (const v of values) {
    max = Math.max(max, Math.abs(v));
    if (v < 0) neg = true;
  }
  const h = 64;
  const base = neg ? h / 2 : h;
  const w = Math.max(2, Math.min(5, Math.floor(360 / values.length)));
  return (
    <svg className="learn-columns" width={values.length * w} height={h} role="img" data-testid="walk-columns">
      {Array.from(values, (v, i) => {
        const len = (Math.abs(v) / (max || 1)) * (neg ? h / 2 : h);
        return <rect key={i} x={i * w} width={Math.max(1, w - 1)} y={v >= 0 ? base - len : base} height={Math.max(len, 0.5)} className={v < 0 ? 'neg' : 'pos'} />;
      })}
    </svg>
  );
}
