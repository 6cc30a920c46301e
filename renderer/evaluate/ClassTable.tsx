// Per-class metrics: precision, recall, F1, support and the one-vs-rest ROC AUC and average precision, the
// macro means in the footer. A row's class can be picked for the curves.
import { useTranslation } from 'react-i18next';
import type { ModelEvaluation } from '../../src/evaluate/evaluationSchema';
import { fixed } from './format';
import { evaluateActions, useEvaluate } from './evaluateStore';

export function ClassTable({ ev }: { ev: ModelEvaluation }) {
  const { t } = useTranslation('evaluate');
  const picked = useEvaluate((s) => s.curveClass);
  return (
    <table className="eval-table" data-testid="eval-class-table">
      <thead>
        <tr>
          <th>{t('table.class')}</th>
          <th title={t('help.precision')}>{t('table.precision')}</th>
          <th title={t('help.recall')}>{t('table.recall')}</th>
          <th title={t('help.f1')}>{t('table.f1')}</th>
          <th>{t('table.support')}</th>
          <th title={t('help.rocAuc')}>{t('table.rocAuc')}</th>
          <th title={t('help.ap')}>{t('table.ap')}</th>
        </tr>
      </thead>
      <tbody>
        {ev.perClass.map((c, i) => (
          <tr key={i} className={i === picked ? 'picked' : undefined} onClick={() => evaluateActions.setCurveClass(i)} title={t('table.pick', { name: c.name })}>
            <th>{c.name}</th>
            <td>{fixed(c.precision)}</td>
            <td>{fixed(c.recall)}</td>
            <td>{fixed(c.f1)}</td>
            <td>{c.support}</td>
            <td>{fixed(c.rocAuc)}</td>
            <td>{fixed(c.prAuc)}</td>
          </tr>
        ))}
      </tbody>
      <tfoot>
        <tr>
          <th>{t('table.macro')}</th>
          <td>{fixed(ev.macro.precision)}</td>
          <td>{fixed(ev.macro.recall)}</td>
          <td>{fixed(ev.macro.f1)}</td>
          <td>{ev.samples}</td>
          <td>{fixed(ev.macro.rocAuc)}</td>
          <td>{fixed(ev.macro.prAuc)}</td>
        </tr>
      </tfoot>
    </table>
  );
}
