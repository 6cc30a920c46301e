// What keeps the chosen target from being exported (src/export/readiness.ts), listed before anything is written:
// errors (the Export button stays disabled) and warnings (written, with a caveat), each with its node and the fix.
import { useTranslation } from 'react-i18next';
import type { ReadinessProblem } from '../../src/export/readiness';

export function ReadinessList({ problems }: { problems: readonly ReadinessProblem[] }) {
  const { t } = useTranslation('export');
  if (!problems.length) return null;
  const errors = problems.some((p) => p.severity === 'error');
  return (
    <div className={errors ? 'export-error' : 'export-warning'} role={errors ? 'alert' : 'status'} data-testid="export-readiness">
      <p>{errors ? t('readiness.blocked') : t('readiness.caveats')}</p>
      <ul>
        {problems.map((p, i) => (
          <li key={`${p.code}-${p.nodeId ?? ''}-${i}`} data-code={p.code} data-severity={p.severity}>
            {p.nodeName && <strong>{p.nodeName}: </strong>}
            {t(`readiness.codes.${p.code}.reason`, { ...p.args, defaultValue: p.reason })} <span className="muted">— {t(`readiness.codes.${p.code}.fix`, { ...p.args, defaultValue: p.fix })}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
