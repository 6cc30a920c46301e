// Modal dialogs: the file browser (web mode's file dialog, renderer/files) and the template chooser.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TemplateInfo } from '../../src/contract/project';
import { host } from '../services/host';
import { useNoticesAndDialogs } from '../app/noticesAndDialogs';
import { newFromTemplate } from './projectActions';
import { FileBrowserHost } from '../files/FileBrowser';

/** Where the app asks for paths in web mode: the in-app file browser while a choosePath request waits. */
export function PathPrompt() {
  return <FileBrowserHost />;
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
