// The explanation shown for a training setting: the setting's own text, plus for the optimizer and the
// schedule the chosen one's, with the schedule's formula worked out on the current numbers.
import type { TFunction } from 'i18next';
import type { TrainingSettings } from '../../src/train/settings';
import { learningRateAt } from '../../src/train/lrSchedule';

export type HelpKey = keyof TrainingSettings | 'aug.shift' | 'aug.scale' | 'aug.rotationDeg';

/** A learning rate as people write it: 3 significant digits, no float noise (0.00025, 1e-7). */
export const fmtLr = (v: number) => String(Number(v.toPrecision(3)));

/** The schedule's worked example: `at` is the 1-based epoch where the second decay starts (step), as shown in the panel. */
export function scheduleArgs(s: TrainingSettings): Record<string, string | number> {
  const steps = 1000;
  const at = Math.min(s.epochs, 2 * s.stepSize + 1);
  return {
    lr: fmtLr(s.learningRate),
    epochs: s.epochs,
    gamma: s.stepGamma,
    step: s.stepSize,
    at,
    lrAt: fmtLr(learningRateAt(s, at - 1, 0, steps)),
    lrLast: fmtLr(learningRateAt(s, s.epochs - 1, steps, steps)),
    half: fmtLr(learningRateAt(s, 0, steps / 2, steps)),
  };
}

export function settingHelp(t: TFunction<'training'>, key: HelpKey, s: TrainingSettings): string {
  if (key === 'optimizer') return `${t('help.optimizer')} ${t(`help.optimizers.${s.optimizer}`)}`;
  if (key === 'schedule') return `${t('help.schedule')} ${t(`help.schedules.${s.schedule}`, scheduleArgs(s))}`;
  if (key === 'validationSplit') return t('help.validationSplit', { percent: Math.round(s.validationSplit * 100) });
  return t(`help.${key}`);
}
