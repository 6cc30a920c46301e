// "Try an image": draw on a canvas or drop a picture; it is scaled to the model's input and the trained
// model's class probabilities are shown. Grey models get white-on-black like MNIST (light pictures are
// inverted), so a dark pen on a photo of paper still reads as a digit.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { predict, useTrainingSession } from './trainingSession';
import { fitToInput } from '../learn/fitImage';
import { DrawingPad } from '../learn/DrawingPad';

const SIZE = 140;

/** Canvas pixels → h·w·c floats in 0..1 at the model's size (fitted as the Learn tab fits its images). */
const toInput = (source: CanvasImageSource, h: number, w: number, c: number, autoInvert: boolean): Float32Array =>
  Float32Array.from(fitToInput(source, h, w, c, autoInvert), (v) => v / 255);

export function TryImage({ inputShape, classNames }: { inputShape: [number, number, number]; classNames: string[] }) {
  const { t } = useTranslation('training');
  const [askedId, setAskedId] = useState(0);
  const prediction = useTrainingSession((s) => (s.prediction?.id === askedId ? s.prediction.probs : undefined));
  const [h, w, c] = inputShape;
  const ask = (source: CanvasImageSource, invert: boolean) => setAskedId(predict(toInput(source, h, w, c, invert)));
  const best = prediction ? prediction.indexOf(Math.max(...prediction)) : -1;
  return (
    <div className="try-image" data-testid="try-image">
      <DrawingPad size={SIZE} testId="try-canvas" clearLabel={t('try.clear')} onDrawn={(pad) => ask(pad, false)} onDropped={(bmp) => ask(bmp, true)}>
        <div className="drop">{t('try.drop')}</div>
      </DrawingPad>
      {prediction && (
        <div className="probs" data-testid="try-probs">
          {classNames.map((name, k) => (
            <div key={k} style={{ display: 'contents', fontWeight: k === best ? 'bold' : undefined }}>
              <span>{name}</span>
              <div className="bar" style={{ width: `${(prediction[k] ?? 0) * 100}%` }} />
              <span>{((prediction[k] ?? 0) * 100).toFixed(1)}%</span>
            </div>
          ))}
        </div>
      )}
    </div>
  );
}
