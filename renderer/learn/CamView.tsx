// Grad-CAM over the chosen image: the node (default: the last spatial one) and the class (default: the
// predicted one) are chosen here; the map, at the node's resolution, is scaled smoothly to the image.
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { GradCam } from '../../src/learn/gradCam';
import { imageCanvas } from './fitImage';
import { camColour } from './maps';
import { VIEW } from './InputView';
import { learnActions, type LearnImage } from './learnStore';

export function CamView({ image, cam, camError, nodes, classNames, camNode, camClass, predicted }: {
  image: LearnImage;
  cam?: GradCam;
  camError?: string;
  nodes: { id: string; name: string; shape: string }[];
  classNames: string[];
  camNode?: string;
  camClass?: number;
  predicted: number;
}) {
  const { t } = useTranslation('learn');
  const ref = useRef<HTMLCanvasElement>(null);
  let camMax = 0;
  if (cam) for (const v of cam.cam) camMax = Math.max(camMax, v);
  useEffect(() => {
    const ctx = ref.current!.getContext('2d')!;
    ctx.imageSmoothingEnabled = false;
    ctx.clearRect(0, 0, VIEW, VIEW);
    ctx.drawImage(imageCanvas(image.pixels, image.height, image.width, image.channels), 0, 0, VIEW, VIEW);
    if (!cam) return;
    const small = document.createElement('canvas');
    small.width = cam.width;
    small.height = cam.height;
    const img = new ImageData(cam.width, cam.height);
    for (let p = 0; p < cam.cam.length; p++) img.data.set(camColour(cam.cam[p]), p * 4);
    small.getContext('2d')!.putImageData(img, 0, 0);
    ctx.imageSmoothingEnabled = true;
    ctx.imageSmoothingQuality = 'high';
    ctx.drawImage(small, 0, 0, VIEW, VIEW);
  }, [image, cam]);
  const node = camNode ?? cam?.nodeId ?? '';
  const nodeName = nodes.find((n) => n.id === cam?.nodeId)?.name ?? cam?.nodeId;
  return (
    <section className="learn-cam" data-testid="learn-cam-section">
      <p className="muted">{t('cam.hint')}</p>
      <div className="learn-cam-controls">
        <label>
          {t('cam.node')}{' '}
          <select data-testid="learn-cam-node" value={node} onChange={(e) => learnActions.setCam(e.target.value || undefined, camClass)}>
            {nodes.map((n) => (
              <option key={n.id} value={n.id}>
                {n.name} ({n.shape})
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('cam.cls')}{' '}
          <select data-testid="learn-cam-class" value={camClass ?? ''} onChange={(e) => learnActions.setCam(camNode, e.target.value === '' ? undefined : Number(e.target.value))}>
            <option value="">{t('cam.predicted', { name: classNames[predicted] ?? predicted })}</option>
            {classNames.map((name, k) => (
              <option key={k} value={k}>
                {name}
              </option>
            ))}
          </select>
        </label>
      </div>
      <canvas ref={ref} width={VIEW} height={VIEW} className="learn-cam-canvas" data-testid="learn-cam" data-drawn={cam ? 'true' : 'false'} data-node={cam?.nodeId} data-max={camMax} data-class={cam?.classIndex} />
      {cam && (
        <p className="learn-caption muted">
          {t('cam.size', { name: nodeName, h: cam.height, w: cam.width, cls: classNames[cam.classIndex] ?? cam.classIndex })}
          {camMax === 0 ? ` — ${t('cam.flat')}` : ''}
        </p>
      )}
      {!cam && !nodes.length && <p className="muted">{t('cam.none')}</p>}
      {camError && <p className="learn-error">{t('cam.failed', { message: camError })}</p>}
    </section>
  );
}
