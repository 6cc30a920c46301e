// Notices (saved, opened, failures) in the corner; errors stay until dismissed, info fades after a while.
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { useNoticesAndDialogs } from './noticesAndDialogs';

export function Notices() {
  const { t } = useTranslation();
  const notices = useNoticesAndDialogs((s) => s.notices);
  const dismiss = useNoticesAndDialogs((s) => s.dismiss);
  useEffect(() => {
    const timers = notices.filter((n) => n.kind === 'info').map((n) => setTimeout(() => dismiss(n.id), 6000));
    return () => timers.forEach(clearTimeout);
  }, [notices, dismiss]);
  return (
    <div className="notices" aria-live="polite">
      {notices.map((n) => (
        <div key={n.id} className={`notice ${n.kind}`} data-testid={`notice-${n.kind}`} role={n.kind === 'error' ? 'alert' : 'status'}>
          <span>{n.text}</span>
          <button className="btn small" onClick={() => dismiss(n.id)} aria-label={t('notice.close')}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
