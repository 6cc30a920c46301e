// The analysed node's numbers (shapes, parameters, MACs, receptive field, activation memory), each with what
// it means: a tooltip on the label and, via its (i) toggle, the same text to read under the row.
import { Fragment, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatShape } from '../../src/graph/schema';
import type { NodeAnalysis } from '../../src/contract/graph';
import { formatBytes, groupedCount } from '../status/format';
import { currentLang } from '../i18n';
import { HelpToggle } from './FieldHelp';

interface Fact {
  key: string;
  value: string;
  testId?: string;
}

export function factsOf(a: NodeAnalysis, lang: string, rfText: (size: number, jump: number) => string): Fact[] {
  const facts: Fact[] = [
    { key: 'inputs', value: a.inputShapes.map((s) => formatShape(s ?? undefined)).join(', ') || '—' },
    { key: 'outputShape', value: formatShape(a.outputShape), testId: 'inspector-output' },
    {
      key: 'params',
      value: `${groupedCount(a.paramCount.trainable, lang)}${a.paramCount.nonTrainable ? ` + ${groupedCount(a.paramCount.nonTrainable, lang)}` : ''}`,
      testId: 'inspector-params',
    },
    { key: 'macs', value: groupedCount(a.macs, lang), testId: 'inspector-macs' },
  ];
  if (a.receptiveField) facts.push({ key: 'receptiveField', value: rfText(a.receptiveField.size, a.receptiveField.jump), testId: 'inspector-rf' });
  if (a.outputShape) facts.push({ key: 'memory', value: formatBytes(a.outputShape.reduce((x, y) => x * y, 1) * 4), testId: 'inspector-memory' });
  return facts;
}

export function NodeFacts({ analysis }: { analysis: NodeAnalysis }) {
  const { t } = useTranslation('explain');
  const [open, setOpen] = useState<string | undefined>();
  const facts = factsOf(analysis, currentLang(), (size, jump) => t('value.receptiveField', { size, jump }));
  return (
    <dl className="facts" data-testid="inspector-facts">
      {facts.map((f) => {
        const label = t(`metric.${f.key}.label`);
        const meaning = t(`metric.${f.key}.meaning`);
        return (
          <Fragment key={f.key}>
            <dt title={meaning}>
              {label}
              <HelpToggle testId={`fact-${f.key}-help-toggle`} name={label} open={open === f.key} onToggle={() => setOpen(open === f.key ? undefined : f.key)} />
            </dt>
            <dd className="mono" data-testid={f.testId} title={meaning}>
              {f.value}
            </dd>
            {open === f.key && (
              <dd className="fact-help field-help" data-testid={`fact-${f.key}-help`}>
                {meaning}
              </dd>
            )}
          </Fragment>
        );
      })}
    </dl>
  );
}
