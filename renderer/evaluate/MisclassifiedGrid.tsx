// The misclassified samples as thumbnails, most confident first: each with truth → predicted and the
// confidence. A confusion-matrix cell picked above narrows the grid to that pair of classes.
import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { ModelEvaluation } from '../../src/evaluate/evaluationSchema';
import type { MisclassifiedPixels } from './evaluateMessages';
import { useDrill } from '../training/drillStore';
import { drawThumbnail } from './thumbnails';

export function MisclassifiedGrid({ ev, thumbnails }: { ev: ModelEvaluation; thumbnails: MisclassifiedPixels }) {
  const { t } = useTranslation('evaluate');
  const cell = useDrill((s) => s.cell);
  const box = useRef<HTMLDivElement>(null);
  const shown = ev.misclassified.map((m, k) => ({ m, k })).filter(({ m }) => !cell || (m.truth === cell.trueClass && m.predicted === cell.predictedClass));
  useEffect(() => {
    box.current?.querySelectorAll<HTMLCanvasElement>('canvas[data-k]').forEach((c) => drawThumbnail(c, thumbnails, Number(c.dataset.k)));
  });
  const name = (i: number) => ev.classNames[i] ?? String(i);
  return (
    <div>
      <div className="muted eval-grid-caption">
        {cell ? t('misclassified.filtered', { truth: name(cell.trueClass), predicted: name(cell.predictedClass), shown: shown.length }) : t('misclassified.caption', { shown: ev.misclassified.length, total: ev.misclassifiedTotal })}
      </div>
      {shown.length === 0 ? (
        <p className="muted">{ev.misclassifiedTotal === 0 ? t('misclassified.none') : t('misclassified.noneInCell')}</p>
      ) : (
        <div className="eval-thumbs" data-testid="eval-misclassified" ref={box}>
          {shown.map(({ m, k }) => (
            <figure key={k} title={t('misclassified.item', { truth: name(m.truth), predicted: name(m.predicted), confidence: (m.confidence * 100).toFixed(1), index: m.index })}>
              <canvas data-k={k} />
              <figcaption>
                <span className="eval-truth">{name(m.truth)}</span> → <span className="eval-pred">{name(m.predicted)}</span>
                <span className="eval-conf">{(m.confidence * 100).toFixed(0)}%</span>
              </figcaption>
            </figure>
          ))}
        </div>
      )}
    </div>
  );
}
