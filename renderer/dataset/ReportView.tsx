// What happened to every file: warnings, the original-size histogram, each skipped file with its reason,
// and saving the whole report as JSON.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportReport } from '../../src/contract/dataset';
import { host } from '../services/host';
import { choosePath } from '../files/choosePath';

function SizeHistogram({ bins }: { bins: ImportReport['sizeHistogram'] }) {
  const { t } = useTranslation('dataset');
  const max = Math.max(1, ...bins.map((b) => b.count));
  return (
    <figure className="dataset-histogram" data-testid="dataset-histogram">
      <figcaption>{t('report.sizes')}</figcaption>
      <div className="dataset-histogram-bars">
        {bins.map((b) => (
          <div key={b.label} title={`${b.label}: ${b.count}`}>
            <div style={{ height: `${(b.count / max) * 60}px` }} />
            <span>{b.label}</span>
          </div>
        ))}
      </div>
    </figure>
  );
}

export function ReportView({ report, datasetId }: { report: ImportReport; datasetId: string }) {
  const { t } = useTranslation('dataset');
  const [savePath, setSavePath] = useState(() => `${report.folder.replace(/[\\/]+$/, '')}-import-report.json`);
  const [saved, setSaved] = useState<string>();
  async function chooseTarget() {
    const chosen = await choosePath({ kind: 'save-file', title: t('report.chooseTitle'), filters: [{ name: 'JSON', extensions: ['json'] }], defaultPath: savePath });
    if (chosen) setSavePath(chosen);
  }
  async function save() {
    try {
      const r = await host.invoke('dataset.saveReport', { datasetId, path: savePath });
      setSaved(t('report.saved', { path: r.path }));
    } catch (e) {
      setSaved((e as Error).message);
    }
  }
  return (
    <section data-testid="dataset-report">
      <p data-testid="dataset-report-summary">{t('report.summary', { files: report.files, imported: report.imported, skipped: report.skipped.length })}</p>
      {report.warnings.length > 0 && (
        <ul className="dataset-warnings" data-testid="dataset-warnings">
          {report.warnings.map((w, i) => (
            <li key={i} data-code={w.code}>
              ⚠ {w.message}
            </li>
          ))}
        </ul>
      )}
      <SizeHistogram bins={report.sizeHistogram} />
      {report.skipped.length > 0 && (
        <details open={report.skipped.length <= 20}>
          <summary>{t('report.skipped', { count: report.skipped.length })}</summary>
          <table className="dataset-skipped" data-testid="dataset-skipped">
            <tbody>
              {report.skipped.slice(0, 500).map((s) => (
                <tr key={s.path} data-code={s.code}>
                  <td>{s.path}</td>
                  <td>{s.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      )}
      <div className="dataset-save">
        <input value={savePath} onChange={(e) => setSavePath(e.target.value)} style={{ width: 360 }} data-testid="dataset-report-path" />
        <button type="button" className="btn" onClick={() => void chooseTarget()} data-testid="dataset-report-choose">
          {t('form.browse')}
        </button>
        <button onClick={() => void save()} data-testid="dataset-save-report">
          {t('report.save')}
        </button>
        {saved && <span className="muted" data-testid="dataset-report-saved">{saved}</span>}
      </div>
    </section>
  );
}
