// The chosen image, large, with the receptive field of the hovered map pixel outlined; under it the
// prediction (class probabilities, the best in bold).
import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Graph } from '../../src/graph/schema';
import type { GraphAnalysis } from '../../src/analysis/analyzeGraph';
import { receptiveFieldBox } from '../../src/learn/receptiveField';
import { imageCanvas } from './fitImage';
import { useLearn, type LearnImage } from './learnStore';

export const VIEW = 168;

export function InputView({ image, graph, analysis, nodeId }: { image: LearnImage; graph: Graph; analysis: GraphAnalysis; nodeId?: string }) {
  const { t } = useTranslation('learn');
  const ref = useRef<HTMLCanvasElement>(null);
  const hovered = useLearn((s) => s.hover);
  const hover = hovered?.nodeId === nodeId ? hovered : undefined;
  const box = useMemo(() => {
    if (!hover || analysis.nodes[hover.nodeId]?.outputShape?.length !== 3) return undefined;
    try {
      return receptiveFieldBox(graph, analysis, hover.nodeId, hover.y, hover.x);
    } catch {
      return undefined;
    }
  }, [hover, graph, analysis]);
  useEffect(() => {
    const ctx = ref.current!.getContext('2d')!;
    ctx.imageSmoothingEnabled = false;
    ctx.drawImage(imageCanvas(image.pixels, image.height, image.width, image.channels), 0, 0, VIEW, VIEW);
  }, [image]);
  const size = analysis.nodes[hover?.nodeId ?? '']?.receptiveField?.size;
  const sy = VIEW / image.height;
  const sx = VIEW / image.width;
  return (
    <div className="learn-input">
      <div className="learn-input-box" style={{ width: VIEW, height: VIEW }}>
        <canvas ref={ref} width={VIEW} height={VIEW} data-testid="learn-input" />
        {box && (
          <div
            className="learn-rf"
            data-testid="learn-rf"
            data-top={box.top}
            data-left={box.left}
            data-bottom={box.bottom}
            data-right={box.right}
            data-size={size}
            style={{ top: box.top * sy, left: box.left * sx, width: (box.right - box.left + 1) * sx, height: (box.bottom - box.top + 1) * sy }}
          />
        )}
      </div>
      <p className="learn-caption muted" data-testid="learn-rf-text">
        {box && size
          ? t('layer.rf', { h: size, w: size, top: box.top, bottom: box.bottom, left: box.left, right: box.right })
          : t('image.fitted', { shape: `${image.height}×${image.width}×${image.channels}` })}
      </p>
    </div>
  );
}

export function Prediction({ probs, classNames }: { probs: Float32Array; classNames: string[] }) {
  const { t } = useTranslation('learn');
  let best = 0;
  for (let k = 1; k < probs.length; k++) if (probs[k] > probs[best]) best = k;
  return (
    <section className="learn-prediction" data-testid="learn-prediction" data-predicted={best}>
      <h4>{t('prediction.predicted', { name: classNames[best] ?? best, p: `${((probs[best] ?? 0) * 100).toFixed(1)}%` })}</h4>
      <Bars values={probs} labels={classNames} best={best} percent />
    </section>
  );
}

/** Horizontal bars with names (class probabilities, or a short vector's values). */
export function Bars({ values, labels, best, percent }: { values: Float32Array; labels?: string[]; best?: number; percent?: boolean }) {
  let max = 0;
  for (const v of values) max = Math.max(max, Math.abs(v));
  const scale = percent ? 1 : max || 1;
  return (
    <div className="learn-bars">
      {[...values].map((v, k) => (
        <div key={k} className={`learn-bar-row${k === best ? ' best' : ''}`}>
          <span className="learn-bar-name">{labels?.[k] ?? k}</span>
          <span className="learn-bar-track">
            <span className={`learn-bar${v < 0 ? ' neg' : ''}`} style={{ width: `${(Math.abs(v) / scale) * 100}%` }} />
          </span>
          <span className="mono learn-bar-value">{percent ? `${(v * 100).toFixed(1)}%` : v.toFixed(3)}</span>
        </div>
      ))}
    </div>
  );
}
