// The image to look at: a validation image of the last training run (its gallery), else the first digits
// of the built-in MNIST; or one drawn on the pad, or a dropped file. Each is fitted to the model's input.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { host } from '../services/host';
import { useProjectStore } from '../store/projectStore';
import { useTrainingSession } from '../training/trainingSession';
import { fitPixels, fitToInput, imageCanvas } from './fitImage';
import { learnActions, useLearn } from './learnStore';
import { DrawingPad } from './DrawingPad';

const SAMPLES = 16;
const PAD = 112;

interface Samples {
  kind: 'validation' | 'mnist';
  images: Uint8Array;
  height: number;
  width: number;
  channels: number;
  labels: string[];
  /** Validation samples: what the last run predicted for each (the gallery lists the mistakes first). */
  predicted?: string[];
  /** Identity of the strip (the run's gallery, or the MNIST digits): a picked index means nothing in another strip. */
  key: object;
}

let mnistSamples: Promise<Samples> | undefined;
function loadMnistSamples(): Promise<Samples> {
  mnistSamples ??= host.invoke('train.loadBuiltinDataset', { name: 'mnist' }).then((d) => {
    const size = d.height * d.width * d.channels;
    const n = Math.min(SAMPLES, d.n);
    return { kind: 'mnist' as const, key: {}, images: d.images.slice(0, n * size), height: d.height, width: d.width, channels: d.channels, labels: [...d.labels.subarray(0, n)].map((l) => d.classNames[l] ?? String(l)) };
  });
  mnistSamples.catch(() => (mnistSamples = undefined));
  return mnistSamples;
}

function useSamples(): Samples | undefined {
  const gallery = useTrainingSession((s) => s.result?.gallery);
  const classNames = useTrainingSession((s) => s.result?.classNames);
  const isMnist = useProjectStore((s) => s.doc.dataset.kind === 'mnist');
  const [mnist, setMnist] = useState<Samples>();
  useEffect(() => {
    if (gallery?.labels.length || !isMnist) return;
    let live = true;
    loadMnistSamples().then((s) => live && setMnist(s), () => undefined);
    return () => void (live = false);
  }, [gallery, isMnist]);
  if (gallery?.labels.length) {
    const n = Math.min(SAMPLES, gallery.labels.length);
    const size = gallery.height * gallery.width * gallery.channels;
    return { kind: 'validation', key: gallery, images: gallery.images.subarray(0, n * size), height: gallery.height, width: gallery.width, channels: gallery.channels, labels: gallery.labels.slice(0, n).map((l) => classNames?.[l] ?? String(l)), predicted: gallery.predicted.slice(0, n).map((l) => classNames?.[l] ?? String(l)) };
  }
  return isMnist ? mnist : undefined;
}

function Thumb({ pixels, h, w, c, onClick, selected, title, index, wrong }: { pixels: Uint8Array; h: number; w: number; c: number; onClick: () => void; selected: boolean; title: string; index: number; wrong?: boolean }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const ctx = ref.current!.getContext('2d')!;
    ctx.drawImage(imageCanvas(pixels, h, w, c), 0, 0);
  }, [pixels, h, w, c]);
  return (
    <button type="button" className={`learn-thumb${selected ? ' selected' : ''}${wrong ? ' wrong' : ''}`} title={title} aria-pressed={selected} onClick={onClick} data-testid={`learn-sample-${index}`}>
      <canvas ref={ref} width={w} height={h} />
    </button>
  );
}

/** The sample strip, then `children` (the chosen image and the prediction), then the drawing pad. */
export function ImageChooser({ inputShape, children }: { inputShape: [number, number, number]; children?: ReactNode }) {
  const { t } = useTranslation('learn');
  const samples = useSamples();
  const image = useLearn((s) => s.image);
  const [dropError, setDropError] = useState<string>();
  const [H, W, C] = inputShape;
  const shapeKey = inputShape.join('x');

  const pickSample = (i: number) => {
    if (!samples) return;
    const size = samples.height * samples.width * samples.channels;
    const px = samples.images.subarray(i * size, (i + 1) * size);
    learnActions.setImage({ pixels: fitPixels(new Uint8Array(px), samples.height, samples.width, samples.channels, inputShape), height: H, width: W, channels: C, source: { kind: 'sample', index: i, label: samples.labels[i], strip: samples.key } });
  };
  // The first sample at once, so the panel shows something without a click; again when the input's shape changes.
  useEffect(() => {
    const img = useLearn.getState().image;
    if (samples && (!img || img.height !== H || img.width !== W || img.channels !== C)) pickSample(0);
  }, [samples, shapeKey]);

  const onDropped = (bmp: ImageBitmap, file: File) => {
    setDropError(undefined);
    learnActions.setImage({ pixels: fitToInput(bmp, H, W, C, true), height: H, width: W, channels: C, source: { kind: 'file', name: file.name } });
  };
  const selectedSample = image?.source.kind === 'sample' && image.source.strip === samples?.key ? image.source.index : -1;
  return (
    <section className="learn-chooser" data-testid="learn-chooser">
      {samples && <h4>{samples.kind === 'validation' ? t('image.samples') : t('image.samplesMnist')}</h4>}
      {samples?.predicted?.some((p, i) => p !== samples.labels[i]) && <p className="learn-caption muted">{t('image.wrongFirst')}</p>}
      {samples ? (
        <div className="learn-thumbs">
          {samples.labels.map((label, i) => (
            <Thumb
              key={i}
              index={i}
              pixels={samples.images.subarray(i * samples.height * samples.width * samples.channels, (i + 1) * samples.height * samples.width * samples.channels)}
              h={samples.height}
              w={samples.width}
              c={samples.channels}
              selected={i === selectedSample}
              wrong={!!samples.predicted && samples.predicted[i] !== label}
              title={samples.predicted ? t('image.labelPredicted', { name: label, predicted: samples.predicted[i] }) : t('image.label', { name: label })}
              onClick={() => pickSample(i)}
            />
          ))}
        </div>
      ) : (
        <p className="muted">{t('image.samplesNone')}</p>
      )}
      {image?.source.kind === 'dataset' && (
        <p className="learn-caption" data-testid="learn-source">
          {t('training:drill.opened', { index: image.source.index, label: image.source.label })}
        </p>
      )}
      {children}
      <DrawingPad
        size={PAD}
        displaySize={84}
        pen={1 / 14}
        testId="learn-draw"
        title={t('image.drawHint')}
        clearLabel={t('image.clear')}
        onDrawn={(pad) => learnActions.setImage({ pixels: fitToInput(pad, H, W, C, false), height: H, width: W, channels: C, source: { kind: 'drawn' } })}
        onDropped={onDropped}
        onRefused={(file) => setDropError(t('image.notImage', { name: file.name }))}
      >
        <span className="muted">{t('image.drawHint')}</span>
        <span className="muted">{t('image.drop')}</span>
      </DrawingPad>
      {dropError && <p className="learn-error">{dropError}</p>}
    </section>
  );
}
