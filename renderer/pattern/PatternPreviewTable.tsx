// The live preview: one row per layer (name, layer, output shape, parameters), a band per stage, the total
// as the status bar will count it, and the analysis's problems (with their arithmetic) by stage.
import { Fragment } from 'react';
import { useTranslation } from 'react-i18next';
import { formatShape } from '../../src/graph/schema';
import { formatIssueMessage } from '../../src/i18n/issues';
import type { PatternPart, PatternPreview } from '../../src/templates/pattern';
import { currentLang } from '../i18n';
import { groupedCount } from '../status/format';

function usePartLabel() {
  const { t } = useTranslation('pattern');
  return (part: PatternPart) => (part.kind === 'stage' ? t('preview.stage', { stage: part.stage }) : part.kind === 'classifier' ? t('preview.classifier') : '');
}

const partKey = (p: PatternPart) => (p.kind === 'stage' ? `stage${p.stage}` : p.kind);

export function PatternPreviewTable({ preview }: { preview: PatternPreview }) {
  const { t } = useTranslation('pattern');
  const { t: tl } = useTranslation();
  const partLabel = usePartLabel();
  const lang = currentLang();
  const errorAt = new Map(preview.issues.filter((i) => i.issue.severity === 'error').map((i) => [i.issue.nodeId, i]));
  return (
    <div className="pattern-preview" data-testid="pattern-preview">
      <div className="pattern-total" data-testid="pattern-total" data-trainable={preview.totals.trainable}>
        <span>{t('preview.total')}</span>
        <strong>{groupedCount(preview.totals.trainable + preview.totals.nonTrainable, lang)}</strong>
      </div>
      {preview.issues.length > 0 && (
        <ul className="pattern-issues" data-testid="pattern-issues" aria-label={t('preview.problems')}>
          {preview.issues.map(({ part, issue }, i) => (
            <li key={i} className={issue.severity === 'error' ? 'error-text' : 'warning-text'} data-testid={`pattern-issue-${issue.severity}`}>
              {partLabel(part) && <strong>{partLabel(part)}: </strong>}
              {formatIssueMessage(issue.code, issue.args, lang)}
            </li>
          ))}
        </ul>
      )}
      <table className="pattern-table">
        <thead>
          <tr>
            <th>{t('preview.layer')}</th>
            <th>{t('preview.output')}</th>
            <th className="num">{t('preview.params')}</th>
          </tr>
        </thead>
        <tbody>
          {preview.rows.map((r, i) => {
            const band = i === 0 || partKey(preview.rows[i - 1].part) !== partKey(r.part) ? partLabel(r.part) : '';
            return (
              <Fragment key={r.nodeId}>
                {band && (
                  <tr className="pattern-band">
                    <td colSpan={3}>{band}</td>
                  </tr>
                )}
                <tr data-testid={`pattern-row-${r.nodeId}`} className={errorAt.has(r.nodeId) ? 'invalid' : undefined}>
                  <td>
                    <span className="pattern-node">{r.nodeId}</span> <span className="muted">{tl(`layer.${r.type}`, { defaultValue: r.type })}{r.summary ? ` ${r.summary}` : ''}</span>
                  </td>
                  <td data-testid="pattern-row-shape">{formatShape(r.outputShape)}</td>
                  <td className="num" data-testid="pattern-row-params">{groupedCount(r.params, lang)}</td>
                </tr>
              </Fragment>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
