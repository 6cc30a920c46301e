// A parameter's explanation: the (i) button that pins it open, and the text itself under the field.
import { useTranslation } from 'react-i18next';

export function HelpToggle({ testId, name, open, onToggle }: { testId: string; name: string; open: boolean; onToggle(): void }) {
  const { t } = useTranslation('explain');
  return (
    <button type="button" className={`help-toggle ${open ? 'open' : ''}`} data-testid={testId} aria-expanded={open} aria-label={t('field.help', { name })} title={t('field.help', { name })} onClick={onToggle}>
      i
    </button>
  );
}

export function FieldHelp({ testId, text, note }: { testId: string; text: string; note?: string }) {
  return (
    <div className="field-help" data-testid={testId}>
      {text}
      {note && <div className="field-help-note">{note}</div>}
    </div>
  );
}
