// Where this run trains, as one calm sentence; the backends passed over and the device behind a
// collapsed "Details" (renderer/training/backendLine.ts decides the words).
import { useTranslation } from 'react-i18next';
import { useTrainingSession } from './trainingSession';
import { backendSentence, skippedDetails } from './backendLine';

export function BackendLine() {
  const { t } = useTranslation('training');
  const backend = useTrainingSession((s) => s.backend);
  if (!backend) return null;
  const { where, why } = backendSentence(backend, backend.preference);
  const details = skippedDetails(backend);
  const device = backend.name === 'wasm' ? undefined : backend.adapter;
  return (
    <div className="training-backend">
      <span data-testid="train-backend" data-backend={backend.name}>
        {t(where.key, where.args)}
        {why && ` — ${t(why.key, why.args)}`}
      </span>
      {(details.length > 0 || device) && (
        <details data-testid="train-backend-details">
          <summary>{t('backendLine.details')}</summary>
          <ul>
            {device && <li>{t('backendLine.adapter', { adapter: device })}</li>}
            {details.map((d, i) => (
              <li key={i}>{t(d.key, d.args)}</li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
