// The walkthrough's head: step k of n, Previous / Play–Pause / Next / End, and a strip of every step (the
// ones behind filled, the current one marked) to jump to any of them.
import { useTranslation } from 'react-i18next';
import type { WalkStep } from './walkthroughSteps';
import { walkthroughActions } from './walkthroughStore';

export function WalkControls({ step, count, playing }: { step: number; count: number; playing: boolean }) {
  const { t } = useTranslation('walkthrough');
  return (
    <div className="walk-head">
      <h3 className="walk-title">{t('title')}</h3>
      <span className="walk-counter mono" data-testid="walk-counter" data-step={step} data-count={count}>
        {t('step', { k: step + 1, n: count })}
      </span>
      <span className="walk-buttons">
        <button type="button" data-testid="walk-prev" title={`${t('prev')} (←)`} disabled={step === 0} onClick={() => walkthroughActions.step(-1, count)}>
          ◀ {t('prev')}
        </button>
        <button type="button" data-testid="walk-play" title={`${playing ? t('pause') : t('play')} (Space)`} aria-pressed={playing} onClick={() => walkthroughActions.togglePlay(count)}>
          {playing ? `❚❚ ${t('pause')}` : `▶ ${t('play')}`}
        </button>
        <button type="button" data-testid="walk-next" title={`${t('next')} (→)`} disabled={step >= count - 1} onClick={() => walkthroughActions.step(+1, count)}>
          {t('next')} ▶
        </button>
        <button type="button" data-testid="walk-end" title={`${t('end')} (Esc)`} onClick={() => walkthroughActions.stop()}>
          ✕ {t('end')}
        </button>
      </span>
    </div>
  );
}

export function WalkStrip({ steps, step }: { steps: WalkStep[]; step: number }) {
  const { t } = useTranslation('walkthrough');
  return (
    <div className="walk-strip" role="group" aria-label={t('strip')} data-testid="walk-strip">
      {steps.map((s, k) => {
        const label = s.kind === 'node' ? t('stripStep', { k: k + 1, name: s.name, type: s.typeLabel }) : t('stripFinal', { k: k + 1 });
        return (
          <button
            type="button"
            key={k}
            className={`walk-strip-step${k < step ? ' done' : ''}${k === step ? ' current' : ''}${s.kind === 'probabilities' ? ' final' : ''}`}
            aria-current={k === step ? 'step' : undefined}
            aria-label={label}
            title={label}
            data-testid="walk-strip-step"
            data-node={s.nodeId}
            onClick={() => walkthroughActions.go(k, steps.length)}
          >
            {s.kind === 'node' ? s.name : t('stripFinalShort')}
          </button>
        );
      })}
    </div>
  );
}
