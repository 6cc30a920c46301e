// Pure helpers of the export panel: the default folder (beside the project file: <project dir>/<name>-<format>)
// and a human byte size. The formats themselves and which need weights: src/export/formats.
import { fileStem, type ExportFormat } from '../../src/export/formats';

export function defaultExportDir(projectPath: string | undefined, name: string, format: ExportFormat): string {
  if (!projectPath) return '';
  const sep = projectPath.includes('\\') && !projectPath.includes('/') ? '\\' : '/';
  const dir = projectPath.slice(0, projectPath.lastIndexOf(sep));
  return `${dir}${sep}${fileStem(name)}-${format}`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}
