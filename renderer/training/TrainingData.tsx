// Which data the next run trains on (the project's dataset reference), set in the Dataset tab.
import { useTranslation } from 'react-i18next';
import { useProjectStore } from '../store/projectStore';

export function TrainingData() {
  const { t } = useTranslation('training');
  const ref = useProjectStore((s) => s.doc.dataset);
  const norm = ref.options?.normalization ?? 'unit';
  return (
    <span className="muted" data-testid="train-data" data-kind={ref.kind} title={ref.kind === 'mnist' ? t('data.mnistTip') : undefined}>
      {ref.kind === 'mnist' ? t('data.mnist') : t('data.imported', { kind: t(`data.kind.${ref.kind}`), path: ref.path, normalization: t(`data.norm.${norm}`) })}
    </span>
  );
}
