// Where this run trains, as one calm sentence; the backends passed over, the device and (where 'auto' timed
// the backends) each one's figures behind a collapsed "Details" (renderer/training/backendLine.ts decides the words).
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { measureBackendsAgain, useTrainingSession } from './trainingSession';
import { backendSentence, canMeasureAgain, measuredDetails, measuringSentence, simdDetail, skippedDetails, type Phrase } from './backendLine';

/** A phrase in words; a list argument is said item by item, comma-joined ("WebAssembly 4,300, WebGL 1,200"). */
const say = (t: TFunction<'training'>, p: Phrase): string => {
  const args = Object.fromEntries(Object.entries(p.args ?? {}).map(([k, v]) => [k, Array.isArray(v) ? v.map((q) => say(t, q)).join(', ') : v]));
  return String(t(p.key as never, args as never));
};

export function BackendLine() {
  const { t, i18n } = useTranslation('training');
  const backend = useTrainingSession((s) => s.backend);
  if (!backend) return null;
  if (backend.measuring)
    return (
      <div className="training-backend">
        <span data-testid="train-backend-measuring">{say(t, measuringSentence(backend))}</span>
      </div>
    );
  const { where, why } = backendSentence(backend, backend.preference);
  const date = backend.rememberedAt ? new Date(backend.rememberedAt).toLocaleString(i18n.language, { dateStyle: 'medium', timeStyle: 'short' }) : undefined;
  const measured = measuredDetails(backend, date);
  const details = skippedDetails(backend);
  const device = backend.name === 'wasm' ? undefined : backend.adapter;
  const simd = simdDetail(backend);
  return (
    <div className="training-backend">
      <span data-testid="train-backend" data-backend={backend.name}>
        {say(t, where)}
        {why && ` — ${say(t, why)}`}
      </span>
      {(details.length > 0 || device || simd || measured.length > 0) && (
        <details data-testid="train-backend-details">
          <summary>{t('backendLine.details')}</summary>
          <ul>
            {device && <li>{t('backendLine.adapter', { adapter: device })}</li>}
            {simd && <li data-testid="train-backend-simd">{say(t, simd)}</li>}
            {measured.map((d, i) => (
              <li key={`m${i}`} data-testid="train-backend-measured">
                {say(t, d)}
              </li>
            ))}
            {canMeasureAgain(backend) && (
              <li>
                {backend.forgotten ? (
                  <span data-testid="train-backend-forgotten">{t('backendLine.forgotten')}</span>
                ) : (
                  <button type="button" className="link-button" data-testid="train-backend-remeasure" title={t('backendLine.measureAgainTip')} onClick={measureBackendsAgain}>
                    {t('backendLine.measureAgain')}
                  </button>
                )}
              </li>
            )}
            {details.map((d, i) => (
              <li key={i}>{say(t, d)}</li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
