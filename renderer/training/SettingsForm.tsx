// The training settings, edited in place in the project document (undoable, saved with the project). Each
// field explains itself: its tooltip, and a readable description under the field that has the focus.
import { Fragment, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { TrainingSettings } from '../../src/train/settings';
import { useProjectStore } from '../store/projectStore';
import { settingHelp, type HelpKey } from './settingsHelp';

type NumKey = 'learningRate' | 'momentum' | 'stepSize' | 'stepGamma' | 'batchSize' | 'epochs' | 'validationSplit' | 'seed' | 'earlyStoppingPatience' | 'weightDecay';

const update = (patch: Partial<TrainingSettings>) => useProjectStore.getState().updateTraining(patch);

export function SettingsForm({ disabled }: { disabled: boolean }) {
  const { t } = useTranslation('training');
  const s = useProjectStore((st) => st.doc.training);
  const [focused, setFocused] = useState<HelpKey | undefined>();
  /** A label + control row, with the description under it while the control has the focus. */
  const row = (key: HelpKey, id: string, label: string, control: (help: { title: string; onFocus: () => void; onBlur: () => void; 'aria-describedby'?: string }) => ReactNode) => {
    const help = settingHelp(t, key, s);
    const open = focused === key;
    return (
      <Fragment key={key}>
        <label htmlFor={id} title={help}>
          {label}
        </label>
        {control({ title: help, onFocus: () => setFocused(key), onBlur: () => setFocused((f) => (f === key ? undefined : f)), 'aria-describedby': open ? `${id}-help` : undefined })}
        {open && (
          <p className="field-help" id={`${id}-help`} data-testid="field-help" data-field={key}>
            {help}
          </p>
        )}
      </Fragment>
    );
  };
  const num = (key: NumKey, step = 1) =>
    row(key, `ts-${key}`, t(`settings.${key}`), (help) => (
      <input id={`ts-${key}`} data-testid={`ts-${key}`} type="number" step={step} value={s[key]} disabled={disabled} onChange={(e) => e.target.value !== '' && update({ [key]: Number(e.target.value) })} {...help} />
    ));
  const select = <K extends 'optimizer' | 'schedule' | 'backend'>(key: K, options: readonly TrainingSettings[K][]) =>
    row(key, `ts-${key}`, t(`settings.${key}`), (help) => (
      <select id={`ts-${key}`} data-testid={`ts-${key}`} value={s[key]} disabled={disabled} onChange={(e) => update({ [key]: e.target.value } as Partial<TrainingSettings>)} {...help}>
        {options.map((o) => (
          <option key={o} value={o}>
            {t(`${key}.${o}`, { defaultValue: o })}
          </option>
        ))}
      </select>
    ));
  const aug = (key: 'shift' | 'scale' | 'rotationDeg', step: number) =>
    row(`aug.${key}`, `ts-aug-${key}`, t(`settings.aug.${key}`), (help) => (
      <input id={`ts-aug-${key}`} type="number" step={step} value={s.augmentation[key]} disabled={disabled} onChange={(e) => e.target.value !== '' && update({ augmentation: { ...s.augmentation, [key]: Number(e.target.value) } })} {...help} />
    ));
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
      {row('shuffle', 'ts-shuffle', t('settings.shuffle'), (help) => (
        <input id="ts-shuffle" type="checkbox" checked={s.shuffle} disabled={disabled} onChange={(e) => update({ shuffle: e.target.checked })} {...help} />
      ))}
      {num('seed')}
      {num('earlyStoppingPatience')}
      {num('weightDecay', 0.0001)}
      <h4 title={t('help.augmentation')}>{t('settings.augmentation')}</h4>
      {aug('shift', 0.01)}
      {aug('scale', 0.01)}
      {aug('rotationDeg', 1)}
      {select('backend', ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'])}
    </div>
  );
}
