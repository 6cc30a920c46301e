// Learn's top patches per channel (Zeiler & Fergus 2014): for the selected conv node, one row per channel
// with its filter (one input channel) and the 9 validation crops that excite it most, strongest first, each
// cropped to the receptive field of the map pixel where the channel peaks; padding margins drawn in blue.
// Clicking a crop opens its whole image in Learn. The search runs in the training worker on its trained model.
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { useProjectStore } from '../../store/projectStore';
import { useTrainingSession } from '../../training/trainingSession';
import type { InspectFilters } from '../../worker/messages';
import type { CroppedPatch } from '../../../src/learn/topPatches';
import { MapCanvas } from '../MapCanvas';
import { fmt } from '../maps';
import { isStalePatches, patchesActions, SEARCH_LIMIT, TOP_K, usePatches } from './patchesStore';
import './patches.css';

/** Shown size of a crop: an integer scale near 40 px (crisp pixels), at most 64 px. */
const cropSize = (n: number) => Math.min(64, n * Math.max(1, Math.round(40 / n)));
const PAD_RGB = [40, 90, 190];

export function TopPatchesView({ nodeId, filters }: { nodeId: string; filters?: InspectFilters }) {
  const { t } = useTranslation('patches');
  const graph = useProjectStore((s) => s.doc.graph);
  const analysis = useProjectStore((s) => s.analysis);
  const weights = useTrainingSession((s) => s.weights);
  const phase = useTrainingSession((s) => s.phase);
  const validation = useTrainingSession((s) => s.result?.validation?.indices.length ?? 0);
  const found = usePatches((s) => s.found[nodeId]);
  const busy = usePatches((s) => s.busy);
  const error = usePatches((s) => (s.error?.nodeId === nodeId ? s.error.message : undefined));
  const input = analysis?.inputNodeId ? analysis.nodes[analysis.inputNodeId]?.outputShape : undefined;
  const size = analysis?.nodes[nodeId]?.receptiveField?.size ?? 1;
  const running = phase === 'training' || phase === 'paused' || phase === 'stopping' || phase === 'loading';
  const count = Math.min(SEARCH_LIMIT, validation);
  const stale = !!found && isStalePatches(found, weights, graph);
  const canFind = count > 0 && !running && !busy;
  const open = (p: CroppedPatch) => input?.length === 3 && void patchesActions.open(nodeId, p.sample, input as [number, number, number]);
  return (
    <section className="patches" data-testid="patches" data-node={nodeId} data-busy={busy === nodeId ? 'true' : 'false'} data-stale={String(stale)}>
      <h3>{t('title')}</h3>
      <p className="learn-caption muted">{t('intro', { size })}</p>
      {count === 0 && <p className="learn-note">{t('needRun')}</p>}
      <div className="patches-actions">
        <button type="button" data-testid="patches-find" disabled={!canFind} onClick={() => void patchesActions.find(graph, nodeId)}>
          {found && stale ? t('again') : t('find', { k: TOP_K, count: count || SEARCH_LIMIT })}
        </button>
        {busy === nodeId && <span className="muted">{t('working', { count })}</span>}
      </div>
      {error && <p className="learn-error">{t('error', { message: error })}</p>}
      {found && stale && (
        <p className="learn-note" data-testid="patches-stale">
          {t('stale')}
        </p>
      )}
      {found && (
        <>
          <p className="learn-caption muted" data-testid="patches-summary">
            {t('searched', { images: found.result.images, seconds: found.result.seconds.toFixed(1) })}
          </p>
          {found.result.channels.some((ch) => ch.patches.some((p) => p.box.pad.top + p.box.pad.left + p.box.pad.bottom + p.box.pad.right > 0)) && <p className="learn-caption muted">{t('padded')}</p>}
          <div className={`patches-rows${stale ? ' stale' : ''}`}>
            {found.result.channels.map((ch, c) => (
              <div key={c} className="patches-row" data-testid="patches-row" data-channel={c}>
                <span className="patches-ch mono">{t('channel', { c })}</span>
                <FilterThumb filters={filters} k={c} title={t('filter', { c })} />
                <div className="patches-crops">
                  {ch.patches.map((p, i) => (
                    <button key={i} type="button" className="patches-crop" onClick={() => open(p)} data-testid="patches-crop" data-sample={p.sample} data-rank={i}>
                      <Crop patch={p} title={t('patch', { c, rank: i + 1, value: fmt(p.value), y: p.y, x: p.x, sample: p.sample, top: p.box.top, bottom: p.box.bottom, left: p.box.left, right: p.box.right })} />
                    </button>
                  ))}
                </div>
              </div>
            ))}
          </div>
        </>
      )}
    </section>
  );
}

/** A filter with one input channel as a small image (wider ones have no single picture). */
function FilterThumb({ filters, k, title }: { filters?: InspectFilters; k: number; title: string }) {
  if (!filters || filters.shape[1] !== 1) return null;
  const [, , F, G] = filters.shape;
  const one = filters.data.subarray(k * F * G, (k + 1) * F * G);
  let m = 0;
  for (const v of one) m = Math.max(m, Math.abs(v));
  return <MapCanvas values={one} height={F} width={G} scale={{ kind: 'diverging', max: m || 1 }} style={{ width: 32, height: 32 }} className="patches-filter" title={title} testId="patches-filter" />;
}

/** One crop at its own size, scaled up by CSS; the field's rows and columns outside the image drawn blue. */
function Crop({ patch, title }: { patch: CroppedPatch; title: string }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const { pixels, height: h, width: w, channels: c, box } = patch;
  useEffect(() => {
    const img = new ImageData(w, h);
    for (let r = 0; r < h; r++)
      for (let q = 0; q < w; q++) {
        const p = r * w + q;
        const outside = r < box.pad.top || r >= h - box.pad.bottom || q < box.pad.left || q >= w - box.pad.right;
        const v = pixels[p * c];
        img.data.set(outside ? [...PAD_RGB, 255] : [v, c >= 3 ? pixels[p * c + 1] : v, c >= 3 ? pixels[p * c + 2] : v, 255], p * 4);
      }
    ref.current!.getContext('2d')!.putImageData(img, 0, 0);
  }, [pixels, h, w, c, box]);
  const s = cropSize(Math.max(h, w));
  return <canvas ref={ref} width={w} height={h} title={title} data-value={patch.value} data-box={JSON.stringify(box)} style={{ width: (s * w) / Math.max(h, w), height: (s * h) / Math.max(h, w) }} />;
}
