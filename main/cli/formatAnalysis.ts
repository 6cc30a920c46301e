// The validate report: one row per node in topological order, totals, then issues — in English or Korean.
import type { GraphAnalysis } from '../../src/analysis/analyzeGraph';
import { formatShape } from '../../src/graph/schema';
import { formatIssueMessage, type Lang } from '../../src/i18n/issues';
import { terminalSafe } from './terminalSafe';

const words = {
  en: { node: 'Node', type: 'Type', output: 'Output', params: 'Params', macs: 'MACs', rf: 'RF', totals: 'Totals', trainable: 'trainable params', nonTrainable: 'non-trainable', activations: 'activations per sample', issues: 'Issues', noErrors: 'No errors', errors: 'error(s)', warnings: 'warning(s)', error: 'error', warning: 'warning' },
  ko: { node: '노드', type: '종류', output: '출력', params: '매개변수', macs: 'MACs', rf: '수용영역', totals: '합계', trainable: '학습 매개변수', nonTrainable: '고정 매개변수', activations: '샘플당 활성값 메모리', issues: '문제', noErrors: '오류 없음', errors: '오류', warnings: '경고', error: '오류', warning: '경고' },
} as const;

export const formatCount = (n: number) => n.toLocaleString('en-US');

/** 1234567 → "1.23 M" (MACs are usually millions). */
export function formatMacs(n: number): string {
  if (n >= 1e9) return `${(n / 1e9).toFixed(2)} G`;
  if (n >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  if (n >= 1e3) return `${(n / 1e3).toFixed(1)} K`;
  return String(n);
}

const formatBytes = (b: number) => (b >= 1048576 ? `${(b / 1048576).toFixed(1)} MB` : `${(b / 1024).toFixed(1)} KB`);

/** Node ids in report order: topological, then those on cycles (not in the order). A Set, not order.includes: O(N). */
export function reportOrder(a: GraphAnalysis, allIds: string[]): string[] {
  const inOrder = new Set(a.order);
  return [...a.order, ...allIds.filter((id) => !inOrder.has(id))];
}

/** The table, then `sections` (e.g. the blocks, formatBlocks.ts), the totals and the issues. */
export function formatAnalysis(a: GraphAnalysis, ids: string[], lang: Lang, sections: string[] = []): string {
  const w = words[lang];
  const rows = ids.map((id) => {
    const n = a.nodes[id];
    // Escaped before the columns are measured (the IO layer's escaping would widen them after), so they line up.
    if (!n) return [terminalSafe(id), '?', '?', '', '', ''];
    const params = n.paramCount.trainable + n.paramCount.nonTrainable;
    return [terminalSafe(n.name), terminalSafe(n.type), formatShape(n.outputShape), formatCount(params), formatMacs(n.macs), n.receptiveField ? String(n.receptiveField.size) : ''];
  });
  const header = [w.node, w.type, w.output, w.params, w.macs, w.rf];
  // A loop, not Math.max(...rows): spreading 100k arguments overflows the stack.
  const widths = header.map((h, i) => rows.reduce((w, r) => Math.max(w, r[i].length), h.length));
  const line = (r: string[]) => r.map((c, i) => (i >= 3 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ').trimEnd();
  const errors = a.issues.filter((i) => i.severity === 'error').length;
  const warnings = a.issues.length - errors;
  const out = [line(header), line(widths.map((n) => '─'.repeat(n))), ...rows.map(line), '', ...(sections.length ? [...sections, ''] : [])];
  out.push(
    `${w.totals}: ${formatCount(a.totals.trainable)} ${w.trainable}, ${formatCount(a.totals.nonTrainable)} ${w.nonTrainable}, ` +
      `${formatMacs(a.totals.macs)} MACs, ${formatBytes(a.totals.activationBytes)} ${w.activations}`,
  );
  if (a.issues.length) {
    out.push('', `${w.issues}:`);
    for (const i of a.issues) out.push(`  ${(i.severity === 'error' ? w.error : w.warning).padEnd(7)} ${formatIssueMessage(i.code, i.args, lang)}`);
  }
  out.push('', errors ? `✗ ${errors} ${w.errors}, ${warnings} ${w.warnings}` : `✓ ${w.noErrors}${warnings ? `, ${warnings} ${w.warnings}` : ''}`);
  return out.join('\n');
}
