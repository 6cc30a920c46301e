// Export panel: choose a format (and how its weights are stored) and a folder, export through the host
// ('export.run'), list the written files and, for a quantised export, its size and accuracy before/after. The
// target is checked first (src/export/readiness.ts): what it cannot carry is listed and the button disabled.
// The weights are the session's when it holds some for this graph (trained a moment ago, not saved: saving is
// offered, not required), else the project's saved ones. Results and errors sit at the top of the panel; they
// belong to the document they were made for and clear when another is loaded.
import { useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { host } from '../services/host';
import { useProjectStore } from '../store/projectStore';
import { isStale, useTrainingSession } from '../training/trainingSession';
import { DEFAULT_CALIBRATION_IMAGES, EXPORT_FORMATS, fileStem, formatNeedsWeights, quantizationAllowed, type ExportFormat, type ExportQuantization } from '../../src/export/formats';
import { exportReadiness } from '../../src/export/readiness';
import type { Res } from '../../src/contract';
import { useDatasetImport } from '../dataset/datasetImport';
import { QuantizeChoice } from './QuantizeChoice';
import { ReadinessList } from './ReadinessList';
import { MeasurementView } from './MeasurementView';
import { defaultExportDir, formatBytes } from './exportChoices';
import { sessionWeightsFor } from './sessionWeights';
import { ImportModel } from './ImportModel';
import { choosePath, lastBrowsedFolder } from '../files/choosePath';
import { joinPath } from '../files/pathParts';
import { saveProject } from '../menu/projectActions';
import { i18n } from '../i18n';
import './export.css';

type Outcome = (Res<'export.run'> & { quantize: ExportQuantization }) | { error: string };

export default function ExportPanel() {
  const { t } = useTranslation('export');
  const doc = useProjectStore((s) => s.doc);
  const filePath = useProjectStore((s) => s.filePath);
  const loadSeq = useProjectStore((s) => s.loadSeq);
  const weights = useTrainingSession((s) => s.weights);
  const weightsOrigin = useTrainingSession((s) => s.weightsOrigin);
  const weightsSaved = useTrainingSession((s) => s.weightsSaved);
  const session = { weights, weightsOrigin };
  const [format, setFormat] = useState<ExportFormat>('onnx');
  // The typed folder and the last outcome, each for the document load it was made in.
  const [typedFolder, setTypedFolder] = useState<{ seq: number; value: string }>();
  const [untrained, setUntrained] = useState(false);
  // Each format keeps its own choice (tfjs uint8 and ONNX int8 side by side); the first the format allows otherwise.
  const [quantizeOf, setQuantizeOf] = useState<Partial<Record<ExportFormat, ExportQuantization>>>({});
  const quantize = quantizationAllowed(format, quantizeOf[format] ?? 'none') ? (quantizeOf[format] ?? 'none') : 'none';
  const [calibration, setCalibration] = useState(DEFAULT_CALIBRATION_IMAGES);
  // The imported dataset the Training tab uses (the host reads calibration and validation images from its cache).
  const datasetId = useDatasetImport((s) => (doc.dataset.kind !== 'mnist' && s.path === doc.dataset.path ? s.result?.datasetId : undefined));
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<{ seq: number; value: Outcome }>();
  const result = outcome?.seq === loadSeq ? outcome.value : undefined;
  const top = useRef<HTMLElement>(null);
  useEffect(() => {
    // The outcome is at the top; the Export button may have been scrolled to below it.
    if (outcome) void top.current?.scrollTo?.({ top: 0, behavior: 'smooth' });
  }, [outcome]);
  const folder = typedFolder?.seq === loadSeq ? typedFolder.value : '';

  const browsed = lastBrowsedFolder();
  const suggested = defaultExportDir(filePath, doc.name, format) || (browsed ? joinPath(browsed, `${fileStem(doc.name)}-${format}`, browsed.includes('\\') ? '\\' : '/') : '');
  const outDir = folder || suggested;
  const needsWeights = formatNeedsWeights(format);
  const fromSession = needsWeights ? sessionWeightsFor(session, doc, loadSeq) : undefined;
  const savedWeights = needsWeights && !fromSession && !!doc.weights && !isStale(doc);
  const missingWeights = needsWeights && !fromSession && !savedWeights;
  const staleSaved = missingWeights && !!doc.weights;
  const dataReachable = doc.dataset.kind === 'mnist' || !!datasetId;
  const problems = useMemo(
    () => exportReadiness(doc, format, quantize, { hasWeights: !missingWeights, untrained, calibrationImages: dataReachable ? undefined : 0 }),
    [doc, format, quantize, missingWeights, untrained, dataReachable],
  );
  const blocked = problems.some((p) => p.severity === 'error');

  const choose = async () => {
    const chosen = await choosePath({ kind: 'folder', title: i18n.t('files:titles.exportFolder'), defaultPath: outDir || undefined });
    if (chosen) setTypedFolder({ seq: loadSeq, value: chosen });
  };
  const run = async () => {
    setBusy(true);
    setOutcome(undefined);
    const seq = loadSeq;
    // Weights already saved beside the project are read there by the host: a large net's need not travel.
    const onDisk = !!fromSession && !!doc.weights && weightsSaved === doc.weights.path && !isStale(doc);
    const weights = fromSession && !onDisk ? { weightSpecs: fromSession.weightSpecs, weightData: fromSession.weightData, normalization: fromSession.normalization, graphHash: fromSession.graphHash } : undefined;
    try {
      const q = quantize;
      const r = await host.invoke('export.run', { projectPath: filePath, doc, format, outDir, untrained: missingWeights ? untrained : false, weights, ...(q !== 'none' ? { quantize: q, calibrationImages: calibration, datasetId } : {}) });
      setOutcome({ seq, value: { ...r, quantize: q } });
    } catch (e) {
      setOutcome({ seq, value: { error: (e as Error).message } });
    } finally {
      setBusy(false);
    }
  };

  return (
    <section className="export-panel" data-testid="export-panel" ref={top}>
      {result && 'files' in result && (
        <div className="export-ok" role="status" data-testid="export-result">
          <p>{t('wrote', { count: result.files.length, size: formatBytes(result.bytes) })}</p>
          <ul>
            {result.files.map((f) => (
              <li key={f}>
                <code>{f}</code>
              </li>
            ))}
          </ul>
          <MeasurementView measurement={result.measurement} quantize={result.quantize} note={result.measurementNote} />
        </div>
      )}
      {result && 'error' in result && (
        <p className="export-error" role="alert" data-testid="export-error">
          {t('failed', { message: result.error })}
        </p>
      )}
      <div className="export-columns">
        <div className="export-form">
          <h3>{t('title')}</h3>
          <fieldset className="export-formats">
            <legend>{t('format')}</legend>
            {EXPORT_FORMATS.map((f) => (
              <label key={f} className="export-format">
                <input type="radio" name="export-format" value={f} checked={format === f} onChange={() => setFormat(f)} data-testid={`export-format-${f}`} />
                {t(`formats.${f}`)}
              </label>
            ))}
          </fieldset>
          <QuantizeChoice format={format} value={quantize} onChange={(q) => setQuantizeOf({ ...quantizeOf, [format]: q })} calibration={calibration} onCalibration={setCalibration} />
          {fromSession && (
            <p className="export-weights" data-testid="export-weights" data-source={fromSession.source}>
              {t(`weights.${fromSession.source}`)}{' '}
              {!doc.weights && (
                <>
                  {t('weights.notSaved')}{' '}
                  <button type="button" className="btn small" onClick={() => void saveProject()} data-testid="export-save-project">
                    {t('weights.save')}
                  </button>
                </>
              )}
            </p>
          )}
          {savedWeights && (
            <p className="export-weights" data-testid="export-weights" data-source="project">
              {t('weights.saved')}
            </p>
          )}
          {missingWeights && (
            <>
              <p className="export-warning" data-testid="export-no-weights">
                {staleSaved ? t('staleWeights') : t('noWeights')}
              </p>
              <label>
                <input type="checkbox" checked={untrained} onChange={(e) => setUntrained(e.target.checked)} data-testid="export-untrained" /> {t('untrained')}
              </label>
            </>
          )}
          <ReadinessList problems={problems.filter((p) => p.code !== 'no-weights')} />
          <div className="export-row">
            <label htmlFor="export-folder">{t('folder')}</label>
            <input id="export-folder" type="text" value={outDir} onChange={(e) => setTypedFolder({ seq: loadSeq, value: e.target.value })} placeholder="/path/to/folder" data-testid="export-folder" spellCheck={false} />
            <button type="button" className="btn" onClick={() => void choose()} data-testid="export-choose">
              {t('choose')}
            </button>
            <button type="button" className="btn primary" disabled={busy || !outDir || blocked} onClick={() => void run()} data-testid="export-run">
              {busy ? t('running') : t('run')}
            </button>
          </div>
          <p className="muted small">{outDir ? t('folderHint') : t('folderNeeded')}</p>
        </div>
        <ImportModel />
      </div>
    </section>
  );
}

