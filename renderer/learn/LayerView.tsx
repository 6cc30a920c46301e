// One node's output for the chosen image: feature maps as a grid (each channel scaled to its own range, its
// min/max in the tooltip, a legend for the colour scale), one map enlarged; vectors as bars (the Output's
// with class names). Hovering any map pixel outlines its receptive field on the image; clicking a pixel of
// the enlarged map picks it for the convolution arithmetic.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { NodeActivation } from '../../src/learn/activations';
import { Bars } from './InputView';
import { MapCanvas } from './MapCanvas';
import { channelOf, fmt, fmt3, scaleFor } from './maps';
import { learnActions, useLearn } from './learnStore';

const CAP = 64;
const ENLARGED = 196;

export function LayerView({ act, name, isOutput, isConv, classNames }: { act: NodeActivation; name: string; isOutput: boolean; isConv: boolean; classNames: string[] }) {
  const { t } = useTranslation('learn');
  const channel = useLearn((s) => s.channel);
  const pick = useLearn((s) => s.pick);
  const all = useLearn((s) => s.allChannels);
  const [H, W, C] = act.shape;
  const spatial = act.shape.length === 3;
  const maps = useMemo(() => (spatial ? Array.from({ length: C }, (_, k) => channelOf(act.data, H, W, C, k)) : []), [act, spatial, H, W, C]);
  const range = (
    <span className="muted mono">
      {t('layer.shape', { shape: act.shape.join('×') })} · {t('layer.range', { min: fmt(act.min), max: fmt(act.max) })}
    </span>
  );
  if (!spatial) {
    return (
      <section className="learn-layer" data-testid="learn-layer" data-node={act.nodeId}>
        <h4>
          {name} {range}
        </h4>
        {isOutput ? (
          <Bars values={act.data} labels={classNames} best={argmax(act.data)} percent />
        ) : act.data.length <= 32 ? (
          <Bars values={act.data} />
        ) : (
          <Columns values={act.data} />
        )}
        <p className="muted">{t('layer.vector', { count: act.data.length })}</p>
      </section>
    );
  }
  const k = Math.min(channel, C - 1);
  const shown = all ? maps : maps.slice(0, CAP);
  const anyNegative = maps.some((m) => m.min < 0);
  const cell = Math.max(36, Math.min(72, Math.round(W * 2.2)));
  const hoverAt = (y: number, x: number) => learnActions.setHover({ nodeId: act.nodeId, y, x });
  const leave = () => learnActions.setHover(undefined);
  const big = maps[k];
  const pickHere = pick?.nodeId === act.nodeId && pick.k === k ? pick : undefined;
  return (
    <section className="learn-layer" data-testid="learn-layer" data-node={act.nodeId}>
      <h4>
        {name} {range}
      </h4>
      <div className={`learn-legend ${anyNegative ? 'diverging' : 'grey'}`} data-testid="learn-legend">
        <span className="learn-legend-bar" />
        <span className="muted">{anyNegative ? t('layer.legendDiverging') : t('layer.legendGrey')}</span>
      </div>
      <div className="learn-layer-body">
        <div className="learn-enlarged" data-testid="learn-enlarged" data-channel={k}>
          <MapCanvas
            values={big.values}
            height={H}
            width={W}
            scale={scaleFor(big.min, big.max)}
            style={{ width: ENLARGED, height: (ENLARGED * H) / W }}
            testId="learn-enlarged-map"
            data={{ h: H, w: W, k }}
            onPixel={hoverAt}
            onLeave={leave}
            onPick={(y, x) => learnActions.setPick({ nodeId: act.nodeId, y, x, k })}
            mark={pickHere}
          />
          <p className="learn-caption muted">{isConv ? t('layer.enlargedConv', { k }) : t('layer.enlarged', { k })}</p>
          <p className="learn-caption mono">{t('layer.mapTitle', { k, min: fmt(big.min), max: fmt(big.max) })}</p>
          {pickHere && (
            <p className="learn-caption mono" data-testid="learn-pick" data-y={pickHere.y} data-x={pickHere.x} data-k={k} data-value={act.data[(pickHere.y * W + pickHere.x) * C + k]}>
              {t('layer.pixel', { y: pickHere.y, x: pickHere.x, value: fmt3(act.data[(pickHere.y * W + pickHere.x) * C + k]) })}
            </p>
          )}
        </div>
        <div className="learn-maps" data-testid="learn-maps" style={{ gridTemplateColumns: `repeat(auto-fill, ${cell}px)` }}>
          {shown.map((m, i) => (
            <button type="button" key={i} className={`learn-map${i === k ? ' selected' : ''}`} aria-pressed={i === k} onClick={() => learnActions.setChannel(i)}>
              <MapCanvas
                values={m.values}
                height={H}
                width={W}
                scale={scaleFor(m.min, m.max)}
                style={{ width: cell - 6, height: ((cell - 6) * H) / W }}
                title={t('layer.mapTitle', { k: i, min: fmt(m.min), max: fmt(m.max) })}
                testId="learn-map"
                data={{ k: i, min: m.min, max: m.max }}
                onPixel={hoverAt}
                onLeave={leave}
              />
            </button>
          ))}
          {maps.length > shown.length && (
            <button type="button" className="learn-more" onClick={() => learnActions.setAllChannels(true)}>
              {t('layer.showAll', { count: maps.length })}
            </button>
          )}
        </div>
      </div>
      {maps.length > 1 && <p className="muted">{t('layer.enlargeHint')}</p>}
    </section>
  );
}

export const argmax = (v: Float32Array) => {
  let best = 0;
  for (let k = 1; k < v.length; k++) if (v[k] > v[best]) best = k;
  return best;
};

/** Many values as thin columns (a Dense layer's units), zero line in the middle when some are negative. */
function Columns({ values }: { values: Float32Array }) {
  let max = 0;
  let neg = false;
  for (const v of values) {
    max = Math.max(max, Math.abs(v));
    if (v < 0) neg = true;
  }
  const h = 72;
  const base = neg ? h / 2 : h;
  const w = Math.max(2, Math.min(6, Math.floor(520 / values.length)));
  return (
    <svg className="learn-columns" width={values.length * w} height={h} data-testid="learn-columns" role="img">
      {[...values].map((v, i) => {
        const len = (Math.abs(v) / (max || 1)) * (neg ? h / 2 : h);
        return (
          <rect key={i} x={i * w} width={Math.max(1, w - 1)} y={v >= 0 ? base - len : base} height={len} className={v < 0 ? 'neg' : 'pos'}>
            <title>{`${i}: ${v.toFixed(3)}`}</title>
          </rect>
        );
      })}
    </svg>
  );
}
