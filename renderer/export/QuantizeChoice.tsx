// The quantisation choice of the selected format (only the ones it can carry: src/export/formats
// FORMAT_QUANTIZATIONS) and, for int8, how many training images calibrate the activation ranges.
import { useTranslation } from 'react-i18next';
import { DEFAULT_CALIBRATION_IMAGES, FORMAT_QUANTIZATIONS, type ExportFormat, type ExportQuantization } from '../../src/export/formats';

export function QuantizeChoice(props: { format: ExportFormat; value: ExportQuantization; onChange(q: ExportQuantization): void; calibration: number; onCalibration(n: number): void }) {
  const { t } = useTranslation('export');
  const choices: ExportQuantization[] = ['none', ...FORMAT_QUANTIZATIONS[props.format]];
  if (choices.length === 1) return null;
  return (
    <fieldset className="export-quantize" data-testid="export-quantize">
      <legend>{t('quantize.title')}</legend>
      {choices.map((q) => (
        <label key={q} className="export-format">
          <input type="radio" name="export-quantize" value={q} checked={props.value === q} onChange={() => props.onChange(q)} data-testid={`export-quantize-${q}`} />
          {t(`quantize.${q}`)}
        </label>
      ))}
      {props.value === 'int8' && (
        <label className="export-calibration">
          {t('quantize.calibration')}{' '}
          <input
            type="number"
            min={1}
            max={10000}
            value={props.calibration}
            onChange={(e) => props.onCalibration(Math.max(1, Math.min(10000, Math.round(Number(e.target.value)) || DEFAULT_CALIBRATION_IMAGES)))}
            data-testid="export-calibration"
          />
        </label>
      )}
      {props.value !== 'none' && <p className="muted small">{t('quantize.measured')}</p>}
    </fieldset>
  );
}
