// The lab's results: per transform accuracy (solid) and true-class probability (dashed) against magnitude, one
// colour per result (overlay), the per-layer similarity against shift, and the strip of one transformed image.
import { useTranslation } from 'react-i18next';
import { TRANSFORMS, transformById, type TransformId } from '../../../src/experiments/transforms';
import type { Graph } from '../../../src/graph/schema';
import { currentLang } from '../../i18n';
import { LineChart, type ChartLine } from './LineChart';
import { TransformStrip } from './TransformStrip';
import { useLab, type LabResult } from './labStore';

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;
/** Layer colours of the similarity chart: a ramp from the first layer to the last. */
const layerColor = (i: number, n: number) => `hsl(${Math.round(210 - (180 * i) / Math.max(1, n - 1))} 70% 55%)`;

export function LabResults({ results, graph }: { results: LabResult[]; graph: Graph }) {
  const { t } = useTranslation('robustness');
  const lang = currentLang() === 'ko' ? 'ko' : 'en';
  const stripId = useLab((s) => s.stripTransform);
  const last = results[results.length - 1];
  const transforms = TRANSFORMS.filter((tr) => results.some((r) => r.report.curves.some((c) => c.transform === tr.id)));
  const strip = transformById(transforms.some((tr) => tr.id === stripId) ? stripId : (transforms[0]?.id ?? 'shiftX'))!;
  const labelOf = (r: LabResult) => (r.current ? (r.runName ? `${t('current')} (${r.runName})` : t('current')) : (r.runName ?? ''));
  const nodeName = (id: string) => graph.nodes.find((n) => n.id === id)?.name ?? id;
  return (
    <div className="rob-results">
      <ul className="rob-legend">
        {results.map((r) => (
          <li key={r.key}>
            <span className="rob-swatch" style={{ background: r.color }} />
            {t('summary', { model: labelOf(r), value: pct(r.report.accuracy), images: r.report.images, seconds: r.report.seconds.toFixed(1) })}
          </li>
        ))}
      </ul>
      <p data-testid="rob-accuracy">{t('clean', { value: pct(last.report.accuracy) })}</p>
      <p className="muted rob-key">
        — {t('accuracy')} · - - {t('trueProb')}
      </p>
      <div className="rob-charts">
        {transforms.map((tr) => {
          const lines: ChartLine[] = results.flatMap((r) => {
            const c = r.report.curves.find((x) => x.transform === tr.id);
            return c ? [{ key: `${r.key}-a`, color: r.color, values: c.accuracy }, { key: `${r.key}-p`, color: r.color, values: c.meanTrueProb, dashed: true }] : [];
          });
          return <LineChart key={tr.id} testId={`rob-chart-${tr.id}`} title={`${tr.label[lang]} (${tr.unit[lang]})`} x={[...tr.magnitudes]} lines={lines} />;
        })}
        {last.report.similarity.length > 0 && (
          <div>
            <LineChart
              testId="rob-similarity-chart"
              title={`${t('similarityTitle')} — ${labelOf(last)}`}
              x={last.report.shifts}
              xLabel={t('pixels')}
              lines={last.report.similarity.map((l, i, all) => ({ key: l.nodeId, color: layerColor(i, all.length), values: l.similarity }))}
            />
            <ul className="rob-legend rob-layers">
              {last.report.similarity.map((l, i, all) => (
                <li key={l.nodeId}>
                  <span className="rob-swatch" style={{ background: layerColor(i, all.length) }} />
                  {nodeName(l.nodeId)}
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
      <div className="rob-strip-head">
        <span>{t('strip')}</span>
        <select data-testid="rob-strip-select" value={strip.id} onChange={(e) => useLab.setState({ stripTransform: e.target.value as TransformId })}>
          {transforms.map((tr) => (
            <option key={tr.id} value={tr.id}>
              {tr.label[lang]}
            </option>
          ))}
        </select>
      </div>
      <TransformStrip sample={last.report.sample} transform={strip} />
    </div>
  );
}
