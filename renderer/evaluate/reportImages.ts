// The report's misclassified thumbnails: the worker's back-to-back HWC pixels cut into one image per kept
// misclassified sample, each named by its dataset index (how src/report matches them to the evaluation).
import type { ModelEvaluation } from '../../src/evaluate/evaluationSchema';
import type { ReportImage } from '../../src/report/buildReport';
import type { MisclassifiedPixels } from './evaluateMessages';

export function reportImages(ev: Pick<ModelEvaluation, 'misclassified'>, t: MisclassifiedPixels): ReportImage[] {
  const size = t.height * t.width * t.channels;
  const out: ReportImage[] = [];
  ev.misclassified.forEach((m, k) => {
    if ((k + 1) * size > t.pixels.length) return;
    out.push({ index: m.index, height: t.height, width: t.width, channels: t.channels, pixels: t.pixels.slice(k * size, (k + 1) * size) });
  });
  return out;
}
