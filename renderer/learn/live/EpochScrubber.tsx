// The epoch slider in the Learn panel's head: epoch 0 … n (the snapshot kept at each epoch's end) and "live"
// (the latest frame while training; Learn's own look afterwards), and saving the snapshots of the shown
// node's maps, its filters or Grad-CAM as an animated GIF or a PNG strip.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { graphHash } from '../../../src/train/graphHash';
import { useProjectStore } from '../../store/projectStore';
import { useTrainingSession } from '../../training/trainingSession';
import { learnActions, useLearn } from '../learnStore';
import { liveActions, useLive } from './liveStore';
import { isRunning, useShownFrame } from './useShownInspection';
import { labelledTiles, saveGif, savePngStrip } from './exportFrames';
import type { ExportKind } from './tiles';
import './live.css';

export function EpochScrubber({ nodeId, nodeName, isConv }: { nodeId?: string; nodeName: string; isConv: boolean }) {
  const { t } = useTranslation('live');
  const { snapshots, chosen, probe, latest, graphHash: runHash } = useLive();
  const graph = useProjectStore((s) => s.doc.graph);
  const running = useTrainingSession((s) => isRunning(s.phase));
  const image = useLearn((s) => s.image);
  const shown = useShownFrame();
  const [kind, setKind] = useState<ExportKind>('maps');
  // Kept as a key and its values, so it follows a language switch.
  const [message, setMessage] = useState<{ key: 'saved' | 'nothing' | 'failed'; name?: string; error?: string }>();
  if (!probe || runHash !== graphHash(graph) || (!snapshots.length && !running)) return null;

  const n = snapshots.length;
  const position = chosen === 'live' || chosen >= n ? n : chosen;
  // "live" after the run: Learn's own look at the weights the run ended on (its best epoch's).
  const liveText = !running ? t('final') : latest ? t('liveStep', { steps: latest.steps, epoch: latest.epoch }) : t('liveWaiting');
  const text = position === n ? liveText : position === 0 ? t('epochZero') : t('epoch', { epoch: position, total: n - 1 });
  const interval = latest?.interval;
  const kindOf: ExportKind = kind === 'filters' && !isConv ? 'maps' : kind;
  const save = async (as: 'gif' | 'png') => {
    const tiles = nodeId || kindOf === 'cam' ? labelledTiles(snapshots, kindOf, nodeId ?? '', probe, (epoch) => t('tileLabel', { epoch })) : undefined;
    if (!tiles) return setMessage({ key: 'nothing' });
    const name = `${kindOf === 'cam' ? 'gradcam' : `${nodeName}-${kindOf}`}-epochs-0-${n - 1}.${as}`.replace(/[^\w.-]+/g, '_');
    if (as === 'gif') saveGif(tiles, name);
    else await savePngStrip(tiles, name);
    setMessage({ key: 'saved', name });
  };
  return (
    <div className="live-scrubber" data-testid="live-scrubber" data-snapshots={n}>
      <label className="live-slider" title={t('sliderTitle')}>
        {t('title')} <span className="muted live-end">0</span>
        <input type="range" min={0} max={n} step={1} value={position} data-testid="live-epoch" aria-valuetext={text} onChange={(e) => liveActions.choose(Number(e.target.value) >= n ? 'live' : Number(e.target.value))} />
        <span className="muted live-end">{t('live')}</span>
      </label>
      <span className="live-where" data-testid="live-where" data-epoch={position === n ? 'live' : position} data-steps={shown?.frame.steps ?? ''}>
        {text}
      </span>
      {position === n && running && interval !== undefined && <span className="muted live-every">{Number.isFinite(interval) ? t('every', { n: interval }) : t('everyEpoch')}</span>}
      {!shown && image && n > 0 && chosen !== 'live' && (
        <span className="live-other">
          {t('otherImage')}{' '}
          <button type="button" data-testid="live-show-probe" onClick={() => learnActions.setImage({ ...probe, source: probe.source ?? { kind: 'drawn' } })}>
            {t('showProbe')}
          </button>
        </span>
      )}
      {n > 1 && !running && (
        <span className="live-export">
          <select data-testid="live-export-kind" value={kindOf} onChange={(e) => setKind(e.target.value as ExportKind)} aria-label={t('exportWhat')}>
            <option value="maps">{t('kind.maps', { name: nodeName })}</option>
            {isConv && <option value="filters">{t('kind.filters', { name: nodeName })}</option>}
            <option value="cam">{t('kind.cam')}</option>
          </select>
          <button type="button" data-testid="live-save-gif" title={t('saveGifTitle')} onClick={() => void save('gif').catch((e: unknown) => setMessage({ key: 'failed', error: e instanceof Error ? e.message : String(e) }))}>
            {t('saveGif')}
          </button>
          <button type="button" data-testid="live-save-png" title={t('savePngTitle')} onClick={() => void save('png').catch((e: unknown) => setMessage({ key: 'failed', error: e instanceof Error ? e.message : String(e) }))}>
            {t('savePng')}
          </button>
          {message && (
            <span className="muted" data-testid="live-export-message">
              {t(message.key, { name: message.name, error: message.error })}
            </span>
          )}
        </span>
      )}
    </div>
  );
}
