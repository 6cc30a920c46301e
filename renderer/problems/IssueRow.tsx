// One validation issue in the user's language, with its one-click fix when it has one.
import { useTranslation } from 'react-i18next';
import type { ValidationIssue } from '../../src/graph/issue';
import { formatIssueMessage } from '../../src/i18n/issues';
import { currentLang } from '../i18n';
import { useProjectStore } from '../store/projectStore';

interface Props {
  issue: ValidationIssue;
  onActivate?(): void;
  testId?: string;
}

export function IssueRow({ issue, onActivate, testId }: Props) {
  const { t } = useTranslation();
  const applyFix = useProjectStore((s) => s.applyFix);
  const message = formatIssueMessage(issue.code, issue.args, currentLang());
  return (
    <li className={`issue ${issue.severity}`} data-testid={testId} data-severity={issue.severity} data-node={issue.nodeId}>
      <button className="issue-main" onClick={onActivate} disabled={!onActivate}>
        <span className="issue-icon" aria-label={t(`problems.${issue.severity}`)}>
          {issue.severity === 'error' ? '⛔' : '⚠'}
        </span>
        <span className="issue-text">{message}</span>
      </button>
      {issue.fix && (
        <button className="btn small" data-testid="problem-fix" onClick={() => applyFix(issue)} title={issue.fix.label}>
          {t('problems.fix')}
        </button>
      )}
    </li>
  );
}
