// "Open a model": a tfjs model.json or an .onnx file (typed or chosen) opens as a new project ('import.model')
// whose weights the training session takes over: "try an image" works at once and training fine-tunes them.
// The message belongs to the document it opened: a later load of another project clears it.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { host } from '../services/host';
import { useProjectStore } from '../store/projectStore';
import { adoptImportedWeights } from '../training/trainingSession';
import { choosePath } from '../files/choosePath';
import { i18n } from '../i18n';

export function ImportModel() {
  const { t } = useTranslation('export');
  const loadDoc = useProjectStore((s) => s.loadDoc);
  const loadSeq = useProjectStore((s) => s.loadSeq);
  const [path, setPath] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string; seq: number } | undefined>();
  const shown = message && message.seq === loadSeq ? message : undefined;

  const open = async (modelPath = path) => {
    try {
      const r = await host.invoke('import.model', { path: modelPath });
      loadDoc(r.doc);
      if (r.weights) adoptImportedWeights(r.doc, r.weights);
      const text = t('imported', { name: r.doc.name, nodes: r.doc.graph.nodes.length, weights: r.weights ? t('importedWeights') : '' });
      setMessage({ ok: true, text, seq: useProjectStore.getState().loadSeq });
    } catch (e) {
      setMessage({ ok: false, text: t('importFailed', { message: (e as Error).message }), seq: useProjectStore.getState().loadSeq });
    }
  };
  const choose = async () => {
    const chosen = await choosePath({
      kind: 'open-file',
      title: i18n.t('files:titles.model'),
      filters: [{ name: i18n.t('files:filters.model'), extensions: ['json', 'onnx'] }],
      defaultPath: path || undefined,
    });
    if (chosen) setPath(chosen);
  };

  return (
    <div className="export-import" data-testid="export-import">
      <h3>{t('importTitle')}</h3>
      {shown && (
        <p className={shown.ok ? 'export-ok' : 'export-error'} role={shown.ok ? 'status' : 'alert'} data-testid={shown.ok ? 'import-done' : 'import-error'}>
          {shown.text}
        </p>
      )}
      <p className="muted">{t('importHint')}</p>
      <div className="export-row">
        <label htmlFor="import-path">{t('importPath')}</label>
        <input id="import-path" type="text" value={path} onChange={(e) => setPath(e.target.value)} placeholder="/path/to/model.json" data-testid="import-path" spellCheck={false} />
        <button type="button" className="btn" onClick={() => void choose()} data-testid="import-choose">
          {t('importChoose')}
        </button>
      </div>
      <div>
        <button className="btn" disabled={!path} onClick={() => void open()} data-testid="import-run">
          {t('importRun')}
        </button>
      </div>
    </div>
  );
}
