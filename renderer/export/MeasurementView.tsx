// A quantised export's size and validation accuracy before (float32) and after, as the host measured them
// (onnxruntime / tfjs on the project's validation images), or why it could not measure.
import { useTranslation } from 'react-i18next';
import type { ExportMeasurement } from '../../src/contract/export';
import type { ExportQuantization } from '../../src/export/formats';
import { formatBytes } from './exportChoices';

const pct = (x: number) => `${(100 * x).toFixed(2)}%`;

export function MeasurementView({ measurement: m, quantize, note }: { measurement?: ExportMeasurement; quantize: ExportQuantization; note?: string }) {
  const { t } = useTranslation('export');
  if (!m) return note ? <p className="export-warning" data-testid="export-measurement-note">{t('measure.none', { note })}</p> : null;
  const points = 100 * (m.after.accuracy - m.before.accuracy);
  return (
    <table className="export-measurement" data-testid="export-measurement">
      <caption>{t('measure.title', { count: m.samples, source: m.source ?? '' })}</caption>
      <thead>
        <tr>
          <th />
          <th>float32</th>
          <th>{quantize}</th>
          <th>{t('measure.change')}</th>
        </tr>
      </thead>
      <tbody>
        <tr data-testid="export-measurement-size">
          <th>{t('measure.size')}</th>
          <td>{formatBytes(m.before.bytes)}</td>
          <td>{formatBytes(m.after.bytes)}</td>
          <td>{t('measure.ofFloat', { percent: ((100 * m.after.bytes) / m.before.bytes).toFixed(1) })}</td>
        </tr>
        <tr data-testid="export-measurement-accuracy">
          <th>{t('measure.accuracy')}</th>
          <td>{pct(m.before.accuracy)}</td>
          <td>{pct(m.after.accuracy)}</td>
          <td className={Math.abs(points) > 1 ? 'export-drop' : undefined}>{t('measure.points', { points: `${points >= 0 ? '+' : ''}${points.toFixed(2)}` })}</td>
        </tr>
        <tr>
          <th>{t('measure.agreement')}</th>
          <td colSpan={3}>{t('measure.agreementValue', { percent: pct(m.agreement) })}</td>
        </tr>
      </tbody>
    </table>
  );
}
