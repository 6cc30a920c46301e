// Every issue of the graph, errors first; clicking one selects its node and centres the view on it.
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useReactFlow } from '@xyflow/react';
import type { ValidationIssue } from '../../src/graph/issue';
import { useProjectStore } from '../store/projectStore';
import { focusNode } from '../canvas/focusNode';
import { IssueRow } from './IssueRow';

/** Errors before warnings, otherwise in analysis (topological) order. */
export const sortIssues = (issues: readonly ValidationIssue[]) =>
  issues
    .map((issue, i) => ({ issue, i }))
    .sort((a, b) => (a.issue.severity === b.issue.severity ? a.i - b.i : a.issue.severity === 'error' ? -1 : 1))
    .map((x) => x.issue);

export function ProblemsPanel() {
  const { t } = useTranslation();
  const flow = useReactFlow();
  const issues = useProjectStore((s) => s.analysis?.issues);
  const sorted = useMemo(() => sortIssues(issues ?? []), [issues]);
  return (
    <section className="problems" aria-label={t('problems.title')} data-testid="problems">
      {sorted.length === 0 ? (
        <p className="muted">{t('problems.none')}</p>
      ) : (
        <ul>
          {sorted.map((issue, i) => (
            <IssueRow
              key={`${issue.code}-${issue.nodeId ?? issue.edgeId ?? ''}-${i}`}
              issue={issue}
              testId="problem-row"
              onActivate={issue.nodeId ? () => focusNode(flow, issue.nodeId!) : undefined}
            />
          ))}
        </ul>
      )}
    </section>
  );
}
