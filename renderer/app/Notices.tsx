// Notices (saved, opened, failures) in the corner; errors stay until dismissed, info fades after a while
// (longer when it offers an action, so there is time to read it and decide; never while the pointer is on it).
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNoticesAndDialogs, type Notice } from './noticesAndDialogs';

export const INFO_MS = 6000;
export const ACTION_MS = 12000;

export function Notices() {
  const { t } = useTranslation();
  const notices = useNoticesAndDialogs((s) => s.notices);
  const dismiss = useNoticesAndDialogs((s) => s.dismiss);
  // The notice under the pointer stays while it is read (its timer starts again when the pointer leaves).
  const [held, setHeld] = useState<number>();
  useEffect(() => {
    const fading = notices.filter((n) => n.kind === 'info' && n.id !== held);
    const timers = fading.map((n) => setTimeout(() => dismiss(n.id), n.action ? ACTION_MS : INFO_MS));
    return () => timers.forEach(clearTimeout);
  }, [notices, dismiss, held]);
  const act = (n: Notice) => {
    dismiss(n.id);
    n.action?.run();
  };
  return (
    <div className="notices" aria-live="polite">
      {notices.map((n) => (
        <div
          key={n.id}
          className={`notice ${n.kind}`}
          data-testid={`notice-${n.kind}`}
          role={n.kind === 'error' ? 'alert' : 'status'}
          onMouseEnter={() => setHeld(n.id)}
          onMouseLeave={() => setHeld(undefined)}
        >
          <span>{n.text}</span>
          {n.action && (
            <button className="btn small primary" data-testid="notice-action" onClick={() => act(n)}>
              {n.action.label}
            </button>
          )}
          <button className="btn small" onClick={() => dismiss(n.id)} aria-label={t('notice.close')}>
            ×
          </button>
        </div>
      ))}
    </div>
  );
}
