// One image under each magnitude of a transform, drawn on canvases: the core's own transform (the same one the
// sweep applied), so what the learner sees is what the model was shown.
import { useEffect, useRef } from 'react';
import { imageRandom } from '../../../src/experiments/robustness';
import { TRANSFORMS, type ImageTransform } from '../../../src/experiments/transforms';
import type { RobustnessReport } from '../../worker/messages';

function Thumb({ sample, transform, magnitude, index }: { sample: RobustnessReport['sample']; transform: ImageTransform; magnitude: number; index: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    const { height: h, width: w, channels: c } = sample;
    const x = transform.apply(Float32Array.from(sample.pixels, (v) => v / 255), h, w, c, magnitude, imageRandom(0, TRANSFORMS.indexOf(transform), index, 0));
    const img = new ImageData(w, h);
    for (let p = 0; p < h * w; p++) {
      for (let k = 0; k < 3; k++) img.data[p * 4 + k] = Math.round(255 * Math.max(0, Math.min(1, x[p * c + (c === 3 ? k : 0)])));
      img.data[p * 4 + 3] = 255;
    }
    ref.current?.getContext('2d')?.putImageData(img, 0, 0);
  }, [sample, transform, magnitude, index]);
  return (
    <figure className="rob-thumb">
      <canvas ref={ref} width={sample.width} height={sample.height} data-testid="rob-thumb" />
      <figcaption>{magnitude}</figcaption>
    </figure>
  );
}

export function TransformStrip({ sample, transform }: { sample: RobustnessReport['sample']; transform: ImageTransform }) {
  return (
    <div className="rob-strip" data-testid="rob-strip">
      {transform.magnitudes.map((m, i) => (
        <Thumb key={`${transform.id}-${i}`} sample={sample} transform={transform} magnitude={m} index={i} />
      ))}
    </div>
  );
}
