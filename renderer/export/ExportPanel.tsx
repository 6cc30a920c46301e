// Export panel: choose a format and a folder, export through the host ('export.run'), list the written files;
// and open a tfjs model.json or an .onnx file as a new project ('import.model') whose weights the training
// session takes over: "try an image" works at once and training fine-tunes from them.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { host } from '../services/host';
import { useProjectStore } from '../store/projectStore';
import { adoptImportedWeights } from '../training/trainingSession';
import { EXPORT_FORMATS, formatNeedsWeights, type ExportFormat } from '../../src/export/formats';
import { defaultExportDir, formatBytes } from './exportChoices';

export default function ExportPanel() {
  const { t } = useTranslation('export');
  const doc = useProjectStore((s) => s.doc);
  const filePath = useProjectStore((s) => s.filePath);
  const [format, setFormat] = useState<ExportFormat>('onnx');
  const [folder, setFolder] = useState<string>('');
  const [untrained, setUntrained] = useState(false);
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<{ files: string[]; bytes: number } | { error: string } | undefined>();
  const outDir = folder || defaultExportDir(filePath, doc.name, format);
  const missingWeights = formatNeedsWeights(format) && !doc.weights;

  const choose = async () => {
    const r = await host.invoke('dialog.openFile', { title: t('folder'), directory: true }).catch(() => undefined);
    if (r && r.supported && !r.canceled && r.path) setFolder(r.path);
  };
  const run = async () => {
    setBusy(true);
    setResult(undefined);
    try {
      setResult(await host.invoke('export.run', { projectPath: filePath, doc, format, outDir, untrained: missingWeights ? untrained : false }));
    } catch (e) {
      setResult({ error: (e as Error).message });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="export-panel" data-testid="export-panel">
      <h2>{t('title')}</h2>
      <fieldset>
        <legend>{t('format')}</legend>
        {EXPORT_FORMATS.map((f) => (
          <label key={f} className="export-format">
            <input type="radio" name="export-format" value={f} checked={format === f} onChange={() => setFormat(f)} data-testid={`export-format-${f}`} />
            {t(`formats.${f}`)}
          </label>
        ))}
      </fieldset>
      <label>
        {t('folder')}
        <input type="text" value={outDir} onChange={(e) => setFolder(e.target.value)} placeholder="/path/to/folder" data-testid="export-folder" spellCheck={false} />
        <button type="button" onClick={() => void choose()}>
          {t('choose')}
        </button>
      </label>
      <p className="muted">{t('folderHint')}</p>
      {missingWeights && (
        <>
          <p className="warning">{t('noWeights')}</p>
          <label>
            <input type="checkbox" checked={untrained} onChange={(e) => setUntrained(e.target.checked)} data-testid="export-untrained" /> {t('untrained')}
          </label>
        </>
      )}
      <button className="primary" disabled={busy || !outDir || (missingWeights && !untrained)} onClick={() => void run()} data-testid="export-run">
        {busy ? t('running') : t('run')}
      </button>
      {result && 'files' in result && (
        <div data-testid="export-result">
          <p>{t('wrote', { count: result.files.length, size: formatBytes(result.bytes) })}</p>
          <ul>
            {result.files.map((f) => (
              <li key={f}>
                <code>{f}</code>
              </li>
            ))}
          </ul>
        </div>
      )}
      {result && 'error' in result && (
        <p className="error" role="alert" data-testid="export-error">
          {t('failed', { message: result.error })}
        </p>
      )}
      <ImportModel />
    </section>
  );
}

function ImportModel() {
  const { t } = useTranslation('export');
  const loadDoc = useProjectStore((s) => s.loadDoc);
  const [path, setPath] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | undefined>();
  const open = async () => {
    try {
      const r = await host.invoke('import.model', { path });
      loadDoc(r.doc);
      if (r.weights) adoptImportedWeights(r.doc, r.weights);
      setMessage({ ok: true, text: t('imported', { name: r.doc.name, nodes: r.doc.graph.nodes.length, weights: r.weights ? t('importedWeights') : '' }) });
    } catch (e) {
      setMessage({ ok: false, text: t('importFailed', { message: (e as Error).message }) });
    }
  };
  return (
    <div className="export-import">
      <h3>{t('importTitle')}</h3>
      <p className="muted">{t('importHint')}</p>
      <label>
        {t('importPath')}
        <input type="text" value={path} onChange={(e) => setPath(e.target.value)} placeholder="/path/to/model.json" data-testid="import-path" spellCheck={false} />
      </label>
      <button disabled={!path} onClick={() => void open()} data-testid="import-run">
        {t('importRun')}
      </button>
      {message && (
        <p className={message.ok ? 'muted' : 'error'} role={message.ok ? undefined : 'alert'} data-testid={message.ok ? 'import-done' : 'import-error'}>
          {message.text}
        </p>
      )}
    </div>
  );
}
