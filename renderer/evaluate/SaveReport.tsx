// "Save report…": the evaluation with the network, training, dataset and robustness as one self-contained
// HTML file (src/report/buildReport.ts), written by the host where the user chose; in the desktop app also as
// PDF (printed by Chromium). The path written, or why not, shows beside the buttons.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { buildReportHtml } from '../../src/report/buildReport';
import { choosePath } from '../files/choosePath';
import { host } from '../services/host';
import { useProjectStore } from '../store/projectStore';
import { evaluateActions, useEvaluate } from './evaluateStore';
import { reportInput } from './reportFromSession';
import { suggestedReportPath } from './reportPath';

export function SaveReport() {
  const { t } = useTranslation('evaluate');
  const saved = useEvaluate((s) => s.saved);
  const [busy, setBusy] = useState(false);
  const save = async (kind: 'html' | 'pdf') => {
    const result = useEvaluate.getState().result;
    if (!result) return;
    const { doc, filePath } = useProjectStore.getState();
    const path = await choosePath({ kind: 'save-file', title: t(`report.${kind}Title`), filters: [{ name: t(`report.${kind}Filter`), extensions: [kind] }], ...suggestedReportPath(filePath, doc.name, kind) });
    if (!path) return;
    setBusy(true);
    try {
      const html = buildReportHtml(reportInput(result));
      const r = await host.invoke(kind === 'pdf' ? 'report.savePdf' : 'report.save', { path, html });
      evaluateActions.setSaved({ path: r.path });
    } catch (e) {
      evaluateActions.setSaved({ error: e instanceof Error ? e.message : String(e) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <span className="eval-report">
      <button type="button" data-testid="eval-save-report" disabled={busy} onClick={() => void save('html')}>
        {t('report.save')}
      </button>
      {host.mode === 'electron' && (
        <button type="button" data-testid="eval-save-pdf" disabled={busy} onClick={() => void save('pdf')}>
          {t('report.savePdf')}
        </button>
      )}
      {saved?.path && (
        <span className="muted eval-saved" data-testid="eval-report-saved" title={saved.path}>
          {t('report.saved', { path: saved.path })}
        </span>
      )}
      {saved?.error && (
        <span className="training-message error" role="alert" data-testid="eval-report-error">
          {saved.error}
        </span>
      )}
    </span>
  );
}
