// Which data the Training tab will use (the project's dataset reference), with the switch between the
// imported dataset shown here and the built-in MNIST, and a one-click fix when the network's Output does not
// have one unit per class of the dataset (training would refuse to start).
import { useTranslation } from 'react-i18next';
import { useProjectStore } from '../store/projectStore';
import { setTrainingData, useShownImport } from './datasetImport';

export function TrainingDataLine() {
  const { t } = useTranslation('dataset');
  const ref = useProjectStore((s) => s.doc.dataset);
  const output = useProjectStore((s) => s.doc.graph.nodes.find((n) => n.type === 'Output'));
  const updateParams = useProjectStore((s) => s.updateParams);
  const { result, path, options } = useShownImport();
  const showsThis = !!result && ref.kind !== 'mnist' && ref.path === path;
  const classes = showsThis ? result.summary.classNames.length : undefined;
  const outputClasses = (output?.params as { classes?: number } | undefined)?.classes;
  return (
    <div className="dataset-training-data" data-testid="dataset-training-data" data-kind={ref.kind}>
      <p>
        {ref.kind === 'mnist'
          ? t('trainingData.mnist')
          : ref.path
            ? t('trainingData.imported', { kind: t(`trainingData.kind.${ref.kind}`), path: ref.path })
            : t('trainingData.noFolder')}{' '}
        {ref.kind !== 'mnist' && !ref.path && ref.classNames?.length ? t('trainingData.expects', { n: ref.classNames.length, names: ref.classNames.slice(0, 12).join(', ') }) + ' ' : ''}
        {result && path && !showsThis && (
          <button type="button" data-testid="dataset-use-for-training" onClick={() => setTrainingData(path, result.format, options, result.summary.classNames)}>
            {t('trainingData.useThis')}
          </button>
        )}
        {ref.kind !== 'mnist' && (
          <button type="button" data-testid="dataset-use-mnist" onClick={() => setTrainingData(undefined)}>
            {t('trainingData.useMnist')}
          </button>
        )}
      </p>
      {output && classes !== undefined && outputClasses !== classes && (
        <p className="dataset-warning" role="status" data-testid="dataset-output-mismatch">
          {t('trainingData.outputMismatch', { output: outputClasses, classes })}{' '}
          <button type="button" data-testid="dataset-fix-output" onClick={() => updateParams(output.id, { ...output.params, classes })}>
            {t('trainingData.fixOutput', { classes })}
          </button>
        </p>
      )}
    </div>
  );
}
