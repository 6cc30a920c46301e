// The training settings, edited in place in the project document (undoable, saved with the project).
import { useTranslation } from 'react-i18next';
import type { TrainingSettings } from '../../src/train/settings';
import { useProjectStore } from '../store/projectStore';

type NumKey = 'learningRate' | 'momentum' | 'stepSize' | 'stepGamma' | 'batchSize' | 'epochs' | 'validationSplit' | 'seed' | 'earlyStoppingPatience' | 'weightDecay';

const update = (patch: Partial<TrainingSettings>) => useProjectStore.getState().updateTraining(patch);

export function SettingsForm({ disabled }: { disabled: boolean }) {
  const { t } = useTranslation('training');
  const s = useProjectStore((st) => st.doc.training);
  const num = (key: NumKey, step = 1) => (
    <>
      <label htmlFor={`ts-${key}`}>{t(`settings.${key}`)}</label>
      <input id={`ts-${key}`} data-testid={`ts-${key}`} type="number" step={step} value={s[key]} disabled={disabled} onChange={(e) => e.target.value !== '' && update({ [key]: Number(e.target.value) })} />
    </>
  );
  const select = <K extends 'optimizer' | 'schedule' | 'backend'>(key: K, options: readonly TrainingSettings[K][]) => (
    <>
      <label htmlFor={`ts-${key}`}>{t(`settings.${key}`)}</label>
      <select id={`ts-${key}`} data-testid={`ts-${key}`} value={s[key]} disabled={disabled} onChange={(e) => update({ [key]: e.target.value } as Partial<TrainingSettings>)}>
        {options.map((o) => (
          <option key={o} value={o}>
            {t(`${key}.${o}`, { defaultValue: o })}
          </option>
        ))}
      </select>
    </>
  );
  const aug = (key: 'shift' | 'scale' | 'rotationDeg', step: number) => (
    <>
      <label htmlFor={`ts-aug-${key}`}>{t(`settings.aug.${key}`)}</label>
      <input id={`ts-aug-${key}`} type="number" step={step} value={s.augmentation[key]} disabled={disabled} onChange={(e) => e.target.value !== '' && update({ augmentation: { ...s.augmentation, [key]: Number(e.target.value) } })} />
    </>
  );
  return (
    <div className="training-settings" data-testid="training-settings">
      {select('optimizer', ['adam', 'sgd', 'momentum', 'nesterov', 'rmsprop'])}
      {num('learningRate', 0.0001)}
      {(s.optimizer === 'momentum' || s.optimizer === 'nesterov') && num('momentum', 0.01)}
      {select('schedule', ['constant', 'step', 'cosine'])}
      {s.schedule === 'step' && num('stepSize')}
      {s.schedule === 'step' && num('stepGamma', 0.05)}
      {num('batchSize')}
      {num('epochs')}
      {num('validationSplit', 0.05)}
      <label htmlFor="ts-shuffle">{t('settings.shuffle')}</label>
      <input id="ts-shuffle" type="checkbox" checked={s.shuffle} disabled={disabled} onChange={(e) => update({ shuffle: e.target.checked })} />
      {num('seed')}
      {num('earlyStoppingPatience')}
      {num('weightDecay', 0.0001)}
      <h4>{t('settings.augmentation')}</h4>
      {aug('shift', 0.01)}
      {aug('scale', 0.01)}
      {aug('rotationDeg', 1)}
      {select('backend', ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'])}
    </div>
  );
}
