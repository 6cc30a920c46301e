// Bottom status bar: parameter totals, MACs, activation memory per sample, issue counts, and the compute
// backend the training session chose (read from the session, not copied anywhere).
import { useTranslation } from 'react-i18next';
import { useProjectStore } from '../store/projectStore';
import { useTrainingSession } from '../training/trainingSession';
import { currentLang } from '../i18n';
import { compactCount, formatBytes, groupedCount } from './format';

export function StatusBar() {
  const { t } = useTranslation();
  const help = (key: string) => t(`explain:status.${key}`);
  const analysis = useProjectStore((s) => s.analysis);
  const source = useProjectStore((s) => s.analysisSource);
  const backend = useTrainingSession((s) => (s.backend ? (s.backend.adapter ? `${s.backend.name} (${s.backend.adapter})` : s.backend.name) : undefined));
  const lang = currentLang();
  const totals = analysis?.totals;
  const errors = analysis?.issues.filter((i) => i.severity === 'error').length ?? 0;
  const warnings = (analysis?.issues.length ?? 0) - errors;
  return (
    <footer className="statusbar">
      <span data-testid="status-params">
        <span title={help('trainable')} data-testid="status-trainable">
          {t('status.trainable')}: <b className="mono">{groupedCount(totals?.trainable ?? 0, lang)}</b>
        </span>{' '}
        ·{' '}
        <span title={help('nonTrainable')} data-testid="status-non-trainable">
          {t('status.nonTrainable')}: <b className="mono">{groupedCount(totals?.nonTrainable ?? 0, lang)}</b>
        </span>
      </span>
      <span data-testid="status-macs" title={`${help('macs')} (${groupedCount(totals?.macs ?? 0, lang)})`}>
        {t('status.macs')}: <b className="mono">{compactCount(totals?.macs ?? 0)}</b>
      </span>
      <span data-testid="status-memory" title={help('memory')}>
        {t('status.memory')}: <b className="mono">{formatBytes(totals?.activationBytes ?? 0)}</b>
      </span>
      <span data-testid="status-issues" title={help('issues')} className={errors ? 'has-error' : warnings ? 'has-warning' : 'ok'}>
        {t('status.errors', { count: errors })} · {t('status.warnings', { count: warnings })}
      </span>
      <span className="spacer" />
      <span className="muted" data-testid="status-analysis">
        {source ? t(source === 'host' ? 'status.analysisHost' : 'status.analysisLocal') : ''}
      </span>
      <span data-testid="status-backend" title={help('backend')}>
        {t('status.backend')}: {backend ?? '—'}
      </span>
    </footer>
  );
}
