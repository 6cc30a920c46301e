// The images behind the chosen confusion-matrix cell: exactly the validation samples it counts (read from the
// worker, which kept the run's predictions), most confident first, 60 at a time. A click opens one in the
// Learn tab, which computes its per-layer maps and Grad-CAM.
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { cellSamples } from './trainingSession';
import { drillActions, useDrill, type DrillCell } from './drillStore';
import { NO_RUN_FOR_CELLS } from '../worker/cellSamples';
import type { CellImages } from '../worker/messages';
import { fitPixels, imageCanvas } from '../learn/fitImage';
import { learnActions } from '../learn/learnStore';
import { useWorkbench } from '../app/workbench/workbenchStore';

const PAGE = 60;

interface Listed {
  cell: DrillCell;
  pages: CellImages[];
  loading: boolean;
  error?: string;
}

/** The cell's pages as they arrive; `more()` asks for the next one. A cell chosen meanwhile drops late answers. */
function useCellPages(cell: DrillCell | undefined): Listed & { more(): void } {
  const [listed, setListed] = useState<Listed>();
  const asked = useRef(0);
  const load = (c: DrillCell, pages: CellImages[]) => {
    const ask = ++asked.current;
    const offset = pages.reduce((n, p) => n + p.indices.length, 0);
    setListed({ cell: c, pages, loading: true });
    cellSamples({ trueClass: c.trueClass, predictedClass: c.predictedClass, offset, limit: PAGE }).then(
      (page) => ask === asked.current && setListed({ cell: c, pages: [...pages, page], loading: false }),
      (e: unknown) => ask === asked.current && setListed({ cell: c, pages, loading: false, error: e instanceof Error ? e.message : String(e) }),
    );
  };
  useEffect(() => {
    if (cell) load(cell, []);
    else ++asked.current;
  }, [cell]);
  const current = listed && cell && listed.cell === cell ? listed : { cell: cell!, pages: [], loading: !!cell };
  return { ...current, more: () => cell && !current.loading && load(cell, current.pages) };
}

function Thumb({ pixels, page }: { pixels: Uint8Array; page: CellImages }) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => ref.current!.getContext('2d')!.drawImage(imageCanvas(pixels, page.height, page.width, page.channels), 0, 0), [pixels, page]);
  return <canvas ref={ref} width={page.width} height={page.height} />;
}

export function ConfusionDrill({ classNames, inputShape }: { classNames: string[]; inputShape?: [number, number, number] }) {
  const { t } = useTranslation('training');
  const cell = useDrill((s) => s.cell);
  const { pages, loading, error, more } = useCellPages(cell);
  const box = useRef<HTMLElement>(null);
  // The list opens below the matrix, in a column that scrolls: bring it into view once its first images are in.
  const arrived = pages.length > 0;
  useEffect(() => {
    if (arrived) box.current?.scrollIntoView?.({ block: 'nearest' });
  }, [cell, arrived]);
  if (!cell) return null;
  const name = (k: number) => classNames[k] ?? String(k);
  const total = pages.at(-1)?.total;
  const shown = pages.reduce((n, p) => n + p.indices.length, 0);
  const open = (page: CellImages, i: number) => {
    const size = page.height * page.width * page.channels;
    const px = new Uint8Array(page.images.subarray(i * size, (i + 1) * size));
    const [H, W, C] = inputShape ?? [page.height, page.width, page.channels];
    learnActions.setImage({ pixels: fitPixels(px, page.height, page.width, page.channels, [H, W, C]), height: H, width: W, channels: C, source: { kind: 'dataset', index: page.indices[i], label: name(page.labels[i]) } });
    useWorkbench.getState().showTab('learn');
  };
  return (
    <section ref={box} className="training-card confusion-drill" data-testid="confusion-drill" onKeyDown={(e) => e.key === 'Escape' && drillActions.close()}>
      <div className="confusion-drill-head">
        <h4 data-testid="drill-title" aria-live="polite">{t('drill.title', { truth: name(cell.trueClass), predicted: name(cell.predictedClass), count: total ?? cell.count })}</h4>
        <button type="button" onClick={drillActions.close} data-testid="drill-close" aria-label={t('drill.close')} title={t('drill.close')}>
          ×
        </button>
      </div>
      {error ? (
        <p className="training-message error" role="alert" data-testid="drill-error">
          {error === NO_RUN_FOR_CELLS ? t('drill.noRun') : t('drill.error', { message: error })}
        </p>
      ) : (
        <p className="muted confusion-drill-hint">{t('drill.hint')}</p>
      )}
      <div className="confusion-drill-list" data-testid="drill-list">
        {pages.flatMap((page, p) =>
          page.indices.map((index, i) => {
            const confidence = (page.confidence[i] * 100).toFixed(0);
            const label = t('drill.sample', { truth: name(page.labels[i]), predicted: name(page.predicted[i]), confidence });
            return (
              <button
                key={`${p}-${i}`}
                type="button"
                className={page.labels[i] === page.predicted[i] ? 'right' : 'wrong'}
                title={label}
                aria-label={label}
                data-testid="drill-sample"
                data-index={index}
                data-label={page.labels[i]}
                data-predicted={page.predicted[i]}
                onClick={() => open(page, i)}
              >
                <Thumb pixels={page.images.subarray(i * page.height * page.width * page.channels, (i + 1) * page.height * page.width * page.channels)} page={page} />
                <span className="confusion-drill-caption">
                  {name(page.labels[i])}→{name(page.predicted[i])}
                  <br />
                  {confidence}%
                </span>
              </button>
            );
          }),
        )}
      </div>
      {loading && <p className="muted">{t('drill.loading')}</p>}
      {!loading && total !== undefined && shown < total && (
        <button type="button" className="confusion-drill-more" onClick={more} data-testid="drill-more">
          {t('drill.more', { left: total - shown })}
        </button>
      )}
    </section>
  );
}
