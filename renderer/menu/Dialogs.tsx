// Modal dialogs: the path prompt (web mode's stand-in for native file dialogs) and the template chooser.
import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { TemplateInfo } from '../../src/contract/project';
import { host } from '../services/host';
import { useNoticesAndDialogs } from '../app/noticesAndDialogs';
import { newFromTemplate } from './projectActions';

export function PathPrompt() {
  const { t } = useTranslation();
  const prompt = useNoticesAndDialogs((s) => s.pathPrompt);
  const [path, setPath] = useState('');
  useEffect(() => setPath(prompt?.defaultPath ?? ''), [prompt]);
  if (!prompt) return null;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    prompt.resolve(path.trim() || undefined);
  };
  return (
    <div className="modal-backdrop" onKeyDown={(e) => e.key === 'Escape' && prompt.resolve(undefined)}>
      <form className="modal" role="dialog" aria-modal="true" data-testid="path-prompt" onSubmit={submit}>
        <h2>{t(prompt.kind === 'open' ? 'dialog.openTitle' : 'dialog.saveTitle')}</h2>
        <label htmlFor="path-input">{t('dialog.pathLabel')}</label>
        <input id="path-input" data-testid="path-input" autoFocus value={path} placeholder={t('dialog.pathPlaceholder')} onChange={(e) => setPath(e.target.value)} />
        <div className="modal-buttons">
          <button type="button" className="btn" onClick={() => prompt.resolve(undefined)}>
            {t('dialog.cancel')}
          </button>
          <button type="submit" className="btn primary" data-testid="path-ok" disabled={!path.trim()}>
            {t('dialog.ok')}
          </button>
        </div>
      </form>
    </div>
  );
}

export function TemplateChooser() {
  const { t } = useTranslation();
  const open = useNoticesAndDialogs((s) => s.templateChooser);
  const close = () => useNoticesAndDialogs.getState().setTemplateChooser(false);
  const [templates, setTemplates] = useState<TemplateInfo[] | undefined>();
  const [error, setError] = useState<string>();
  useEffect(() => {
    if (!open) return;
    host
      .invoke('project.listTemplates', {})
      .then((r) => setTemplates(r.templates))
      .catch((e: Error) => setError(e.message));
  }, [open]);
  if (!open) return null;
  return (
    <div className="modal-backdrop" onKeyDown={(e) => e.key === 'Escape' && close()}>
      <div className="modal wide" role="dialog" aria-modal="true" data-testid="template-chooser">
        <h2>{t('dialog.newTitle')}</h2>
        {error && <p className="error-text">{error}</p>}
        {templates?.length === 0 && <p className="muted">{t('dialog.noTemplates')}</p>}
        <ul className="template-list">
          {templates?.map((tpl) => (
            <li key={tpl.id}>
              <button
                className="template-item"
                data-testid={`template-${tpl.id}`}
                onClick={() => void newFromTemplate(tpl.id).then((ok) => ok && close())}
              >
                <strong>{tpl.name}</strong>
                {tpl.category && <span className="muted"> · {tpl.category}</span>}
                {tpl.description && <span className="small muted">{tpl.description}</span>}
              </button>
            </li>
          ))}
        </ul>
        <div className="modal-buttons">
          <button className="btn" onClick={close}>
            {t('dialog.cancel')}
          </button>
        </div>
      </div>
    </div>
  );
}
