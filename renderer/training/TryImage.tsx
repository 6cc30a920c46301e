// "Try an image": draw on a canvas or drop a picture; it is scaled to the model's input and the trained
// model's class probabilities are shown. Grey models get white-on-black like MNIST (light pictures are
// inverted), so a dark pen on a photo of paper still reads as a digit.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { predict, useTrainingSession } from './trainingSession';
import { fitToInput } from '../learn/fitImage';

const SIZE = 140;

/** Canvas pixels → h·w·c floats in 0..1 at the model's size (fitted as the Learn tab fits its images). */
const toInput = (source: CanvasImageSource, h: number, w: number, c: number, autoInvert: boolean): Float32Array =>
  Float32Array.from(fitToInput(source, h, w, c, autoInvert), (v) => v / 255);

export function TryImage({ inputShape, classNames }: { inputShape: [number, number, number]; classNames: string[] }) {
  const { t } = useTranslation('training');
  const canvas = useRef<HTMLCanvasElement>(null);
  const drawing = useRef(false);
  const [askedId, setAskedId] = useState(0);
  const prediction = useTrainingSession((s) => (s.prediction?.id === askedId ? s.prediction.probs : undefined));
  const [h, w, c] = inputShape;

  useEffect(() => clear(), []);
  function clear() {
    const ctx = canvas.current!.getContext('2d')!;
    ctx.fillStyle = '#000';
    ctx.fillRect(0, 0, SIZE, SIZE);
  }
  const ask = (source: CanvasImageSource, invert: boolean) => setAskedId(predict(toInput(source, h, w, c, invert)));
  const at = (e: React.PointerEvent) => {
    const r = canvas.current!.getBoundingClientRect();
    return [((e.clientX - r.left) * SIZE) / r.width, ((e.clientY - r.top) * SIZE) / r.height];
  };
  const stroke = (e: React.PointerEvent) => {
    if (!drawing.current) return;
    const ctx = canvas.current!.getContext('2d')!;
    const [x, y] = at(e);
    ctx.fillStyle = '#fff';
    ctx.beginPath();
    ctx.arc(x, y, SIZE / 16, 0, Math.PI * 2);
    ctx.fill();
  };
  const onDrop = async (e: React.DragEvent) => {
    e.preventDefault();
    const file = e.dataTransfer.files[0];
    if (!file?.type.startsWith('image/')) return;
    const bmp = await createImageBitmap(file);
    const ctx = canvas.current!.getContext('2d')!;
    ctx.drawImage(bmp, 0, 0, SIZE, SIZE);
    ask(bmp, true);
  };
  const best = prediction ? prediction.indexOf(Math.max(...prediction)) : -1;
  return (
    <div className="try-image" data-testid="try-image">
      <div>
        <canvas
          className="draw"
          ref={canvas}
          width={SIZE}
          height={SIZE}
          data-testid="try-canvas"
          onPointerDown={(e) => ((drawing.current = true), canvas.current!.setPointerCapture(e.pointerId), stroke(e))}
          onPointerMove={stroke}
          onPointerUp={() => {
            drawing.current = false;
            ask(canvas.current!, false);
          }}
        />
        <div className="training-controls">
          <button onClick={clear}>{t('try.clear')}</button>
        </div>
      </div>
      <div className="drop" onDragOver={(e) => e.preventDefault()} onDrop={onDrop}>
        {t('try.drop')}
      </div>
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
