// Folder path (typed, or chosen: Electron's native dialog, the in-app browser in web mode) and the import options.
// The target size starts from the graph's Input node so the images fit the network as drawn; the folder starts
// as the open document's dataset folder (a path typed for another document does not carry over).
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ImportOptionsSchema, type ImportOptions } from '../../src/contract/dataset';
import { useProjectStore } from '../store/projectStore';
import { choosePath } from '../files/choosePath';
import { i18n } from '../i18n';

function useInputShape(): { height: number; width: number; channels: 1 | 3 } {
  const input = useProjectStore((s) => s.doc.graph.nodes.find((n) => n.type === 'Input'));
  const p = (input?.params ?? {}) as { height?: number; width?: number; channels?: number };
  return { height: p.height ?? 28, width: p.width ?? 28, channels: p.channels === 3 ? 3 : 1 };
}

export function ImportForm({ busy, onImport }: { busy: boolean; onImport: (path: string, options: ImportOptions) => void }) {
  const { t } = useTranslation('dataset');
  const shape = useInputShape();
  const loadSeq = useProjectStore((s) => s.loadSeq);
  const docFolder = useProjectStore((s) => (s.doc.dataset.kind === 'mnist' ? undefined : s.doc.dataset.path));
  const [typed, setTyped] = useState<{ seq: number; value: string }>();
  const path = typed?.seq === loadSeq ? typed.value : (docFolder ?? '');
  const setPath = (value: string) => setTyped({ seq: loadSeq, value });
  const [o, setO] = useState<Partial<ImportOptions>>({});
  const options = ImportOptionsSchema.parse({ ...shape, ...o });
  const num = (k: 'height' | 'width' | 'seed') => (e: React.ChangeEvent<HTMLInputElement>) => setO({ ...o, [k]: Math.max(k === 'seed' ? 0 : 1, Math.round(Number(e.target.value) || 0)) });

  async function browse() {
    const chosen = await choosePath({ kind: 'folder', title: i18n.t('files:titles.datasetFolder'), defaultPath: path.trim() || undefined });
    if (chosen) setPath(chosen);
  }

  return (
    <form
      className="dataset-form"
      data-testid="dataset-form"
      onSubmit={(e) => {
        e.preventDefault();
        if (path.trim()) onImport(path.trim(), options);
      }}
    >
      <label>
        {t('form.folder')}{' '}
        <input data-testid="dataset-path" value={path} placeholder={t('form.folderPlaceholder')} onChange={(e) => setPath(e.target.value)} style={{ width: 360 }} spellCheck={false} />
      </label>
      <button type="button" className="btn" onClick={() => void browse()} data-testid="dataset-choose">
        {t('form.browse')}
      </button>
      <label>
        {t('form.size')} <input type="number" data-testid="dataset-height" min={1} max={1024} value={options.height} onChange={num('height')} style={{ width: 56 }} />×
        <input type="number" data-testid="dataset-width" min={1} max={1024} value={options.width} onChange={num('width')} style={{ width: 56 }} />
      </label>
      <label>
        {t('form.colour')}{' '}
        <select data-testid="dataset-channels" value={options.channels} onChange={(e) => setO({ ...o, channels: Number(e.target.value) === 3 ? 3 : 1 })}>
          <option value={1}>{t('form.grey')}</option>
          <option value={3}>{t('form.rgb')}</option>
        </select>
      </label>
      <Choice label={t('form.resize')} testId="dataset-resize" value={options.resize} values={['stretch', 'center-crop', 'letterbox']} text={(r) => t(`form.policy.${r}`)} onChange={(resize) => setO({ ...o, resize })} />
      <Choice label={t('form.normalization')} title={t('form.normalizationHint')} testId="dataset-normalization" value={options.normalization} values={['unit', 'symmetric', 'standardize']} text={(m) => t(`form.norm.${m}`)} onChange={(normalization) => setO({ ...o, normalization })} />
      <label title={t('form.splitHint')}>
        {t('form.split')}{' '}
        <input type="number" data-testid="dataset-split" min={0} max={90} step={5} value={Math.round(options.validationSplit * 100)} onChange={(e) => setO({ ...o, validationSplit: Math.min(90, Math.max(0, Number(e.target.value) || 0)) / 100 })} style={{ width: 48 }} />%
      </label>
      <label>
        {t('form.seed')} <input type="number" data-testid="dataset-seed" min={0} value={options.seed} onChange={num('seed')} style={{ width: 64 }} />
      </label>
      <label title={t('form.classesHint')}>
        {t('form.classes')}{' '}
        <input data-testid="dataset-classes" placeholder={t('form.allClasses')} onChange={(e) => setO({ ...o, classes: e.target.value.trim() ? e.target.value.split(',').map((s) => s.trim()).filter(Boolean) : undefined })} />
      </label>
      <button className="primary" type="submit" data-testid="dataset-import" disabled={busy || !path.trim()}>
        {t('form.import')}
      </button>
    </form>
  );
}

/** A labelled drop-down over a fixed list of option values. */
function Choice<T extends string>(p: { label: string; title?: string; testId: string; value: T; values: readonly T[]; text: (v: T) => string; onChange: (v: T) => void }) {
  return (
    <label title={p.title}>
      {p.label}{' '}
      <select data-testid={p.testId} value={p.value} onChange={(e) => p.onChange(e.target.value as T)}>
        {p.values.map((v) => (
          <option key={v} value={v}>
            {p.text(v)}
          </option>
        ))}
      </select>
    </label>
  );
}
